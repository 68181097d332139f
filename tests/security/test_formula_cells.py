"""No downloaded spreadsheet holds a formula, whatever a unit's name or a note says.

The review's finding: dashboard CSV/Excel downloads wrote names unchanged, so a unit
named "=HYPERLINK(…)" became a live formula in Excel, while the score export already
defused it. Now every download goes through services/spreadsheet.py. The oracle here is
the rule itself, checked on the bytes a user downloads: no XLSX cell of type "f", no
text cell or CSV field starting with = + - @ tab or CR, and each value reads back as
written, at most with one leading apostrophe.
"""

import csv
import io
import math
import re
import zipfile
from decimal import Decimal

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from components.downloads import csv_bytes, labelled, xlsx_bytes
from db.models import Covenant
from services.clock import now
from services.dashboards.bloc_overview import ranking
from services.registry.units import rename_unit
from services.scoring.actions import Entry, save_self_scores
from services.scoring.export import RANKING_KEYS, SCORE_KEYS, Words, export_files
from services.spreadsheet import FORMULA_LEADS, write_csv, write_xlsx
from services.year_export import year_bundle_zip
from tests.db.records_world import YEAR
from tests.db.scoring_world import build_world

NEGATIVE = re.compile(r"-\d+(\.\d+)?(e-?\d+)?")
HOSTILE = ['=HYPERLINK("http://x","Sở Y tế")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]
names = st.builds(
    lambda lead, rest: lead + rest,
    st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\t=", "\r=", "\x01=", " =", ""]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
)


def csv_fields(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    for title in book.sheetnames:
        assert title not in ("Data", "Sheet", "Sheet1"), title
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def assert_no_formula(csv_data: bytes | None, xlsx_data: bytes | None) -> None:
    if csv_data is not None:
        for row in csv_fields(csv_data):
            for field in row:  # a negative number is a number to a spreadsheet, never a formula
                assert not field.startswith(FORMULA_LEADS) or NEGATIVE.fullmatch(field), repr(field)
    if xlsx_data is not None:
        for cell in xlsx_cells(xlsx_data):
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert not cell.value.startswith(FORMULA_LEADS), (cell.coordinate, repr(cell.value))


@given(unit_names=st.lists(names, min_size=1, max_size=6), points=st.lists(st.floats(-50, 150), min_size=6))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_dashboard_downloads_never_hold_a_formula(unit_names, points):
    points = points[: len(unit_names)]
    frame = pd.DataFrame({"unit": unit_names, "verified": points})
    shown = labelled(frame, {"unit": "Đơn vị", "verified": "Điểm thẩm định"})
    csv_data, xlsx_data = csv_bytes(shown), xlsx_bytes(shown, sheet="Bảng số liệu")
    assert_no_formula(csv_data, xlsx_data)
    # Each name reads back as written (an .xlsx cell cannot hold control characters),
    # defused by at most one leading apostrophe; numbers stay numbers.
    rows = csv_fields(csv_data)[1:]
    cells = [row for row in load_workbook(io.BytesIO(xlsx_data))["Bảng số liệu"].iter_rows(min_row=2, values_only=True)]
    for name, value, row, cell in zip(unit_names, points, rows, cells, strict=True):
        assert row[0] in (name, "'" + name)
        clean = ILLEGAL_CHARACTERS_RE.sub("", name)
        assert (cell[0] or "") in (clean, "'" + clean)
        assert float(row[1]) == value and math.isclose(cell[1], value, rel_tol=1e-15, abs_tol=1e-300)


@given(rows=st.lists(st.lists(st.one_of(names, st.integers(-5, 5), st.none()), min_size=1, max_size=4), max_size=5))
@settings(max_examples=40, deadline=None)
def test_one_writer_defuses_csv_and_xlsx_the_same_way(rows):
    header = ["Tên", "Ghi chú", "Điểm", "Khác"]
    csv_data, xlsx_data = write_csv(rows, header), write_xlsx({"Xếp hạng": [header, *rows]})
    assert_no_formula(csv_data, xlsx_data)
    back = csv_fields(csv_data)[1:]
    book = load_workbook(io.BytesIO(xlsx_data))["Xếp hạng"]
    for written, read, cells in zip(rows, back, book.iter_rows(min_row=2, values_only=True), strict=False):
        for value, field, cell in zip(written, read, cells, strict=False):
            if isinstance(value, str) and "\ufeff" not in value and not ILLEGAL_CHARACTERS_RE.search(value):
                assert field == (cell or ""), (value, field, cell)  # the same text in both files


def test_score_export_year_export_and_dashboard_of_hostile_units(session):
    """On SQLite and PostgreSQL: units named like formulas, a note like one, through the
    real queries to the downloaded bytes."""
    world = build_world(session)
    for short, hostile in zip(("A1", "A2", "A3"), HOSTILE, strict=False):
        rename_unit(session=session, unit_id=world.units[short], name=hostile, short_name="", from_year=2015)
    save_self_scores(
        session=session, principal=world.people["unit"], covenant_id=world.covenant_id, unit_id=world.units["A1"],
        entries={world.normal.id: Entry(Decimal("9.5"), "@SUM(1+1)*cmd|'/C calc'!A0")},
    )  # fmt: skip
    words = Words(
        headers={k: k for k in (*RANKING_KEYS, *SCORE_KEYS)},
        states={s: s for s in ("draft", "submitted", "verified", "returned", "locked")},
        kinds={k: k for k in ("normal", "bonus", "deduction")},
        ranking_sheet="Xếp hạng",
        scores_sheet="Điểm chi tiết",
    )
    files = export_files(session, covenant=session.get(Covenant, world.covenant_id), words=words)
    assert_no_formula(files["ranking.csv"], files["all.xlsx"])
    assert_no_formula(files["scores.csv"], None)
    assert "'@SUM(1+1)" in files["scores.csv"].decode("utf-8-sig")
    _, bundle, _ = year_bundle_zip(session, year=YEAR, province_id=world.bloc.province_id, at=now())
    workbook = zipfile.ZipFile(io.BytesIO(bundle)).read(f"thidua-{YEAR}-ts.xlsx")
    assert_no_formula(None, workbook)
    assert "'" + HOSTILE[0] in [c.value for c in xlsx_cells(workbook)]
    frame = ranking(session, bloc_id=world.bloc.id, year=YEAR)
    shown = labelled(frame, {"rank": "Hạng", "unit": "Đơn vị", "self": "Tự chấm"})
    assert set(HOSTILE[:3]) <= set(shown["Đơn vị"])
    assert_no_formula(csv_bytes(shown), xlsx_bytes(shown, sheet="Xếp hạng"))


def test_negative_numbers_from_pandas_stay_numbers():
    """A dashboard's gap column (verified minus self) is negative numpy numbers: numbers in
    both files, never text with an apostrophe."""
    frame = pd.DataFrame({"Đơn vị": ["-Sở Y tế"], "Hạng": pd.Series([-3], dtype="int64"), "Chênh lệch": [-1.5]})
    assert csv_fields(csv_bytes(frame))[1] == ["'-Sở Y tế", "-3", "-1.5"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(frame, sheet="Chênh lệch")))["Chênh lệch"]
    assert [c.value for c in sheet[2]] == ["'-Sở Y tế", -3, -1.5]
