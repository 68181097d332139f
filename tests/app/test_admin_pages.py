"""The admin's user management and access-code pages, driven through app.py."""

from sqlmodel import Session, select

from db.engine import make_engine
from db.models import AccessCode, Bloc, Province, Role, User
from services.access import passwords
from tests.app.conftest import open_page


def lai_chau_culture_bloc(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        bloc = session.exec(
            select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))
        ).one()
    engine.dispose()
    return bloc.id


def users_in(url: str) -> dict[str, User]:
    engine = make_engine(url)
    with Session(engine) as session:
        users = {u.username: u for u in session.exec(select(User))}
    engine.dispose()
    return users


def test_admin_creates_a_secretary_and_bad_input_is_reported(make_app, app_db, monkeypatch):
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)
    at = open_page(make_app(role="admin").run(), "nguoi-dung")
    assert at.title[0].value == "Người dùng"
    submit = "FormSubmitter:user_form_new-Lưu"
    at.text_input[0].input("Thu Ky 2")  # spaces and capitals are not allowed in usernames
    at.text_input[1].input("Nguyễn Thị Hoa")
    at.text_input[3].input("ngan")  # [2] is the position (council members only)
    at = at.button(key=submit).click().run()
    errors = at.error[0].value
    assert "Chỉ dùng chữ thường không dấu" in errors
    assert "Thư ký và lãnh đạo cần ít nhất một tỉnh hoặc một khối" in errors
    assert "Mật khẩu phải có ít nhất 8 ký tự." in errors
    assert "thu ky 2" not in users_in(app_db)

    at.text_input[0].input("thuky2")
    at.text_input[3].input("mot-mat-khau-dai")
    at.multiselect[1].set_value([lai_chau_culture_bloc(app_db)])
    at = at.button(key=submit).click().run()
    assert at.success[0].value == "Đã lưu người dùng."
    created = users_in(app_db)["thuky2"]
    assert (created.role, created.full_name, created.is_active) == (Role.SECRETARY, "Nguyễn Thị Hoa", True)


def test_admin_sees_open_sessions_and_recent_logins(make_app):
    at = open_page(make_app(role="admin").run(), "nguoi-dung")
    subheaders = [s.value for s in at.subheader]
    assert "Phiên đang mở" in subheaders and "Đăng nhập gần đây" in subheaders
    recent = at.dataframe[-1].value
    assert "quantri" in set(recent.iloc[:, 1])


def test_admin_creates_a_conference_issues_codes_and_gets_the_pdf(make_app, app_db):
    at = open_page(make_app(role="admin").run(), "ma-truy-cap")
    at.selectbox[0].set_value(lai_chau_culture_bloc(app_db))
    at = at.button(key="FormSubmitter:conference_form-Tạo hội nghị").click().run()
    assert at.success[0].value == "Đã tạo hội nghị."
    issue = next(b for b in at.button if b.label == "Phát mã cho các đơn vị chưa có mã")
    at = issue.click().run()
    assert not at.exception
    assert "chỉ hiển thị một lần" in at.warning[0].value
    codes_table = at.dataframe[-1].value
    assert len(codes_table) == 8  # Lai Châu's culture bloc in 2026: nine units less the merged one
    assert all(len(code) == 14 and code.count("-") == 2 for code in codes_table.iloc[:, 1])
    assert at.get("download_button")
    engine = make_engine(app_db)
    with Session(engine) as session:
        stored = [row.code_hash for row in session.exec(select(AccessCode))]
    engine.dispose()
    assert len(stored) == 8
    assert not set(codes_table.iloc[:, 1].str.replace("-", "")) & set(stored)
