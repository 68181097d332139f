"""The count: exact thresholds, seat filling, tie-breaks, runoffs."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from services.voting.rules import (
    PRESETS,
    BallotForm,
    Comparison,
    RoundKind,
    RoundSettings,
    ThresholdBase,
    TieBreak,
    WhenNonePasses,
)
from services.voting.tally import Ballot, Candidate, Mark, required_votes, tally

FRACTIONS = [Fraction(1, 2), Fraction(2, 3), Fraction(3, 4), Fraction(70, 100), Fraction(80, 100)]


def pick(*ids: int) -> Ballot:
    return Ballot(marks=tuple((i, Mark.AGREE) for i in ids))


def candidates(n: int, scores=None) -> list[Candidate]:
    return [Candidate(i, f"Đơn vị {i:02d}", (scores or {}).get(i)) for i in range(1, n + 1)]


@pytest.mark.parametrize(
    ("threshold", "comparison", "base", "needed"),
    [
        (Fraction(2, 3), Comparison.AT_LEAST, 9, 6),  # 2/3 of 9 is 6, not 7
        (Fraction(2, 3), Comparison.MORE_THAN, 9, 7),
        (Fraction(1, 2), Comparison.MORE_THAN, 10, 6),  # more than half of 10 needs 6
        (Fraction(1, 2), Comparison.AT_LEAST, 10, 5),
        (Fraction(70, 100), Comparison.AT_LEAST, 39, 28),  # 27.3 → 28
        (Fraction(80, 100), Comparison.MORE_THAN, 40, 33),
        (Fraction(3, 4), Comparison.AT_LEAST, 40, 30),
    ],
)
def test_known_thresholds(threshold, comparison, base, needed):
    settings = RoundSettings(kind=RoundKind.CUSTOM, form=BallotForm.PICK, threshold=threshold, comparison=comparison)
    assert required_votes(settings, base) == needed


@pytest.mark.parametrize("n", [9, 10, 39, 40])
@pytest.mark.parametrize("threshold", FRACTIONS)
@pytest.mark.parametrize("comparison", list(Comparison))
@pytest.mark.parametrize("base", list(ThresholdBase))
def test_threshold_boundaries_through_a_real_count(n, threshold, comparison, base):
    """One candidate gets exactly the required votes and passes; one vote fewer fails."""
    settings = RoundSettings(
        kind=RoundKind.CUSTOM, form=BallotForm.PICK, seats=2, threshold=threshold, comparison=comparison, base=base
    )
    invalid = 3 if base == ThresholdBase.VALID else 0  # invalid ballots must not count in the valid base
    members = n + invalid + (1 if base == ThresholdBase.ENTITLED else 0)
    base_value = {ThresholdBase.ENTITLED: members, ThresholdBase.COLLECTED: n + invalid, ThresholdBase.VALID: n}[base]
    needed = min(v for v in range(1, base_value + 2) if _meets(v, base_value, threshold, comparison))
    assert needed <= n  # reachable in every case of this grid
    ballots = [pick(1, 2) if i < needed - 1 else (pick(1) if i == needed - 1 else Ballot()) for i in range(n)]
    ballots += [Ballot(valid=False)] * invalid
    result = tally(settings, candidates(3), ballots, members=members, issued=members)
    by_id = {r.candidate.id: r for r in result.results}
    assert (result.base_value, result.required) == (base_value, needed)
    assert by_id[1].votes == needed and by_id[1].passed
    assert by_id[2].votes == needed - 1 and not by_id[2].passed
    assert result.winners == (1,)


def _meets(votes: int, base: int, threshold: Fraction, comparison: Comparison) -> bool:
    # Independent of the code under test: Fraction comparison, not floor division.
    return (
        Fraction(votes) > threshold * base
        if comparison == Comparison.MORE_THAN
        else Fraction(votes) >= threshold * base
    )


# The flag preset proposes one leading unit; a bloc may propose two (Lai Châu did in 2017).
TWO_FLAGS = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=2)


def test_blank_ballots_are_valid_and_count_against():
    settings = PRESETS[RoundKind.PROVINCIAL_FLAG]
    ballots = [pick(1)] * 5 + [Ballot()] * 4  # 5 of 9 for unit 1, 4 blank
    result = tally(settings, candidates(3), ballots, members=9, issued=9)
    first = result.results[0]
    assert (result.valid, result.invalid, first.votes, first.blank) == (9, 0, 5, 4)
    assert first.passed and result.winners == (1,)
    assert first.share == Fraction(5, 9)


def test_seats_go_by_votes_and_a_tie_at_the_last_seat_goes_to_the_higher_score():
    settings = TWO_FLAGS  # > 1/2 of collected; score, then runoff
    scores = {1: Decimal("95"), 2: Decimal("90.5"), 3: Decimal("91")}
    ballots = [pick(1, 2)] * 3 + [pick(1, 3)] * 3 + [pick(2, 3)] * 2 + [pick(1)]
    result = tally(settings, candidates(3, scores), ballots, members=9, issued=9)
    # votes: 1 → 7, 2 → 5, 3 → 5: units 2 and 3 tie for the second seat; 3 has the higher score
    assert result.winners == (1, 3)
    [step] = result.steps
    assert (step.policy, set(step.tied), step.chosen) == (TieBreak.SCORE, {2, 3}, (3,))
    assert result.runoff is None


def test_equal_scores_fall_through_to_a_runoff_never_a_silent_choice():
    settings = TWO_FLAGS
    scores = {1: Decimal("95"), 2: Decimal("90"), 3: Decimal("90")}
    ballots = [pick(1, 2)] * 3 + [pick(1, 3)] * 3 + [pick(2, 3)] * 2 + [pick(1)]
    result = tally(settings, candidates(3, scores), ballots, members=9, issued=9)
    assert result.winners == (1,)
    assert [s.policy for s in result.steps] == [TieBreak.SCORE, TieBreak.RUNOFF]
    assert (set(result.runoff.candidate_ids), result.runoff.seats, result.runoff.reason) == ({2, 3}, 1, "tie")


def test_a_recorded_draw_is_reproducible_from_its_seed():
    settings = RoundSettings(
        kind=RoundKind.CUSTOM,
        form=BallotForm.PICK,
        seats=1,
        comparison=Comparison.AT_LEAST,
        tie_breaks=(TieBreak.DRAW,),
    )
    ballots = [pick(1)] * 5 + [pick(2)] * 5
    results = {tally(settings, candidates(2), ballots, members=10, issued=10, seed="hn-2026").winners for _ in range(3)}
    assert len(results) == 1
    first = tally(settings, candidates(2), ballots, members=10, issued=10, seed="hn-2026")
    assert first.steps[0].seed == "hn-2026" and first.steps[0].chosen == first.winners


def test_chair_round_with_nobody_over_half_goes_to_a_runoff_of_the_top_two():
    settings = PRESETS[RoundKind.CHAIR]
    ballots = [pick(1)] * 4 + [pick(2)] * 3 + [pick(3)] * 2
    result = tally(settings, candidates(3), ballots, members=9, issued=9)
    assert result.winners == ()
    assert (set(result.runoff.candidate_ids), result.runoff.reason) == ({1, 2}, "none_passed")


def test_leave_empty_when_configured():
    settings = RoundSettings(kind=RoundKind.CUSTOM, form=BallotForm.SINGLE, when_none_passes=WhenNonePasses.LEAVE_EMPTY)
    result = tally(settings, candidates(3), [pick(1)] * 4 + [pick(2)] * 5 + [Ballot()], members=10, issued=10)
    assert result.winners == () and result.runoff is None


def test_approval_ballots_count_agree_disagree_and_blank_separately():
    settings = RoundSettings(kind=RoundKind.CUSTOM, form=BallotForm.APPROVAL, seats=2)
    ballots = [Ballot(marks=((1, Mark.AGREE), (2, Mark.DISAGREE)))] * 6 + [Ballot(marks=((1, Mark.DISAGREE),))] * 3
    result = tally(settings, candidates(2), ballots, members=9, issued=9)
    first, second = result.results
    assert (first.votes, first.against, first.blank) == (6, 3, 0)
    assert (second.votes, second.against, second.blank) == (0, 6, 3)
    assert result.winners == (1,)


ballot_lists = st.lists(st.sets(st.integers(1, 6), max_size=3), min_size=0, max_size=40)


@hsettings(max_examples=200, deadline=None)
@given(
    ballot_lists,
    st.integers(1, 4),
    st.sampled_from(list(TieBreak)),
    st.lists(st.integers(80, 100), min_size=6, max_size=6),
)
def test_tally_invariants(choices, seats, policy, raw_scores):
    settings = RoundSettings(
        kind=RoundKind.CUSTOM, form=BallotForm.PICK, seats=seats, max_choices=3, tie_breaks=(policy,)
    )
    scores = {i + 1: Decimal(s) for i, s in enumerate(raw_scores)}
    ballots = [pick(*sorted(c)) for c in choices]
    result = tally(settings, candidates(6, scores), ballots, members=40, issued=40, seed="s")
    by_id = {r.candidate.id: r for r in result.results}
    assert len(result.winners) <= seats
    assert len(set(result.winners)) == len(result.winners)
    assert all(by_id[w].passed for w in result.winners)
    tie_decided = {c for step in result.steps for c in step.tied}
    for winner in result.winners:
        for loser in set(by_id) - set(result.winners):
            if by_id[loser].passed and by_id[winner].votes < by_id[loser].votes:
                pytest.fail("a winner has fewer votes than a passing loser")
            if by_id[winner].votes == by_id[loser].votes and by_id[loser].passed:
                assert {winner, loser} <= tie_decided  # a recorded tie-break says why
    if result.runoff:
        assert len(result.winners) + result.runoff.seats <= seats or result.runoff.reason == "none_passed"
