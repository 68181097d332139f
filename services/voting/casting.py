"""Casting a ballot: every rule checked again on the server, then the participation
row and the anonymous ballot written in one transaction.

A browser can send any widget value, so nothing the client says is trusted: the
round must be open, the unit checked in, the choices among the candidates and
within the limits, no vote for oneself unless allowed, and no earlier ballot.
The participation table's primary key (round, unit) refuses a second ballot
even when two arrive at the same instant.

The ballot page writes a hall's confirmations together (casting_together.py), with these
same rules checked ballot by ballot; cast_with_retry here is the one-by-one path, which that
module falls back on and paper ballots and scripts use.
"""

import hashlib
import json
import logging
import random
import secrets
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from db.models.voting import (
    AuditEvent,
    Ballot,
    RoundCandidate,
    RoundStatus,
    SealedBallot,
    VotingRound,
)
from services.archive import read_archived_now
from services.clock import as_utc, local_time
from services.errors import Checker, ValidationFailed
from services.voting import audit, sealing
from services.voting.electorate import Electorate, electorate_of
from services.voting.refusals import append_refusal
from services.voting.rules import BallotForm
from services.voting.settings_codec import from_json
from services.voting.tally import Mark

_log = logging.getLogger("thidua.voting")
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
ACCEPTED = "ballot_accepted"  # store_ballot's event (it says nothing of the voter), for ballots written together


@dataclass(frozen=True)
class Choice:
    """What the voter marked: candidate unit ids with agree/disagree (blank = absent)."""

    marks: tuple[tuple[int, Mark], ...] = ()


def receipt_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def refusal(key: str, **params) -> ValidationFailed:
    """A ballot's refusal: the message key of the rule it broke."""
    check = Checker()
    check.add("ballot", key, **params)
    return ValidationFailed(check.errors)


def _refuse(key: str, **params) -> None:
    raise refusal(key, **params)


def member_count(session: Session, *, round_: VotingRound) -> int:
    """The round's entitled voters (member units, or a council's members): what the count takes
    seats from, and so what a ballot's limit comes from too (never those checked in: 10
    members at 20 % is 2 seats, and a ballot may name 2 even when only 8 units are present)."""
    return electorate_of(session, round_).count(session)


@dataclass(frozen=True)
class BallotFacts:
    """What a ballot is checked against that cannot change while its round is open (check-in
    and candidates are set in the draft, settings and key at the opening): read before the
    round's lock, so the lock is held for the writes only."""

    version: int  # the round's version when read: if it moved, they are read again under the lock
    candidate_ids: frozenset[int]
    members: int
    present: bool | None  # None: a paper ballot, no voter
    recorded_key: str | None  # the sealing key as the audit chain recorded it at opening


def ballot_facts(session: Session, *, round_: VotingRound, unit_id: int | None, user_id: int | None = None,
                 electorate: Electorate | None = None) -> BallotFacts:  # fmt: skip
    """`electorate`: the one the caller built from this same round_ (each build reads the bloc)."""
    electorate = electorate or electorate_of(session, round_)
    present = None
    if unit_id is not None or user_id is not None:
        voter = electorate.voter_of(unit_id=unit_id, user_id=user_id)
        present = voter is not None and electorate.is_present(session, voter)
    candidate_ids = frozenset(session.exec(select(RoundCandidate.unit_id).where(RoundCandidate.round_id == round_.id)))
    recorded_key = None
    if round_.seal_public_key:
        opened = session.exec(
            select(AuditEvent.payload_json).where(AuditEvent.round_id == round_.id, AuditEvent.kind == "round_opened")
        ).first()
        recorded_key = json.loads(opened).get("public_key") if opened is not None else None
    return BallotFacts(round_.version, candidate_ids, electorate.count(session), present, recorded_key)


def check_choice(session: Session, *, round_: VotingRound, unit_id: int | None, choice: Choice,
                 facts: BallotFacts | None = None, user_id: int | None = None) -> None:  # fmt: skip
    """unit_id and user_id None: a paper ballot from the box, whose voter nobody knows. A bloc's
    voter is a unit (unit_id), a council's a person (user_id): the other one does not vote here.
    `facts` read earlier for this round's version (else read now)."""
    settings = from_json(round_.settings_json)
    if round_.status != RoundStatus.OPEN:
        _refuse("vote_error.round_not_open")
    if facts is None or facts.version != round_.version:
        facts = ballot_facts(session, round_=round_, unit_id=unit_id, user_id=user_id)
    if (unit_id is not None or user_id is not None) and not facts.present:
        _refuse("vote_error.not_entitled")
    marked = [cid for cid, _ in choice.marks]
    if len(set(marked)) != len(marked) or not set(marked) <= facts.candidate_ids:
        _refuse("vote_error.unknown_candidate")
    if any(mark not in set(Mark) for _, mark in choice.marks):
        _refuse("vote_error.bad_mark")
    agreed = [cid for cid, mark in choice.marks if mark == Mark.AGREE]
    if settings.form != BallotForm.APPROVAL and len(agreed) != len(marked):
        _refuse("vote_error.bad_mark")
    limit = settings.choice_limit(facts.members)
    if len(agreed) > limit:
        _refuse("vote_error.too_many", max=limit)
    if agreed and len(agreed) < settings.min_choices:
        _refuse("vote_error.too_few", min=settings.min_choices)
    if not settings.self_vote and unit_id is not None and unit_id in agreed:
        _refuse("vote_error.self_vote")


def cast_ballot(session: Session, *, round_id: int, unit_id: int | None = None, choice: Choice, at: datetime,
                user_id: int | None = None) -> str:  # fmt: skip
    """Checks and stores one electronic ballot; returns the receipt code (shown once).
    A delegate votes for its unit (unit_id), a council member as a person (user_id).

    The caller commits. Raises ValidationFailed with a message key when refused.
    """
    round_ = session.get(VotingRound, round_id)
    if round_ is None:
        _refuse("vote_error.round_not_open")
    # Read before the round's lock: it serialises every ballot of the round, so it is held
    # only for what can change while the round is open (its status, the schedule and the
    # cards, re-read as it is taken) and for the writes. Facts of another version are read again.
    electorate = electorate_of(session, round_)
    voter = electorate.voter_of(unit_id=unit_id, user_id=user_id)
    if voter is None:  # a delegate in a council round, or a person in a bloc's
        _refuse("vote_error.not_entitled")
    facts = ballot_facts(session, round_=round_, unit_id=unit_id, user_id=user_id, electorate=electorate)
    read_archived_now(session)  # the archive guard's read, otherwise made at the first flush
    receipt = new_receipt()
    round_ = hold_open(session, round_id)
    check_under_lock(session, round_=round_, at=at, unit_id=unit_id, user_id=user_id, choice=choice, facts=facts)
    _store(session, participation=electorate.participation_row(voter), choice=choice, at=at, receipt=receipt,
           facts=facts)  # fmt: skip
    return shown_receipt(receipt)


def new_receipt() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))


def shown_receipt(receipt: str) -> str:
    """As the delegate reads it (shown once): two groups of five."""
    return f"{receipt[:5]}-{receipt[5:]}"


def check_under_lock(session: Session, *, round_: VotingRound, at: datetime, unit_id: int | None,
                     user_id: int | None, choice: Choice, facts: BallotFacts) -> None:  # fmt: skip
    """A ballot's checks against its round as read under the round's lock, in their order (the
    first rule broken is the one told and logged): the schedule, the cards, then the choice."""
    _within_schedule(round_, at)
    if round_.seal_public_key and not round_.cards_handed_out:
        _refuse("sealing.cards_not_handed_out")
    check_choice(session, round_=round_, unit_id=unit_id, user_id=user_id, choice=choice, facts=facts)


def _within_schedule(round_: VotingRound, at: datetime) -> None:
    """The optional schedule bounds electronic voting; paper ballots from the box are
    entered by the committee afterwards, and closing stays a confirmed human action."""
    opens_at, closes_at, moment = as_utc(round_.opens_at), as_utc(round_.closes_at), as_utc(at)
    if opens_at and moment < opens_at:
        _refuse("vote_error.not_yet_time", time=local_time(opens_at))
    if closes_at and moment >= closes_at:
        _refuse("vote_error.time_over", time=local_time(closes_at))


def _store(session: Session, *, participation, choice: Choice, at: datetime, receipt: str | None,
           facts: BallotFacts) -> None:  # fmt: skip
    """THAT the voter voted and WHAT was voted, in one transaction; the participation's primary
    key refuses a second ballot from the same voter."""
    store_ballot(session, round_id=participation.round_id, choice=choice, at=at, receipt=receipt, facts=facts,
                 participation=participation)  # fmt: skip


def store_ballot(session: Session, *, round_id: int, choice: Choice, at: datetime, receipt: str | None,
                 valid: bool = True, invalid_reason: str | None = None, facts: BallotFacts | None = None,
                 participation=None) -> None:  # fmt: skip
    """The anonymous half: no unit, no time; the audit event says only that a ballot arrived.
    `participation` (an electronic ballot's voter) is written with it; if the voter has one
    already, the ballot is refused and nothing is written."""
    round_ = session.get(VotingRound, round_id)
    key = recorded_key(session, round_, facts) if round_ is not None and round_.seal_public_key else None
    row, event = ballot_row(round_id=round_id, key=key, choice=choice, receipt=receipt, valid=valid,
                            invalid_reason=invalid_reason)  # fmt: skip
    try:
        prev = audit.head_after(session, [participation, row] if participation is not None else [row])
    except IntegrityError:
        if participation is None:
            raise
        session.rollback()
        raise already_voted() from None
    audit.append(session, kind="ballot_accepted", at=at, round_id=round_id, prev=prev, **event)


def ballot_row(*, round_id: int, key: str | None, choice: Choice, receipt: str | None, valid: bool = True,
               invalid_reason: str | None = None) -> tuple[Ballot | SealedBallot, dict]:  # fmt: skip
    """The ballot's row and its event's payload. In a sealed round (`key`: the recorded public
    key) only the ciphertext is written, and the event carries its hash."""
    content = json.dumps({"marks": [[cid, Mark(mark).value] for cid, mark in choice.marks]}, sort_keys=True)
    hashed = receipt_hash(receipt) if receipt else None
    if key is not None:
        ciphertext = sealing.seal(key, {"round": round_id, "content": content, "valid": valid,
                                        "invalid_reason": invalid_reason, "receipt_hash": hashed})  # fmt: skip
        row = SealedBallot(id=secrets.token_hex(16), round_id=round_id, ciphertext=ciphertext)
        return row, {"sealed": sealing.ciphertext_hash(ciphertext)}
    row = Ballot(id=secrets.token_hex(16), round_id=round_id, content_json=content, valid=valid,
                 invalid_reason=invalid_reason, receipt_hash=hashed)  # fmt: skip
    return row, {}


def recorded_key(session: Session, round_: VotingRound, facts: BallotFacts | None) -> str:
    """The public key as the audit chain recorded it at opening: a key swapped in the round's
    row (to read the next ballots with one's own key) is refused, not used. The row's key is
    the one read under the lock; the recorded one never changes once written."""
    if facts is None or facts.version != round_.version:
        facts = ballot_facts(session, round_=round_, unit_id=None)
    if facts.recorded_key is None or facts.recorded_key != round_.seal_public_key:
        _refuse("sealing.key_changed")
    return round_.seal_public_key


def cast_with_retry(session_factory: Callable[[], AbstractContextManager[Session]], *, attempts: int = 8,
                    **kwargs) -> str:  # fmt: skip
    """cast_ballot in its own transaction, retried when it lost a race for the audit
    chain's head (SQLite readers may all see the same head; only one can append).

    A refused ballot is audit-logged (the rule, never the content) in the same
    transaction, under the locks the checks took, then the refusal is raised."""
    for attempt in range(attempts):
        refused: ValidationFailed | None = None
        try:
            with session_factory() as session:
                try:
                    return cast_ballot(session, **kwargs)
                except ValidationFailed as error:
                    refused = error
                    append_refusal(session, round_id=kwargs.get("round_id"), at=kwargs["at"],
                                   reasons=[e.key for e in error.errors])  # fmt: skip
            raise refused
        except (IntegrityError, OperationalError):
            if attempt == attempts - 1:
                if refused is not None:  # the refusal stands even if its log line lost every race
                    _log.warning("could not audit-log a refused ballot: %s", refused)
                    raise refused from None
                raise
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")


def already_voted() -> ValidationFailed:
    return refusal("vote_error.already_voted")


def hold_open(session: Session, round_id: int) -> VotingRound:
    """The round's lock: its row, locked while it is open, and read again as of now in the
    same statement. A close waits for this ballot to commit, and a ballot that starts after
    a close finds the round closed. It also serialises the round's ballots (the next caster's
    UPDATE waits here), so the audit chain's head is read by one caster at a time."""
    guard = (
        sa.update(VotingRound)
        .where(VotingRound.id == round_id, VotingRound.status == RoundStatus.OPEN)
        .values(version=VotingRound.version)
        .returning(VotingRound)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    round_ = session.execute(guard).scalars().first()
    if round_ is None:
        _refuse("vote_error.round_not_open")
    return round_
