"""Refused electronic ballots are written to the audit chain: when, in which round, and
which rule refused them (the message keys).

Never what was marked, and not the unit either: a reason such as "self_vote" would
itself tell part of that unit's choice. The participation table still says who voted.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from db.models.voting import VotingRound
from services.voting import audit

REFUSED = "ballot_refused"


def append_refusal(session: Session, *, round_id: object, reasons: list[str], at: datetime) -> None:
    """In the refused ballot's own transaction, which holds nothing of the ballot: the
    checks run before anything is written, and a duplicate is rolled back first."""
    known = False
    if isinstance(round_id, int):
        # A write on the round first: it takes SQLite's write lock (PostgreSQL's row lock) before
        # the chain's head is read, so the append does not race the ballots cast meanwhile.
        touch = sa.update(VotingRound).where(VotingRound.id == round_id).values(version=VotingRound.version)
        known = session.execute(touch).rowcount == 1
    extra = {} if known else {"asked_round": str(round_id)[:40]}
    audit.append(session, kind=REFUSED, at=at, round_id=round_id if known else None, **refusal_payload(reasons),
                 **extra)  # fmt: skip


def refusal_payload(reasons: list[str]) -> dict[str, list[str]]:
    """What a refusal's event says: the rules (message keys), never the marks or the unit."""
    return {"reasons": sorted(set(reasons))}
