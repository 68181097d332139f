"""Giao ước thi đua: the bloc-year's criteria, bonus and deduction items (admin, secretary)."""

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import t
from components.scoring.covenant_editor import covenant_section
from components.scoring.pickers import pick_bloc
from components.year_picker import year_picker
from services.clock import local_today
from services.year_choices import bloc_years, offered_years


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
        years = offered_years(bloc_years(session, bloc_id=bloc_id), today=local_today(), new_years=True)
    year = year_picker(years, key="covenant_year", where=right)
    covenant_section(principal, bloc_id, year)
