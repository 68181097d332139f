"""Rounds in every state on the demo data, for the tests that keep records (backup, export, upgrade)."""

from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlmodel import Session, select

from db.engine import session_scope
from db.models import Bloc, Province
from services.clock import now
from services.registry.membership import members
from services.voting.casting import Choice, cast_ballot, cast_with_retry
from services.voting.casting_together import cast_together
from services.voting.paper import InvalidReason, record_paper_ballot, record_paper_voters
from services.voting.rounds import cancel_round, check_in, close_round, create_round, open_round, publish_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark

YEAR = 2026


@dataclass(frozen=True)
class Rounds:
    bloc_id: int
    units: list[int]
    published: int
    closed: int
    open: int
    cancelled: int


def agree(*ids: int) -> Choice:
    return Choice(marks=tuple((i, Mark.AGREE) for i in ids))


def culture_bloc(session: Session) -> Bloc:
    return session.exec(select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))).one()


def _started(session: Session, bloc_id: int, units: list[int], kind: RoundKind, title: str) -> int:
    settings = PRESETS[kind]
    if kind == RoundKind.PROVINCIAL_FLAG:  # the preset proposes one leading unit; this bloc proposes two
        settings = replace(settings, seats=2)
    round_ = create_round(session, bloc_id=bloc_id, year=YEAR, title=title, settings=settings, at=now())
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    open_round(session, round_id=round_.id, at=now())
    return round_.id


def add_rounds(session: Session) -> Rounds:
    """A published flag round, a closed merit round with paper ballots (one invalid),
    an open chair round with half its ballots in, and a cancelled round."""
    bloc = culture_bloc(session)
    units = [m.unit_id for m in members(session, bloc_id=bloc.id, year=YEAR)]
    published = _started(session, bloc.id, units, RoundKind.PROVINCIAL_FLAG, "Cờ thi đua 2026")
    for voter in units:
        cast_ballot(session, round_id=published, unit_id=voter, at=now(),
                    choice=agree(*[u for u in units[:2] if u != voter] or [units[2]]))  # fmt: skip
    close_round(session, round_id=published, at=now())
    publish_round(session, round_id=published, at=now())

    closed = _started(session, bloc.id, units, RoundKind.CERTIFICATE_OF_MERIT, "Bằng khen 2026")
    for voter in units[:5]:
        cast_ballot(session, round_id=closed, unit_id=voter, choice=agree(units[5] if voter != units[5] else units[6]),
                    at=now())  # fmt: skip
    record_paper_voters(session, round_id=closed, unit_ids=units[5:7], at=now())
    record_paper_ballot(session, round_id=closed, choice=agree(units[0]), at=now())
    record_paper_ballot(session, round_id=closed, choice=agree(), at=now(), invalid=InvalidReason.IDENTIFYING_MARKS)
    close_round(session, round_id=closed, at=now())

    open_ = _started(session, bloc.id, units, RoundKind.CHAIR, "Trưởng khối 2027")
    for voter in units[:4]:
        cast_ballot(session, round_id=open_, unit_id=voter, choice=agree(units[7]), at=now())

    cancelled = create_round(session, bloc_id=bloc.id, year=YEAR, title="Phó trưởng khối 2027",
                             settings=PRESETS[RoundKind.DEPUTY], at=now())  # fmt: skip
    cancel_round(session, round_id=cancelled.id, reason="Bầu lại sau", at=now())
    session.flush()
    return Rounds(bloc.id, units, published, closed, open_, cancelled.id)


def table_rows(connection: sa.Connection, table: sa.Table) -> list[tuple]:
    """Every row of a table in primary-key order: two databases hold the same records iff these match."""
    order = list(table.primary_key.columns) or list(table.columns)
    return [tuple(row) for row in connection.execute(sa.select(table).order_by(*order))]


def cast(engine, *, together: bool, **kwargs) -> str:
    """A ballot on its own (cast_with_retry), or with those of its round cast at the same moment
    (cast_together, what the ballot page uses)."""
    if together:
        return cast_together(lambda: session_scope(engine), database=engine.url.render_as_string(), **kwargs)
    return cast_with_retry(lambda: session_scope(engine), **kwargs)
