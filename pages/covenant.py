"""Giao ước thi đua: the bloc-year's criteria, bonus and deduction items (admin, secretary)."""

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import t
from components.number_field import year_field
from components.scoring.covenant_editor import covenant_section
from components.scoring.pickers import pick_bloc
from services.clock import local_today
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
    year = year_field(
        t("scoring.year"), key=f"covenant_year_{bloc_id}", value=years[0] if years else local_today().year, where=right
    )
    if year is None:  # refused, with the reason under the field
        return
    covenant_section(principal, bloc_id, year)
