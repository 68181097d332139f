"""Refused electronic ballots are written to the audit chain: when, in which round, and
which rule refused them (the message keys).

Never what was marked, and not the unit either: a reason such as "self_vote" would
itself tell part of that unit's choice. The participation table still says who voted.
"""

from datetime import datetime

from sqlmodel import Session

from db.models.voting import VotingRound
from services.voting import audit

REFUSED = "ballot_refused"


def append_refusal(session: Session, *, round_id: object, reasons: list[str], at: datetime) -> None:
    """In the refused ballot's own transaction, which holds nothing of the ballot: the
    checks run before anything is written, and a duplicate is rolled back first."""
    known = isinstance(round_id, int) and session.get(VotingRound, round_id) is not None
    extra = {} if known else {"asked_round": str(round_id)[:40]}
    audit.append(session, kind=REFUSED, at=at, round_id=round_id if known else None, reasons=sorted(set(reasons)),
                 **extra)  # fmt: skip
