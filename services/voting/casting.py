"""Casting a ballot: every rule checked again on the server, then the participation
row and the anonymous ballot written in one transaction.

A browser can send any widget value, so nothing the client says is trusted: the
round must be open, the unit checked in, the choices among the candidates and
within the limits, no vote for oneself unless allowed, and no earlier ballot.
The participation table's primary key (round, unit) refuses a second ballot
even when two arrive at the same instant.
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
from services.clock import as_utc, local_time
from services.errors import Checker, ValidationFailed
from services.voting import audit, sealing
from services.voting.electorate import electorate_of
from services.voting.refusals import append_refusal
from services.voting.rules import BallotForm
from services.voting.settings_codec import from_json
from services.voting.tally import Mark

_log = logging.getLogger("thidua.voting")
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class Choice:
    """What the voter marked: candidate unit ids with agree/disagree (blank = absent)."""

    marks: tuple[tuple[int, Mark], ...] = ()


def receipt_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def _refuse(key: str, **params) -> None:
    check = Checker()
    check.add("ballot", key, **params)
    check.raise_if_any()


def member_count(session: Session, *, round_: VotingRound) -> int:
    """The round's entitled voters (member units, or a council's members): what the count takes
    seats from, and so what a ballot's limit comes from too (never those checked in: 10
    members at 20 % is 2 seats, and a ballot may name 2 even when only 8 units are present)."""
    return electorate_of(session, round_).count(session)


def check_choice(session: Session, *, round_: VotingRound, unit_id: int | None, choice: Choice,
                 user_id: int | None = None) -> None:  # fmt: skip
    """unit_id and user_id None: a paper ballot from the box, whose voter nobody knows. A bloc's
    voter is a unit (unit_id), a council's a person (user_id): the other one does not vote here."""
    settings = from_json(round_.settings_json)
    if round_.status != RoundStatus.OPEN:
        _refuse("vote_error.round_not_open")
    if unit_id is not None or user_id is not None:
        voter = electorate_of(session, round_).voter_of(unit_id=unit_id, user_id=user_id)
        if voter is None or not electorate_of(session, round_).is_present(session, voter):
            _refuse("vote_error.not_entitled")
    candidate_ids = set(session.exec(select(RoundCandidate.unit_id).where(RoundCandidate.round_id == round_.id)))
    marked = [cid for cid, _ in choice.marks]
    if len(set(marked)) != len(marked) or not set(marked) <= candidate_ids:
        _refuse("vote_error.unknown_candidate")
    if any(mark not in set(Mark) for _, mark in choice.marks):
        _refuse("vote_error.bad_mark")
    agreed = [cid for cid, mark in choice.marks if mark == Mark.AGREE]
    if settings.form != BallotForm.APPROVAL and len(agreed) != len(marked):
        _refuse("vote_error.bad_mark")
    limit = settings.choice_limit(member_count(session, round_=round_))
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
    _serialize(session, round_id)
    _hold_open(session, round_id)
    _within_schedule(round_, at)
    if round_.seal_public_key and not round_.cards_handed_out:
        _refuse("sealing.cards_not_handed_out")
    electorate = electorate_of(session, round_)
    voter = electorate.voter_of(unit_id=unit_id, user_id=user_id)
    if voter is None:  # a delegate in a council round, or a person in a bloc's
        _refuse("vote_error.not_entitled")
    check_choice(session, round_=round_, unit_id=unit_id, user_id=user_id, choice=choice)
    receipt = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    _store(session, participation=electorate.participation_row(voter), choice=choice, at=at, receipt=receipt)
    return f"{receipt[:5]}-{receipt[5:]}"


def _within_schedule(round_: VotingRound, at: datetime) -> None:
    """The optional schedule bounds electronic voting; paper ballots from the box are
    entered by the committee afterwards, and closing stays a confirmed human action."""
    opens_at, closes_at, moment = as_utc(round_.opens_at), as_utc(round_.closes_at), as_utc(at)
    if opens_at and moment < opens_at:
        _refuse("vote_error.not_yet_time", time=local_time(opens_at))
    if closes_at and moment >= closes_at:
        _refuse("vote_error.time_over", time=local_time(closes_at))


def _store(session: Session, *, participation, choice: Choice, at: datetime, receipt: str | None) -> None:
    """THAT the voter voted and WHAT was voted, in one transaction; the participation's primary
    key refuses a second ballot from the same voter."""
    session.add(participation)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise _already_voted() from None
    store_ballot(session, round_id=participation.round_id, choice=choice, at=at, receipt=receipt)


def store_ballot(session: Session, *, round_id: int, choice: Choice, at: datetime, receipt: str | None,
                 valid: bool = True, invalid_reason: str | None = None) -> None:  # fmt: skip
    """The anonymous half: no unit, no time; the audit event says only that a ballot arrived.
    In a sealed round only the ciphertext is written, and the event carries its hash."""
    content = json.dumps({"marks": [[cid, Mark(mark).value] for cid, mark in choice.marks]}, sort_keys=True)
    round_ = session.get(VotingRound, round_id)
    if round_ is not None and round_.seal_public_key:
        ciphertext = sealing.seal(
            _recorded_key(session, round_),
            {"round": round_id, "content": content, "valid": valid, "invalid_reason": invalid_reason,
             "receipt_hash": receipt_hash(receipt) if receipt else None},
        )  # fmt: skip
        session.add(SealedBallot(id=secrets.token_hex(16), round_id=round_id, ciphertext=ciphertext))
        audit.append(
            session, kind="ballot_accepted", at=at, round_id=round_id, sealed=sealing.ciphertext_hash(ciphertext)
        )
        return
    session.add(
        Ballot(
            id=secrets.token_hex(16),
            round_id=round_id,
            content_json=content,
            valid=valid,
            invalid_reason=invalid_reason,
            receipt_hash=receipt_hash(receipt) if receipt else None,
        )
    )
    audit.append(session, kind="ballot_accepted", at=at, round_id=round_id)


def _recorded_key(session: Session, round_: VotingRound) -> str:
    """The public key as the audit chain recorded it at opening: a key swapped in the round's
    row (to read the next ballots with one's own key) is refused, not used."""
    opened = session.exec(
        select(AuditEvent.payload_json).where(AuditEvent.round_id == round_.id, AuditEvent.kind == "round_opened")
    ).first()
    if opened is None or json.loads(opened).get("public_key") != round_.seal_public_key:
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


def _already_voted() -> ValidationFailed:
    check = Checker()
    check.add("ballot", "vote_error.already_voted")
    return ValidationFailed(check.errors)


def _hold_open(session: Session, round_id: int) -> None:
    """Lock the round row while it is open: a close waits for this ballot to commit,
    and a ballot that starts after a close finds the round closed."""
    guard = sa.update(VotingRound).where(VotingRound.id == round_id, VotingRound.status == RoundStatus.OPEN)
    if session.execute(guard.values(version=VotingRound.version)).rowcount != 1:
        _refuse("vote_error.round_not_open")
    session.expire_all()  # re-read the round as of now


def _serialize(session: Session, round_id: int) -> None:
    """PostgreSQL: one caster per round at a time, so the audit chain never has to retry."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": 7_000_000 + round_id})
