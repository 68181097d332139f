"""Fuzzing what the app reads from files people hand it, beyond the score workbook
(tests/db/test_scoring_excel_fuzz.py): a ballot export given to the recount, and the
CSV the score export writes for spreadsheets. Never a crash; never a formula."""

import csv
import io
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.recount import RecountError, main, recount
from services.spreadsheet import write_csv as csv_bytes
from services.voting.rules import PRESETS, RoundKind
from services.voting.settings_codec import to_json

VALID = {
    "format": "thidua.ballot-export",
    "version": 1,
    "round": {"id": 1, "title": "Cờ", "kind": "provincial_flag", "bloc": 1, "year": 2026, "status": "published"},
    "settings": json.loads(to_json(PRESETS[RoundKind.PROVINCIAL_FLAG])),
    "members": 3,
    "issued": 3,
    "draw_seed": "abc",
    "candidates": [{"id": 1, "name": "Đơn vị 1", "score": "90.5"}, {"id": 2, "name": "Đơn vị 2", "score": None}],
    "ballots": [{"valid": True, "invalid_reason": None, "marks": [[1, "agree"]]}] * 3,
    "receipt_hashes": [],
    "result": {},
}
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["1/0", "2/3", "agree", "maybe", "-1", "1e400", "NaN", "gt", "pick"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)  # fmt: skip
PATHS = [
    ("settings",), ("members",), ("issued",), ("draw_seed",), ("candidates",), ("ballots",), ("format",),
    ("version",), ("settings", "seats"), ("settings", "threshold"), ("settings", "form"), ("settings", "quorum"),
    ("settings", "tie_breaks"), ("settings", "seats_share"), ("settings", "max_choices"), ("settings", "base"),
    ("candidates", 0), ("candidates", 0, "id"), ("candidates", 0, "score"), ("ballots", 0), ("ballots", 0, "marks"),
    ("ballots", 0, "valid"), ("ballots", 0, "marks", 0), ("ballots", 0, "marks", 0, 1),
]  # fmt: skip


def _set(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=4))
@settings(max_examples=400, deadline=None)
def test_a_tampered_ballot_export_is_recounted_or_refused_never_crashes(edits):
    data = json.loads(json.dumps(VALID))
    for path, value in edits:
        try:
            _set(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced the parent: this edit has nowhere to go
    try:
        result = recount(data)
    except RecountError:
        return
    assert set(result) >= {"winners", "candidates", "collected", "valid"}


@given(text=st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
@settings(max_examples=200, deadline=None)
def test_any_file_given_to_the_recount_command_gets_exit_code_0_or_2(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("recount") / "export.json"
    path.write_text(text, encoding="utf-8")
    assert main([str(path)]) in (0, 2)


cells = st.one_of(
    st.none(),
    st.integers(-(10**9), 10**9),
    st.decimals(-1000, 1000, places=2, allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=quoted", "Sở Y tế"]),
)


@given(rows=st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_the_csv_export_reads_back_cell_for_cell_and_never_as_a_formula(rows):
    data = csv_bytes(rows)
    assert data.startswith("\ufeff".encode())  # Excel reads the Vietnamese letters as UTF-8
    back = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(back) == len(rows)
    for written, read in zip(rows, back, strict=True):
        assert len(read) == len(written)
        for value, cell in zip(written, read, strict=True):
            if value is None:
                assert cell == ""
            elif isinstance(value, int | Decimal):
                assert cell == str(value)  # numbers stay numbers, even negative ones
            else:
                assert cell in (value, "'" + value)  # text kept, at most defused by a leading quote
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet never runs it
