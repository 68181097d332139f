"""What a new user of `bash scripts/dev.sh run` finds of the demo's 2017 conference
(manage/demo/conference.py, the full demo as `python -m manage init --demo` loads it): the
published rounds with their minutes, the projector's result, a receipt from the README
that checks, and an intact, non-empty audit chain."""

from collections.abc import Iterator

import pytest

from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from locales import translate
from manage.demo import load_demo
from tests.app.conftest import open_page
from tests.app.test_voting import culture_bloc

README_RECEIPT = "JZBDM-KB8YJ"  # README.md, Demo mode


def vi(key: str) -> str:
    return translate("vi", key)


@pytest.fixture(scope="module")
def demo_db_template(tmp_path_factory) -> Iterator[bytes]:
    """Overrides tests/app/conftest.py's quiet template: this module looks at the full demo."""
    path = tmp_path_factory.mktemp("voted") / "template.db"
    upgrade_to_head(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    with session_scope(engine) as session:
        load_demo(session)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    yield path.read_bytes()


def test_the_delegate_checks_the_receipt_the_readme_gives(make_app):
    check = open_page(make_app(role="delegate").run(), "bien-nhan")
    check.text_input[0].input(README_RECEIPT)
    check = check.button(key="FormSubmitter:receipt_check-Kiểm tra").click().run()
    assert "Phiếu mang mã này đã được đếm" in check.success[0].value
    assert "Bình xét Cờ thi đua của UBND tỉnh năm 2017 (phiếu minh họa)" in check.success[0].value


def test_the_admin_finds_the_2017_rounds_with_their_minutes_and_an_intact_chain(make_app, app_db):
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        bloc_id = culture_bloc(session).id
    engine.dispose()
    at = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    at = next(s for s in at.selectbox if s.label == vi("rounds.bloc")).set_value(bloc_id).run()
    at = next(s for s in at.selectbox if s.label == vi("year_picker.label")).set_value(2017).run()
    rounds = next(s for s in at.selectbox if s.label == vi("rounds.round"))
    assert len(rounds.options) == 3 and all("minh họa" in option for option in rounds.options)
    shown = " ".join(t.value for t in at.text)
    assert "Hội trường Sở Lao động – Thương binh và Xã hội tỉnh Lai Châu (minh họa)" in shown
    # The newest round is shown first: the chair's, counted at 15:20 on the conference's afternoon.
    assert "Lai Châu, ngày 20 tháng 12 năm 2017" in shown
    assert "vào hồi 15 giờ 20 phút, ngày 20 tháng 12 năm 2017" in shown
    assert vi("rounds.export_json") in [b.label for b in at.get("download_button")]
    audit = open_page(make_app(role="admin").run(), "nhat-ky")
    assert "Chuỗi nhật ký nguyên vẹn" in audit.success[0].value


def test_the_projector_shows_a_published_2017_result(make_app):
    at = open_page(make_app(role="leader").run(), "trinh-chieu")
    assert at.get("vega_lite_chart"), [e.value for e in (*at.info, *at.warning)]
