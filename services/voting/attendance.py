"""The check-in list as the admin sets it: everyone present at once, then the absent unchecked.

rounds.check_in only adds; a hall is checked in faster as "all present" followed by taking out
the few who are missing, so this sets the list to exactly the units given (before opening).
"""

import json
from datetime import datetime

from sqlmodel import Session, select

from db.models.voting import AuditEvent, RoundStatus, VotingRound
from services.access.sessions import Principal
from services.clock import as_utc
from services.voting import audit
from services.voting.electorate import electorate_of
from services.voting.rounds import check_in
from services.voting.transitions import expect_version, move, refuse


def set_present(session: Session, *, round_id: int, unit_ids: list[int], at: datetime,
                expected_version: int | None = None, substitutes: dict[int, str] | None = None,
                principal: Principal | None = None) -> int:  # fmt: skip
    """Exactly these voters (member units plus any named substitute's unit, or a council's
    members) are present; the others are marked absent again. Returns how many are present."""
    round_ = session.get(VotingRound, round_id)
    if round_ is None or round_.status != RoundStatus.DRAFT:
        refuse("vote_error.checkin_closed")
    expect_version(round_, expected_version)
    electorate = electorate_of(session, round_)
    keep = set(unit_ids) | {u for u, name in (substitutes or {}).items() if (name or "").strip()}
    rows = electorate.check_in_rows(session)
    gone = sorted(electorate.voter_in(row) for row in rows if electorate.voter_in(row) not in keep)
    if gone:
        move(session, round_, to=RoundStatus.DRAFT, expected=RoundStatus.DRAFT)
        for row in rows:
            if electorate.voter_in(row) in gone:
                session.delete(row)
        who = {"persons": []} if electorate.by_person else {"units": []}
        audit.append(session, kind="check_in", at=at, round_id=round_id, **who, absent=gone,
                     **audit.actor_fields(principal))  # fmt: skip
        session.flush()
        session.refresh(round_)
    return check_in(session, round_id=round_id, unit_ids=list(unit_ids), at=at, substitutes=substitutes,
                    principal=principal)  # fmt: skip


def all_members(session: Session, *, round_id: int) -> list[int]:
    """Every entitled voter: the member units, or the council's members."""
    round_ = session.get(VotingRound, round_id)
    return [voter.id for voter in electorate_of(session, round_).roll(session)]


def check_in_times(session: Session, *, round_id: int) -> dict[int, datetime]:
    """When each voter present was checked in (the last time, if taken out and back in), as
    the audit chain records it: check-in rows keep no time of their own."""
    times: dict[int, datetime] = {}
    query = select(AuditEvent).where(AuditEvent.round_id == round_id, AuditEvent.kind == "check_in")
    for event in session.exec(query.order_by(AuditEvent.id)):
        payload = json.loads(event.payload_json)
        for voter in payload.get("absent", []):
            times.pop(voter, None)
        for voter in [*payload.get("units", []), *payload.get("persons", [])]:
            times[voter] = as_utc(event.at)
    return times
