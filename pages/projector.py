"""Projector: the turnout of open rounds, live; results after publication. With
`?man-hinh-lon=1` the same content fills the hall's screen (components/voting/big_screen)."""

import streamlit as st

from components.database import db_session
from components.guards import require_page
from components.i18n import t
from components.voting import big_screen
from components.voting.projector_view import cached_turnout, round_panel
from db.models.voting import RoundStatus
from services.access.scope import visible_bloc_ids
from services.voting.queries import projector_rounds


def render() -> None:
    principal = require_page("projector")
    big = big_screen.requested()
    if big:
        big_screen.chrome_off()
    st.title(t("projector.title"))
    if not big:
        big_screen.open_link()
    with db_session() as session:
        bloc_ids = visible_bloc_ids(session, principal=principal)
    _live(bloc_ids, big)


@st.fragment(run_every=2)
def _live(bloc_ids: set[int], big: bool) -> None:
    with db_session() as session:
        rounds = projector_rounds(session, bloc_ids=bloc_ids)
    if not rounds:
        st.info(t("projector.nothing"))
    for round_ in rounds:
        with st.container(border=True):
            if big:
                big_screen.round_panel(round_, cached_turnout(round_.id) if round_.status == RoundStatus.OPEN else None)
            else:
                round_panel(round_)
