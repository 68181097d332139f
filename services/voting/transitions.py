"""The guarded moves of a voting round, shared by every service that changes one.

Every transition is a guarded UPDATE (expected status and version), so two admins acting
at once cannot both win; an action on a round someone else changed since is refused.
"""

import sqlalchemy as sa
from sqlmodel import Session

from db.models.voting import RoundStatus, VotingRound
from services.errors import Checker


def refuse(key: str, **params) -> None:
    check = Checker()
    check.add("round", key, **params)
    check.raise_if_any()


def expect_version(round_: VotingRound, expected_version: int | None) -> None:
    """The version the admin's page showed: an action on a round that someone else has
    changed since is refused, never applied to a state the admin did not see."""
    if expected_version is not None and round_.version != expected_version:
        refuse("vote_error.changed_meanwhile")


def move(session: Session, round_: VotingRound, *, to: RoundStatus, expected: RoundStatus, **values) -> None:
    """The guarded UPDATE: refused when someone else moved the round first."""
    statement = (
        sa.update(VotingRound)
        .where(VotingRound.id == round_.id, VotingRound.status == expected, VotingRound.version == round_.version)
        .values(status=to, version=round_.version + 1, **values)
    )
    if session.execute(statement).rowcount != 1:
        refuse("vote_error.changed_meanwhile")
    session.refresh(round_)


def hold(session: Session, round_: VotingRound) -> None:
    """Lock the round as this caller saw it, without changing its version: refused when
    someone else moved it first (a publication, a cancellation)."""
    statement = (
        sa.update(VotingRound)
        .where(VotingRound.id == round_.id, VotingRound.status == round_.status, VotingRound.version == round_.version)
        .values(version=VotingRound.version)
    )
    if session.execute(statement).rowcount != 1:
        refuse("vote_error.changed_meanwhile")
