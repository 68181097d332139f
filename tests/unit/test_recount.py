"""The recount verifies an export: ballots against the rules, receipts, and the file's
result field by field. Exit 0 only when everything agrees, 1 on a broken rule or a
difference, 2 on a file that is not a readable ballot export; never a traceback."""

import copy
import hashlib
import io
import json
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from services.recount import both, main, recount, verify
from services.recount_format import message
from services.voting.results import result_to_json
from services.voting.rules import (
    BallotForm,
    Comparison,
    RoundKind,
    RoundSettings,
    ThresholdBase,
    TieBreak,
    WhenNonePasses,
)
from services.voting.settings_codec import to_json
from services.voting.tally import Ballot, Candidate, Mark, tally

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ballot-export.md"
OK_LINE = "OK: kết quả khớp / OK: result matches"
USAGE = "cách dùng: python -m services.recount [--json] TỆP / usage: python -m services.recount [--json] FILE\n"


def export_of(settings, candidates, ballots, *, members, issued, seed, result, receipts=()) -> dict:
    """What services.voting.export writes, built from plain values (no database)."""
    return {
        "format": "thidua.ballot-export",
        "version": 1,
        "round": {
            "id": 1,
            "title": "Cờ thi đua",
            "kind": settings.kind.value,
            "bloc": 1,
            "year": 2026,
            "status": "published",
        },
        "settings": json.loads(to_json(settings)),
        "members": members,
        "issued": issued,
        "draw_seed": seed,
        "candidates": [
            {"id": c.id, "name": c.name, "score": None if c.score is None else str(c.score)} for c in candidates
        ],
        "ballots": [
            {
                "valid": b.valid,
                "invalid_reason": None if b.valid else "too_many_marks",
                "marks": [[cid, mark.value] for cid, mark in b.marks],
            }
            for b in ballots
        ],
        "receipt_hashes": sorted(receipts),
        "result": result,
    }


def run_main(*args) -> tuple[int, str, str]:
    """main() in this process: (exit code, stdout, stderr). An uncaught exception fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def run_module(*args) -> subprocess.CompletedProcess:
    """The real command, for real exit codes and real stderr."""
    return subprocess.run(
        [sys.executable, "-m", "services.recount", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def doc_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def worked_example() -> dict:
    """The export printed in docs/ballot-export.md (its first JSON block), parsed."""
    return json.loads(doc_blocks("json")[0])


def write(tmp_path, data, name="round.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


# --- The worked example of the documentation ----------------------------------------------


def test_the_documented_worked_example_recounts_to_its_result_by_hand_and_by_command(tmp_path):
    data = worked_example()
    result = data["result"]
    # By hand (the doc's text): 5 ballots, more than 1/2 of 5 needs 3; 11 has 4, 12 and 13 have 3;
    # two seats: 11, then the score tie-break gives the last seat to 12 (90.00 > 88.25).
    assert (result["collected"], result["base_value"], result["required"]) == (5, 5, 3)
    assert {c["id"]: c["votes"] for c in result["candidates"]} == {11: 4, 12: 3, 13: 3}
    assert result["winners"] == [11, 12]
    assert [(s["policy"], s["tied"], s["chosen"]) for s in result["tie_steps"]] == [("score", [13, 12], [12])]

    path = write(tmp_path, data)
    done = run_module(path)
    assert (done.returncode, done.stderr) == (0, "")
    console = doc_blocks("console")[0].splitlines()
    assert console[0] == "$ python -m services.recount round-7.json"
    assert done.stdout.splitlines() == console[1:]  # the doc shows exactly what the command prints
    assert done.stdout.splitlines()[0] == OK_LINE

    as_json = run_module("--json", path)
    assert as_json.returncode == 0 and json.loads(as_json.stdout) == result
    assert as_json.stderr.splitlines()[0] == OK_LINE


# --- Exit 1: the file's result was edited ------------------------------------------------


def test_one_vote_changed_in_the_result_exits_1_naming_the_field_and_both_values(tmp_path):
    data = worked_example()
    edited = next(c for c in data["result"]["candidates"] if c["id"] == 13)
    edited["votes"] = 4  # the Library "had" 4 votes
    done = run_module(write(tmp_path, data))
    assert done.returncode == 1 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines == [
        "KHÔNG KHỚP: 1 vấn đề / MISMATCH: 1 problem(s)",
        "- result.candidates[id=13].votes: tệp ghi 4, kiểm lại được 3 / file has 4, recount gives 3",
    ]
    assert doc_blocks("text")[0].splitlines() == ["$ python -m services.recount round-7.json", *lines]


def test_a_swapped_winner_exits_1(tmp_path):
    data = worked_example()
    data["result"]["winners"] = [11, 13]
    code, out, _ = run_main(write(tmp_path, data))
    assert code == 1
    assert "- result.winners: tệp ghi [11, 13], kiểm lại được [11, 12] / file has [11, 13], recount gives [11, 12]" in (
        out.splitlines()
    )
    assert OK_LINE not in out


def test_differences_compare_types_and_missing_fields_exactly():
    data = worked_example()
    data["result"]["valid"] = 5.0  # same number, not the same JSON value
    data["result"]["candidates"][0]["passed"] = 1
    del data["result"]["runoff"]
    data["result"]["note"] = "thêm"
    found = {d.path: (d.file, d.recount) for d in verify(data).differences}
    assert set(found) == {"result.valid", "result.candidates[id=11].passed", "result.runoff", "result.note"}
    assert found["result.valid"] == (5.0, 5)
    assert found["result.runoff"][1] is None


def test_a_candidate_dropped_from_the_result_or_reordered_is_a_difference():
    data = worked_example()
    data["result"]["candidates"].reverse()
    paths = [d.path for d in verify(data).differences]
    assert paths == ["result.candidates[*].id"]
    data["result"]["candidates"].pop()
    paths = [d.path for d in verify(data).differences]
    assert "result.candidates[id=11]" in paths


# --- Exit 1: ballots that break the round's rules ----------------------------------------


def _pick_round(ballots, **settings_changes):
    """The worked example with other ballots and the result the real count gives them:
    only the rules can fail, never the comparison."""
    data = worked_example()
    data["ballots"] = ballots
    data["receipt_hashes"] = data["receipt_hashes"][: len(ballots)]
    data["settings"].update(settings_changes)
    data["result"] = recount(data)
    return data


def _ballot(*marks, valid=True, reason=None):
    return {"valid": valid, "invalid_reason": reason, "marks": [list(m) for m in marks]}


def test_a_ballot_over_its_limit_exits_1_naming_its_position(tmp_path):
    ballots = [_ballot((11, "agree"), (12, "agree"))] * 4 + [_ballot((11, "agree"), (12, "agree"), (13, "agree"))]
    code, out, _ = run_main(write(tmp_path, _pick_round(ballots)))
    assert code == 1
    assert "- phiếu thứ 5 (ballots[4]): chọn 3 ứng viên, vượt giới hạn 2" in out
    assert "ballot no. 5 (ballots[4]): chooses 3 candidates, over the limit of 2" in out


def test_the_limit_comes_from_max_choices_else_from_seats_or_the_share_of_members():
    three = [_ballot((11, "agree"), (12, "agree"), (13, "agree"))]
    assert verify(_pick_round(three, max_choices=3)).problems == []
    assert len(verify(_pick_round(three, max_choices=2)).problems) == 1
    # 2/5 of 5 members is 2 seats: three names is over; 3/5 gives 3 seats.
    assert len(verify(_pick_round(three, seats=None, seats_share="2/5")).problems) == 1
    assert verify(_pick_round(three, seats=None, seats_share="3/5")).problems == []


def test_fewer_than_the_minimum_breaks_a_rule_but_a_blank_ballot_is_valid():
    data = _pick_round([_ballot((11, "agree")), _ballot()], min_choices=2)
    assert [p.params for p in verify(data).problems] == [
        (("number", 1), ("index", 0), ("rule", message("recount.rule.too_few", count=1, min=2)))
    ]


SINGLE = {"form": "single", "kind": "chair", "seats": 1, "tie_breaks": ["runoff"],
          "when_none_passes": "runoff_top_two"}  # fmt: skip


def _single_round(ballots):
    data = _pick_round(ballots, **SINGLE)
    data["round"]["kind"] = "chair"
    data["result"] = recount(data)
    return data


def test_two_names_on_a_single_choice_ballot_exit_1(tmp_path):
    data = _single_round([_ballot((11, "agree"))] * 3 + [_ballot((11, "agree"), (12, "agree")), _ballot()])
    code, out, _ = run_main(write(tmp_path, data))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "KHÔNG KHỚP: 1 vấn đề / MISMATCH: 1 problem(s)"
    assert lines[1] == (
        "- phiếu thứ 4 (ballots[3]): phiếu chọn một người có 2 tên / "
        "ballot no. 4 (ballots[3]): 2 names on a single-choice ballot"
    )


def test_a_blank_single_choice_ballot_is_valid_as_the_ballot_page_allows(tmp_path):
    data = _single_round([_ballot((11, "agree"))] * 3 + [_ballot(), _ballot(valid=False, reason="identifying_marks")])
    assert run_main(write(tmp_path, data))[0] == 0


def test_a_mark_for_an_unknown_candidate_exits_1(tmp_path):
    data = _pick_round([_ballot((11, "agree"), (99, "agree"))] + [_ballot((11, "agree"))] * 4)
    code, out, _ = run_main(write(tmp_path, data))
    assert code == 1
    assert "ballot no. 1 (ballots[0]): marks a unit that is not a candidate (id 99)" in out


@pytest.mark.parametrize(
    ("ballot", "english"),
    [
        (_ballot((11, "agree"), (11, "agree")), "marks candidate 11 more than once"),
        (_ballot((11, "disagree")), 'has a "disagree" mark on a pick ballot'),
        (_ballot((11, "maybe")), 'mark "maybe" is neither "agree" nor "disagree"'),
        (_ballot((11, "agree"), reason="other"), "valid ballot with an invalid_reason"),
        (_ballot(valid=False), "invalid ballot without an invalid_reason"),
        (_ballot(valid=False, reason="  "), "invalid ballot without an invalid_reason"),
    ],
)
def test_each_ballot_rule_is_named(ballot, english):
    data = worked_example()
    data["ballots"][2] = ballot
    report = verify(data)
    assert not report.ok
    rules = [dict(p.params)["rule"] for p in report.problems]
    assert [dict(p.params)["number"] for p in report.problems] == [3]
    assert english in both(rules[0]).split(" / ")[-1]  # the English half


def test_an_invalid_ballot_may_carry_any_marks_if_it_says_why():
    data = _pick_round(
        [_ballot((11, "agree"))] * 4
        + [_ballot((11, "agree"), (11, "x"), (99, "disagree"), valid=False, reason="other")]
    )
    assert verify(data).problems == []


def test_approval_ballots_may_disagree_once_per_candidate_within_the_limit():
    approval = {"form": "approval", "seats": 1, "max_choices": None}
    fine = [_ballot((11, "agree"), (12, "disagree"), (13, "disagree")), _ballot((12, "disagree")), _ballot()]
    assert verify(_pick_round(fine, **approval)).problems == []
    twice = [_ballot((11, "agree"), (11, "disagree"))]
    assert len(verify(_pick_round(twice, **approval)).problems) == 1
    over = [_ballot((11, "agree"), (12, "agree"))]  # one seat: one agree at most, as the ballot page allows
    assert len(verify(_pick_round(over, **approval)).problems) == 1


def test_more_ballots_than_issued_and_a_kind_that_differs_break_rules():
    data = worked_example()
    data["issued"] = 4
    data["result"]["issued"] = 4
    data["round"]["kind"] = "certificate_of_merit"
    keys = sorted(p.key for p in verify(data).problems)
    assert keys == ["recount.rule.kind", "recount.rule.more_than_issued"]


# --- Receipts --------------------------------------------------------------------------


def _hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


def test_receipts_are_unique_64_hex_digits_and_no_more_than_the_ballots_collected():
    data = worked_example()
    data["receipt_hashes"] = [_hash(str(i)) for i in range(5)]  # one per ballot: all electronic
    assert verify(data).ok
    data["receipt_hashes"] = []  # all on paper
    assert verify(data).ok
    data["receipt_hashes"] = [_hash(str(i)) for i in range(6)]
    assert [p.key for p in verify(data).problems] == ["recount.rule.receipts"]
    data["receipt_hashes"] = [_hash("a"), _hash("a"), _hash("b").upper(), "abc"]
    assert [(p.key, dict(p.params)["index"]) for p in verify(data).problems] == [
        ("recount.rule.receipt_twice", 1),
        ("recount.rule.receipt_format", 2),
        ("recount.rule.receipt_format", 3),
    ]


# --- Exit 2: not a readable ballot export ----------------------------------------------------


def _edited(change):
    data = worked_example()
    change(data)
    return data


MALFORMED = {
    "decimal threshold": (lambda d: d["settings"].update(threshold="0.7"), "threshold must be an exact fraction"),
    "number threshold": (lambda d: d["settings"].update(threshold=0.5), "not 0.5"),
    "percent quorum": (lambda d: d["settings"].update(quorum="70%"), "settings.quorum must be an exact fraction"),
    "share over zero": (lambda d: d["settings"].update(seats=None, seats_share="1/0"), "seats_share must be"),
    "threshold above 1": (lambda d: d["settings"].update(threshold="3/2"), 'threshold = "3/2" is out of range'),
    "missing seats": (lambda d: d["settings"].pop("seats"), "missing field settings.seats"),
    "both seats": (lambda d: d["settings"].update(seats_share="2/5"), "exactly one of seats and seats_share"),
    "neither seats": (lambda d: d["settings"].update(seats=None), "exactly one of seats and seats_share"),
    "zero seats": (lambda d: d["settings"].update(seats=0), "settings.seats = 0 is less than 1"),
    "no seat from share": (lambda d: d["settings"].update(seats=None, seats_share="1/10"), "no seat at all with 5"),
    "missing kind": (lambda d: d["settings"].pop("kind"), "missing field settings.kind"),
    "unknown kind": (lambda d: d["settings"].update(kind="king"), 'settings.kind = "king" is not one of'),
    "unknown setting": (lambda d: d["settings"].update(voters=3), "field not in the format: settings.voters"),
    "missing result": (lambda d: d.pop("result"), "missing field result"),
    "missing invalid_reason": (lambda d: d["ballots"][0].pop("invalid_reason"), "missing field ballots[0].invalid_"),
    "ballot voter": (lambda d: d["ballots"][0].update(unit=3), "field not in the format: ballots[0].unit"),
    "boolean id": (lambda d: d["candidates"][0].update(id=True), "candidates[0].id must be an integer"),
    "twice a candidate": (lambda d: d["candidates"][1].update(id=11), "candidates: id 11 appears twice"),
    "float score": (lambda d: d["candidates"][0].update(score=95.5), "candidates[0].score must be a decimal"),
    "mark triple": (lambda d: d["ballots"][0]["marks"].append([11, "agree", 1]), "must be a pair"),
    "valid as 1": (lambda d: d["ballots"][0].update(valid=1), "ballots[0].valid must be true or false"),
    "draft round": (lambda d: d["round"].update(status="closed"), 'round.status must be "published"'),
    "tie breaks twice": (lambda d: d["settings"].update(tie_breaks=["score", "score"]), "none twice"),
    "future version": (lambda d: d.update(version=2), "unknown export version 2"),
    "other format": (lambda d: d.update(format="csv"), "not a ballot export"),
    "receipt number": (lambda d: d["receipt_hashes"].append(5), "receipt_hashes[5] must be a string"),
    "negative members": (lambda d: d.update(members=-1), "members = -1 is less than 0"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_export_exits_2_with_one_clear_line(tmp_path, case):
    change, english = MALFORMED[case]
    code, out, err = run_main(write(tmp_path, _edited(change)))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith("recount: ")
    assert english in err, err


def test_unreadable_files_exit_2_with_one_line_and_no_traceback(tmp_path):
    not_json = tmp_path / "broken.json"
    not_json.write_text('{"format": ', encoding="utf-8")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"format": "\xff"}')
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    decimal = tmp_path / "decimal.json"
    decimal.write_text(json.dumps(_edited(lambda d: d["settings"].update(threshold="0.7"))), encoding="utf-8")
    expected = {
        tmp_path / "missing.json": "cannot read the file (No such file or directory)",
        tmp_path: "cannot read the file",
        not_json: "not JSON (line 1, column 12)",
        latin: "the file is not UTF-8 text",
        deep: "not readable JSON",
        decimal: 'not "0.7"',
    }
    for path, english in expected.items():
        code, out, err = run_main(str(path))
        assert (code, out) == (2, ""), path
        assert len(err.splitlines()) == 1 and english in err, err
        assert "Traceback" not in err and "Error(" not in err
    for path in (tmp_path / "missing.json", decimal):  # the real process: exit code and stderr
        done = run_module(str(path))
        assert (done.returncode, done.stdout) == (2, "")
        assert len(done.stderr.splitlines()) == 1 and expected[path] in done.stderr, done.stderr
    for args in ([], ["a.json", "b.json"], ["--verbose"]):
        code, _, err = run_main(*args)
        assert code == 2 and err == USAGE


# --- Properties --------------------------------------------------------------------------


@st.composite
def rounds(draw):
    n = draw(st.integers(1, 6))
    form = draw(st.sampled_from(list(BallotForm)))
    seats = 1 if form == BallotForm.SINGLE else draw(st.integers(1, n))
    settings = RoundSettings(
        kind=RoundKind.CUSTOM,
        form=form,
        seats=seats,
        comparison=draw(st.sampled_from(list(Comparison))),
        threshold=draw(st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(7, 10), Fraction(9, 10)])),
        base=draw(st.sampled_from(list(ThresholdBase))),
        tie_breaks=tuple(draw(st.permutations(list(TieBreak)))[: draw(st.integers(1, 3))]),
        when_none_passes=draw(st.sampled_from(list(WhenNonePasses))),
    )
    scores = st.none() | st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False)
    candidates = [Candidate(i, f"Đơn vị {i}", draw(scores)) for i in range(1, n + 1)]
    mark = st.sampled_from([Mark.AGREE] if form != BallotForm.APPROVAL else list(Mark))
    ballot = st.builds(
        lambda valid, chosen: Ballot(valid=valid, marks=tuple(chosen) if valid else ()),
        st.booleans() | st.just(True),
        st.lists(st.tuples(st.sampled_from([c.id for c in candidates]), mark), max_size=n, unique_by=lambda m: m[0]),
    )
    ballots = draw(st.lists(ballot, max_size=15))
    members = draw(st.integers(len(ballots), len(ballots) + 5))
    seed = draw(st.text("0123456789abcdef", min_size=0, max_size=16))
    return settings, candidates, ballots, members, seed


def _keeps_the_rules(ballot: Ballot, settings: RoundSettings, members: int) -> bool:
    agreed = sum(1 for _, mark in ballot.marks if mark == Mark.AGREE)
    return not ballot.valid or agreed <= settings.choice_limit(members)


@hsettings(max_examples=300, deadline=None)
@given(rounds(), st.randoms(use_true_random=False), st.integers(0, 20))
def test_an_export_of_a_real_count_verifies_and_the_recount_equals_the_count(round_, random, receipts):
    settings, candidates, ballots, members, seed = round_
    result = json.loads(
        result_to_json(tally(settings, candidates, ballots, members=members, issued=members, seed=seed))
    )
    shuffled = list(ballots)
    random.shuffle(shuffled)  # the export's order is random: the count must not depend on it
    hashes = [_hash(str(i)) for i in range(min(receipts, len(ballots)))]
    data = export_of(settings, candidates[::-1], shuffled, members=members, issued=members, seed=seed,
                     result=result, receipts=hashes)  # fmt: skip
    data = json.loads(json.dumps(data, ensure_ascii=False))
    assert recount(data) == result
    report = verify(data)
    assert report.differences == []
    # A ballot over its limit is the only rule these generated ballots can break.
    assert (report.problems == []) == all(_keeps_the_rules(b, settings, members) for b in ballots)


def _paths(value, path=()):
    """Every (container, key) in a JSON value, for mutations."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key)
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*path, index)
            yield from _paths(child, (*path, index))


EXAMPLE = worked_example()
PATHS = list(_paths(EXAMPLE))


def _get(data, path):
    for step in path:
        data = data[step]
    return data


DICT_PATHS = [()] + [p for p in PATHS if isinstance(_get(EXAMPLE, p), dict)]
KEY_PATHS = [p for p in PATHS if isinstance(p[-1], str)]
VALUE_PATHS = [p for p in PATHS if _get(EXAMPLE, p) is not None]
OTHER_TYPE = {
    bool: [1, "true", None],
    int: ["7", 7.5, True, [7], {"n": 7}],
    str: [7, ["x"], {"x": 1}, False],
    list: [{}, "[]", 0],
    dict: [[], "{}", 1],
}


def _mutations():
    delete = st.tuples(st.just("delete"), st.sampled_from(KEY_PATHS), st.none())
    retype = st.sampled_from(VALUE_PATHS).flatmap(
        lambda p: st.tuples(st.just("retype"), st.just(p), st.sampled_from(OTHER_TYPE[type(_get(EXAMPLE, p))]))
    )
    add = st.tuples(st.just("add"), st.sampled_from(DICT_PATHS), st.text("abcxyz_", min_size=1, max_size=6))
    return st.one_of(delete, retype, add)


@hsettings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=_mutations())
def test_any_structural_change_to_a_valid_export_exits_1_or_2_without_a_traceback(tmp_path, mutation):
    kind, path, value = mutation
    data = copy.deepcopy(EXAMPLE)
    parent = _get(data, path[:-1]) if path else None
    if kind == "delete":
        del parent[path[-1]]
    elif kind == "retype":
        parent[path[-1]] = value
    else:
        target = _get(data, path)
        if value in target:
            return
        target[value] = 1
    code, out, err = run_main(write(tmp_path, data))
    assert code in (1, 2), (mutation, out, err)
    assert "Traceback" not in err + out and "Error(" not in err + out
    assert (code == 2) == (err != "" and out == "")
    if code == 1:  # only the result's own fields can differ without the file being malformed
        assert path[:1] == ("result",) or kind == "retype", mutation


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 4000), flips=st.lists(st.tuples(st.integers(0, 4000), st.sampled_from('0{}[],:"x.-/ ')),
                                                   max_size=3))  # fmt: skip
def test_any_damaged_text_exits_0_1_or_2_with_clean_messages(tmp_path, cut, flips):
    text = list(json.dumps(EXAMPLE, ensure_ascii=False))
    for position, char in flips:
        if position < len(text):
            text[position] = char
    path = tmp_path / "damaged.json"
    path.write_text("".join(text[: len(text) - cut]), encoding="utf-8")
    code, out, err = run_main(str(path))
    assert code in (0, 1, 2)
    assert "Traceback" not in err + out and "Error(" not in err + out
    if code == 2:
        assert out == "" and len(err.splitlines()) == 1


def test_the_recount_of_scores_uses_exact_decimals():
    data = worked_example()
    data["candidates"][1]["score"] = "88.250000001"  # 12 now just above 13's 88.25
    data["candidates"][0]["score"] = "1E+2"
    assert recount(data)["winners"] == [11, 12]
    data["candidates"][1]["score"] = "88.2499"
    assert recount(data)["winners"] == [11, 13]
    assert Decimal("88.25") > Decimal("88.2499")
