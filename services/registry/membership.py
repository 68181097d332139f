"""Who sits in which bloc each year, and who chairs it."""

from dataclasses import dataclass

from sqlmodel import Session, select

from db.models import Bloc, LeadershipRole, LeadershipTerm, Membership, Unit
from services.errors import Checker
from services.registry.units import names_in_year


@dataclass(frozen=True)
class Member:
    unit_id: int
    name: str
    short_name: str


@dataclass(frozen=True)
class Term:
    year: int
    role: LeadershipRole
    unit_id: int
    unit_name: str


def members(session: Session, *, bloc_id: int, year: int) -> list[Member]:
    unit_ids = list(
        session.exec(select(Membership.unit_id).where(Membership.bloc_id == bloc_id, Membership.year == year))
    )
    names = names_in_year(session, year=year, unit_ids=unit_ids)
    result = [Member(uid, names[uid].name, names[uid].short_name) for uid in unit_ids if uid in names]
    return sorted(result, key=lambda m: m.name)


def set_membership(*, session: Session, unit_id: int, bloc_id: int | None, year: int) -> None:
    """Put the unit in `bloc_id` for `year` (None: in no bloc that year). Other years untouched."""
    check = Checker()
    year = check.year("year", year)
    unit = session.get(Unit, unit_id)
    bloc = session.get(Bloc, bloc_id) if bloc_id is not None else None
    if unit is None:
        check.add("unit", "error.not_found")
    if bloc_id is not None and bloc is None:
        check.add("bloc", "error.not_found")
    if unit and bloc and unit.province_id != bloc.province_id:
        check.add("bloc", "error.other_province")
    if unit and year and not names_in_year(session, year=year, unit_ids=[unit_id]):
        check.add("year", "error.unit_not_yet", year=year)
    check.raise_if_any()
    current = session.exec(select(Membership).where(Membership.unit_id == unit_id, Membership.year == year)).first()
    if current and current.bloc_id != bloc_id:
        _drop_terms_elsewhere(session, unit_id=unit_id, year=year, keep_bloc_id=bloc_id)
    if bloc_id is None:
        if current:
            session.delete(current)
    elif current:
        current.bloc_id = bloc_id
        session.add(current)
    else:
        session.add(Membership(unit_id=unit_id, bloc_id=bloc_id, year=year))
    session.flush()


def _drop_terms_elsewhere(session: Session, *, unit_id: int, year: int, keep_bloc_id: int | None) -> None:
    # A unit that leaves a bloc for a year cannot chair it that year.
    for term in session.exec(
        select(LeadershipTerm).where(LeadershipTerm.unit_id == unit_id, LeadershipTerm.year == year)
    ):
        if term.bloc_id != keep_bloc_id:
            session.delete(term)


def set_leader(*, session: Session, bloc_id: int, year: int, role: LeadershipRole, unit_id: int) -> LeadershipTerm:
    """Make `unit_id` the bloc's chair or deputy for `year`; it must be a member that year."""
    check = Checker()
    year = check.year("year", year)
    if session.get(Bloc, bloc_id) is None:
        check.add("bloc", "error.not_found")
    if role not in set(LeadershipRole):
        check.add("role", "error.invalid_choice")
    member_ids = {m.unit_id for m in members(session, bloc_id=bloc_id, year=year)} if year else set()
    if unit_id not in member_ids:
        check.add("unit", "error.not_member", year=year)
    other_role = LeadershipRole.DEPUTY if role == LeadershipRole.CHAIR else LeadershipRole.CHAIR
    other = _term(session, bloc_id=bloc_id, year=year, role=other_role)
    if other and other.unit_id == unit_id:
        check.add("unit", "error.chair_is_deputy")
    check.raise_if_any()
    term = _term(session, bloc_id=bloc_id, year=year, role=role) or LeadershipTerm(
        bloc_id=bloc_id, year=year, role=role, unit_id=unit_id
    )
    term.unit_id = unit_id
    session.add(term)
    session.flush()
    return term


def _term(session: Session, *, bloc_id: int, year: int, role: LeadershipRole) -> LeadershipTerm | None:
    query = select(LeadershipTerm).where(
        LeadershipTerm.bloc_id == bloc_id, LeadershipTerm.year == year, LeadershipTerm.role == role
    )
    return session.exec(query).first()


def leadership_history(session: Session, *, bloc_id: int) -> list[Term]:
    terms = list(session.exec(select(LeadershipTerm).where(LeadershipTerm.bloc_id == bloc_id)))
    result = []
    for term in terms:
        name = names_in_year(session, year=term.year, unit_ids=[term.unit_id]).get(term.unit_id)
        result.append(Term(term.year, term.role, term.unit_id, name.name if name else "?"))
    return sorted(result, key=lambda t: (-t.year, t.role != LeadershipRole.CHAIR))
