"""The decision: a draft from the council's result, then its number and date decide the awards."""

import streamlit as st

from components.guards import require_page
from components.i18n import t


def render() -> None:
    require_page("decision")
    st.title(t("province.decision.title"))
    st.caption(t("province.decision.intro"))
