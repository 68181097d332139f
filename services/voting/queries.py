"""Read-side helpers for the voting pages."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from db.models.voting import Ballot, CheckIn, PersonCheckIn, RoundStatus, VotingRound
from services.clock import local, now
from services.registry.units import names_in_year
from services.voting.casting import member_count, receipt_hash
from services.voting.electorate import electorate_of
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
    return [_view(session, round_, voter_id=unit_id) for round_ in session.exec(query)]


def ballots_for_person(session: Session, *, user_id: int) -> list[BallotView]:
    """Open council rounds in which this member is checked in (and still an active member of
    that council): all a council member may see. A delegate's unit rounds never appear here."""
    query = (
        select(VotingRound)
        .join(PersonCheckIn, PersonCheckIn.round_id == VotingRound.id)
        .where(PersonCheckIn.user_id == user_id, VotingRound.status == RoundStatus.OPEN)
        .order_by(VotingRound.id)
    )
    rounds = [r for r in session.exec(query) if electorate_of(session, r).is_present(session, user_id)]
    return [_view(session, round_, voter_id=user_id) for round_ in rounds]


def _view(session: Session, round_: VotingRound, *, voter_id: int) -> BallotView:
    settings = from_json(round_.settings_json)
    voted = electorate_of(session, round_).has_voted(session, voter_id)
    candidates = round_candidates(session, round_, with_scores=False)
    # From the entitled voters, as casting checks and the count seats: never from those present.
    limit = settings.choice_limit(member_count(session, round_=round_))
    return BallotView(round_.id, round_.title, settings, candidates, limit, voted, round_.opens_at, round_.closes_at)


def voter_unit_name(session: Session, *, unit_id: int) -> str:
    """The delegate's unit as named this year (an account's own name may be a person's)."""
    names = names_in_year(session, year=local(now()).year, unit_ids=[unit_id])
    return names[unit_id].name if unit_id in names else ""


def rounds_of(session: Session, *, bloc_id: int, year: int) -> list[VotingRound]:
    query = select(VotingRound).where(VotingRound.bloc_id == bloc_id, VotingRound.year == year)
    return list(session.exec(query.order_by(VotingRound.id.desc())))


def checked_in(session: Session, *, round_id: int) -> set[int]:
    """The voters present: unit ids, or a council round's persons (account ids)."""
    return electorate_of(session, session.get(VotingRound, round_id)).present(session)


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
    """The voters who voted: unit ids, or a council round's persons (account ids)."""
    return electorate_of(session, session.get(VotingRound, round_id)).voted(session)
