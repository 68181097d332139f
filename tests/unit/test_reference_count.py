"""The real count against a plain reference count (tests/reference_count.py), on every setting.

First the reference itself on hand-computed rounds, then thousands of generated rounds
that both counts must agree on (winners, runoff, required votes, tie steps, per-candidate
counts), then invariants of the real count that a user would notice at the last seat.
"""

import hashlib
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from services.voting.rules import (
    BallotForm,
    Comparison,
    RoundKind,
    RoundSettings,
    ThresholdBase,
    TieBreak,
    WhenNonePasses,
)
from services.voting.tally import Ballot, Candidate, Mark, tally
from tests.reference_count import reference_count, reference_required, reference_seats

FLAG = RoundSettings(kind=RoundKind.PROVINCIAL_FLAG, form=BallotForm.PICK, seats=2)  # > 1/2 of collected


def pick(*ids: int) -> Ballot:
    return Ballot(marks=tuple((i, Mark.AGREE) for i in ids))


def units(n: int, scores: dict | None = None) -> list[Candidate]:
    return [Candidate(i, f"Đơn vị {i:02d}", (scores or {}).get(i)) for i in range(1, n + 1)]


def box_with_votes(votes: dict[int, int], size: int) -> list[Ballot]:
    """`size` pick ballots on which candidate i is chosen on the first votes[i] of them."""
    return [pick(*[i for i, v in votes.items() if number < v]) for number in range(size)]


# --- The reference on hand-computed rounds -------------------------------------------------


@pytest.mark.parametrize(
    ("comparison", "threshold", "base", "needed"),
    [
        (Comparison.AT_LEAST, Fraction(2, 3), 9, 6),  # 2/3 of 9 is 6, not 7
        (Comparison.MORE_THAN, Fraction(2, 3), 9, 7),
        (Comparison.MORE_THAN, Fraction(1, 2), 10, 6),
        (Comparison.AT_LEAST, Fraction(1, 2), 10, 5),
        (Comparison.AT_LEAST, Fraction(7, 10), 39, 28),  # 27.3 → 28
        (Comparison.MORE_THAN, Fraction(9, 10), 10, 10),
        (Comparison.AT_LEAST, Fraction(1, 2), 0, 1),  # never less than one vote
    ],
)
def test_reference_required_votes(comparison, threshold, base, needed):
    assert reference_required(comparison, threshold, base) == needed


def test_reference_seats_from_a_share_round_down():
    share = replace(FLAG, seats=None, seats_share=Fraction(1, 5))
    assert [reference_seats(share, m) for m in (4, 5, 9, 10, 14, 15)] == [0, 1, 1, 2, 2, 3]


@pytest.mark.parametrize("policies", [(TieBreak.RUNOFF,), (TieBreak.SCORE, TieBreak.RUNOFF), (TieBreak.DRAW,)])
def test_reference_no_tie_when_the_last_seat_has_one_candidate(policies):
    """The defect case: 2 seats, votes 9, 8, 7, all passing: 9 and 8 win, no tie step, no runoff."""
    settings = replace(FLAG, tie_breaks=policies)
    ballots = box_with_votes({1: 9, 2: 8, 3: 7}, 10)
    result = reference_count(settings, units(3), ballots, members=10, issued=10)
    assert result.required == 6 and [c.passed for c in result.candidates] == [True, True, True]
    assert result.winners == (1, 2)
    assert result.steps == [] and result.runoff is None


def test_reference_a_real_tie_at_the_last_seat_goes_to_the_higher_score():
    scores = {1: Decimal("95"), 2: Decimal("90.5"), 3: Decimal("91")}
    ballots = box_with_votes({1: 7, 2: 5, 3: 5}, 9)  # 2 and 3 share the last seat's 5 votes
    result = reference_count(FLAG, units(3, scores), ballots, members=9, issued=9)
    assert result.winners == (1, 3)
    assert [(s.policy, set(s.tied), s.seats, s.chosen) for s in result.steps] == [("score", {2, 3}, 1, (3,))]
    assert result.runoff is None


def test_reference_equal_or_missing_scores_fall_through_to_a_runoff():
    scores = {1: Decimal("95"), 2: Decimal("90"), 3: Decimal("90.00")}
    ballots = box_with_votes({1: 7, 2: 5, 3: 5}, 9)
    result = reference_count(FLAG, units(3, scores), ballots, members=9, issued=9)
    assert result.winners == (1,)
    assert [s.policy for s in result.steps] == ["score", "runoff"]
    assert result.runoff == ((2, 3), 1, "tie")
    no_scores = reference_count(FLAG, units(3), ballots, members=9, issued=9)
    assert no_scores.runoff == ((2, 3), 1, "tie")


def test_reference_score_seats_part_of_a_tie_then_a_draw_picks_among_equal_scores():
    """3 seats; 1 has 8 votes, 2-5 have 6 each (4 for 2 seats): 2 has the best score and is
    seated, 3 and 4 share the next score (1 seat left: still tied), 5 has no score.
    The draw picks the lowest sha256("<seed>:<id>") of 3 and 4."""
    settings = replace(FLAG, seats=3, tie_breaks=(TieBreak.SCORE, TieBreak.DRAW))
    scores = {2: Decimal("99"), 3: Decimal("80"), 4: Decimal("80"), 5: None}
    ballots = box_with_votes({1: 8, 2: 6, 3: 6, 4: 6, 5: 6}, 10)
    result = reference_count(settings, units(5, scores), ballots, members=10, issued=10, seed="hn")
    drawn = min((3, 4), key=lambda i: hashlib.sha256(f"hn:{i}".encode()).hexdigest())
    assert [(s.policy, s.tied, s.seats, s.chosen) for s in result.steps] == [
        ("score", (2, 3, 4, 5), 2, (2,)),
        ("draw", (3, 4), 1, (drawn,)),
    ]
    assert result.winners == (1, 2, drawn) and result.runoff is None


def test_reference_nobody_passes_top_two_plus_ties_or_empty():
    chair = RoundSettings(kind=RoundKind.CHAIR, form=BallotForm.SINGLE, when_none_passes=WhenNonePasses.RUNOFF_TOP_TWO)
    ballots = [pick(1)] * 4 + [pick(2)] * 3 + [pick(3)] * 3 + [pick(4)]
    assert reference_count(chair, units(4), ballots, members=11, issued=11).runoff == ((1, 2, 3), 1, "none_passed")
    lone = reference_count(chair, units(1), [pick(1)] * 2 + [Ballot()] * 3, members=5, issued=5)
    assert lone.winners == () and lone.runoff is None  # a runoff of one is no runoff
    empty = replace(chair, when_none_passes=WhenNonePasses.LEAVE_EMPTY)
    assert reference_count(empty, units(4), ballots, members=11, issued=11).runoff is None


def test_reference_blank_and_invalid_ballots():
    approval = RoundSettings(kind=RoundKind.CUSTOM, form=BallotForm.APPROVAL, seats=1, base=ThresholdBase.VALID)
    ballots = (
        [Ballot(marks=((1, Mark.AGREE), (2, Mark.DISAGREE)))] * 3
        + [Ballot()] * 2
        + [Ballot(valid=False, marks=((2, Mark.AGREE),))] * 4
    )
    result = reference_count(approval, units(2), ballots, members=9, issued=9)
    assert (result.collected, result.valid, result.invalid, result.base_value, result.required) == (9, 5, 4, 5, 3)
    assert result.counts() == {1: (3, 0, 2, True), 2: (0, 3, 2, False)}
    assert result.winners == (1,)


# --- The real count against the reference, on generated rounds -----------------------------

FRACTIONS = [Fraction(1, 2), Fraction(2, 3), Fraction(3, 4), Fraction(7, 10), Fraction(4, 5), Fraction(9, 10)]
SHARES = [Fraction(1, 5), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3)]
NAMES = ["Sở Y tế", "Sở Nội vụ", "Đài Phát thanh – Truyền hình tỉnh", "Bảo hiểm xã hội tỉnh", "Sở Tài chính"]
SCORES = [None, Decimal("80"), Decimal("85.5"), Decimal("90"), Decimal("90.00")]


# Strategies built once, and a ballot drawn as one integer (drawing each mark took most of
# the run): code % 4 == 0 makes it invalid (1 in 4); then one base-4 digit per candidate
# 1-6: 0 not marked, 3 disagree on an approval ballot, else agree (chosen on a pick ballot).
# A single ballot names (code // 4) % (n + 1), 0 being blank. Most ballots repeat one of
# four drawn ballots, as delegates agree in a real hall: units named together get equal
# votes, so ties at the last seat are common. Sizes and indices are sampled_from, uniform:
# st.integers and st.lists favour small values and short lists.
CODE = st.integers(0, 8 * 4**6 - 1)
TEMPLATES = st.lists(CODE, min_size=3, max_size=3)
PICK_BALLOT = st.sampled_from(range(4))  # one of the three templates, or 3: a ballot of its own
SIZE, EXTRA, COUNT = st.sampled_from(range(4, 15)), st.sampled_from(range(5)), st.sampled_from(range(1, 7))
NAME, SCORE, FORM = st.sampled_from(NAMES), st.sampled_from(SCORES), st.sampled_from(list(BallotForm))
COMPARISON, THRESHOLD = st.sampled_from(list(Comparison)), st.sampled_from(FRACTIONS)
BASE, NONE_PASSES = st.sampled_from(list(ThresholdBase)), st.sampled_from(list(WhenNonePasses))
ORDER, SHARE, SEED = st.permutations(list(TieBreak)), st.sampled_from(SHARES), st.sampled_from(["", "hn", "3f9a61c2"])


def _ballot(raw: int, n: int, form: BallotForm) -> Ballot:
    code = (raw * 40503 + 12345) % (8 * 4**6)  # a bijection: hypothesis favours raw 0, 1, 2…, not so the code
    valid, digits = code % 8 != 0, code // 8
    if form == BallotForm.SINGLE:
        chosen = digits % (n + 1)
        return Ballot(valid=valid, marks=((chosen, Mark.AGREE),) if chosen else ())
    marks = []
    for candidate in range(1, n + 1):
        digit, digits = digits % 4, digits // 4
        if digit:
            marks.append((candidate, Mark.DISAGREE if digit == 3 and form == BallotForm.APPROVAL else Mark.AGREE))
    return Ballot(valid=valid, marks=tuple(marks))


@st.composite
def rounds(draw):
    n = draw(COUNT)
    form = draw(FORM)
    candidates = [Candidate(i, draw(NAME), draw(SCORE)) for i in range(1, n + 1)]
    templates = draw(TEMPLATES)
    codes = []
    for _ in range(draw(SIZE)):
        which = draw(PICK_BALLOT)
        codes.append(templates[which] if which < 3 else draw(CODE))
    ballots = [_ballot(code, n, form) for code in codes]
    members = max(len(ballots), n) + draw(EXTRA)  # candidates are member units
    if form != BallotForm.SINGLE and draw(st.booleans()):
        share = draw(SHARE)
        members = max(members, -(-share.denominator // share.numerator))  # at least one seat
        seats = {"seats": None, "seats_share": share}
    else:
        seats = {"seats": 1 if form == BallotForm.SINGLE else draw(st.sampled_from(range(1, n + 1)))}
    settings = RoundSettings(
        kind=RoundKind.CUSTOM,
        form=form,
        comparison=draw(COMPARISON),
        threshold=draw(THRESHOLD),
        base=draw(BASE),
        tie_breaks=tuple(draw(ORDER)[: draw(st.integers(1, 3))]),
        when_none_passes=draw(NONE_PASSES),
        **seats,
    )
    return settings, candidates, ballots, members, draw(SEED)


def _real(result) -> dict:
    return {
        "listing": [r.candidate.id for r in result.results],
        "counts": {r.candidate.id: (r.votes, r.against, r.blank, r.passed) for r in result.results},
        "ranks": {r.candidate.id: r.rank for r in result.results},
        "shares": {r.candidate.id: r.share for r in result.results},
        "totals": (result.collected, result.valid, result.invalid, result.base_value, result.required),
        "winners": result.winners,
        "steps": [(s.policy.value, s.tied, s.seats, s.chosen) for s in result.steps],
        "runoff": result.runoff and (result.runoff.candidate_ids, result.runoff.seats, result.runoff.reason),
    }


def _reference(result) -> dict:
    return {
        "listing": [c.id for c in result.candidates],
        "counts": result.counts(),
        "ranks": {c.id: c.rank for c in result.candidates},
        "shares": {c.id: c.share for c in result.candidates},
        "totals": (result.collected, result.valid, result.invalid, result.base_value, result.required),
        "winners": result.winners,
        "steps": [(s.policy, s.tied, s.seats, s.chosen) for s in result.steps],
        "runoff": result.runoff,
    }


def assert_last_seat_invariants(settings: RoundSettings, result, members: int) -> str:
    """What a user checks on the minutes, stated without either implementation; returns
    what the last seat was like, for the statistics."""
    seats = settings.seat_count(members)
    passing = [r for r in result.results if r.passed]
    votes = {r.candidate.id: r.votes for r in result.results}
    real_tie = False
    if len(passing) > seats:
        cut = sorted((r.votes for r in passing), reverse=True)[seats - 1]
        above = [r for r in passing if r.votes > cut]
        at_cut = {r.candidate.id for r in passing if r.votes == cut}
        real_tie = len(at_cut) > seats - len(above)
    # A tie step exists only when more candidates share the last seat's votes than seats remain.
    assert bool(result.steps) == real_tie, (result.steps, [(r.candidate.id, r.votes) for r in passing], seats)
    if real_tie:
        assert set(result.steps[0].tied) == at_cut and result.steps[0].seats == seats - len(above)
    if result.runoff is not None:
        runoff = result.runoff.candidate_ids
        assert len(runoff) >= 2, result.runoff  # a runoff of one unit leaves the seat empty for nothing
        if result.runoff.reason == "tie":
            assert len({votes[c] for c in runoff}) == 1  # only candidates tied on votes
            # Anyone with more votes than the tied, passing, is seated: never sent to a runoff.
            assert all(r.candidate.id in result.winners for r in passing if r.votes > votes[runoff[0]])
        else:
            assert not passing and result.winners == ()
    assert len(result.winners) <= seats and all(votes[w] for w in result.winners)
    if len(passing) <= seats:
        return "every passing unit seated"
    return "more pass than seats: " + ("tie at the last seat" if real_tie else "no tie at the last seat")


@hsettings(max_examples=3000, deadline=None, derandomize=True, database=None,
           suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(rounds())
def test_the_real_count_equals_the_reference_on_every_setting(round_):
    settings, candidates, ballots, members, seed = round_
    real = tally(settings, candidates, ballots, members=members, issued=members, seed=seed)
    reference = reference_count(settings, candidates, ballots, members=members, issued=members, seed=seed)
    assert _real(real) == _reference(reference)
    # What the generated rounds exercised (pytest --hypothesis-show-statistics).
    event(assert_last_seat_invariants(settings, real, members))
    event("tie steps: " + (" > ".join(s.policy.value for s in real.steps) or "none"))
    event("runoff: " + (real.runoff.reason if real.runoff else "none"))


@pytest.mark.parametrize("policies", [(TieBreak.RUNOFF,), (TieBreak.SCORE, TieBreak.RUNOFF), (TieBreak.SCORE,)])
def test_the_real_count_seats_the_single_candidate_at_the_cut(policies):
    """2 seats, votes 9, 8, 7 all passing: 8 takes the second seat. Before the fix a
    runoff-first round called a runoff of that one unit and left the seat empty, and a
    score-first round recorded a tie that never happened."""
    settings = replace(FLAG, tie_breaks=policies)
    result = tally(settings, units(3), box_with_votes({1: 9, 2: 8, 3: 7}, 10), members=10, issued=10)
    assert result.winners == (1, 2)
    assert result.steps == () and result.runoff is None


def test_a_runoff_of_the_top_two_needs_two_candidates():
    chair = RoundSettings(kind=RoundKind.CHAIR, form=BallotForm.SINGLE, when_none_passes=WhenNonePasses.RUNOFF_TOP_TWO)
    result = tally(chair, units(1), [pick(1)] * 2 + [Ballot()] * 3, members=5, issued=5)
    assert result.winners == () and result.runoff is None
