"""Paper ballots, entered by the vote-count committee, in two separate steps so the
committee never links a unit to its ballot: (1) the units that handed in a paper
ballot are recorded (participation, like an electronic vote); (2) the ballots from
the box are entered one by one, anonymously, valid or invalid with the reason.
There can never be more paper ballots than paper voters."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models.voting import Ballot, RoundStatus, SealedBallot, VotingRound
from services.errors import Checker
from services.voting import audit
from services.voting.casting import Choice, check_choice, store_ballot
from services.voting.electorate import electorate_of


class InvalidReason(StrEnum):
    TOO_MANY_MARKS = "too_many_marks"
    NAME_NOT_ON_LIST = "name_not_on_list"
    IDENTIFYING_MARKS = "identifying_marks"
    OTHER = "other"


def _refuse(key: str, **params) -> None:
    check = Checker()
    check.add("paper", key, **params)
    check.raise_if_any()


def _open_round(session: Session, round_id: int) -> VotingRound:
    round_ = session.get(VotingRound, round_id)
    if round_ is None or round_.status != RoundStatus.OPEN:
        _refuse("vote_error.round_not_open")
    return round_


def record_paper_voters(session: Session, *, round_id: int, unit_ids: list[int], at: datetime) -> int:
    """Voters present that handed in a paper ballot (units, or in a council round its members'
    account ids); one that already voted is refused."""
    electorate = electorate_of(session, _open_round(session, round_id))
    present, voted = electorate.present(session), electorate.voted(session)
    if not set(unit_ids) <= present or not all(electorate.is_present(session, u) for u in unit_ids):
        _refuse("vote_error.not_entitled")
    if set(unit_ids) & voted:
        _refuse("vote_error.already_voted")
    session.add_all([electorate.participation_row(u) for u in unit_ids])
    audit.append(session, kind="paper_voters", at=at, round_id=round_id, count=len(unit_ids))
    session.flush()
    return len(unit_ids)


def paper_ballots_pending(session: Session, *, round_id: int) -> int:
    """Paper voters whose ballots are not entered yet (electronic votes store both rows at once)."""
    voters = electorate_of(session, session.get(VotingRound, round_id)).voted_count(session)
    ballots = session.exec(select(sa.func.count()).select_from(Ballot).where(Ballot.round_id == round_id)).one()
    sealed = session.exec(
        select(sa.func.count()).select_from(SealedBallot).where(SealedBallot.round_id == round_id)
    ).one()
    return voters - ballots - sealed


def record_paper_ballot(session: Session, *, round_id: int, choice: Choice, at: datetime,
                        invalid: InvalidReason | None = None) -> None:  # fmt: skip
    round_ = _open_round(session, round_id)
    if paper_ballots_pending(session, round_id=round_id) < 1:
        _refuse("vote_error.no_paper_pending")
    if invalid is None:
        # A valid paper ballot obeys the same rules as an electronic one (no self-vote check:
        # the committee does not know whose ballot it is).
        check_choice(session, round_=round_, unit_id=None, choice=choice)
    store_ballot(session, round_id=round_id, choice=Choice() if invalid else choice, at=at, receipt=None,
                 valid=invalid is None, invalid_reason=invalid.value if invalid else None)  # fmt: skip
