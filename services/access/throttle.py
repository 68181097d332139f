"""Failed-attempt counting, kept in the database (every process sees it).

Every count is one conditional UPDATE … RETURNING on the key's row, so the check and
the count are one step: two attempts arriving at once cannot both read "4 failures,
not locked" (PostgreSQL re-checks the WHERE clause on the row another transaction just
changed; SQLite runs one writer at a time and the UPDATE is the transaction's first
statement). The caller commits right after, before any slow work such as bcrypt.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from db.models import LoginThrottle
from services.clock import as_utc


@dataclass(frozen=True)
class Policy:
    max_failures: int | None  # None: counted, never locked
    window: timedelta
    lockout: timedelta = timedelta(0)


@dataclass(frozen=True)
class Count:
    allowed: bool  # False: the key was locked, nothing was counted
    failures: int  # in the current window, this attempt included
    locked_until: datetime | None  # set when this attempt (or an earlier one) locked the key


PASSWORD_POLICY = Policy(max_failures=5, window=timedelta(minutes=15), lockout=timedelta(minutes=15))
# Access codes are never locked (a hall of phones shares one address): failures are only
# counted, per browser session and per address, to delay the failing session's next answer.
CODE_POLICY = Policy(max_failures=None, window=timedelta(minutes=10))
# Delay of a wrong code's answer: doubles per failure of the session, grows with the
# address's failures, never more than CODE_DELAY_CAP (a typo in a busy hall costs seconds).
CODE_DELAY_FIRST = 0.5
CODE_DELAY_PER_ADDRESS_FAILURE = 0.01
CODE_DELAY_CAP = 5.0

_TABLE = LoginThrottle.__table__
_C = _TABLE.c


def password_key(username: str) -> str:
    return f"user:{username.strip().lower()[:150]}"


def code_session_key(browser_session: str) -> str:
    return f"code:session:{browser_session[:100]}"


def code_address_key(address: str) -> str:
    return f"code:address:{address[:100]}"


def _ensure_row(session: Session, key: str) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(_TABLE).values(key=key, failures=0).on_conflict_do_nothing(index_elements=["key"]))


def _stamp(value: datetime) -> sa.BindParameter:
    return sa.literal(value, sa.DateTime(timezone=True))


def count_attempt(session: Session, *, key: str, at: datetime, policy: Policy) -> Count:
    """Count one attempt as a failure unless the key is locked, in one statement.
    The attempt that reaches max_failures locks the key (it is still checked itself)."""
    for _ in range(3):  # the row may be deleted between the insert and the update
        _ensure_row(session, key)
        # A new window when none is open, the last one is over, or an old lock has run out.
        expired = _C.window_started_at <= _stamp(at - policy.window)
        fresh = sa.or_(_C.window_started_at.is_(None), expired, _C.locked_until.is_not(None))
        failures = sa.case((fresh, 1), else_=_C.failures + 1)
        if policy.max_failures is None:
            locked = sa.null()
        else:
            locked = sa.case((failures >= policy.max_failures, _stamp(at + policy.lockout)), else_=sa.null())
        statement = (
            sa.update(_TABLE)
            .where(_C.key == key, sa.or_(_C.locked_until.is_(None), _C.locked_until <= _stamp(at)))
            .values(
                failures=failures,
                window_started_at=sa.case((fresh, _stamp(at)), else_=_C.window_started_at),
                locked_until=locked,
            )
            .returning(_C.failures, _C.locked_until)
        )
        row = session.execute(statement).first()
        if row is not None:
            return Count(True, row.failures, as_utc(row.locked_until))
        until = locked_until(session, key=key, at=at)
        if until is not None:
            return Count(False, 0, until)
    raise RuntimeError(f"could not count an attempt on {key}")


def locked_until(session: Session, *, key: str, at: datetime) -> datetime | None:
    value = session.execute(sa.select(_C.locked_until).where(_C.key == key)).scalar_one_or_none()
    until = as_utc(value)
    return until if until and until > at else None


def failures(session: Session, *, key: str, at: datetime, policy: Policy) -> int:
    row = session.execute(sa.select(_C.failures, _C.window_started_at).where(_C.key == key)).first()
    if row is None or row.window_started_at is None or as_utc(row.window_started_at) <= at - policy.window:
        return 0
    return row.failures


def clear(session: Session, *, key: str) -> None:
    """A success forgets the failures (the row stays: a concurrent count never finds it gone)."""
    forgotten = sa.update(_TABLE).where(_C.key == key).values(failures=0, window_started_at=None, locked_until=None)
    session.execute(forgotten)


def code_delay(*, session_failures: int, address_failures: int) -> float:
    """Seconds a wrong code's answer waits: 0.5, 1, 2, 4, 5, 5 … for a session's failures,
    at least 0.01 s per failure from its address (300 wrong codes in a hall: 3 s), at most 5 s."""
    if session_failures <= 0:
        return 0.0
    own = CODE_DELAY_FIRST * 2 ** min(session_failures - 1, 16)
    return min(CODE_DELAY_CAP, max(own, CODE_DELAY_PER_ADDRESS_FAILURE * address_failures))
