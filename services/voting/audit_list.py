"""The audit page's read side: the chain's events, newest first, one page at a time.

An event's payload is never handed to the page. Only the actor fields that admin
actions record (account and role) are read out of it: a ballot's content is not in
the chain at all, and a check-in's or a refusal's details are not the page's business.
"""

import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Bloc, Province
from db.models.voting import AuditEvent, VotingRound
from services.voting.audit import round_digest

ACTOR_FIELDS = ("actor", "actor_role")
# Every kind the services append (a kind not listed is shown by its code).
KINDS = (
    "round_configured",
    "check_in",
    "round_opened",
    "cards_handed_out",
    "minutes_details",
    "ballot_accepted",
    "paper_voters",
    "ballot_refused",
    "round_closed",
    "round_published",
    "round_cancelled",
    "decision_recorded",  # the province's decision (services/province/decision.py): no round
)


@dataclass(frozen=True)
class EventLine:
    id: int
    at: datetime
    kind: str
    round_id: int | None
    round_title: str | None
    actor: str | None
    actor_role: str | None


@dataclass(frozen=True)
class RoundOption:
    id: int
    title: str
    bloc: str
    province: str
    year: int


@dataclass(frozen=True)
class RoundDigest:
    round_id: int
    title: str
    digest: str


def _actor(payload_json: str) -> tuple[str | None, str | None]:
    try:
        payload = json.loads(payload_json)
    except ValueError:
        return None, None
    if not isinstance(payload, dict):
        return None, None
    actor, role = (payload.get(name) for name in ACTOR_FIELDS)
    return (str(actor) if actor else None), (str(role) if role else None)


def _where(query, round_id: int | None):
    return query if round_id is None else query.where(AuditEvent.round_id == round_id)


def count_events(session: Session, *, round_id: int | None = None) -> int:
    return session.exec(_where(select(sa.func.count()).select_from(AuditEvent), round_id)).one()


def list_events(session: Session, *, round_id: int | None = None, limit: int = 50, offset: int = 0) -> list[EventLine]:
    """One page of events, newest first, with their round's title and who acted (if recorded)."""
    query = (
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.kind,
            AuditEvent.round_id,
            AuditEvent.payload_json,
            VotingRound.title,
        )
        .outerjoin(VotingRound, VotingRound.id == AuditEvent.round_id)
        .order_by(AuditEvent.id.desc())
        .limit(max(1, min(limit, 500)))
        .offset(max(0, offset))
    )
    lines = []
    for event_id, at, kind, event_round, payload_json, title in session.exec(_where(query, round_id)):
        actor, role = _actor(payload_json)
        lines.append(EventLine(event_id, at, kind, event_round, title, actor, role))
    return lines


def rounds_in_log(session: Session) -> list[RoundOption]:
    """Rounds that have events, newest first, with bloc, province and year: two blocs may
    each have a round titled "Cờ thi đua 2026"."""
    logged = select(AuditEvent.round_id).where(AuditEvent.round_id.is_not(None)).distinct()
    query = (
        select(VotingRound.id, VotingRound.title, Bloc.name, Province.name, VotingRound.year)
        .join(Bloc, Bloc.id == VotingRound.bloc_id)
        .join(Province, Province.id == Bloc.province_id)
        .where(VotingRound.id.in_(logged))
        .order_by(VotingRound.id.desc())
    )
    return [RoundOption(*row) for row in session.exec(query)]


def closed_round_digests(session: Session, *, round_id: int | None = None) -> list[RoundDigest]:
    """Each round that was closed, with THE digest its minutes print (audit.round_digest)."""
    query = (
        select(VotingRound.id, VotingRound.title)
        .where(VotingRound.id.in_(select(AuditEvent.round_id).where(AuditEvent.kind == "round_closed")))
        .order_by(VotingRound.id.desc())
    )
    if round_id is not None:
        query = query.where(VotingRound.id == round_id)
    digests = []
    for closed_id, title in session.exec(query):
        digest = round_digest(session, round_id=closed_id)
        if digest:
            digests.append(RoundDigest(closed_id, title, digest))
    return digests
