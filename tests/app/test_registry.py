"""Admin registry forms: Vietnamese validation errors, nothing saved on bad input."""

from sqlmodel import Session, select

from db.engine import make_engine
from db.models import Province
from tests.app.conftest import open_page


def registry(make_app, lang: str = "vi"):
    at = open_page(make_app(role="admin", lang=lang).run(), "danh-muc")
    assert not at.exception
    return at


def province_fields(at):
    """The province form's code and name (the first text boxes: the year is a list)."""
    return at.text_input[:2]


def province_names(url: str) -> list[str]:
    engine = make_engine(url)
    with Session(engine) as session:
        names = sorted(p.name for p in session.exec(select(Province)))
    engine.dispose()
    return names


def test_empty_province_form_shows_vietnamese_errors_and_saves_nothing(make_app, app_db):
    at = registry(make_app)
    at.button(key="FormSubmitter:province_form_None-Lưu").click().run()
    message = at.error[0].value
    assert "Chưa lưu được" in message and "Không được để trống." in message
    assert province_names(app_db) == ["Lai Châu", "Điện Biên"]


def test_duplicate_province_is_refused(make_app, app_db):
    at = registry(make_app)
    code, name = province_fields(at)
    code.input("XX")
    name.input("Lai Châu")
    at.button(key="FormSubmitter:province_form_None-Lưu").click().run()
    assert "Đã có một mục trùng tên hoặc trùng mã." in at.error[0].value
    assert province_names(app_db) == ["Lai Châu", "Điện Biên"]


def test_a_valid_province_is_saved_and_listed(make_app, app_db):
    at = registry(make_app)
    code, name = province_fields(at)
    code.input("sla")
    name.input("Sơn La")
    at.button(key="FormSubmitter:province_form_None-Lưu").click().run()
    assert not at.exception
    assert at.success[0].value == "Đã lưu."
    assert province_names(app_db) == ["Lai Châu", "Sơn La", "Điện Biên"]
    listed = at.dataframe[0].value
    assert "SLA" in set(listed.iloc[:, 0])


def test_errors_follow_the_english_switch(make_app):
    at = registry(make_app, lang="en")
    at.button(key="FormSubmitter:province_form_None-Save").click().run()
    assert "Not saved" in at.error[0].value and "Required." in at.error[0].value
