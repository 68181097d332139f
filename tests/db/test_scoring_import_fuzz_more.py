"""More fuzzing of the score workbook import (after tests/db/test_scoring_excel_fuzz.py):
"only the valid rows" writes exactly those rows, a reshaped workbook never crashes the
import, and a failure half-way through writing leaves nothing behind."""

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from db.models import Covenant, ScoreSheet
from services.scoring import excel_apply
from services.scoring.excel_apply import import_scores
from services.scoring.excel_template import template_bytes
from tests.conftest import require_backend
from tests.databases import fresh_database
from tests.db.scoring_world import build_world, snapshot
from tests.db.test_scoring_excel_fuzz import cell_values

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture()
def world(session):
    return build_world(session)


def _template(session, world):
    return load_workbook(io.BytesIO(template_bytes(session, covenant=session.get(Covenant, world.covenant_id))))


def _bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _stored(session, world) -> dict:
    scores, _sheets, _events = snapshot(session, world.covenant_id)
    return {(u, c): (own, verified, note) for u, c, own, verified, note in scores}


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(2, 13), st.sampled_from([1, 3, 8, 9, 10]), cell_values), max_size=10))
def test_importing_only_the_valid_rows_writes_each_row_whole_or_not_at_all(session, world, edits):
    book = _template(session, world)
    for row, column, value in edits:
        book["Điểm"].cell(row, column, value)
    nested = session.begin_nested()
    try:
        before = _stored(session, world)
        result = import_scores(session=session, principal=world.people["secretary"], covenant_id=world.covenant_id,
                               data=_bytes(book), valid_only=True)  # fmt: skip
        after = _stored(session, world)
        valid = {(r.unit_id, r.criterion_id): r for r in result.report.rows}
        for key in before.keys() | after.keys():
            if key in valid:  # a valid row: written as read
                row = valid[key]
                own, verified, note = after.get(key, (None, None, None))
                if row.changes_self:
                    assert (own, note) == (row.self_score, row.note)
                if row.changes_verified:
                    assert verified == row.verified_score
            else:  # anything else: exactly as before
                assert after.get(key) == before.get(key)
    finally:
        nested.rollback()


reshapes = st.sampled_from(["swap_columns", "drop_column", "duplicate_header", "rename_sheet", "extra_sheet_first",
                            "blank_rows", "junk_below", "header_noise", "empty_sheet"])  # fmt: skip


@FUZZ
@given(steps=st.lists(st.tuples(reshapes, st.integers(1, 10), st.integers(1, 10), cell_values), max_size=4))
def test_a_reshaped_workbook_is_imported_or_reported_never_crashes(session, world, steps):
    book = _template(session, world)
    sheet = book["Điểm"]
    for step, a, b, value in steps:
        if step == "swap_columns":
            for row in sheet.iter_rows():
                if max(a, b) <= len(row):  # a column dropped by an earlier step is not there to swap
                    row[a - 1].value, row[b - 1].value = row[b - 1].value, row[a - 1].value
        elif step == "drop_column":
            sheet.delete_cols(a)
        elif step == "duplicate_header":
            sheet.cell(1, b).value = sheet.cell(1, a).value
        elif step == "rename_sheet":
            sheet.title = f"Trang {a}"
        elif step == "extra_sheet_first":
            extra = book.create_sheet("Ghi chú", 0)
            extra.append(["Không phải bảng điểm", value])
        elif step == "blank_rows":
            sheet.insert_rows(a + 1, b)
        elif step == "junk_below":
            sheet.cell(sheet.max_row + a, b, value)
        elif step == "header_noise":
            sheet.cell(1, a, value)
        elif step == "empty_sheet":
            sheet.delete_rows(2, sheet.max_row)
    nested = session.begin_nested()
    try:
        before = snapshot(session, world.covenant_id)
        result = import_scores(session=session, principal=world.people["secretary"], covenant_id=world.covenant_id,
                               data=_bytes(book))  # fmt: skip
        if result.report.problems:
            assert snapshot(session, world.covenant_id) == before and result.written_rows == 0
            assert all(p.key.startswith(("excel_error.", "scoring_error.", "error.")) for p in result.report.problems)
    finally:
        nested.rollback()


def test_a_failure_half_way_through_an_import_leaves_nothing_behind(backend, tmp_path, monkeypatch):
    """The database fails while the second unit's sheet is written: the first unit's rows,
    written a moment before in the same import, are gone too."""
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            world = build_world(session)
            book = _template(session, world)
        for row in range(2, book["Điểm"].max_row + 1):  # every unit's first criterion: 5 points
            if book["Điểm"].cell(row, 3).value == world.normal.id:
                book["Điểm"].cell(row, 8, Decimal(5))
        data = _bytes(book)
        original, calls = excel_apply.log_event, []

        def failing(*args, **kwargs):
            calls.append(kwargs["sheet"].unit_id)
            if len(calls) == 2:
                raise RuntimeError("the database went away")
            return original(*args, **kwargs)

        monkeypatch.setattr(excel_apply, "log_event", failing)
        with pytest.raises(RuntimeError), session_scope(engine) as session:
            import_scores(session=session, principal=world.people["admin"], covenant_id=world.covenant_id, data=data)
        assert len(calls) == 2  # the first unit's rows had been written when it failed
        with session_scope(engine) as session:
            assert snapshot(session, world.covenant_id)[0] == ()  # and nothing of them is left
            assert session.exec(ScoreSheet.__table__.select()).all() == []
        monkeypatch.setattr(excel_apply, "log_event", original)
        with session_scope(engine) as session:  # the same file goes in whole once the database is back
            result = import_scores(session=session, principal=world.people["admin"], covenant_id=world.covenant_id,
                                   data=data)  # fmt: skip
        assert result.written_rows == 3
        engine.dispose()
