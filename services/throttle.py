"""Failed-attempt counting and lockouts, kept in the database (every process sees them)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from db.models import LoginThrottle
from services.clock import as_utc


@dataclass(frozen=True)
class Policy:
    max_failures: int
    window: timedelta
    lockout: timedelta


PASSWORD_POLICY = Policy(max_failures=5, window=timedelta(minutes=15), lockout=timedelta(minutes=15))
# Codes: per browser session, and per address with room for a hall of phones behind one NAT.
CODE_SESSION_POLICY = Policy(max_failures=5, window=timedelta(minutes=10), lockout=timedelta(minutes=10))
CODE_ADDRESS_POLICY = Policy(max_failures=100, window=timedelta(minutes=10), lockout=timedelta(minutes=10))


def password_key(username: str) -> str:
    return f"user:{username.strip().lower()[:150]}"


def code_keys(*, browser_session: str, address: str | None) -> list[tuple[str, Policy]]:
    keys = [(f"code:session:{browser_session[:100]}", CODE_SESSION_POLICY)]
    if address:
        keys.append((f"code:address:{address[:100]}", CODE_ADDRESS_POLICY))
    return keys


def locked_until(session: Session, *, key: str, at: datetime) -> datetime | None:
    row = session.get(LoginThrottle, key)
    until = as_utc(row.locked_until) if row else None
    return until if until and until > at else None


def record_failure(session: Session, *, key: str, at: datetime, policy: Policy) -> datetime | None:
    """Count a failure; returns the lock's end when this failure locks the key."""
    row = session.get(LoginThrottle, key) or LoginThrottle(key=key)
    started = as_utc(row.window_started_at)
    if started is None or at - started > policy.window:
        row.failures, row.window_started_at = 0, at
    row.failures += 1
    if row.failures >= policy.max_failures:
        row.locked_until = at + policy.lockout
        row.failures, row.window_started_at = 0, None
    session.add(row)
    session.flush()
    return as_utc(row.locked_until) if row.locked_until and as_utc(row.locked_until) > at else None


def clear(session: Session, *, key: str) -> None:
    row = session.get(LoginThrottle, key)
    if row:
        session.delete(row)
        session.flush()
