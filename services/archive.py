"""Archived years are read-only, enforced in one place: every ORM flush.

A write that touches a bloc-year (its covenant and criteria, score sheets,
scores, their history and evidence, voting rounds with their candidates,
check-ins, ballots and audit events, awards, membership, chair terms and
conferences) is refused when that bloc-year is archived, whichever service,
page or command it comes from, including services written later. Checking at
flush time, not in each service, means no write path can forget it.

Both the new and the old values of a changed row count: moving a unit out of
an archived bloc-year is as much a change to that year as moving one in.
Bulk UPDATE statements bypass the flush, but every service that issues one
(round transitions) also appends an audit event, so its transaction is refused
and rolled back all the same.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import (
    ArchivedYear,
    Award,
    Bloc,
    Conference,
    Covenant,
    CriteriaGroup,
    Criterion,
    EvidenceFile,
    LeadershipTerm,
    Membership,
    Role,
    Score,
    ScoreEvent,
    ScoreSheet,
    UnitName,
)
from db.models.voting import (
    AuditEvent,
    Ballot,
    CheckIn,
    Participation,
    PersonCheckIn,
    PersonParticipation,
    RoundCandidate,
    RoundStatus,
    SealedBallot,
    VotingRound,
)
from services.access.sessions import Principal
from services.errors import FieldError, ValidationFailed

BlocYear = tuple[int, int]


class YearArchived(ValidationFailed):
    """A write to an archived bloc-year; the message names the bloc and the year."""

    def __init__(self, *, bloc: str, year: int):
        super().__init__([FieldError("year", "archive_error.archived", {"bloc": bloc, "year": year})])


# Which parent row a year-bound row hangs from: model → (column, parent kind).
_PARENT = {
    CriteriaGroup: ("covenant_id", "covenant"),
    ScoreSheet: ("covenant_id", "covenant"),
    Criterion: ("group_id", "group"),
    Score: ("sheet_id", "sheet"),
    ScoreEvent: ("sheet_id", "sheet"),
    EvidenceFile: ("score_id", "score"),
    RoundCandidate: ("round_id", "round"),
    CheckIn: ("round_id", "round"),
    Participation: ("round_id", "round"),
    PersonCheckIn: ("round_id", "round"),  # a council round's members present and voted
    PersonParticipation: ("round_id", "round"),
    Ballot: ("round_id", "round"),
    SealedBallot: ("round_id", "round"),  # the box of an open round: an archived year's is read-only too
    AuditEvent: ("round_id", "round"),
}
_OWN_BLOC_YEAR = (Covenant, VotingRound, Membership, LeadershipTerm, Conference)
# How a parent id leads to its bloc-year (or to the next parent up).
_LOOKUP = {
    "covenant": (sa.select(Covenant.id, Covenant.bloc_id, Covenant.year), Covenant.id, None),
    "round": (sa.select(VotingRound.id, VotingRound.bloc_id, VotingRound.year), VotingRound.id, None),
    "group": (sa.select(CriteriaGroup.id, CriteriaGroup.covenant_id), CriteriaGroup.id, "covenant"),
    "sheet": (sa.select(ScoreSheet.id, ScoreSheet.covenant_id), ScoreSheet.id, "covenant"),
    "score": (sa.select(Score.id, Score.sheet_id), Score.id, "sheet"),
}


class _Resolver:
    """Bloc-years of the rows in one flush, with each parent looked up once."""

    def __init__(self, connection: sa.Connection):
        self.connection = connection
        self.cache: dict[tuple[str, int], BlocYear | None] = {}

    def parent(self, kind: str, row_id: int | None) -> BlocYear | None:
        if row_id is None:
            return None
        if (kind, row_id) not in self.cache:
            query, key, up = _LOOKUP[kind]
            row = self.connection.execute(query.where(key == row_id)).first()
            if row is None:
                found = None
            elif up is None:
                found = (row[1], row[2])
            else:
                found = self.parent(up, row[1])
            self.cache[(kind, row_id)] = found
        return self.cache[(kind, row_id)]

    def bloc_of_unit(self, unit_id: int | None, year: int | None) -> BlocYear | None:
        if unit_id is None or year is None:
            return None
        query = sa.select(Membership.bloc_id).where(Membership.unit_id == unit_id, Membership.year == year)
        bloc_id = self.connection.execute(query).scalar()
        return (bloc_id, year) if bloc_id is not None else None

    def bloc_years(self, obj: object, values: dict) -> BlocYear | None:
        if isinstance(obj, _OWN_BLOC_YEAR):
            return (values["bloc_id"], values["year"]) if values.get("bloc_id") is not None else None
        if type(obj) in _PARENT:
            column, kind = _PARENT[type(obj)]
            return self.parent(kind, values.get(column))
        if isinstance(obj, Award):
            if values.get("bloc_id") is not None:
                return (values["bloc_id"], values["year"])
            return self.bloc_of_unit(values.get("unit_id"), values.get("year"))
        if isinstance(obj, UnitName):  # a name given from an archived year rewrites that year's records
            return self.bloc_of_unit(values.get("unit_id"), values.get("from_year"))
        return None


def _versions(obj: object, connection: sa.Connection) -> Iterable[dict]:
    """The row's values now and, for a changed row, as they were before the change."""
    state = sa.inspect(obj)
    current = dict(state.dict)
    table = state.mapper.local_table
    if state.identity is not None and not set(table.columns.keys()) <= current.keys():
        # Expired attributes (e.g. a row deleted after a commit): read them without a flush.
        where = [column == value for column, value in zip(state.mapper.primary_key, state.identity, strict=True)]
        stored = connection.execute(sa.select(table).where(*where)).mappings().first() or {}
        current = {**stored, **current}
    yield current
    if state.committed_state:
        yield {**current, **state.committed_state}


def _touched(session: Session) -> list[object]:
    return [obj for obj in (*session.new, *session.dirty, *session.deleted) if _is_year_bound(obj)]


def _is_year_bound(obj: object) -> bool:
    return isinstance(obj, (*_OWN_BLOC_YEAR, Award, UnitName)) or type(obj) in _PARENT


_ARCHIVED_IN = "archive.archived_in_transaction"
_ARCHIVED = sa.select(ArchivedYear.bloc_id, ArchivedYear.year)


def _archived(session: Session, connection: sa.Connection, *, keep: bool) -> set[BlocYear]:
    """The archived bloc-years, read once per transaction, not on each flush (a ballot's
    transaction flushes three times, under its round's lock)."""
    # The savepoint too: one rolled back may have held an archiving that was read meanwhile.
    transaction = (session.get_transaction(), session.get_nested_transaction())
    kept = session.info.get(_ARCHIVED_IN)
    if kept is not None and kept[0][0] is transaction[0] and kept[0][1] is transaction[1]:
        return kept[1]
    archived = {tuple(row) for row in connection.execute(_ARCHIVED)}
    if keep:
        session.info[_ARCHIVED_IN] = (transaction, archived)
    return archived


def read_archived_now(session: Session) -> None:
    """Read this transaction's list of archived bloc-years now, not at its first flush: for a
    writer about to take a lock (a ballot), so that the read is not made while holding it."""
    _archived(session, session.connection(), keep=True)


def _refuse_archived_writes(session: Session, _context, _instances) -> None:
    # This flush archives (or unarchives) a year itself: read the list again on the next one.
    archiving = any(isinstance(obj, ArchivedYear) for obj in (*session.new, *session.dirty, *session.deleted))
    if archiving:
        session.info.pop(_ARCHIVED_IN, None)
    touched = _touched(session)
    if not touched:
        return
    connection = session.connection()
    archived = _archived(session, connection, keep=not archiving)
    if not archived:
        return
    resolver = _Resolver(connection)
    for obj in touched:
        for values in _versions(obj, connection):
            key = resolver.bloc_years(obj, values)
            if key in archived:
                name = connection.execute(sa.select(Bloc.name).where(Bloc.id == key[0])).scalar() or str(key[0])
                raise YearArchived(bloc=name, year=key[1])


def install() -> None:
    """Check every flush of every session (idempotent)."""
    if not sa.event.contains(Session, "before_flush", _refuse_archived_writes):
        sa.event.listen(Session, "before_flush", _refuse_archived_writes)


install()


@dataclass(frozen=True)
class ArchiveState:
    bloc_id: int
    bloc: str
    archived: bool
    archived_at: datetime | None
    archived_by: str | None


def archive_states(session: Session, *, province_id: int, year: int) -> list[ArchiveState]:
    blocs = session.exec(select(Bloc).where(Bloc.province_id == province_id).order_by(Bloc.name)).all()
    rows = {a.bloc_id: a for a in session.exec(select(ArchivedYear).where(ArchivedYear.year == year))}
    return [
        ArchiveState(b.id, b.name, b.id in rows, getattr(rows.get(b.id), "archived_at", None),
                     getattr(rows.get(b.id), "archived_by", None))
        for b in blocs
    ]  # fmt: skip


def is_archived(session: Session, *, bloc_id: int, year: int) -> bool:
    query = select(ArchivedYear.id).where(ArchivedYear.bloc_id == bloc_id, ArchivedYear.year == year)
    return session.exec(query).first() is not None


def archive_year(session: Session, *, principal: Principal, bloc_ids: list[int], year: int, at: datetime) -> int:
    """Archive `year` for each bloc (admins only). Refused while a round of that year is open:
    voting must end first. Returns how many bloc-years were newly archived."""
    problems = []
    if principal.role != Role.ADMIN or principal.user_id is None:
        problems.append(FieldError("year", "archive_error.forbidden"))
    if not bloc_ids:
        problems.append(FieldError("blocs", "error.required"))
    if problems:
        raise ValidationFailed(problems)
    busy = session.exec(
        select(Bloc.name)
        .join(VotingRound, VotingRound.bloc_id == Bloc.id)
        .where(VotingRound.bloc_id.in_(bloc_ids), VotingRound.year == year, VotingRound.status == RoundStatus.OPEN)
    ).all()
    if busy:
        raise ValidationFailed(
            [FieldError("year", "archive_error.round_open", {"blocs": ", ".join(sorted(set(busy)))})]
        )
    added = 0
    for bloc_id in dict.fromkeys(bloc_ids):
        if session.get(Bloc, bloc_id) is None:
            raise ValidationFailed([FieldError("blocs", "error.not_found")])
        if not is_archived(session, bloc_id=bloc_id, year=year):
            session.add(ArchivedYear(bloc_id=bloc_id, year=year, archived_at=at, archived_by=principal.username or ""))
            added += 1
    session.flush()
    return added
