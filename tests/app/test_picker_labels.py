"""A picker whose labels carry a state shows the new state at once after an action (issue 13,
item 6, the same lag on the verification page's unit picker)."""

from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import ScoreSheet, SheetState
from tests.app.conftest import open_page
from tests.app.test_scoring import VERIFY, button, checkbox, demo_unit, messages, open_unit_sheet


def test_the_unit_picker_reads_returned_right_after_returning(make_app, app_db):
    unit_id, covenant_id, _ = demo_unit(app_db)
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        sheet = session.exec(
            select(ScoreSheet).where(ScoreSheet.unit_id == unit_id, ScoreSheet.covenant_id == covenant_id)
        ).one()
        sheet.state = SheetState.SUBMITTED
        session.add(sheet)
    engine.dispose()
    at = open_unit_sheet(open_page(make_app(role="secretary").run(), VERIFY), unit_id)
    at.text_area[0].input("Thiếu minh chứng")
    checkbox(at, "Tôi xác nhận trả lại").check()
    at = button(at, "Trả lại bảng điểm").click().run()
    assert "Đã trả lại bảng điểm của Sở Khoa học và Công nghệ." in messages(at)
    picker = next(s for s in at.selectbox if s.label == "Đơn vị")
    # The browser shows the label it last received: the server must send the current one.
    assert picker.proto.set_value and picker.proto.raw_value == "Sở Khoa học và Công nghệ · Bị trả lại"
    assert picker.value == unit_id
