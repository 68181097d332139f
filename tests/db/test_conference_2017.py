"""The seeds' conference, replayed: Lai Châu's Culture–Society bloc votes its 2017
flags (2 seats), Bằng khen, and the 2018 chair, and the published results become
the recorded history the news report describes."""

from dataclasses import replace

import sqlalchemy as sa
from sqlmodel import select

from db.models import Award, AwardKind, Bloc, LeadershipRole, LeadershipTerm, Province
from services.clock import now
from services.membership import members
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark

FLAGS = ("Sở LĐ-TB&XH", "Đài PT-TH")
MERITS = ("Sở GD&ĐT", "Trường CĐ Cộng đồng")
CHAIR_2018 = "Đài PT-TH"


def agree(*ids: int) -> Choice:
    return Choice(marks=tuple((i, Mark.AGREE) for i in ids))


def run_round(session, bloc_id: int, kind: RoundKind, seats: int, wanted: list[int], units: list[int]) -> None:
    round_ = create_round(
        session, bloc_id=bloc_id, year=2017, title=kind.value, settings=replace(PRESETS[kind], seats=seats), at=now()
    )
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    open_round(session, round_id=round_.id, at=now())
    for voter in units:
        own = [u for u in wanted if u != voter]
        if len(own) < seats:  # a candidate cannot vote for itself: it backs the first other unit instead
            own.append(next(u for u in units if u not in wanted and u != voter))
        cast_ballot(session, round_id=round_.id, unit_id=voter, choice=agree(*own[:seats]), at=now())
    close_round(session, round_id=round_.id, at=now())
    publish_round(session, round_id=round_.id, at=now())


def test_the_2017_conference_of_lai_chau_becomes_history(demo_session):
    bloc = demo_session.exec(
        select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))
    ).one()
    roster = {m.short_name: m.unit_id for m in members(demo_session, bloc_id=bloc.id, year=2017)}
    units = list(roster.values())
    assert len(units) == 9
    # Start from a bloc without the recorded outcome, so the vote has to produce it.
    demo_session.execute(sa.delete(Award).where(Award.bloc_id == bloc.id, Award.year == 2017))
    demo_session.execute(
        sa.delete(LeadershipTerm).where(LeadershipTerm.bloc_id == bloc.id, LeadershipTerm.year == 2018)
    )

    run_round(demo_session, bloc.id, RoundKind.PROVINCIAL_FLAG, 2, [roster[s] for s in FLAGS], units)
    run_round(demo_session, bloc.id, RoundKind.CERTIFICATE_OF_MERIT, 2, [roster[s] for s in MERITS], units)
    run_round(demo_session, bloc.id, RoundKind.CHAIR, 1, [roster[CHAIR_2018]], units)

    def proposed(kind: AwardKind) -> set[int]:
        rows = demo_session.exec(select(Award).where(Award.bloc_id == bloc.id, Award.year == 2017, Award.kind == kind))
        return {a.unit_id for a in rows}

    assert proposed(AwardKind.PROVINCIAL_FLAG) == {roster[s] for s in FLAGS}
    assert proposed(AwardKind.CERTIFICATE_OF_MERIT) == {roster[s] for s in MERITS}
    chair = demo_session.exec(
        select(LeadershipTerm).where(
            LeadershipTerm.bloc_id == bloc.id, LeadershipTerm.year == 2018, LeadershipTerm.role == LeadershipRole.CHAIR
        )
    ).one()
    assert chair.unit_id == roster[CHAIR_2018]
