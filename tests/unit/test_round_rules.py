"""Round settings: presets, validation messages, quorum."""

from dataclasses import replace
from fractions import Fraction

import pytest

from services.errors import ValidationFailed
from services.voting.rules import (
    BLOC_KINDS,
    OPEN_ELECTION_OF,
    PRESETS,
    BallotForm,
    CandidateSource,
    RoundKind,
    check_settings,
    quorum_met,
)


def problems(settings, *, members=9, candidates=9) -> set[str]:
    with pytest.raises(ValidationFailed) as info:
        check_settings(settings, members=members, candidates=candidates)
    return {e.key for e in info.value.errors}


@pytest.mark.parametrize("kind", BLOC_KINDS)  # a council's preset: tests/unit/test_council_count.py
def test_every_preset_is_valid_for_a_bloc_of_nine(kind):
    # A confirmation of the rotation nominee has one candidate, every other round all nine.
    check_settings(PRESETS[kind], members=9, candidates=1 if kind in OPEN_ELECTION_OF else 9)


def test_preset_values_follow_the_domain_defaults():
    flag, chair = PRESETS[RoundKind.PROVINCIAL_FLAG], PRESETS[RoundKind.CHAIR]
    assert (flag.form, flag.threshold, flag.base.value, flag.self_vote) == (
        BallotForm.PICK,
        Fraction(1, 2),
        "collected",
        False,
    )
    assert (chair.form, chair.when_none_passes.value) == (BallotForm.SINGLE, "runoff_top_two")


def test_bad_settings_are_each_reported():
    flag = PRESETS[RoundKind.PROVINCIAL_FLAG]
    assert problems(replace(flag, seats=0)) == {"vote_error.seats_positive"}
    assert problems(replace(flag, max_choices=12)) == {"vote_error.max_exceeds_candidates"}
    assert problems(replace(flag, seats=4), candidates=3) == {"vote_error.seats_exceed_candidates"}
    assert problems(replace(flag, threshold=Fraction(3, 2))) == {"vote_error.threshold_range"}
    assert problems(replace(flag, min_choices=3)) == {"vote_error.min_range"}
    assert problems(replace(flag, candidates=CandidateSource.TOP_BY_SCORE)) == {"vote_error.top_n_positive"}
    assert problems(replace(PRESETS[RoundKind.CHAIR], seats=2)) == {"vote_error.single_one_seat"}
    assert problems(flag, candidates=0) == {"vote_error.no_candidates"}


def test_seats_as_a_share_of_members_round_down():
    share = replace(PRESETS[RoundKind.GOVERNMENT_FLAG], seats=None, seats_share=Fraction(1, 5))
    assert share.seat_count(9) == 1 and share.seat_count(10) == 2
    assert problems(share, members=4, candidates=4) == {"vote_error.share_too_small"}


def test_quorum_of_two_thirds():
    flag = PRESETS[RoundKind.PROVINCIAL_FLAG]
    assert quorum_met(flag, present=6, members=9)
    assert not quorum_met(flag, present=5, members=9)
    assert quorum_met(flag, present=7, members=10) and not quorum_met(flag, present=6, members=10)
