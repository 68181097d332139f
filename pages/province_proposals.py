"""The province's proposals: every bloc's proposals of the year, with checks and dossiers."""

import streamlit as st

from components.guards import require_page
from components.i18n import t


def render() -> None:
    require_page("province_proposals")
    st.title(t("province.proposals.title"))
    st.caption(t("province.proposals.intro"))
