"""A year's voting rounds and their audit events, as plain data.

Ballots are those of closed and published rounds only (an open round's ballots
would be a running count), in a fresh random order, without ids: like the
round export, nothing here links a ballot to a unit, a time or a receipt. A council
round's members present are listed with their position and check-in time (before the
opening, so before any ballot), and how many voted: never who cast which ballot.
"""

import json
import secrets
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from db.models.voting import AuditEvent, Ballot, CheckIn, Participation, RoundCandidate, RoundStatus, VotingRound
from services.clock import as_utc
from services.voting.attendance import check_in_times
from services.voting.electorate import electorate_of

COUNTED = (RoundStatus.CLOSED, RoundStatus.PUBLISHED)


def when(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def round_record(session: Session, round_: VotingRound) -> dict[str, Any]:
    def units_of(model) -> list[int]:
        return sorted(session.exec(select(model.unit_id).where(model.round_id == round_.id)))

    counted = round_.status in COUNTED
    candidates = select(RoundCandidate.unit_id).where(RoundCandidate.round_id == round_.id)
    ballots = session.exec(select(Ballot).where(Ballot.round_id == round_.id)).all() if counted else []
    anonymous = [
        {"valid": b.valid, "invalid_reason": b.invalid_reason,
         "marks": sorted([int(cid), str(mark)] for cid, mark in json.loads(b.content_json)["marks"])}
        for b in ballots
    ]  # fmt: skip
    secrets.SystemRandom().shuffle(anonymous)
    return {
        "id": round_.id,
        "bloc_id": round_.bloc_id,
        "title": round_.title,
        "kind": round_.kind,
        "status": RoundStatus(round_.status).value,
        "created_at": when(round_.created_at),
        "runoff_of_id": round_.runoff_of_id,
        "cancel_reason": round_.cancel_reason,
        "draw_seed": round_.draw_seed,
        "settings": json.loads(round_.settings_json),
        "candidates": list(session.exec(candidates.order_by(RoundCandidate.position))),
        "checked_in": units_of(CheckIn),
        "voted": units_of(Participation),
        **_persons(session, round_),
        # Withheld (None) while a round is a draft, open or cancelled: they were never counted.
        "ballots": anonymous if counted else None,
        "receipt_hashes": sorted(b.receipt_hash for b in ballots if b.receipt_hash) if counted else None,
        "result": json.loads(round_.result_json) if round_.result_json else None,
    }


def _persons(session: Session, round_: VotingRound) -> dict[str, Any]:
    """A council round's members present (as on the roll: frozen at the opening) and how many
    voted; a bloc's round has none."""
    electorate = electorate_of(session, round_)
    if not electorate.by_person:
        return {"person_check_ins": [], "persons_voted": 0}
    present, times = electorate.present(session), check_in_times(session, round_id=round_.id)
    members = sorted((v for v in electorate.roll(session) if v.id in present), key=lambda v: (v.name, v.id))
    return {
        "person_check_ins": [
            {"user_id": v.id, "name": v.name, "position": v.position, "at": when(times.get(v.id))} for v in members
        ],
        "persons_voted": electorate.voted_count(session),
    }


def audit_events(session: Session, round_ids: list[int]) -> list[dict[str, Any]]:
    query = select(AuditEvent).where(AuditEvent.round_id.in_(round_ids)).order_by(AuditEvent.id)
    return [
        {"id": e.id, "round_id": e.round_id, "at": when(e.at), "kind": e.kind, "payload": json.loads(e.payload_json),
         "prev_hash": e.prev_hash, "hash": e.hash}
        for e in session.exec(query)
    ]  # fmt: skip
