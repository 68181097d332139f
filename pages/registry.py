"""Admin registry: provinces, blocs, units, membership per year, chair terms."""

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import t
from components.number_field import year_field
from components.registry.archive import archive_tab
from components.registry.members import leaders_tab, membership_tab
from components.registry.places import blocs_tab, provinces_tab
from components.registry.units import units_tab
from services.clock import local_today
from services.registry.places import list_provinces


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
    year = year_field(t("registry.year"), key="registry_year", value=local_today().year, where=right)
    if year is None:  # refused, with the reason under the field
        return

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
