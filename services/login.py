"""Login flows: password (checked by streamlit-authenticator in the UI layer),
login cookie, and delegate access code. Each returns a Principal or says why not,
without ever telling whether a username exists."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Conference, LoginMethod, Role, User
from services import throttle
from services.access_codes import find_valid_code
from services.accounts import end_all_sessions
from services.clock import as_utc
from services.sessions import Principal, end_session, principal_for_user, record_login, start_session
from services.units import names_in_year


class Outcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"  # wrong name, password or code: one message for all
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    principal: Principal | None = None
    locked_until: datetime | None = None


def login_user(session: Session, *, username: str, demo: bool) -> User | None:
    """The account that may log in under this name now (active; demo accounts only in demo mode)."""
    user = session.exec(select(User).where(sa.func.lower(User.username) == username.strip().lower())).first()
    if user is None or not user.is_active or (user.is_demo and not demo):
        return None
    return user


def password_locked_until(session: Session, *, username: str, at: datetime) -> datetime | None:
    return throttle.locked_until(session, key=throttle.password_key(username), at=at)


def finish_password_login(
    session: Session, *, username: str, credentials_ok: bool, at: datetime, demo: bool
) -> LoginResult:
    key = throttle.password_key(username)
    user = login_user(session, username=username, demo=demo) if credentials_ok else None
    record_login(session=session, at=at, method=LoginMethod.PASSWORD, success=user is not None,
                 username=username.strip().lower()[:64], user_id=user.id if user else None)  # fmt: skip
    if user is None:
        until = throttle.record_failure(session, key=key, at=at, policy=throttle.PASSWORD_POLICY)
        return LoginResult(Outcome.LOCKED if until else Outcome.REFUSED, locked_until=until)
    throttle.clear(session, key=key)
    session_id = start_session(session=session, at=at, user=user)
    return LoginResult(Outcome.OK, principal_for_user(user=user, session_id=session_id))


def cookie_login(session: Session, *, username: str, issued_at: datetime, at: datetime, demo: bool) -> Principal | None:
    """A login cookie counts only if it was issued after the user's last revocation."""
    user = login_user(session, username=username, demo=demo)
    if user is None:
        return None
    valid_after = as_utc(user.tokens_valid_after)
    if valid_after is not None and issued_at <= valid_after:
        return None
    record_login(
        session=session, at=at, method=LoginMethod.COOKIE, success=True, username=user.username, user_id=user.id
    )
    return principal_for_user(user=user, session_id=start_session(session=session, at=at, user=user))


def code_login(
    session: Session, *, code: str, browser_session: str, address: str | None, key: str, at: datetime
) -> LoginResult:
    keys = throttle.code_keys(browser_session=browser_session, address=address)
    locks = [until for k, _ in keys if (until := throttle.locked_until(session, key=k, at=at))]
    if locks:
        return LoginResult(Outcome.LOCKED, locked_until=max(locks))
    row = find_valid_code(session, code=code, key=key, at=at)
    record_login(session=session, at=at, method=LoginMethod.CODE, success=row is not None,
                 access_code_id=row.id if row else None)  # fmt: skip
    if row is None:
        locks = [throttle.record_failure(session, key=k, at=at, policy=policy) for k, policy in keys]
        until = max((u for u in locks if u), default=None)
        return LoginResult(Outcome.LOCKED if until else Outcome.REFUSED, locked_until=until)
    conference = session.get(Conference, row.conference_id)
    name = names_in_year(session, year=conference.year, unit_ids=[row.unit_id])[row.unit_id].name
    principal = Principal(
        session_id=start_session(session=session, at=at, code=row),
        role=Role.DELEGATE,
        display_name=name,
        unit_id=row.unit_id,
        access_code_id=row.id,
    )
    return LoginResult(Outcome.OK, principal)


def logout(session: Session, *, principal: Principal, at: datetime) -> None:
    """Logging out ends every open session of the user (all tabs, all devices)."""
    end_session(session=session, session_id=principal.session_id, at=at)
    user = session.get(User, principal.user_id) if principal.user_id else None
    if user is not None:
        end_all_sessions(session=session, user=user)
