"""Login flows: password (bcrypt, the hashes streamlit-authenticator's cookie flow shares),
login cookie, and delegate access code. Each returns a Principal or says why not,
without ever telling whether a username exists."""

import os
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Conference, LoginMethod, Role, User
from services.access import passwords, throttle
from services.access.accounts import end_all_sessions
from services.access.codes import find_valid_code
from services.access.sessions import Principal, end_session, principal_for_user, record_login, start_session
from services.clock import as_utc
from services.registry.units import names_in_year


class Outcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"  # wrong name, password or code: one message for all
    LOCKED = "locked"  # passwords only: access codes are never locked


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    principal: Principal | None = None
    locked_until: datetime | None = None
    delay: float = 0.0  # seconds to hold a wrong code's answer (services never sleep)


OpenSession = Callable[[], AbstractContextManager[Session]]

BOUND_ADDRESS_ENV = "THIDUA_BOUND_ADDRESS"  # set by serve.py: the address the server listens on
SHOW_PASSWORDS_ENV = "THIDUA_DEMO_SHOW_PASSWORDS"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def demo_passwords_shown(environ: Mapping[str, str] = os.environ) -> bool:
    """The demo's login page prints the demo password only while the server listens on
    loopback (scripts/dev.sh's default), or when THIDUA_DEMO_SHOW_PASSWORDS=1 says so.
    Opened to a hall's network (THIDUA_ADDRESS=0.0.0.0; "" is every interface too) it does
    not. Not started through serve.py (AppTest): no server, nothing to hide from."""
    if environ.get(SHOW_PASSWORDS_ENV) == "1":
        return True
    address = environ.get(BOUND_ADDRESS_ENV)
    return address is None or address in LOOPBACK or address.startswith("127.")


def login_user(session: Session, *, username: str, demo: bool) -> User | None:
    """The account that may log in under this name now (active; demo accounts only in demo mode)."""
    user = session.exec(select(User).where(sa.func.lower(User.username) == username.strip().lower())).first()
    if user is None or not user.is_active or (user.is_demo and not demo):
        return None
    return user


def password_locked_until(session: Session, *, username: str, at: datetime) -> datetime | None:
    return throttle.locked_until(session, key=throttle.password_key(username), at=at)


def reserve_password_attempt(session: Session, *, username: str, at: datetime) -> LoginResult | None:
    """Count this attempt before its password is checked, in one statement with the lock
    check: LOCKED (nothing checked) or None (go ahead). Commit before the bcrypt check, so
    that attempts arriving at once each see the others: at most five are ever checked."""
    count = throttle.count_attempt(session, key=throttle.password_key(username), at=at, policy=throttle.PASSWORD_POLICY)
    return None if count.allowed else LoginResult(Outcome.LOCKED, locked_until=count.locked_until)


def finish_password_login(
    session: Session, *, username: str, credentials_ok: bool, at: datetime, demo: bool, reserved: bool = False
) -> LoginResult:
    """After the check: log in, or refuse (LOCKED once this or a concurrent attempt locked the name).
    reserved=False counts the attempt here first (callers that checked the password themselves)."""
    if not reserved and (refused := reserve_password_attempt(session, username=username, at=at)):
        return refused
    key = throttle.password_key(username)
    user = login_user(session, username=username, demo=demo) if credentials_ok else None
    record_login(session=session, at=at, method=LoginMethod.PASSWORD, success=user is not None,
                 username=username.strip().lower()[:64], user_id=user.id if user else None)  # fmt: skip
    if user is None:
        until = throttle.locked_until(session, key=key, at=at)
        return LoginResult(Outcome.LOCKED if until else Outcome.REFUSED, locked_until=until)
    throttle.clear(session, key=key)
    session_id = start_session(session=session, at=at, user=user)
    return LoginResult(Outcome.OK, principal_for_user(user=user, session_id=session_id))


def password_login(open_session: OpenSession, *, username: str, password: str, at: datetime, demo: bool) -> LoginResult:
    """The whole password login, three short transactions: reserve an attempt, read the
    hash, record the outcome; bcrypt runs between them, holding no database lock.
    Names are compared trimmed and in lower case, the password trimmed (as
    streamlit-authenticator did: a password cannot start or end with a space)."""
    with open_session() as session:
        refused = reserve_password_attempt(session, username=username, at=at)
    if refused is not None:
        return refused
    with open_session() as session:
        user = login_user(session, username=username, demo=demo)
        stored = user.password_hash if user else None
    # Unknown names cost a bcrypt check too: the time taken never tells whether a name exists.
    matches = passwords.check_password(password.strip(), stored or passwords.dummy_hash())
    with open_session() as session:
        return finish_password_login(
            session, username=username, credentials_ok=matches and stored is not None, at=at, demo=demo, reserved=True
        )


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
    session: Session,
    *,
    code: str,
    browser_session: str,
    address: str | None,
    key: str,
    at: datetime,
    failed_before: bool = True,
) -> LoginResult:
    """A valid, unexpired, unrevoked code always logs in, whatever else came from the same
    session or address (a hall's phones share one address behind NAT). A wrong code is
    counted per session and per address, and its answer carries a delay that grows with
    both counts (capped at throttle.CODE_DELAY_CAP). `failed_before` False: this browser
    session has had no refused code, so it has no failures to forget (one write fewer for
    each of a hall's logins; a caller that cannot tell leaves it True)."""
    row = find_valid_code(session, code=code, key=key, at=at)
    session_key = throttle.code_session_key(browser_session)
    if row is None:
        record_login(session=session, at=at, method=LoginMethod.CODE, success=False)
        own = throttle.count_attempt(session, key=session_key, at=at, policy=throttle.CODE_POLICY).failures
        shared = 0
        if address:
            key_of_address = throttle.code_address_key(address)
            shared = throttle.count_attempt(session, key=key_of_address, at=at, policy=throttle.CODE_POLICY).failures
        return LoginResult(Outcome.REFUSED, delay=throttle.code_delay(session_failures=own, address_failures=shared))
    # Reads first, then the writes: on SQLite the first write takes the database's write lock,
    # which a hall's 200 logins at once take in turn.
    conference = session.get(Conference, row.conference_id)  # loaded with the code
    name = names_in_year(session, year=conference.year, unit_ids=[row.unit_id])[row.unit_id].name
    record_login(session=session, at=at, method=LoginMethod.CODE, success=True, access_code_id=row.id)
    if failed_before:
        throttle.clear(session, key=session_key)
    principal = Principal(
        session_id=start_session(session=session, at=at, code=row),
        role=Role.DELEGATE,
        display_name=name,
        unit_id=row.unit_id,
        access_code_id=row.id,
        ends_at=as_utc(conference.ends_at),
    )
    return LoginResult(Outcome.OK, principal)


def logout(session: Session, *, principal: Principal, at: datetime) -> None:
    """Logging out ends every open session of the user (all tabs, all devices)."""
    end_session(session=session, session_id=principal.session_id, at=at)
    user = session.get(User, principal.user_id) if principal.user_id else None
    if user is not None:
        end_all_sessions(session=session, user=user)
