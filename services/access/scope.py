"""What a logged-in principal may see: the one place for scope rules.

Admins see everything; secretaries their blocs; leaders their provinces (every
bloc in them) and blocs; a unit-bound account (delegate) its own unit's bloc.
Pages filter their pickers with these, and services check them again.
"""

from sqlmodel import Session, select

from db.models import Bloc, Membership, Province, Role, UserScope
from services.access.sessions import Principal


def visible_bloc_ids(session: Session, *, principal: Principal, year: int | None = None) -> set[int]:
    if principal.role == Role.ADMIN:
        return set(session.exec(select(Bloc.id)))
    if principal.role == Role.DELEGATE:
        if principal.unit_id is None:
            return set()
        query = select(Membership.bloc_id).where(Membership.unit_id == principal.unit_id)
        if year is not None:
            query = query.where(Membership.year == year)
        return set(session.exec(query))
    if principal.user_id is None:
        return set()
    scopes = session.exec(select(UserScope).where(UserScope.user_id == principal.user_id)).all()
    blocs = {s.bloc_id for s in scopes if s.bloc_id is not None}
    provinces = {s.province_id for s in scopes if s.province_id is not None}
    if provinces:
        blocs |= set(session.exec(select(Bloc.id).where(Bloc.province_id.in_(provinces))))
    return blocs


def can_see_bloc(session: Session, *, principal: Principal, bloc_id: int) -> bool:
    return bloc_id in visible_bloc_ids(session, principal=principal)


def stage_province_ids(session: Session, *, principal: Principal) -> set[int]:
    """The provinces whose stage (proposals, council, decision) the principal runs: every one
    for an admin, the one of a province officer's scope, none for anybody else (a leader sees
    a province's blocs, not its council's work; a council member only votes)."""
    if principal.role == Role.ADMIN:
        return set(session.exec(select(Province.id)))
    if principal.role != Role.PROVINCE_OFFICER or principal.user_id is None:
        return set()
    query = select(UserScope.province_id).where(
        UserScope.user_id == principal.user_id, UserScope.province_id.is_not(None)
    )
    return set(session.exec(query))
