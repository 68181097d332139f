"""Council rounds against the plain reference count of issue 12 (tests/reference_count.py).

A council round is an approval ballot, one agree / disagree / blank line per proposal,
as many seats as proposals (every line that reaches the threshold passes), the threshold
and base of the province: by default at least 2/3 of ALL council members. Hand-computed
cases first, then generated council rounds (members are persons, so there may be more
proposals than members; blank lines, blank ballots and invalid ballots) that both counts
must agree on.
"""

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from services.errors import ValidationFailed
from services.voting.rules import (
    COUNCIL_KINDS,
    PRESETS,
    BallotForm,
    Comparison,
    RoundKind,
    ThresholdBase,
    check_settings,
)
from services.voting.tally import Ballot, Candidate, Mark, tally
from tests.reference_count import reference_count
from tests.unit.test_reference_count import _real, _reference

COUNCIL = PRESETS[RoundKind.COUNCIL_PROVINCIAL_FLAG]


def council(candidates: int, **rules):
    return replace(COUNCIL, seats=candidates, **rules)


def proposals(n: int) -> list[Candidate]:
    return [Candidate(i, f"Tập thể {i:02d}") for i in range(1, n + 1)]


def box(lines: dict[int, tuple[int, int]], size: int, *, invalid: int = 0) -> list[Ballot]:
    """`size` valid ballots: candidate i agreed on the first lines[i][0], disagreed on the next
    lines[i][1], blank on the rest; then `invalid` invalid ballots."""
    ballots = []
    for number in range(size):
        marks = []
        for cid, (agree, against) in lines.items():
            if number < agree:
                marks.append((cid, Mark.AGREE))
            elif number < agree + against:
                marks.append((cid, Mark.DISAGREE))
        ballots.append(Ballot(marks=tuple(marks)))
    return ballots + [Ballot(valid=False)] * invalid


@pytest.mark.parametrize("kind", sorted(COUNCIL_KINDS))
def test_the_council_preset_is_valid_with_one_seat_per_proposal_whatever_the_members(kind):
    for members, candidates in ((9, 3), (1, 12), (7, 7)):
        check_settings(replace(PRESETS[kind], seats=candidates), members=members, candidates=candidates)
    assert (COUNCIL.form, COUNCIL.comparison, COUNCIL.threshold, COUNCIL.base) == (
        BallotForm.APPROVAL, Comparison.AT_LEAST, Fraction(2, 3), ThresholdBase.ENTITLED,
    )  # fmt: skip
    for wrong in (replace(PRESETS[kind], seats=2), replace(PRESETS[kind], seats=3, form=BallotForm.PICK)):
        with pytest.raises(ValidationFailed) as info:
            check_settings(wrong, members=9, candidates=3)
        assert {e.key for e in info.value.errors} & {
            "council.error.seats_are_candidates",
            "council.error.approval_form",
        }


def test_nine_members_at_least_two_thirds_of_all_six_agrees_pass_five_do_not():
    # 8 of 9 members vote: 1, 2 and 3 get 6, 5 and 8 agrees; 4 is left blank by everyone.
    ballots = box({1: (6, 1), 2: (5, 3), 3: (8, 0), 4: (0, 0)}, 8)
    for count in (tally, reference_count):
        result = count(council(4), proposals(4), ballots, members=9, issued=9)
        assert (result.base_value, result.required) == (9, 6)
        assert set(result.winners) == {1, 3}  # every line at 6 or more, no cap
    real = tally(council(4), proposals(4), ballots, members=9, issued=9)
    rows = {r.candidate.id: (r.votes, r.against, r.blank, r.passed) for r in real.results}
    assert rows == {1: (6, 1, 1, True), 2: (5, 3, 0, False), 3: (8, 0, 0, True), 4: (0, 0, 8, False)}


@pytest.mark.parametrize(
    ("rules", "required", "winners"),
    [
        ({}, 6, set()),  # at least 2/3 of all 9 members
        ({"base": ThresholdBase.COLLECTED, "comparison": Comparison.MORE_THAN, "threshold": Fraction(1, 2)}, 5, {1}),
        ({"base": ThresholdBase.VALID}, 4, {1, 2}),  # at least 2/3 of 6 valid
        ({"base": ThresholdBase.VALID, "threshold": Fraction(1, 2)}, 3, {1, 2, 3}),  # at least half of 6 valid
        ({"threshold": Fraction(9, 10)}, 9, set()),  # 90 % of 9 members is 8.1: 9
    ],
)
def test_the_provinces_base_and_threshold(rules, required, winners):
    a, d = Mark.AGREE, Mark.DISAGREE
    ballots = [
        *[Ballot(marks=((1, a), (2, a), (3, a)))] * 3,
        Ballot(marks=((1, a), (2, a), (3, d))),
        Ballot(marks=((1, a),)),  # lines 2 and 3 left blank
        Ballot(),  # a blank ballot: valid, agrees with nobody
        *[Ballot(valid=False)] * 2,
    ]  # collected 8, valid 6; agrees: 1 → 5, 2 → 4, 3 → 3
    for count in (tally, reference_count):
        result = count(council(3, **rules), proposals(3), ballots, members=9, issued=9)
        assert (result.collected, result.valid) == (8, 6)
        assert result.required == required and set(result.winners) == winners
        assert result.runoff is None


def test_blank_ballots_and_blank_lines_never_add_a_vote():
    ballots = [Ballot()] * 6 + box({1: (3, 0)}, 3)  # 6 blank ballots, 3 that agree with 1
    real = tally(council(2), proposals(2), ballots, members=9, issued=9)
    reference = reference_count(council(2), proposals(2), ballots, members=9, issued=9)
    assert _real(real) == _reference(reference)
    assert [(r.candidate.id, r.votes, r.against, r.blank) for r in real.results] == [(1, 3, 0, 6), (2, 0, 0, 9)]
    assert real.winners == () and real.required == 6


MEMBERS, CANDIDATES = st.integers(1, 15), st.integers(1, 8)
FRACTIONS = [Fraction(1, 2), Fraction(2, 3), Fraction(3, 4), Fraction(9, 10), Fraction(1), Fraction(7, 10)]
LINE = st.sampled_from(["agree", "disagree", "blank"])


@st.composite
def council_rounds(draw):
    members, n = draw(MEMBERS), draw(CANDIDATES)
    voted = draw(st.integers(0, members))  # one ballot per member at most
    ballots = []
    for _ in range(voted):
        kind = draw(st.sampled_from(["lines", "lines", "lines", "blank", "invalid"]))
        if kind == "invalid":
            ballots.append(Ballot(valid=False))
        elif kind == "blank":
            ballots.append(Ballot())
        else:
            lines = [(cid, draw(LINE)) for cid in range(1, n + 1)]
            ballots.append(Ballot(marks=tuple((c, Mark(m)) for c, m in lines if m != "blank")))
    rules = {
        "comparison": draw(st.sampled_from(list(Comparison))),
        "threshold": draw(st.sampled_from(FRACTIONS)),
        "base": draw(st.sampled_from(list(ThresholdBase))),
    }
    kind = draw(st.sampled_from(sorted(COUNCIL_KINDS)))
    return replace(PRESETS[kind], seats=n, **rules), proposals(n), ballots, members


@hsettings(max_examples=1500, deadline=None, derandomize=True, database=None,
           suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(council_rounds())
def test_generated_council_rounds_equal_the_reference_and_pass_every_line_that_reaches_it(round_):
    settings, candidates, ballots, members = round_
    check_settings(settings, members=members, candidates=len(candidates))
    real = tally(settings, candidates, ballots, members=members, issued=members)
    reference = reference_count(settings, candidates, ballots, members=members, issued=members)
    assert _real(real) == _reference(reference)
    # A council judges each line on its own: exactly the lines that reach the threshold pass,
    # never a tie-break, never a runoff.
    assert set(real.winners) == {r.candidate.id for r in real.results if r.passed}
    assert real.steps == () and real.runoff is None
    event(f"passed: {len(real.winners)} of {len(candidates)}")
    event(f"base: {settings.base.value}")
