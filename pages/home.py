"""Home: what the app is, and where each role goes next."""

import streamlit as st

from components.database import db_session
from components.guards import require_page
from components.i18n import t
from services.overview import registry_counts


def render() -> None:
    principal = require_page("home")
    st.title(t("home.title"))
    st.write(t("home.intro"))

    with db_session() as session:
        counts = registry_counts(session)
    cols = st.columns(3)
    cols[0].metric(t("home.provinces"), counts.provinces)
    cols[1].metric(t("home.blocs"), counts.blocs)
    cols[2].metric(t("home.member_units", year=counts.latest_year or "—"), counts.member_units)

    st.subheader(t("home.where_to_go"))
    st.markdown(t(f"home.role_guide.{principal.role.value}"))
    st.subheader(t("home_voting.title"))
    st.markdown(t(f"home_voting.{principal.role.value}"))
    st.caption(t("home.cycle"))
