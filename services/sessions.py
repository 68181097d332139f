"""Who is logged in: the principal of a browser session, its revalidation on every
run, the open-session list and the login history the admin sees."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from db.models import AccessCode, ActiveSession, Conference, LoginEvent, LoginMethod, Role, User
from services.clock import as_utc

TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most this often per session
IDLE_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class Principal:
    session_id: str
    role: Role
    display_name: str
    user_id: int | None = None
    username: str | None = None
    unit_id: int | None = None
    access_code_id: int | None = None
    session_version: int = 0


def start_session(*, session: Session, at: datetime, user: User | None = None, code: AccessCode | None = None) -> str:
    session_id = secrets.token_hex(16)
    row = ActiveSession(
        id=session_id,
        user_id=user.id if user else None,
        access_code_id=code.id if code else None,
        started_at=at,
        last_seen_at=at,
    )
    session.add(row)
    session.flush()
    return session_id


def principal_for_user(*, user: User, session_id: str) -> Principal:
    return Principal(
        session_id=session_id,
        role=user.role,
        display_name=user.full_name,
        user_id=user.id,
        username=user.username,
        unit_id=user.unit_id,
        session_version=user.session_version,
    )


def still_valid(*, session: Session, principal: Principal, at: datetime, demo: bool) -> bool:
    """The server-side check of every run: nothing the browser holds can outlive a revocation."""
    row = session.get(ActiveSession, principal.session_id)
    if row is None or row.ended_at is not None:
        return False
    if principal.user_id is not None:
        user = session.get(User, principal.user_id)
        return bool(
            user
            and user.is_active
            and (demo or not user.is_demo)
            and user.session_version == principal.session_version
            and user.role == principal.role
        )
    code = session.get(AccessCode, principal.access_code_id) if principal.access_code_id else None
    if code is None or code.revoked_at is not None:
        return False
    conference = session.get(Conference, code.conference_id)
    return conference is not None and as_utc(conference.ends_at) > at


def touch(*, session: Session, session_id: str, at: datetime) -> None:
    row = session.get(ActiveSession, session_id)
    if row and at - as_utc(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = at
        session.add(row)
        session.flush()


def end_session(*, session: Session, session_id: str, at: datetime) -> None:
    row = session.get(ActiveSession, session_id)
    if row and row.ended_at is None:
        row.ended_at = at
        session.add(row)
        session.flush()


def record_login(
    *, session: Session, at: datetime, method: LoginMethod, success: bool, username: str | None = None,
    user_id: int | None = None, access_code_id: int | None = None,
) -> None:  # fmt: skip
    session.add(
        LoginEvent(
            at=at, method=method, success=success, username=username, user_id=user_id, access_code_id=access_code_id
        )
    )
    session.flush()


def open_sessions(session: Session, *, at: datetime) -> list[ActiveSession]:
    query = select(ActiveSession).where(ActiveSession.ended_at.is_(None), ActiveSession.last_seen_at >= at - IDLE_AFTER)
    return list(session.exec(query.order_by(ActiveSession.last_seen_at.desc())))


def recent_logins(session: Session, *, limit: int = 50) -> list[LoginEvent]:
    return list(session.exec(select(LoginEvent).order_by(LoginEvent.at.desc(), LoginEvent.id.desc()).limit(limit)))
