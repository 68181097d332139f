"""A conference under way, for the fault tests (database and browser alike): the demo
data, an open round in Lai Châu's Culture–Society bloc with every member unit checked
in, and one access code per unit (issued with the key the app server will use).
"""

import secrets
from dataclasses import dataclass, field, replace
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from db.models import Bloc, Province
from db.models.voting import Ballot, Participation, SealedBallot, VotingRound
from manage.demo import load_demo
from services.access.codes import create_conference, issue_codes
from services.clock import now
from services.registry.membership import members
from services.voting.results import round_candidates
from services.voting.rounds import check_in, create_round, open_round
from services.voting.rules import PRESETS, RoundKind, RoundSettings

YEAR = 2026


@dataclass
class Conference:
    url: str
    key: str
    bloc_id: int
    round_id: int
    units: list[int]
    names: dict[int, str]
    codes: dict[int, str]
    extra_rounds: dict[str, int] = field(default_factory=dict)

    def engine(self) -> sa.Engine:
        return make_engine(self.url)


def lai_chau_culture(session: Session) -> Bloc:
    return session.exec(select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))).one()


def open_round_for(session: Session, *, bloc_id: int, kind: RoundKind, title: str, conference_id: int | None,
                   settings: RoundSettings | None = None) -> int:  # fmt: skip
    units = [m.unit_id for m in members(session, bloc_id=bloc_id, year=YEAR)]
    if settings is None and kind == RoundKind.PROVINCIAL_FLAG:  # the preset proposes one; this bloc two
        settings = replace(PRESETS[kind], seats=2)
    round_ = create_round(session, bloc_id=bloc_id, year=YEAR, title=title, settings=settings or PRESETS[kind],
                          at=now(), conference_id=conference_id)  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    open_round(session, round_id=round_.id, at=now())
    return round_.id


def build_conference(url: str, *, kind: RoundKind = RoundKind.PROVINCIAL_FLAG, key: str | None = None) -> Conference:
    """Migrate, load the demo data, open a round and issue the access codes (what the admin does)."""
    key = key or secrets.token_urlsafe(48)
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            load_demo(session, votes=False)
        with session_scope(engine) as session:
            bloc = lai_chau_culture(session)
            conference = create_conference(session=session, bloc_id=bloc.id, year=YEAR, name="Hội nghị tổng kết",
                                           ends_at=now() + timedelta(days=1), at=now())  # fmt: skip
            round_id = open_round_for(session, bloc_id=bloc.id, kind=kind, title="Cờ thi đua của UBND tỉnh",
                                      conference_id=conference.id)  # fmt: skip
            issued = issue_codes(session=session, conference=conference, key=key, at=now())
            candidates = round_candidates(session, session.get(VotingRound, round_id), with_scores=False)
            return Conference(
                url=url,
                key=key,
                bloc_id=bloc.id,
                round_id=round_id,
                units=[code.unit_id for code in issued],
                names={c.id: c.name for c in candidates},
                codes={code.unit_id: code.code for code in issued},
            )
    finally:
        engine.dispose()


def stored_counts(url: str, round_id: int) -> tuple[set[int], int]:
    """(units recorded as having voted, anonymous ballots) of a round."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            voted = set(session.exec(select(Participation.unit_id).where(Participation.round_id == round_id)))
            ballots = session.exec(select(sa.func.count()).select_from(Ballot).where(Ballot.round_id == round_id)).one()
            sealed = session.exec(  # a sealed round's ballots wait in the box until the close
                select(sa.func.count()).select_from(SealedBallot).where(SealedBallot.round_id == round_id)
            ).one()
        return voted, ballots + sealed
    finally:
        engine.dispose()


def demo_code_conference(url: str, *, round_title: str, key: str) -> dict[str, str]:
    """On a demo database: a conference of Lai Châu's Culture–Society bloc ending in four
    hours, its flag round open, one access code per member unit: the codes by unit name."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = lai_chau_culture(session)
        conference = create_conference(session=session, bloc_id=bloc.id, year=YEAR, name="Hội nghị tổng kết",
                                       ends_at=now() + timedelta(hours=4), at=now())  # fmt: skip
        open_round_for(session, bloc_id=bloc.id, kind=RoundKind.PROVINCIAL_FLAG, title=round_title,
                       conference_id=conference.id)  # fmt: skip
        codes = {i.unit_name: i.code for i in issue_codes(session=session, conference=conference, key=key, at=now())}
    engine.dispose()
    return codes
