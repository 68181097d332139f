"""An alert for the admin when wrong access codes pour in faster than a hall mistypes.

Wrong codes are never refused in advance (a hall shares one address), so a guesser is
only slowed down (services/access/throttle.py); this ceiling makes one visible. It is derived
from the login events already stored (one row per attempt), so it needs no table of its
own. A wrong code does not say which conference it was meant for: the count is every
wrong code on the server while the conference runs, against a ceiling scaled to the
conference (one per member unit a minute, at least MIN_CEILING).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import AccessCode, Conference, LoginEvent, LoginMethod
from services.clock import as_utc

MIN_CEILING = 30  # wrong codes a minute: a hall of 200 mistyping at once stays below its own ceiling
SHOWN_MINUTES = 5


@dataclass(frozen=True)
class Spike:
    minute: datetime  # UTC, start of the minute
    failures: int


@dataclass(frozen=True)
class CodeAlert:
    ceiling: int
    minutes: int  # minutes over the ceiling
    peak: Spike
    latest: list[Spike]  # the last SHOWN_MINUTES of them, newest first
    total: int  # wrong codes during the conference


def ceiling(session: Session, *, conference: Conference) -> int:
    active = select(sa.func.count()).where(AccessCode.conference_id == conference.id, AccessCode.revoked_at.is_(None))
    return max(MIN_CEILING, session.exec(active).one())


def _minute(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        return sa.func.date_trunc("minute", LoginEvent.at)
    return sa.func.strftime("%Y-%m-%d %H:%M", LoginEvent.at)


def _as_minute(value) -> datetime:
    if isinstance(value, str):
        return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return as_utc(value)


def code_alert(session: Session, *, conference: Conference, at: datetime) -> CodeAlert | None:
    """None while every minute of the conference stayed under the ceiling."""
    limit = ceiling(session, conference=conference)
    window = (
        LoginEvent.method == LoginMethod.CODE,
        LoginEvent.success.is_(False),
        LoginEvent.at >= as_utc(conference.created_at),
        LoginEvent.at <= min(at, as_utc(conference.ends_at)),
    )
    minute = _minute(session).label("minute")
    failures = sa.func.count().label("failures")
    query = select(minute, failures).where(*window).group_by(minute).having(sa.func.count() > limit)
    spikes = [Spike(_as_minute(m), n) for m, n in session.exec(query.order_by(minute.desc()))]
    if not spikes:
        return None
    total = session.exec(select(sa.func.count()).select_from(LoginEvent).where(*window)).one()
    peak = max(spikes, key=lambda s: (s.failures, s.minute))
    return CodeAlert(limit, len(spikes), peak, spikes[:SHOWN_MINUTES], total)
