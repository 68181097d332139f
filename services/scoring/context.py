"""Shared look-ups for the scoring services: the covenant, the sheet, who is acting, the history."""

from sqlmodel import Session, select

from db.models import Covenant, Membership, Role, ScoreAction, ScoreEvent, ScoreSheet, SheetState
from services.access.scope import visible_bloc_ids
from services.access.sessions import Principal
from services.clock import now
from services.scoring.rules import Actor, NotAllowed, actors_for


def covenant_or_fail(session: Session, covenant_id: int) -> Covenant:
    covenant = session.get(Covenant, covenant_id)
    if covenant is None:
        raise NotAllowed("error.not_found")
    return covenant


def scoped_blocs(session: Session, principal: Principal) -> set[int]:
    return visible_bloc_ids(session, principal=principal) if principal.role == Role.SECRETARY else set()


def actors_on(session: Session, principal: Principal, *, covenant: Covenant, unit_id: int) -> frozenset[Actor]:
    return actors_for(
        principal, unit_id=unit_id, bloc_id=covenant.bloc_id, scoped_bloc_ids=scoped_blocs(session, principal)
    )


def require_bloc_verifier(session: Session, principal: Principal, *, bloc_id: int) -> None:
    """Covenant editing, Excel import and locking: an admin, or a secretary of this bloc."""
    if principal.user_id is None:
        raise NotAllowed("scoring_error.code_session")
    if not (principal.role == Role.ADMIN or bloc_id in scoped_blocs(session, principal)):
        raise NotAllowed("scoring_error.forbidden")


def member_unit_ids(session: Session, *, bloc_id: int, year: int) -> set[int]:
    query = select(Membership.unit_id).where(Membership.bloc_id == bloc_id, Membership.year == year)
    return set(session.exec(query))


def find_sheet(session: Session, *, covenant_id: int, unit_id: int, for_update: bool = False) -> ScoreSheet | None:
    query = select(ScoreSheet).where(ScoreSheet.covenant_id == covenant_id, ScoreSheet.unit_id == unit_id)
    # Row lock on PostgreSQL: a return and a save of the same sheet do not interleave.
    return session.exec(query.with_for_update() if for_update else query).first()


def sheet_or_new(session: Session, *, covenant: Covenant, unit_id: int) -> ScoreSheet:
    """The unit's sheet (locked for update), created as a draft on first write."""
    sheet = find_sheet(session, covenant_id=covenant.id, unit_id=unit_id, for_update=True)
    if sheet is not None:
        return sheet
    if unit_id not in member_unit_ids(session, bloc_id=covenant.bloc_id, year=covenant.year):
        raise NotAllowed("scoring_error.not_member", year=covenant.year)
    sheet = ScoreSheet(unit_id=unit_id, covenant_id=covenant.id, state=SheetState.DRAFT)
    session.add(sheet)
    session.flush()
    return sheet


def sheet_by_id(session: Session, sheet_id: int, *, for_update: bool = True) -> tuple[ScoreSheet, Covenant]:
    query = select(ScoreSheet).where(ScoreSheet.id == sheet_id)
    sheet = session.exec(query.with_for_update() if for_update else query).first()
    if sheet is None:
        raise NotAllowed("error.not_found")
    return sheet, covenant_or_fail(session, sheet.covenant_id)


def log_event(
    session: Session, *, sheet: ScoreSheet, principal: Principal, action: ScoreAction, note: str | None = None
) -> None:
    at = now()
    session.add(
        ScoreEvent(
            sheet_id=sheet.id,
            at=at,
            actor=principal.username or principal.display_name,
            actor_role=principal.role,
            action=action,
            note=(note or None) and note[:1000],
        )
    )
    sheet.updated_at = at
    session.add(sheet)
    session.flush()


def history(session: Session, *, sheet_id: int) -> list[ScoreEvent]:
    query = (
        select(ScoreEvent).where(ScoreEvent.sheet_id == sheet_id).order_by(ScoreEvent.at.desc(), ScoreEvent.id.desc())
    )
    return list(session.exec(query))
