"""Giao ước thi đua: the bloc-year's criteria, bonus and deduction items (admin, secretary)."""

import datetime as dt

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import t
from components.scoring.covenant_editor import covenant_section
from components.scoring.pickers import pick_bloc
from services.scoring.covenants import covenant_years


def render() -> None:
    principal = require_page("covenant")
    st.title(t("covenant.title"))
    st.caption(t("covenant.intro"))
    show_flash()
    left, right = st.columns([3, 1])
    with left:
        bloc_id = pick_bloc(principal, key="covenant_bloc")
    if bloc_id is None:
        return
    with db_session() as session:
        years = covenant_years(session, bloc_id=bloc_id)
    year = right.number_input(
        t("scoring.year"), min_value=2000, max_value=2100, value=years[0] if years else dt.date.today().year, step=1,
        key=f"covenant_year_{bloc_id}",
    )  # fmt: skip
    covenant_section(principal, bloc_id, int(year))
