"""After a confirmation round: the rotation nominee did not pass, so the page says so and
offers (to an admin, confirmed) the open election in one click."""

from collections.abc import Callable

import streamlit as st

from components.auth import PRINCIPAL_KEY
from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from components.text import plain
from components.voting.round_create import show_next
from db.models.voting import VotingRound
from services.clock import now
from services.voting.nominee import create_open_election, follow_up, nominee_rejected
from services.voting.rules import OPEN_ELECTION_OF, RoundKind


def offer_open_election(round_: VotingRound, *, seen: int, saw: Callable[[int, int], None], can_admin: bool) -> None:
    """`seen` is the round's version the page showed; `saw` records the version after the action
    (the confirmation round's version moves when the election is created)."""
    if not nominee_rejected(round_):
        return
    with db_session() as session:
        election = follow_up(session, round_id=round_.id)
        made = None if election is None else election.title
    if made is not None:
        st.info(t("presets.open_election_made", title=plain(made)), icon=":material/how_to_vote:")
        return
    office = t(f"presets.office.{OPEN_ELECTION_OF[RoundKind(round_.kind)].value}")
    st.warning(t("presets.rejected", office=office, year=round_.year + 1))
    if not can_admin:
        return
    confirmed = st.checkbox(t("presets.confirm_open_election"), key=f"confirm_open_election_{round_.id}")
    pressed = st.button(t("presets.do_open_election"), key=f"do_open_election_{round_.id}", type="primary",
                        disabled=not confirmed)  # fmt: skip
    if pressed:

        def run() -> None:
            with db_session() as session:
                created = create_open_election(session, round_id=round_.id, at=now(), expected_version=seen,
                                               principal=st.session_state.get(PRINCIPAL_KEY))  # fmt: skip
                saw(round_.id, session.get(VotingRound, round_.id).version)
                show_next(created.id)

        save_then_rerun(run, success_key="presets.done_open_election", labels={"round": t("rounds.round")})
