"""The most names a ballot may mark, from the same member count as the seats."""

from fractions import Fraction

import pytest

from services.voting.rules import BallotForm, RoundKind, RoundSettings

SHARE = RoundSettings(kind=RoundKind.CUSTOM, form=BallotForm.PICK, seats=None, seats_share=Fraction(1, 5))


@pytest.mark.parametrize(("members", "seats"), [(4, 0), (5, 1), (9, 1), (10, 2), (14, 2), (15, 3)])
def test_a_share_of_members_gives_seats_and_the_limit_alike(members, seats):
    assert SHARE.seat_count(members) == seats
    assert SHARE.choice_limit(members) == seats


def test_ten_members_at_twenty_percent_may_mark_two_whoever_is_present():
    # 8 of the 10 present: 20 % of 8 would be 1, but seats (and so the limit) come from the 10.
    assert SHARE.choice_limit(10) == 2 and SHARE.seat_count(10) == 2


def test_k_and_single_choice_do_not_depend_on_members():
    assert RoundSettings(kind=RoundKind.CUSTOM, form=BallotForm.PICK, seats=2, max_choices=3).choice_limit(10) == 3
    assert RoundSettings(kind=RoundKind.CHAIR, form=BallotForm.SINGLE).choice_limit(10) == 1
