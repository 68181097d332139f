"""A hall's confirmations written together: the ballots of a round that arrive while another
group of them is being written wait, then go into the database as one group.

200 phones confirming at once each paid, one after the other under the round's lock, for ten
statements and a commit (bench/RESULTS.md, section 1). Here a group pays once for the round's
lock, its facts (candidates, members, the recorded key), the archive guard's read, the check-ins
and earlier participations of its voters, and the audit chain's head; then one insert per
table and one commit. The first confirmation of a quiet round is a group of one.

Every rule is casting.py's, checked ballot by ballot in the group (check_under_lock: the
schedule, the cards, the choice; then one ballot per voter), and a refusal is logged in the
chain as cast_with_retry logs it. When the group cannot be written as a whole (the round is
not open, its key changed, another writer won a race, the ids came out of order), each of its
ballots is written on its own by cast_with_retry, which refuses, logs and retries as before. A
database fault (unreachable, read-only) is every ballot's answer: nothing was stored.
"""

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from services.archive import read_archived_now
from services.db_faults import classify
from services.errors import ValidationFailed
from services.voting import audit
from services.voting.casting import (
    ACCEPTED,
    already_voted,
    ballot_facts,
    ballot_row,
    cast_with_retry,
    check_under_lock,
    hold_open,
    new_receipt,
    recorded_key,
    refusal,
    shown_receipt,
)
from services.voting.electorate import electorate_of
from services.voting.refusals import REFUSED, refusal_payload

SessionFactory = Callable[[], AbstractContextManager[Session]]
MAX_GROUP = 100  # a group's ballots in one transaction; more wait for the next group


@dataclass
class _Request:
    kwargs: dict[str, Any]  # cast_ballot's: round_id, unit_id or user_id, choice, at
    wake: threading.Event = field(default_factory=threading.Event)
    lead: bool = False  # this request's thread writes the next group
    answered: bool = False
    receipt: str | None = None
    error: BaseException | None = None

    def outcome(self) -> str:
        if self.error is not None:
            raise self.error
        assert self.receipt is not None
        return self.receipt


@dataclass
class _Group:
    lock: threading.Lock = field(default_factory=threading.Lock)
    pending: list[_Request] = field(default_factory=list)
    writing: bool = False


_groups: dict[tuple[str, int], _Group] = {}
_groups_lock = threading.Lock()


def cast_together(session_factory: SessionFactory, *, database: str, **kwargs) -> str:
    """cast_with_retry's answer (the receipt, or ValidationFailed, or a database error) for one
    ballot, written with those of the same round (`database` names the database: a process may
    use several) that arrive while an earlier group is being written."""
    with _groups_lock:
        group = _groups.setdefault((database, kwargs["round_id"]), _Group())
    request = _Request(kwargs)
    with group.lock:
        group.pending.append(request)
        if not group.writing:
            group.writing = request.lead = True
    if not request.lead:
        request.wake.wait()  # answered, or asked to write the next group (which holds this request)
    if not request.answered:
        _lead(group, session_factory)
    return request.outcome()


def _lead(group: _Group, session_factory: SessionFactory) -> None:
    with group.lock:
        batch, group.pending = group.pending[:MAX_GROUP], group.pending[MAX_GROUP:]
    try:
        _write(session_factory, batch)
    finally:
        with group.lock:  # the next group's writer: the first who waits, else none until the next arrival
            following = group.pending[0] if group.pending else None
            if following is not None:
                following.lead = True
            else:
                group.writing = False
        for request in batch:
            request.answered = True
            request.wake.set()
        if following is not None:
            following.wake.set()


def _write(session_factory: SessionFactory, batch: list[_Request]) -> None:
    try:
        with session_factory() as session:
            outcomes = _cast_group(session, [request.kwargs for request in batch])
    except Exception as error:  # a fault is everyone's answer; anything else: one by one
        if isinstance(error, SQLAlchemyError) and classify(error) is not None:
            for request in batch:  # unreachable or read-only: nothing was stored
                request.error = error
            return
        outcomes = None
    if outcomes is None:
        for request in batch:
            try:
                request.receipt = cast_with_retry(session_factory, **request.kwargs)
            except Exception as error:  # raised again in the request's own thread
                request.error = error
        return
    for request, outcome in zip(batch, outcomes, strict=True):
        if isinstance(outcome, ValidationFailed):
            request.error = outcome
        else:
            request.receipt = outcome


class _NotAsAGroup(Exception):
    """The group is written ballot by ballot instead (see the module's docstring)."""


def _cast_group(session: Session, requests: list[dict[str, Any]]) -> list[str | ValidationFailed]:
    """One transaction: what cast_ballot does for each request, with what a group shares read once."""
    round_id = requests[0]["round_id"]
    try:
        round_ = hold_open(session, round_id)  # the round's lock, held to the commit
    except ValidationFailed:
        raise _NotAsAGroup from None
    electorate = electorate_of(session, round_)
    facts = ballot_facts(session, round_=round_, unit_id=None, electorate=electorate)
    try:
        key = recorded_key(session, round_, facts) if round_.seal_public_key else None
    except ValidationFailed:
        raise _NotAsAGroup from None
    read_archived_now(session)
    voters = [electorate.voter_of(unit_id=r.get("unit_id"), user_id=r.get("user_id")) for r in requests]
    known = {voter for voter in voters if voter is not None}
    present, voted = electorate.present_among(session, known), electorate.voted_among(session, known)
    outcomes: list[str | ValidationFailed] = []
    rows, events = [], []
    for request, voter in zip(requests, voters, strict=True):
        at = request["at"]
        try:  # in cast_ballot's order: the first rule broken is the one told and logged
            if voter is None:  # a delegate in a council round, or a person in a bloc's
                raise refusal("vote_error.not_entitled")
            check_under_lock(session, round_=round_, at=at, unit_id=request.get("unit_id"),
                             user_id=request.get("user_id"), choice=request["choice"],
                             facts=replace(facts, present=voter in present))  # fmt: skip
            if voter in voted:
                raise already_voted()
        except ValidationFailed as refused:
            outcomes.append(refused)
            events.append((REFUSED, at, round_id, refusal_payload([e.key for e in refused.errors])))
            continue
        voted.add(voter)  # a second ballot of the same voter in this group is refused too
        receipt = new_receipt()
        row, payload = ballot_row(round_id=round_id, key=key, choice=request["choice"], receipt=receipt)
        rows += [electorate.participation_row(voter), row]
        events.append((ACCEPTED, at, round_id, payload))
        outcomes.append(shown_receipt(receipt))
    prev = audit.head_after(session, rows)
    audit.append_many(session, events, prev=prev)
    return outcomes
