"""A recount from an export equals the count it was exported from; the command line."""

import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from services.recount import recount
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


def export_of(settings, candidates, ballots, *, members, issued, seed, result) -> dict:
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
                "invalid_reason": None if b.valid else "Quá số suất",
                "marks": [[cid, mark.value] for cid, mark in b.marks],
            }
            for b in ballots
        ],
        "receipt_hashes": [],
        "result": result,
    }


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


@hsettings(max_examples=300, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_the_recount_of_an_export_equals_the_count(round_, random):
    settings, candidates, ballots, members, seed = round_
    result = json.loads(
        result_to_json(tally(settings, candidates, ballots, members=members, issued=members, seed=seed))
    )
    shuffled = list(ballots)
    random.shuffle(shuffled)  # the export's order is random: the count must not depend on it
    data = export_of(settings, candidates[::-1], shuffled, members=members, issued=members, seed=seed, result=result)
    assert recount(json.loads(json.dumps(data, ensure_ascii=False))) == result


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "services.recount", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_the_command_prints_the_recount_and_refuses_bad_files(tmp_path):
    settings = RoundSettings(kind=RoundKind.CUSTOM, form=BallotForm.PICK, seats=2)
    candidates = [
        Candidate(1, "Sở Văn hóa", Decimal("95.5")),
        Candidate(2, "Đài Phát thanh", Decimal("90")),
        Candidate(3, "Thư viện tỉnh", None),
    ]

    def pick(*ids):
        return Ballot(marks=tuple((i, Mark.AGREE) for i in ids))

    ballots = [pick(1, 2), pick(1, 2), pick(1, 3), pick(2, 3), pick(3, 1)]
    result = json.loads(result_to_json(tally(settings, candidates, ballots, members=5, issued=5, seed="ab")))
    good = tmp_path / "round.json"
    good.write_text(
        json.dumps(
            export_of(settings, candidates, ballots, members=5, issued=5, seed="ab", result=result), ensure_ascii=False
        ),
        encoding="utf-8",
    )
    done = _run(str(good))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed == result and printed["winners"] == [1, 2]
    assert [s["policy"] for s in printed["tie_steps"]] == ["score"]  # 2 and 3 tie on 3 votes: score decides
    assert "Đài Phát thanh" in done.stdout

    not_json = tmp_path / "broken.json"
    not_json.write_text("{not json", encoding="utf-8")
    future = tmp_path / "future.json"
    future.write_text(json.dumps({**json.loads(good.read_text(encoding="utf-8")), "version": 99}), encoding="utf-8")
    for path in (tmp_path / "missing.json", not_json, future):
        failed = _run(str(path))
        assert failed.returncode == 2 and failed.stdout == "" and "recount:" in failed.stderr, path
    assert "version" in _run(str(future)).stderr
