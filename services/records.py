"""What a database holds, in a few numbers, and whether its audit chain verifies.

Printed after a restore (and used by its test) so the operator sees at once
that the rounds, ballots and the audit chain came back whole.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from db.engine import make_engine
from db.models import Award, Bloc, Province, Score, Unit
from db.models.voting import AuditEvent, Ballot, Participation, VotingRound
from services.voting.audit import verify_chain

COUNTED = {
    "provinces": Province,
    "blocs": Bloc,
    "units": Unit,
    "scores": Score,
    "awards": Award,
    "rounds": VotingRound,
    "ballots": Ballot,
    "participations": Participation,
    "audit_events": AuditEvent,
}


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]
    chain_intact: bool
    digest: str

    def describe(self) -> str:
        numbers = ", ".join(f"{name} {count}" for name, count in self.counts.items())
        chain = "intact" if self.chain_intact else "BROKEN"
        return f"{numbers}; audit chain {chain}, digest {self.digest}"


def summarize(session: Session) -> Summary:
    counts = {name: session.exec(select(sa.func.count()).select_from(model)).one() for name, model in COUNTED.items()}
    check = verify_chain(session)
    return Summary(counts, check.intact, check.digest)


def records_summary(url: str) -> Summary:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return summarize(session)
    finally:
        engine.dispose()
