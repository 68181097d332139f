"""Read-side helpers for the voting pages."""

from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models.voting import (
    Ballot,
    CheckIn,
    Participation,
    PersonCheckIn,
    RoundStatus,
    VotingRound,
)
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


@dataclass(frozen=True)
class OpenBallot:
    """What may change on a delegate's ballot page while a round is open: one read per run."""

    round_id: int
    version: int
    already_voted: bool


# Built once: run on every run of 200 phones' ballot pages, a statement built per call costs
# more than the query (SQLAlchemy derives its cache key each time, and the ORM wraps the rows).
_UNIT = sa.bindparam("unit_id")
_OPEN_BALLOTS = (
    sa.select(
        VotingRound.id,
        VotingRound.version,
        sa.exists().where(Participation.round_id == VotingRound.id, Participation.unit_id == _UNIT),
    )
    .join(CheckIn, CheckIn.round_id == VotingRound.id)
    .where(CheckIn.unit_id == _UNIT, VotingRound.status == RoundStatus.OPEN)
    .order_by(VotingRound.id)
)


def open_ballots(session: Session, *, unit_id: int) -> list[OpenBallot]:
    """Open rounds in which this unit is checked in, and whether it has voted there:
    all a delegate may see, in one indexed read."""
    rows = session.connection().execute(_OPEN_BALLOTS, {"unit_id": unit_id})
    return [OpenBallot(round_id, version, bool(voted)) for round_id, version, voted in rows]


def ballot_view(session: Session, *, round_id: int) -> BallotView | None:
    """The parts of a round's ballot that do not change while it is open (its title, settings,
    schedule, candidates and their names, the per-ballot limit): the ballot page caches them
    per round and version (components/voting/ballot_form.py). already_voted is left False."""
    round_ = session.get(VotingRound, round_id)
    if round_ is None:
        return None
    settings = from_json(round_.settings_json)
    candidates = round_candidates(session, round_, with_scores=False)
    # From the entitled voters, as casting checks and the count seats: never from those present.
    limit = settings.choice_limit(member_count(session, round_=round_))
    return BallotView(round_.id, round_.title, settings, candidates, limit, False, round_.opens_at, round_.closes_at)


def ballots_for_unit(session: Session, *, unit_id: int) -> list[BallotView]:
    """Open rounds in which this unit is checked in: all a delegate may see (uncached)."""
    return _views(session, open_ballots(session, unit_id=unit_id))


def open_ballots_for_person(session: Session, *, user_id: int) -> list[OpenBallot]:
    """Open council rounds in which this member is checked in (and still an active member of
    that council), and whether they voted: all a council member may see. A delegate's unit
    rounds never appear here."""
    query = (
        select(VotingRound)
        .join(PersonCheckIn, PersonCheckIn.round_id == VotingRound.id)
        .where(PersonCheckIn.user_id == user_id, VotingRound.status == RoundStatus.OPEN)
        .order_by(VotingRound.id)
    )
    found = []
    for round_ in session.exec(query):
        electorate = electorate_of(session, round_)
        if electorate.is_present(session, user_id):
            found.append(OpenBallot(round_.id, round_.version, electorate.has_voted(session, user_id)))
    return found


def ballots_for_person(session: Session, *, user_id: int) -> list[BallotView]:
    """The council member's open ballots (uncached)."""
    return _views(session, open_ballots_for_person(session, user_id=user_id))


def _views(session: Session, found: list[OpenBallot]) -> list[BallotView]:
    views = (ballot_view(session, round_id=f.round_id) for f in found)
    return [replace(view, already_voted=f.already_voted) for view, f in zip(views, found, strict=True) if view]


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
