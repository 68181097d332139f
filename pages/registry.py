"""Admin registry: provinces, blocs, units, membership per year, chair terms."""

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import t
from components.registry.archive import archive_tab
from components.registry.members import leaders_tab, membership_tab
from components.registry.places import blocs_tab, provinces_tab
from components.registry.units import units_tab
from components.year_picker import year_picker
from services.clock import local_today
from services.registry.places import list_provinces
from services.year_choices import offered_years, province_years


def render() -> None:
    principal = require_page("registry")
    st.title(t("registry.title"))
    st.caption(t("registry.intro"))
    show_flash()

    with db_session() as session:
        provinces = {p.id: p.name for p in list_provinces(session)}
    left, right = st.columns([3, 1])
    province_id = left.selectbox(
        t("registry.province"), list(provinces), format_func=provinces.get, key="registry_province"
    )
    with db_session() as session:
        recorded = province_years(session, province_id=province_id) if province_id is not None else set()
    year = year_picker(offered_years(recorded, today=local_today(), new_years=True), key="registry_year", where=right)

    tabs = st.tabs(
        [
            t("registry.tab.provinces"),
            t("registry.tab.blocs"),
            t("registry.tab.units"),
            t("registry.tab.members"),
            t("registry.tab.leaders"),
            t("archive.tab"),
        ]
    )
    with tabs[0]:
        provinces_tab()
    if province_id is None:
        for tab in tabs[1:]:
            tab.info(t("registry.pick_province"))
        return
    with tabs[1]:
        blocs_tab(province_id)
    with tabs[2]:
        units_tab(province_id, year)
    with tabs[3]:
        membership_tab(province_id, year)
    with tabs[4]:
        leaders_tab(province_id, year)
    with tabs[5]:
        archive_tab(principal, province_id, year)
