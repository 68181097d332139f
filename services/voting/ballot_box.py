"""The ballot box of a sealed round: its key, its cards, and opening it at the close.

A round's ballots are sealed with its conference's key (services/voting/sealing.py); the
cards (k of n shares) exist only with the committee. Closing rebuilds the key in memory,
checks every ciphertext against the audit chain, opens and shuffles; publication or
cancellation drops the ciphertexts. An unsealed round (opened before sealing existed) has
its plaintext ballots rewritten in random id order instead.
"""

import json
import logging
import secrets
from collections import Counter
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models.voting import AuditEvent, Ballot, RoundStatus, SealedBallot, VotingRound
from services.access.sessions import Principal
from services.voting import audit, sealing
from services.voting.transitions import refuse

_log = logging.getLogger(__name__)


def seal_values(session: Session, round_: VotingRound, *, sealed: bool, threshold: int, cards: int,
                 keeper: sealing.MemoryKeeper | None, handed_out: bool) -> dict:  # fmt: skip
    """The key a round's ballots are sealed with: its conference's (or the round it reruns),
    so a runoff or a later round of the same conference needs no new cards; else a new one."""
    if not sealed:
        return {}
    sealing.check_threshold(threshold, cards)
    earlier = key_round(session, round_)
    if earlier is not None:
        return {"seal_public_key": earlier.seal_public_key, "seal_threshold": earlier.seal_threshold,
                "seal_cards": earlier.seal_cards, "cards_handed_out": earlier.cards_handed_out}  # fmt: skip
    made = sealing.make_cards(threshold=threshold, count=cards)
    for holder in {id(k): k for k in (keeper, sealing.process_keeper()) if k is not None}.values():
        holder.keep(made)
    return {"seal_public_key": made.public_key, "seal_threshold": made.threshold, "seal_cards": len(made.shares),
            "cards_handed_out": handed_out}  # fmt: skip


def key_round(session: Session, round_: VotingRound) -> VotingRound | None:
    """An earlier round whose key (and cards) this round shares, if any."""
    if round_.conference_id is not None:
        query = select(VotingRound).where(
            VotingRound.conference_id == round_.conference_id,
            VotingRound.id != round_.id,
            VotingRound.seal_public_key.is_not(None),
        )
        found = session.exec(query.order_by(VotingRound.id.desc())).first()
        if found is not None:
            return found
    parent = session.get(VotingRound, round_.runoff_of_id) if round_.runoff_of_id else None
    return parent if parent is not None and parent.seal_public_key else None


def confirm_cards_handed_out(session: Session, *, round_id: int, at: datetime,
                             principal: Principal | None = None) -> None:  # fmt: skip
    """The admin confirms each committee member holds their card: electronic voting may start
    (for every round that shares this key)."""
    round_ = session.get(VotingRound, round_id)
    if round_ is None or not round_.seal_public_key:
        refuse("sealing.not_sealed")
    session.execute(
        sa.update(VotingRound)
        .where(VotingRound.seal_public_key == round_.seal_public_key)
        .values(cards_handed_out=True)
    )
    session.refresh(round_)
    audit.append(session, kind="cards_handed_out", at=at, round_id=round_id, cards=round_.seal_cards,
                 threshold=round_.seal_threshold, **audit.actor_fields(principal))  # fmt: skip


def opener_for(round_: VotingRound, shares: list[str] | None) -> sealing.Opener:
    if not shares:
        keeper = sealing.process_keeper()
        shares = keeper.shares(round_.seal_public_key) if keeper else None
    if not shares:
        refuse("sealing.cards_needed", needed=round_.seal_threshold)
    return sealing.rebuild(shares, public_key=round_.seal_public_key, threshold=round_.seal_threshold)


def open_the_box(session: Session, round_id: int, opener: sealing.Opener) -> None:
    """Every sealed ballot must match a hash the audit chain recorded when it was accepted
    (a ciphertext changed, added or removed in the database is refused), then it is opened;
    the plaintexts are written in a cryptographically shuffled order."""
    boxed = session.exec(select(SealedBallot.ciphertext).where(SealedBallot.round_id == round_id)).all()
    recorded = Counter(
        json.loads(payload).get("sealed")
        for payload in session.exec(
            select(AuditEvent.payload_json).where(AuditEvent.round_id == round_id, AuditEvent.kind == "ballot_accepted")
        )
    )
    if Counter(sealing.ciphertext_hash(c) for c in boxed) != recorded:
        refuse("sealing.tampered")
    plain = [opener.open(c) for c in boxed]
    if any(p.get("round") != round_id for p in plain):
        refuse("sealing.tampered")
    session.add_all(
        [
            Ballot(
                id=secrets.token_hex(16),
                round_id=round_id,
                content_json=p["content"],
                valid=p["valid"],
                invalid_reason=p["invalid_reason"],
                receipt_hash=p["receipt_hash"],
            )
            for p in sealing.shuffle(plain)
        ]
    )
    session.flush()


def cards_still_needed(session: Session, *, round_: VotingRound) -> bool:
    """Whether another round sealed with the same key may still need the cards."""
    others = (
        select(sa.func.count())
        .select_from(VotingRound)
        .where(
            VotingRound.seal_public_key == round_.seal_public_key,
            VotingRound.id != round_.id,
            VotingRound.status.in_([RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED]),
        )
    )
    return bool(round_.seal_public_key) and session.exec(others).one() > 0


def drop_sealed(session: Session, *, round_id: int) -> int:
    """The ciphertexts go once the round is published or cancelled (they can never be
    counted again); returns how many. VACUUM afterwards: vacuum_ballot_box."""
    return session.execute(sa.delete(SealedBallot).where(SealedBallot.round_id == round_id)).rowcount


def vacuum_ballot_box(engine: sa.Engine) -> None:
    """Reclaim the deleted ciphertexts' space, so old pages do not keep them: PostgreSQL's
    VACUUM cannot run in a transaction (an autocommit connection); SQLite rewrites its file."""
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("VACUUM sealed_ballot")
            elif engine.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.exec_driver_sql("VACUUM")
    except sa.exc.DBAPIError as error:  # busy: the next publication tries again
        _log.warning("could not vacuum the ballot box: %s", error.__class__.__name__)


def rewrite_in_id_order(session: Session, round_id: int) -> None:
    """PostgreSQL stores rows in arrival order; rewriting the round's ballots in
    (random) id order leaves no trace of the order in which they were cast."""
    rows = session.exec(select(Ballot).where(Ballot.round_id == round_id).order_by(Ballot.id)).all()
    copies = [Ballot(**row.model_dump()) for row in rows]
    for row in rows:
        session.expunge(row)  # only the ballots: the caller's other objects stay in the session
    session.execute(sa.delete(Ballot).where(Ballot.round_id == round_id))
    session.add_all(copies)
    session.flush()
