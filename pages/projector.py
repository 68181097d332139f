"""Projector: the turnout of open rounds, live; results after publication."""

import streamlit as st

from components.database import db_session
from components.guards import require_page
from components.i18n import t
from components.voting.projector_view import round_panel
from services.scope import visible_bloc_ids
from services.voting.queries import projector_rounds


def render() -> None:
    principal = require_page("projector")
    st.title(t("projector.title"))
    with db_session() as session:
        bloc_ids = visible_bloc_ids(session, principal=principal)
    _live(bloc_ids)


@st.fragment(run_every=2)
def _live(bloc_ids: set[int]) -> None:
    with db_session() as session:
        rounds = projector_rounds(session, bloc_ids=bloc_ids)
    if not rounds:
        st.info(t("projector.nothing"))
    for round_ in rounds:
        with st.container(border=True):
            round_panel(round_)
