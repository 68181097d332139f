"""What the hall sees: during voting only the turnout; results once published."""

import streamlit as st

from components.database import db_session
from components.i18n import t
from components.text import plain
from components.voting.result_chart import result_chart
from components.voting.round_manage import results
from components.voting.round_words import is_council_kind, round_t
from db.models.voting import RoundStatus, VotingRound
from services.voting.rounds import turnout


@st.cache_data(ttl=2, show_spinner=False)
def cached_turnout(round_id: int) -> tuple[int, int]:
    # Shared by every projector tab: one query per round every two seconds, not one per tab.
    with db_session() as session:
        return turnout(session, round_id=round_id)


def round_panel(round_: VotingRound) -> None:
    st.subheader(plain(round_.title))
    council = is_council_kind(round_.kind)
    if round_.status == RoundStatus.OPEN:
        voted, present = cached_turnout(round_.id)
        st.metric(round_t("projector.turnout", council=council), f"{voted} / {present}")
        st.progress(voted / present if present else 0.0)
    elif round_.status == RoundStatus.CLOSED:
        st.info(t("projector.counting"))
    else:
        st.altair_chart(result_chart(round_.result_json, council=council), width="stretch")
        results(round_)
