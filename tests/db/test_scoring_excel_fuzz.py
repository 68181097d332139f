"""Fuzzing the Excel import: no input crashes it, and a file with any problem writes nothing."""

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from db.models import Covenant
from services.scoring.excel_apply import import_scores
from services.scoring.excel_read import read_table
from services.scoring.excel_template import COLUMNS, template_bytes
from tests.db.scoring_world import build_world, snapshot

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

cell_values = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-100, max_value=100),
    # No control characters (a cell cannot hold them) and no "=..." (that would be a formula).
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20).filter(lambda s: not s.startswith("=")),
    st.booleans(),
    st.sampled_from(["7,5", "1.000", " 3 ", "-0", "mười", "1e3", ""]),
)


@given(data=st.binary(max_size=2048))
@settings(max_examples=150, deadline=None)
def test_random_bytes_never_crash_the_reader(data):
    table, problems = read_table(data)
    assert table is None and len(problems) == 1
    assert problems[0].key in {"excel_error.empty_file", "excel_error.not_xlsx"}


def _small_workbook() -> bytes:
    book = Workbook()
    book.active.title = "Điểm"
    book.active.append([c.title for c in COLUMNS])
    book.active.append([1, "Đơn vị", 2, "Nhóm", "Tiêu chí", "Thường", 10, 7.5, None, "Ghi chú"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


VALID_XLSX = _small_workbook()


@given(
    cut=st.integers(0, len(VALID_XLSX)),
    flips=st.lists(st.tuples(st.integers(0, len(VALID_XLSX) - 1), st.integers(1, 255))),
)
@settings(max_examples=150, deadline=None)
def test_damaged_workbooks_never_crash_the_reader(cut, flips):
    data = bytearray(VALID_XLSX[:cut] if cut < len(VALID_XLSX) // 2 else VALID_XLSX)
    for position, mask in flips:
        if position < len(data):
            data[position] ^= mask
    table, problems = read_table(bytes(data))
    assert (table is None) == bool(problems)
    assert all(p.key in {"excel_error.empty_file", "excel_error.not_xlsx"} or p.row for p in problems)


@pytest.fixture()
def world(session):
    return build_world(session)


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(2, 13), st.integers(1, 10), cell_values), min_size=1, max_size=8))
def test_random_cells_are_reported_or_written_never_half_written(session, world, edits):
    covenant = session.get(Covenant, world.covenant_id)
    book = load_workbook(io.BytesIO(template_bytes(session, covenant=covenant)))
    for row, column, value in edits:
        book["Điểm"].cell(row, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    nested = session.begin_nested()  # each example starts from the same database
    try:
        before = snapshot(session, world.covenant_id)
        result = import_scores(
            session=session, principal=world.people["secretary"], covenant_id=world.covenant_id, data=buffer.getvalue()
        )
        after = snapshot(session, world.covenant_id)
        if result.report.problems:
            assert after == before and result.written_rows == 0
        else:
            stored = {(u, c): (s, v, n) for u, c, s, v, n in after[0]}
            for row in result.report.rows:
                own, verified, note = stored.get((row.unit_id, row.criterion_id), (None, None, None))
                assert (own, verified, note) == (row.self_score, row.verified_score, row.note)
                assert own is None or own == own.quantize(Decimal("0.01"))
    finally:
        nested.rollback()
