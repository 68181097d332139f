"""Read-side helpers for the voting pages."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from db.models.voting import Ballot, CheckIn, Participation, RoundStatus, VotingRound
from services.clock import local, now
from services.registry.units import names_in_year
from services.voting.casting import member_count, receipt_hash
from services.voting.results import round_candidates
from services.voting.rules import RoundSettings
from services.voting.settings_codec import from_json
from services.voting.tally import Candidate


@dataclass(frozen=True)
class BallotView:
    round_id: int
    title: str
    settings: RoundSettings
    candidates: list[Candidate]
    limit: int
    already_voted: bool
    opens_at: datetime | None = None
    closes_at: datetime | None = None


def ballots_for_unit(session: Session, *, unit_id: int) -> list[BallotView]:
    """Open rounds in which this unit is checked in: all a delegate may see."""
    query = (
        select(VotingRound)
        .join(CheckIn, CheckIn.round_id == VotingRound.id)
        .where(CheckIn.unit_id == unit_id, VotingRound.status == RoundStatus.OPEN)
        .order_by(VotingRound.id)
    )
    views = []
    for round_ in session.exec(query):
        settings = from_json(round_.settings_json)
        voted = session.get(Participation, (round_.id, unit_id)) is not None
        candidates = round_candidates(session, round_, with_scores=False)
        # From the member units, as casting checks and the count seats: never from those present.
        limit = settings.choice_limit(member_count(session, round_=round_))
        views.append(
            BallotView(round_.id, round_.title, settings, candidates, limit, voted, round_.opens_at, round_.closes_at)
        )
    return views


def voter_unit_name(session: Session, *, unit_id: int) -> str:
    """The delegate's unit as named this year (an account's own name may be a person's)."""
    names = names_in_year(session, year=local(now()).year, unit_ids=[unit_id])
    return names[unit_id].name if unit_id in names else ""


def rounds_of(session: Session, *, bloc_id: int, year: int) -> list[VotingRound]:
    query = select(VotingRound).where(VotingRound.bloc_id == bloc_id, VotingRound.year == year)
    return list(session.exec(query.order_by(VotingRound.id.desc())))


def checked_in(session: Session, *, round_id: int) -> set[int]:
    return set(session.exec(select(CheckIn.unit_id).where(CheckIn.round_id == round_id)))


def receipt_counted(session: Session, *, code: str) -> VotingRound | None:
    """The published round whose counted ballots include this receipt, else None."""
    ballot = session.exec(select(Ballot).where(Ballot.receipt_hash == receipt_hash(code))).first()
    if ballot is None:
        return None
    round_ = session.get(VotingRound, ballot.round_id)
    return round_ if round_ and round_.status == RoundStatus.PUBLISHED else None


def projector_rounds(session: Session, *, bloc_ids: set[int]) -> list[VotingRound]:
    """Open rounds, and published ones, of the blocs the viewer may see (newest first)."""
    shown = (RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.PUBLISHED)
    query = select(VotingRound).where(VotingRound.bloc_id.in_(bloc_ids), VotingRound.status.in_(shown))
    return list(session.exec(query.order_by(VotingRound.id.desc()).limit(10)))


def voted_units(session: Session, *, round_id: int) -> set[int]:
    return set(session.exec(select(Participation.unit_id).where(Participation.round_id == round_id)))
