"""Excel import on both databases: the template round trip, every malformed case, nothing half-written."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import select

from db.models import Covenant, ScoreAction, ScoreEvent, ScoreSheet, SheetState
from locales import translate
from services.errors import ValidationFailed
from services.scoring.actions import Entry, save_self_scores
from services.scoring.excel_apply import import_scores, preview_import
from services.scoring.excel_template import COLUMNS, template_bytes
from services.scoring.queries import unit_totals
from tests.db.scoring_world import build_world, snapshot

SHEET = "Điểm"
SELF, VERIFIED = 8, 9  # columns H and I


@pytest.fixture()
def world(session):
    return build_world(session)


def template(session, world):
    return load_workbook(io.BytesIO(template_bytes(session, covenant=session.get(Covenant, world.covenant_id))))


def to_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_of(book, unit_id: int) -> list[int]:
    sheet = book[SHEET]
    return [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == unit_id]


def run_import(session, world, data: bytes, *, valid_only=False, who="secretary"):
    return import_scores(
        session=session, principal=world.people[who], covenant_id=world.covenant_id, data=data, valid_only=valid_only
    )


def problems(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.letter, p.key, p.params) for p in result.report.problems]


def test_template_has_one_prefilled_row_per_member_and_criterion(session, world):
    save_self_scores(
        session=session,
        principal=world.people["unit"],
        covenant_id=world.covenant_id,
        unit_id=world.units["A1"],
        entries={world.big.id: Entry(Decimal("12.5"), "Báo cáo")},
    )
    sheet = template(session, world)[SHEET]
    assert [c.value for c in sheet[1]] == [c.title for c in COLUMNS]
    assert sheet.max_row == 1 + 3 * 4  # units A1, A2, A3 (not B1, not X) × 4 criteria
    a1 = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == world.units["A1"]]
    assert [(r[2], r[4], r[6], r[7], r[9]) for r in a1][:2] == [
        (world.normal.id, "1.1 Hoàn thành nhiệm vụ", 10, None, None),
        (world.big.id, "1.2 Cải cách hành chính", 20, 12.5, "Báo cáo"),
    ]


def test_round_trip_fill_import_totals_and_history(session, world):
    book = template(session, world)
    sheet = book[SHEET]
    fills = {"A1": [9, 18.5, 2, -1], "A2": ["7,5", 20, None, None]}
    for short, values in fills.items():
        for row, value in zip(rows_of(book, world.units[short]), values, strict=True):
            sheet.cell(row, SELF, value)
    result = run_import(session, world, to_bytes(book))
    assert problems(result) == [] and (result.written_rows, result.sheets) == (6, 2)
    totals = {
        t.unit_name: t.self_total for t in unit_totals(session, covenant=session.get(Covenant, world.covenant_id))
    }
    assert totals == {"Đơn vị A1": Decimal("28.50"), "Đơn vị A2": Decimal("27.50"), "Đơn vị A3": Decimal("0.00")}
    events = session.exec(select(ScoreEvent).where(ScoreEvent.action == ScoreAction.IMPORTED)).all()
    assert sorted(e.note for e in events) == ["1.1, 1.2", "1.1, 1.2, 2.1, 2.2"]
    again = run_import(session, world, to_bytes(template(session, world)))  # the new template changes nothing
    assert (again.written_rows, problems(again)) == (0, [])


def test_the_secretary_imports_verified_scores_for_submitted_sheets(session, world):
    save_self_scores(
        session=session,
        principal=world.people["unit"],
        covenant_id=world.covenant_id,
        unit_id=world.units["A1"],
        entries={world.normal.id: Entry(Decimal(9)), world.big.id: Entry(Decimal(19))},
        submit=True,
    )
    book = template(session, world)
    for row, value in zip(rows_of(book, world.units["A1"]), [8, 17, 0, -2], strict=True):
        book[SHEET].cell(row, VERIFIED, value)
    assert problems(run_import(session, world, to_bytes(book))) == []
    totals = unit_totals(session, covenant=session.get(Covenant, world.covenant_id))
    assert next(t for t in totals if t.unit_name == "Đơn vị A1").verified_total == Decimal("23.00")


def assert_refused(session, world, data: bytes, expected: list[tuple]):
    before = snapshot(session, world.covenant_id)
    result = run_import(session, world, data)
    assert problems(result) == expected
    assert result.written_rows == 0 and snapshot(session, world.covenant_id) == before
    return result


def test_wrong_columns_are_named(session, world):
    book = template(session, world)
    book[SHEET].cell(1, SELF, "Điểm")  # renamed header
    book[SHEET].cell(1, 11, "Mã tiêu chí")  # and a second column with the same title
    assert_refused(
        session,
        world,
        to_bytes(book),
        [
            (SHEET, 1, "Mã tiêu chí", "K", "excel_error.duplicate_column", {}),
            (SHEET, 1, "Điểm tự chấm", None, "excel_error.missing_column", {}),
        ],
    )


def test_every_bad_cell_is_reported_with_row_column_and_reason(session, world):
    book = template(session, world)
    sheet = book[SHEET]
    a1, a2 = rows_of(book, world.units["A1"]), rows_of(book, world.units["A2"])
    sheet.cell(a1[0], SELF, "tám")  # text in a number cell
    sheet.cell(a1[1], SELF, 25)  # above the max of 20
    sheet.cell(a1[2], SELF, 1.255)  # three decimals
    sheet.cell(a1[3], SELF, 2)  # a deduction must be negative
    sheet.cell(a2[0], 1, 99999)  # unknown unit
    sheet.cell(a2[1], 1, world.units["B1"])  # a unit of another bloc
    sheet.cell(a2[2], 3, 424242)  # unknown criterion
    sheet.cell(a2[3], 1, "A2")  # not an id at all
    last = rows_of(book, world.units["A3"])[0]
    sheet.append([sheet.cell(last, c).value for c in range(1, 11)])  # the same unit and criterion twice
    dup = sheet.max_row
    result = assert_refused(
        session,
        world,
        to_bytes(book),
        [
            (SHEET, a1[0], "Điểm tự chấm", "H", "scoring_error.not_a_number", {}),
            (SHEET, a1[1], "Điểm tự chấm", "H", "scoring_error.above_max", {"max": "20"}),
            (SHEET, a1[2], "Điểm tự chấm", "H", "scoring_error.decimals", {}),
            (SHEET, a1[3], "Điểm tự chấm", "H", "scoring_error.deduction_sign", {"min": "-3"}),
            (SHEET, a2[0], "Mã đơn vị", "A", "excel_error.unknown_unit", {"id": 99999}),
            (SHEET, a2[1], "Mã đơn vị", "A", "excel_error.not_member", {"id": world.units["B1"], "year": 2026}),
            (SHEET, a2[2], "Mã tiêu chí", "C", "excel_error.unknown_criterion", {"id": 424242}),
            (SHEET, a2[3], "Mã đơn vị", "A", "excel_error.bad_id", {}),
            (SHEET, last, None, None, "excel_error.duplicate_row", {"rows": str(dup)}),
            (SHEET, dup, None, None, "excel_error.duplicate_row", {"rows": str(last)}),
        ],
    )
    reasons = [translate("vi", p.key, **p.params) for p in result.report.problems]
    assert reasons[1] == "Vượt quá điểm tối đa (20)." and reasons[4] == "Không có đơn vị nào mang mã 99999."


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "excel_error.empty_file"),
        (b"%PDF-1.4 not a spreadsheet", "excel_error.not_xlsx"),
        ("Mã đơn vị,Mã tiêu chí\n1,2\n".encode(), "excel_error.not_xlsx"),  # a CSV renamed .xlsx
    ],
)
def test_files_that_are_not_spreadsheets(session, world, data, key):
    assert_refused(session, world, data, [(SHEET, None, None, None, key, {})])


def test_a_zip_that_is_not_a_workbook_and_a_header_only_file(session, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert_refused(session, world, buffer.getvalue(), [(SHEET, None, None, None, "excel_error.not_xlsx", {})])
    book = Workbook()
    book.active.title = SHEET
    book.active.append([c.title for c in COLUMNS])
    assert_refused(session, world, to_bytes(book), [(SHEET, None, None, None, "excel_error.no_rows", {})])


def test_locked_and_submitted_sheets_are_not_changed(session, world):
    for short in ("A1", "A2"):
        save_self_scores(
            session=session,
            principal=world.people["secretary"],
            covenant_id=world.covenant_id,
            unit_id=world.units[short],
            entries={world.normal.id: Entry(Decimal(9)), world.big.id: Entry(Decimal(19))},
            submit=True,
        )
    locked = session.exec(select(ScoreSheet).where(ScoreSheet.unit_id == world.units["A1"])).one()
    locked.state = SheetState.LOCKED
    session.add(locked)
    session.flush()
    book = template(session, world)
    a1, a2, a3 = (rows_of(book, world.units[u]) for u in ("A1", "A2", "A3"))
    book[SHEET].cell(a1[0], VERIFIED, 9)
    book[SHEET].cell(a2[0], SELF, 5)  # submitted: the unit's scores are frozen
    book[SHEET].cell(a3[0], VERIFIED, 5)  # draft: nothing to verify yet
    assert_refused(
        session,
        world,
        to_bytes(book),
        [
            (SHEET, a1[0], "Điểm thẩm định", "I", "excel_error.sheet_locked", {}),
            (SHEET, a2[0], "Điểm tự chấm", "H", "excel_error.self_not_editable", {"state": "submitted"}),
            (SHEET, a3[0], "Điểm thẩm định", "I", "excel_error.verified_not_editable", {"state": "draft"}),
        ],
    )


def test_importing_only_the_valid_rows_after_the_report(session, world):
    book = template(session, world)
    a1 = rows_of(book, world.units["A1"])
    book[SHEET].cell(a1[0], SELF, 8)
    book[SHEET].cell(a1[1], SELF, 99)
    data = to_bytes(book)
    preview = preview_import(session, principal=world.people["secretary"], covenant_id=world.covenant_id, data=data)
    assert [(p.row, p.key) for p in preview.problems] == [(a1[1], "scoring_error.above_max")]
    assert len(preview.rows) == 11  # 12 rows, one bad
    assert run_import(session, world, data).written_rows == 0
    result = run_import(session, world, data, valid_only=True)
    assert result.written_rows == 1
    totals = unit_totals(session, covenant=session.get(Covenant, world.covenant_id))
    assert next(t for t in totals if t.unit_name == "Đơn vị A1").self_total == Decimal("8.00")


@pytest.mark.parametrize("who", ["unit", "other_secretary", "leader", "code"])
def test_only_the_blocs_verifiers_import(session, world, who):
    with pytest.raises(ValidationFailed):
        run_import(session, world, to_bytes(template(session, world)), who=who)
