"""Who is logged in: the principal of a browser session, its revalidation on every
run, the open-session list and the login history the admin sees."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import jwt
import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import AccessCode, ActiveSession, Conference, LoginEvent, LoginMethod, Role, User
from services.clock import as_utc
from services.registry.units import names_in_year

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
    ends_at: datetime | None = None  # a code's session: its conference's end (the cookie's expiry)


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


# Built once (run on every run of every session): see services/voting/queries.py's _OPEN_BALLOTS.
_SESSION_FACTS = (
    sa.select(
        ActiveSession.ended_at,
        ActiveSession.last_seen_at,
        User.id.label("user_id"),
        User.is_active,
        User.is_demo,
        User.session_version,
        User.role,
        AccessCode.id.label("code_id"),
        AccessCode.revoked_at,
        Conference.ends_at,
    )
    .select_from(ActiveSession)
    .outerjoin(User, User.id == sa.bindparam("user_id"))
    .outerjoin(AccessCode, AccessCode.id == sa.bindparam("code_id"))
    .outerjoin(Conference, Conference.id == AccessCode.conference_id)
    .where(ActiveSession.id == sa.bindparam("session_id"))
)


def _session_facts(session: Session, principal: Principal) -> sa.Row | None:
    """Everything the check of a run needs, in one indexed read (primary keys only): the session
    row, and the principal's account or its code with the code's conference."""
    params = {"user_id": principal.user_id, "code_id": principal.access_code_id, "session_id": principal.session_id}
    return session.connection().execute(_SESSION_FACTS, params).first()


def _valid(facts: sa.Row | None, principal: Principal, *, at: datetime, demo: bool) -> bool:
    if facts is None or facts.ended_at is not None:
        return False
    if principal.user_id is not None:
        return bool(
            facts.user_id is not None
            and facts.is_active
            and (demo or not facts.is_demo)
            and facts.session_version == principal.session_version
            and facts.role == principal.role
        )
    if facts.code_id is None or facts.revoked_at is not None:
        return False
    return facts.ends_at is not None and as_utc(facts.ends_at) > at


def still_valid(*, session: Session, principal: Principal, at: datetime, demo: bool) -> bool:
    """The server-side check of every run: nothing the browser holds can outlive a revocation."""
    return _valid(_session_facts(session, principal), principal, at=at, demo=demo)


def revalidate(*, session: Session, principal: Principal, at: datetime, demo: bool) -> bool:
    """still_valid, then the session's last_seen_at moved on (at most every TOUCH_EVERY) or, when
    no longer valid, the session ended: one read per run, and a write only when one is due."""
    facts = _session_facts(session, principal)
    valid = _valid(facts, principal, at=at, demo=demo)
    if facts is None:
        return False
    where = ActiveSession.id == principal.session_id
    if valid and at - as_utc(facts.last_seen_at) >= TOUCH_EVERY:
        session.execute(sa.update(ActiveSession).where(where).values(last_seen_at=at))
    elif not valid and facts.ended_at is None:
        session.execute(sa.update(ActiveSession).where(where, ActiveSession.ended_at.is_(None)).values(ended_at=at))
    return valid


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


# ---------------------------------------------------------------- a code delegate's reload

CODE_TOKEN_PURPOSE = "code-session"
_ALGORITHM = "HS256"


def _token_key(key: str, purpose: str) -> bytes:
    """Its own key per kind of token, derived from the app's secret key: a token made for one
    purpose (the password cookie, a code session, a receipt) is never accepted as another."""
    return hmac.new(key.encode(), f"thidua-cookie:{purpose}".encode(), hashlib.sha256).digest()


def sign_token(payload: dict, *, key: str, purpose: str, expires_at: datetime) -> str:
    return jwt.encode(
        {**payload, "purpose": purpose, "exp": int(as_utc(expires_at).timestamp())},
        _token_key(key, purpose),
        algorithm=_ALGORITHM,
    )


def read_token(token: str, *, key: str, purpose: str, at: datetime) -> dict | None:
    """The payload of a token this app signed for `purpose` that has not expired, else None."""
    try:
        payload = jwt.decode(
            token, _token_key(key, purpose), algorithms=[_ALGORITHM], options={"verify_exp": False, "require": ["exp"]}
        )
    except jwt.PyJWTError:
        return None
    if payload.get("purpose") != purpose or payload["exp"] <= at.timestamp():
        return None
    return payload


def code_session_expiry(session: Session, *, principal: Principal) -> datetime | None:
    """When a code delegate's session cookie stops: the end of the code's conference (known
    since the login, else read)."""
    if principal.ends_at is not None:
        return principal.ends_at
    code = session.get(AccessCode, principal.access_code_id) if principal.access_code_id else None
    conference = session.get(Conference, code.conference_id) if code else None
    return as_utc(conference.ends_at) if conference else None


def code_session_token(session: Session, *, principal: Principal, key: str) -> str | None:
    """The signed cookie value for a code delegate: the ActiveSession id only (never the code),
    expiring with the conference. The server still checks the session row and the code on
    every run, so revoking or reissuing the code, or logging out, ends it at once."""
    expires_at = code_session_expiry(session, principal=principal)
    if expires_at is None:
        return None
    return sign_code_session(replace(principal, ends_at=expires_at), key=key)


def sign_code_session(principal: Principal, *, key: str) -> str:
    """code_session_token for a principal whose end is known (set at the code's login)."""
    return sign_token({"sid": principal.session_id}, key=key, purpose=CODE_TOKEN_PURPOSE, expires_at=principal.ends_at)


def resume_code_session(session: Session, *, token: str, key: str, at: datetime) -> Principal | None:
    """The code delegate's principal again after a reload, or None (forged, expired, logged out,
    code revoked or reissued, conference over)."""
    payload = read_token(token, key=key, purpose=CODE_TOKEN_PURPOSE, at=at)
    row = session.get(ActiveSession, str(payload.get("sid", ""))) if payload else None
    if row is None or row.access_code_id is None or row.ended_at is not None:
        return None
    code = session.get(AccessCode, row.access_code_id)
    conference = session.get(Conference, code.conference_id) if code else None
    if conference is None:
        return None
    names = names_in_year(session, year=conference.year, unit_ids=[code.unit_id])
    principal = Principal(
        session_id=row.id,
        role=Role.DELEGATE,
        display_name=names[code.unit_id].name if code.unit_id in names else "",
        unit_id=code.unit_id,
        access_code_id=code.id,
        ends_at=as_utc(conference.ends_at),
    )
    if not still_valid(session=session, principal=principal, at=at, demo=False):
        return None
    record_login(session=session, at=at, method=LoginMethod.COOKIE, success=True, access_code_id=code.id)
    return principal
