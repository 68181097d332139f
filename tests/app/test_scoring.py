"""Scoring through the real app.py: the unit scores and submits, the secretary returns, verifies and locks."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import Covenant, ScoreSheet, SheetState, User
from services.access.codes import create_conference, issue_codes
from services.access.keys import DEMO_KEY
from services.access.login import code_login
from services.clock import now
from services.scoring.covenants import criteria
from tests.app.conftest import open_page

SELF, VERIFY, COVENANT = "tu-cham-diem", "tham-dinh-diem", "giao-uoc"
HOME = "Thi đua: theo dõi và bình xét khối thi đua"


def demo_unit(url: str) -> tuple[int, int, list]:
    """daibieu's unit, its 2026 covenant and that covenant's criteria."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        unit_id = session.exec(select(User.unit_id).where(User.username == "daibieu")).one()
        sheet = session.exec(
            select(ScoreSheet).join(Covenant).where(ScoreSheet.unit_id == unit_id, Covenant.year == 2026)
        ).one()
        lines = criteria(session, covenant_id=sheet.covenant_id)
    engine.dispose()
    return unit_id, sheet.covenant_id, lines


def by_key_end(widgets, end: str):
    return next(w for w in widgets if w.key and w.key.endswith(end))


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def checkbox(at, start: str):
    return next(c for c in at.checkbox if c.label.startswith(start))


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def messages(at) -> str:
    """What the alerts say, as read on screen (Markdown escapes of user text removed)."""
    return " ".join(str(e.value) for e in (*at.success, *at.error, *at.warning, *at.info)).replace("\\", "")


def score_fields(at) -> list:
    """The score boxes of the self-scoring (_s) and verification (_v) forms: text boxes that
    read numbers the Vietnamese way (components/number_field.py)."""
    return [w for w in at.text_input if w.key and re.search(r"_[sv]\d+$", w.key)]


def fill_self_scores(at, lines, values: dict[str, str]) -> None:
    for line in lines:
        if line.code in values:
            by_key_end(at.text_input, f"_s{line.id}").input(values[line.code].replace(".", ","))


def open_unit_sheet(at, unit_id: int):
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Đơn vị")).set_value(unit_id).run()
    return at


SCORES = {
    "1.1": "18.5", "1.2": "9", "1.3": "8.25", "2.1": "7", "2.2": "8", "2.3": "7.5", "3.1": "8", "3.2": "5",
    "3.3": "6", "4.1": "7", "4.2": "6.5", "5.1": "0", "5.2": "2.5", "5.3": "-1", "5.4": "0",
}  # fmt: skip


def vi(total: Decimal) -> str:
    return format(total.normalize(), "f").replace(".", ",")


def test_unit_submits_secretary_returns_unit_fixes_secretary_verifies_and_locks(make_app, app_db):
    unit_id, covenant_id, lines = demo_unit(app_db)
    expected = sum((Decimal(v) for v in SCORES.values()), Decimal(0))

    unit = open_page(make_app(role="delegate").run(), SELF)
    assert metric(unit, "Trạng thái") == "Bản nháp"
    fill_self_scores(unit, lines, SCORES)
    unit = button(unit, "Lưu nháp").click().run()
    assert f"Đã lưu. Tổng điểm tự chấm: {vi(expected)}." in messages(unit)
    assert metric(unit, "Tổng điểm tự chấm") == vi(expected)

    unit = button(unit, "Lưu và gửi thẩm định").click().run()  # not confirmed yet: refused, nothing sent
    assert "Hãy đánh dấu ô xác nhận" in messages(unit) and metric(unit, "Trạng thái") == "Bản nháp"
    checkbox(unit, "Tôi xác nhận gửi bảng điểm").check()
    unit = button(unit, "Lưu và gửi thẩm định").click().run()
    assert "Đã gửi bảng điểm để thẩm định" in messages(unit)
    assert metric(unit, "Trạng thái") == "Đã gửi, chờ thẩm định" and not score_fields(unit)

    secretary = open_unit_sheet(open_page(make_app(role="secretary").run(), VERIFY), unit_id)
    assert metric(secretary, "Tổng điểm tự chấm") == vi(expected)
    secretary.text_area[0].input("Thiếu minh chứng cho tiêu chí 1.3")
    checkbox(secretary, "Tôi xác nhận trả lại").check()
    secretary = button(secretary, "Trả lại bảng điểm").click().run()
    assert "Đã trả lại bảng điểm của Sở Khoa học và Công nghệ." in messages(secretary)

    unit = open_page(make_app(role="delegate").run(), SELF)
    assert metric(unit, "Trạng thái") == "Bị trả lại"
    assert "Lý do: Thiếu minh chứng cho tiêu chí 1.3" in messages(unit)
    fill_self_scores(unit, lines, {"1.3": "7"})
    checkbox(unit, "Tôi xác nhận gửi bảng điểm").check()
    unit = button(unit, "Lưu và gửi thẩm định").click().run()
    fixed = expected - Decimal("1.25")
    assert f"Tổng điểm tự chấm: {vi(fixed)}." in messages(unit)

    secretary = open_unit_sheet(open_page(make_app(role="secretary").run(), VERIFY), unit_id)
    by_key_end(secretary.text_input, f"_v{lines[0].id}").input("17")  # 1.1: 18.5 claimed, 17 verified
    checkbox(secretary, "Tôi xác nhận điểm thẩm định").check()
    secretary = button(secretary, "Xác nhận thẩm định").click().run()
    assert f"Tổng điểm thẩm định: {vi(fixed - Decimal('1.5'))}." in messages(secretary)
    assert metric(secretary, "Trạng thái") == "Đã thẩm định"
    history = secretary.dataframe[-1].value
    assert list(history.iloc[:3, 2]) == ["Xác nhận thẩm định", "Lưu điểm thẩm định", "Gửi thẩm định"]
    assert "thuky (Thư ký)" in set(history.iloc[:, 1])

    # Locking waits for every unit; once the others are verified, it locks the year.
    secretary.segmented_control(key="verify_section").set_value("lock").run()
    checkbox(secretary, "Tôi xác nhận khóa").check()
    secretary = button(secretary, "Khóa kết quả năm").click().run()
    assert "Chưa khóa được: còn 5 đơn vị chưa được thẩm định" in messages(secretary)
    verify_every_sheet(app_db, covenant_id)
    secretary = open_page(make_app(role="secretary").run(), VERIFY)
    secretary.segmented_control(key="verify_section").set_value("lock").run()
    checkbox(secretary, "Tôi xác nhận khóa").check()
    secretary = button(secretary, "Khóa kết quả năm").click().run()
    assert "Đã khóa 8 bảng điểm năm 2026." in messages(secretary)

    unit = open_page(make_app(role="delegate").run(), SELF)
    assert metric(unit, "Trạng thái") == "Đã khóa" and not score_fields(unit)


def verify_every_sheet(url: str, covenant_id: int) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        for sheet in session.exec(select(ScoreSheet).where(ScoreSheet.covenant_id == covenant_id)):
            sheet.state = SheetState.VERIFIED
            session.add(sheet)
    engine.dispose()


def test_bad_points_are_refused_in_vietnamese_and_nothing_is_saved(make_app, app_db):
    _, _, lines = demo_unit(app_db)
    unit = open_page(make_app(role="delegate").run(), SELF)
    before = metric(unit, "Tổng điểm tự chấm")
    by_key_end(unit.text_input, f"_s{lines[0].id}").input("12,125")
    unit = button(unit, "Lưu nháp").click().run()
    assert "1.1. Hoàn thành các chỉ tiêu" in messages(unit) and "Tối đa 2 chữ số sau dấu phẩy" in messages(unit)
    assert metric(open_page(make_app(role="delegate").run(), SELF), "Tổng điểm tự chấm") == before


def test_evidence_file_names_are_shown_as_plain_text(make_app, app_db):
    unit = open_page(make_app(role="delegate").run(), SELF)
    name = "Báo cáo <img src=x onerror=alert(1)> **đậm** [link](javascript:alert(1)).pdf"
    unit.file_uploader[0].set_value((name, b"%PDF-1.4 minh chung", "application/pdf"))
    unit = button(unit, "Tải lên").click().run()
    assert not unit.exception, unit.exception
    assert any(name in t.value for t in unit.text)  # st.text: no Markdown, no HTML
    assert not any("<img" in m.value and "\\<img" not in m.value for m in (*unit.markdown, *unit.success))
    assert unit.download_button and unit.download_button[0].label == "Tải xuống"


def code_principal(url: str):
    """A real access-code session for daibieu's unit, as at the conference."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        unit_id = session.exec(select(User.unit_id).where(User.username == "daibieu")).one()
        bloc_id = session.exec(
            select(Covenant.bloc_id).join(ScoreSheet).where(ScoreSheet.unit_id == unit_id, Covenant.year == 2026)
        ).one()
        at = now()
        conference = create_conference(
            session=session, bloc_id=bloc_id, year=2026, name="Hội nghị", ends_at=at + timedelta(hours=4), at=at
        )
        issued = issue_codes(session=session, conference=conference, key=DEMO_KEY, at=at, unit_ids=[unit_id])
        result = code_login(
            session=session, code=issued[0].code, browser_session="b", address=None, key=DEMO_KEY, at=at
        )
    engine.dispose()
    return result.principal


def test_a_code_session_delegate_gets_no_scoring_form(make_app, app_db):
    # Access codes are for voting: since b7bb74f a code session cannot open self-scoring at all.
    at = make_app(role=None)
    at.session_state["principal"] = code_principal(app_db)
    at = open_page(at.run(), SELF)
    assert "Tự chấm điểm" not in {t.value for t in at.title}
    assert not score_fields(at) and not at.file_uploader


@pytest.mark.parametrize("page", [SELF, VERIFY, COVENANT])
def test_the_leader_cannot_open_scoring_pages(make_app, page):
    at = open_page(make_app(role="leader").run(), page)
    assert not at.exception
    assert not {t.value for t in at.title} & {"Tự chấm điểm", "Thẩm định điểm", "Giao ước thi đua"}
    assert not at.number_input and not score_fields(at)


def test_a_unit_account_cannot_open_the_secretarys_pages(make_app):
    for page in (VERIFY, COVENANT):
        at = open_page(make_app(role="delegate").run(), page)
        assert not {t.value for t in at.title} & {"Thẩm định điểm", "Giao ước thi đua"}


def test_a_non_excel_upload_is_reported_and_nothing_is_imported(make_app):
    at = open_page(make_app(role="secretary").run(), VERIFY)
    at.segmented_control(key="verify_section").set_value("excel").run()
    at.file_uploader[0].set_value(("diem.xlsx", b"not a spreadsheet", "application/octet-stream")).run()
    # Said plainly, once: no "Tệp có 1 lỗi ở 0 dòng" and no sheet name the file does not have.
    said = messages(at)
    assert "Không đọc được tệp này như một sổ Excel (.xlsx)" in said and "chưa ghi gì vào cơ sở dữ liệu" in said
    assert "lỗi ở 0 dòng" not in said and "Trang Điểm" not in said
    assert not [m.value for m in at.markdown if m.value.startswith("- **")]
    assert not [b for b in at.button if b.label in ("Nhập dữ liệu", "Chỉ nhập các dòng hợp lệ")]


def test_the_secretary_starts_next_years_covenant_from_this_years(make_app):
    at = open_page(make_app(role="secretary").run(), COVENANT)
    assert "Giao ước đã khóa vì việc chấm điểm đã bắt đầu" in messages(at)
    next(w for w in at.selectbox if w.label == "Năm").set_value(2027).run()
    assert "Khối chưa có giao ước thi đua năm 2027." in messages(at)
    at = button(at, "Tạo giao ước").click().run()
    assert "Đã tạo giao ước thi đua năm 2027." in messages(at)
    assert "Giao ước còn sửa được" in messages(at)
    assert metric(at, "Tổng điểm tối đa") == "100" and metric(at, "Số mục chấm điểm") == "15"


def test_an_excel_report_names_sheet_row_and_column_then_imports_only_valid_rows(make_app, app_db):
    import io

    from openpyxl import load_workbook

    from services.scoring.excel_template import template_bytes

    unit_id, covenant_id, lines = demo_unit(app_db)
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        book = load_workbook(io.BytesIO(template_bytes(session, covenant=session.get(Covenant, covenant_id))))
    engine.dispose()
    sheet = book["Điểm"]
    rows = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == unit_id]
    sheet.cell(rows[0], 8, 19)  # a valid change of the draft sheet (1.1)
    sheet.cell(rows[1], 8, "tám")  # text in a number cell
    buffer = io.BytesIO()
    book.save(buffer)

    at = open_page(make_app(role="secretary").run(), VERIFY)
    at.segmented_control(key="verify_section").set_value("excel").run()
    at.file_uploader[0].set_value(("diem.xlsx", buffer.getvalue(), "application/octet-stream")).run()
    report = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("- **")]
    unit_name, line = sheet.cell(rows[1], 2).value, lines[1]
    assert report == [
        f"- **Trang Điểm, dòng {rows[1]}, cột H (Điểm tự chấm)** ({unit_name}, tiêu chí {line.code} {line.name}): "
        "Không phải là số."
    ]
    assert button(at, "Chỉ nhập các dòng hợp lệ").disabled  # only after reading the report and confirming
    checkbox(at, "Tôi đã xem báo cáo lỗi").check().run()
    at = button(at, "Chỉ nhập các dòng hợp lệ").click().run()
    assert "Đã nhập 1 dòng có thay đổi vào 1 bảng điểm." in messages(at)
    unit = open_page(make_app(role="delegate").run(), SELF)
    assert by_key_end(unit.text_input, f"_s{lines[0].id}").value == "19"


def test_saving_the_covenant_table_keeps_its_rows(make_app):
    at = open_page(make_app(role="admin").run(), COVENANT)
    assert len(at.selectbox(key="covenant_bloc").options) == 4  # an admin sees every bloc
    next(w for w in at.selectbox if w.label == "Năm").set_value(2027).run()
    at = button(at, "Tạo giao ước").click().run()
    at = button(at, "Lưu giao ước").click().run()
    assert "Đã lưu giao ước." in messages(at)
    assert metric(at, "Tổng điểm tối đa") == "100" and metric(at, "Điểm trừ tối đa") == "15"
