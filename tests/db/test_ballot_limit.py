"""A ballot's limit comes from the bloc's member units, like the seats: never from those present.

Lai Châu's Culture–Society bloc (8 members in the demo data) gets two more members, so it has
10; a round gives seats to 20 % of the members (2 seats), and only 8 units are checked in.
Before, the ballot page and the server counted the 8 present (20 % of 8 is 1): a delegate
could name only one unit for two seats.
"""

import json
from dataclasses import replace
from fractions import Fraction

import pytest
from sqlmodel import select

from db.models import Bloc, Province
from services.clock import now
from services.errors import ValidationFailed
from services.registry.membership import members, set_membership
from services.registry.units import create_unit
from services.voting.casting import Choice, cast_ballot
from services.voting.paper import record_paper_ballot, record_paper_voters
from services.voting.queries import ballots_for_unit
from services.voting.rounds import check_in, close_round, create_round, open_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark

YEAR = 2026


def agree(*ids: int) -> Choice:
    return Choice(marks=tuple((i, Mark.AGREE) for i in ids))


def refused(call) -> tuple[str, dict]:
    with pytest.raises(ValidationFailed) as info:
        call()
    return info.value.errors[0].key, info.value.errors[0].params


@pytest.fixture()
def share_round(demo_session):
    """(round, the 10 member units, the 8 checked in) for seats = 20 % of members."""
    bloc = demo_session.exec(
        select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))
    ).one()
    for name in ("Thư viện tỉnh", "Bảo tàng tỉnh"):
        unit = create_unit(session=demo_session, province_id=bloc.province_id, name=name, short_name="", from_year=2020)
        set_membership(session=demo_session, unit_id=unit.id, bloc_id=bloc.id, year=YEAR)
    units = [m.unit_id for m in members(demo_session, bloc_id=bloc.id, year=YEAR)]
    assert len(units) == 10
    settings = replace(PRESETS[RoundKind.CUSTOM], seats=None, seats_share=Fraction(1, 5))
    round_ = create_round(demo_session, bloc_id=bloc.id, year=YEAR, title="Đề nghị khen thưởng", settings=settings,
                          at=now())  # fmt: skip
    present = units[:8]
    check_in(demo_session, round_id=round_.id, unit_ids=present, at=now())
    open_round(demo_session, round_id=round_.id, at=now())
    return round_, units, present


def test_the_ballot_page_offers_as_many_names_as_seats_from_the_member_count(demo_session, share_round):
    round_, _units, present = share_round
    [view] = [v for v in ballots_for_unit(demo_session, unit_id=present[0]) if v.round_id == round_.id]
    assert view.limit == 2  # 20 % of 10 members, not of the 8 present


def test_two_marks_are_accepted_and_three_refused_with_the_limit_of_two(demo_session, share_round):
    round_, units, present = share_round
    voter, others = present[0], [u for u in units if u != present[0]]

    def cast(*ids):
        return cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=agree(*ids), at=now())

    assert refused(lambda: cast(*others[:3])) == ("vote_error.too_many", {"max": 2})
    assert cast(*others[:2])  # a receipt code
    result = json.loads(close_round(demo_session, round_id=round_.id, at=now()))
    assert result["members"] == 10 and result["valid"] == 1
    assert sorted(c["id"] for c in result["candidates"] if c["votes"] == 1) == sorted(others[:2])


def test_a_paper_ballot_obeys_the_same_limit(demo_session, share_round):
    round_, units, present = share_round
    record_paper_voters(demo_session, round_id=round_.id, unit_ids=present[:1], at=now())
    too_many = lambda: record_paper_ballot(demo_session, round_id=round_.id, choice=agree(*units[:3]), at=now())  # noqa: E731
    assert refused(too_many) == ("vote_error.too_many", {"max": 2})
    record_paper_ballot(demo_session, round_id=round_.id, choice=agree(*units[:2]), at=now())
