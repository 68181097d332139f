"""The append-only audit log: each event carries the hash of the one before it.

The chain cannot fork: prev_hash is unique in the database, so of two writers
that read the same head only one can append (the other retries). verify_chain
recomputes every hash; the last one is printed on the minutes.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from db.models.voting import AuditEvent
from services.clock import as_utc

GENESIS = "0" * 64


def _digest(*, prev_hash: str, kind: str, round_id: int | None, at: datetime, payload_json: str) -> str:
    material = "\n".join([prev_hash, kind, str(round_id or ""), as_utc(at).isoformat(), payload_json])
    return hashlib.sha256(material.encode()).hexdigest()


_HEAD = sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)  # built once: read under a round's lock


def head(session: Session) -> str:
    return session.execute(_HEAD).scalar() or GENESIS


def head_after(session: Session, rows: list[SQLModel]) -> str:
    """Writes `rows`, then reads the chain's head: for an event appended right after them (pass
    it to append as `prev`). On PostgreSQL in one round trip (the inserts as a data-modifying
    WITH of the head's read): a round's ballots are written one at a time under its lock, and
    each round trip there waits for the interpreter behind a hall's other runs (bench/RESULTS.md).
    The archive guard, which checks ORM flushes, still refuses the transaction: the event that
    follows is flushed, and it names the same round. An IntegrityError here is the rows'."""
    if rows and session.get_bind().dialect.name == "postgresql":
        by_model: dict[type, list[dict[str, Any]]] = {}
        for row in rows:
            by_model.setdefault(type(row), []).append(_columns(row))
        writes = [sa.insert(model).values(values).cte(f"rows_{i}")
                  for i, (model, values) in enumerate(by_model.items())]  # fmt: skip
        return session.execute(_HEAD.add_cte(*writes)).scalar() or GENESIS
    session.add_all(rows)
    session.flush()
    return head(session)


def _columns(row: SQLModel) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in sa.inspect(type(row)).column_attrs}


def append(session: Session, *, kind: str, at: datetime, round_id: int | None = None, prev: str | None = None,
           **payload: Any) -> AuditEvent:  # fmt: skip
    """`prev`: the head as head_after just read it in this transaction (else read now)."""
    (event,) = append_many(session, [(kind, at, round_id, payload)], prev=head(session) if prev is None else prev)
    return event


def append_many(session: Session, events: list[tuple[str, datetime, int | None, dict[str, Any]]], *,
                prev: str) -> list[AuditEvent]:  # fmt: skip
    """(kind, at, round_id, payload) events chained in this order after `prev` (the head read in
    this transaction, under the lock that serialises its writers), written in one flush. The
    chain is read in id order: ids are checked to follow it (the ORM inserts several rows with
    their ids assigned in the order given), else the transaction fails (ChainOrderError)."""
    written = []
    for kind, at, round_id, payload in events:
        payload_json = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        digest = _digest(prev_hash=prev, kind=kind, round_id=round_id, at=at, payload_json=payload_json)
        written.append(AuditEvent(round_id=round_id, at=at, kind=kind, payload_json=payload_json, prev_hash=prev,
                                  hash=digest))  # fmt: skip
        prev = digest
    session.add_all(written)
    session.flush()
    ids = [event.id for event in written]
    if ids != sorted(ids):
        raise ChainOrderError(ids)
    return written


class ChainOrderError(RuntimeError):
    """Events written together got ids out of their chain's order (never seen: a guard)."""


@dataclass(frozen=True)
class ChainCheck:
    intact: bool
    events: int
    digest: str
    first_bad_id: int | None = None


def verify_chain(session: Session) -> ChainCheck:
    prev, count = GENESIS, 0
    for event in session.exec(select(AuditEvent).order_by(AuditEvent.id)):
        expected = _digest(
            prev_hash=prev, kind=event.kind, round_id=event.round_id, at=event.at, payload_json=event.payload_json
        )
        if event.prev_hash != prev or event.hash != expected:
            return ChainCheck(False, count, prev, event.id)
        prev, count = event.hash, count + 1
    return ChainCheck(True, count, prev)


def events_of_round(session: Session, *, round_id: int) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.round_id == round_id).order_by(AuditEvent.id)))


def count_events(session: Session) -> int:
    return session.exec(select(sa.func.count()).select_from(AuditEvent)).one()


def round_digest(session: Session, *, round_id: int) -> str | None:
    """The digest a round's minutes print and the audit page shows for that round: the hash
    of its `round_closed` event, which seals every event before it (ballots included) and
    the close itself. None while the round is not closed."""
    closed = session.exec(
        select(AuditEvent).where(AuditEvent.round_id == round_id, AuditEvent.kind == "round_closed")
    ).first()
    return closed.hash if closed else None


def actor_fields(principal: Any) -> dict[str, str]:
    """Who took an admin action on a round, for its event's payload: the account and its
    role, nothing else. Empty when the caller is not a logged-in person (scripts, tests),
    so such events hash exactly as before. Never used for ballot events: a ballot has no voter."""
    if principal is None:
        return {}
    role = getattr(principal.role, "value", principal.role)
    return {"actor": str(principal.username or principal.display_name)[:200], "actor_role": str(role)}
