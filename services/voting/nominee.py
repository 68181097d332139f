"""Confirming the rotation nominee (thống nhất đề cử), and what follows a rejection.

A confirmation round has one candidate and an agree / disagree ballot; published, it
records next year's chair or deputy exactly as the open election does (rounds.TERM_OF_KIND).
When the nominee does not pass, the bloc elects among its members instead: an open
election round of the matching kind, created once, linked to the rejected round the way a
runoff is (runoff_of_id: the round this one decides again), so two admins pressing the
button at once make one round.
"""

import json
from datetime import datetime

from sqlmodel import Session, select

from db.models.voting import RoundStatus, VotingRound
from locales import translate
from services.access.sessions import Principal
from services.voting.rounds import create_round
from services.voting.rules import OPEN_ELECTION_OF, PRESETS, RoundKind
from services.voting.transitions import expect_version, move, refuse


def nominee_rejected(round_: VotingRound) -> bool:
    """A counted confirmation round whose nominee did not pass."""
    if RoundKind(round_.kind) not in OPEN_ELECTION_OF or round_.status not in (RoundStatus.CLOSED,
                                                                              RoundStatus.PUBLISHED):  # fmt: skip
        return False
    return not json.loads(round_.result_json or "{}").get("winners", [None])


def follow_up(session: Session, *, round_id: int) -> VotingRound | None:
    """The round created to decide this one again (a runoff, or the open election)."""
    return session.exec(select(VotingRound).where(VotingRound.runoff_of_id == round_id)).first()


def create_open_election(session: Session, *, round_id: int, at: datetime, expected_version: int | None = None,
                         principal: Principal | None = None) -> VotingRound:  # fmt: skip
    """The open election (the chair or deputy preset: all members, single choice) after the
    nominee of a confirmation round was rejected; refused for any other round. `principal`
    (who pressed the button) is named in the new round's audit event, as for every admin action."""
    round_ = session.get(VotingRound, round_id)
    if round_ is None or RoundKind(round_.kind) not in OPEN_ELECTION_OF:
        refuse("presets.error.not_confirm")
    expect_version(round_, expected_version)
    if round_.status not in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
        refuse("presets.error.not_counted")
    if not nominee_rejected(round_):
        refuse("presets.error.nominee_passed")
    # Two admins pressing the button at once must not make two elections.
    move(session, round_, to=round_.status, expected=round_.status)
    if follow_up(session, round_id=round_id) is not None:
        refuse("vote_error.changed_meanwhile")
    kind = OPEN_ELECTION_OF[RoundKind(round_.kind)]
    title = f"{translate('vi', f'round_kind.{kind.value}')} {round_.year}"
    return create_round(session, bloc_id=round_.bloc_id, year=round_.year, title=title, settings=PRESETS[kind],
                        at=at, conference_id=round_.conference_id, runoff_of_id=round_.id,
                        principal=principal)  # fmt: skip
