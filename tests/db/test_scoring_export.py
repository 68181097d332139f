"""Exports of a bloc-year: the ranking and the scores as CSV (Excel-friendly) and XLSX."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from db.models import Covenant
from services.scoring.actions import Entry, save_self_scores
from services.scoring.export import RANKING_KEYS, SCORE_KEYS, Words, export_files
from tests.db.scoring_world import build_world

WORDS = Words(
    headers={k: k.upper() for k in (*RANKING_KEYS, *SCORE_KEYS)},
    states={"draft": "Bản nháp", "submitted": "Đã gửi", "verified": "Đã thẩm định", "returned": "Bị trả lại",
            "locked": "Đã khóa"},
    kinds={"normal": "Tiêu chí", "bonus": "Điểm cộng", "deduction": "Điểm trừ"},
    ranking_sheet="Xếp hạng",
    scores_sheet="Điểm chi tiết",
)  # fmt: skip


@pytest.fixture()
def files(session):
    world = build_world(session)
    save_self_scores(
        session=session,
        principal=world.people["unit"],
        covenant_id=world.covenant_id,
        unit_id=world.units["A1"],
        entries={
            world.normal.id: Entry(Decimal("9.5"), '=HYPERLINK("http://x")'),
            world.deduction.id: Entry(Decimal("-1")),
        },
    )
    return export_files(session, covenant=session.get(Covenant, world.covenant_id), words=WORDS)


def test_csv_opens_in_excel_with_vietnamese_letters_and_exact_numbers(files):
    data = files["ranking.csv"]
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["RANK", "UNIT", "STATE", "SELF_TOTAL", "VERIFIED_TOTAL"]
    assert ["", "Đơn vị A1", "Bản nháp", "8.50", ""] in rows
    assert len(rows) == 1 + 3  # every member unit, with or without a sheet


def test_user_text_never_becomes_a_formula(files):
    rows = list(csv.reader(io.StringIO(files["scores.csv"].decode("utf-8-sig"))))
    notes = [r[-1] for r in rows if r[0] == "Đơn vị A1" and r[1] == "1.1"]
    assert notes == ['\'=HYPERLINK("http://x")']
    deduction = [r[6] for r in rows if r[0] == "Đơn vị A1" and r[1] == "2.2"]
    assert deduction == ["-1.00"]  # numbers keep their sign
    book = load_workbook(io.BytesIO(files["all.xlsx"]))
    assert book.sheetnames == ["Xếp hạng", "Điểm chi tiết"]
    cells = [c for row in book["Điểm chi tiết"].iter_rows() for c in row if "=HYPER" in str(c.value)]
    # defused as in the CSV (services/spreadsheet.py): a leading quote, stored as text
    assert [c.value for c in cells] == ['\'=HYPERLINK("http://x")'] and all(c.data_type == "s" for c in cells)
