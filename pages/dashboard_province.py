"""Dashboard: every bloc of a province in a year. Leading units, flags and Bằng khen, scoring progress."""

import streamlit as st

from components.charts_history import awards_by_bloc, scoring_progress
from components.dashboard_data import cached_province_year
from components.dashboard_filters import dashboard_filters
from components.downloads import png_hint, show_chart, show_table
from components.guards import require_page
from components.i18n import t
from components.text import plain
from services.dashboards.province_overview import unlocked_blocs


def render() -> None:
    principal = require_page("province_overview")
    st.title(t("dash.province.title"))
    st.caption(t("dash.province.intro"))
    chosen = dashboard_filters(principal, page="province", bloc=False)
    if chosen is None:
        return
    data = cached_province_year(chosen.province_id, chosen.year)
    # The cache holds the whole province; a secretary sees only the blocs in scope.
    blocs = data.blocs[data.blocs["bloc_id"].isin(chosen.visible)]
    states = data.states[data.states["bloc_id"].isin(chosen.visible)]
    if blocs.empty:
        st.info(t("dash.no_members"))
        return
    slug = f"tinh-{chosen.province_id}-{chosen.year}"

    cols = st.columns(3)
    cols[0].metric(t("dash.province.blocs"), len(blocs))
    cols[1].metric(t("dash.col.flags"), int(blocs["flags"].sum()))
    cols[2].metric(t("dash.col.merits"), int(blocs["merits"].sum()))
    waiting = unlocked_blocs(blocs)
    if waiting:
        st.warning(
            t("dash.province.unlocked", count=len(waiting), blocs=plain("; ".join(waiting))),
            icon=":material/lock_open:",
        )
        st.caption(t("dash.province.provisional"))
    else:
        st.success(t("dash.province.all_locked"), icon=":material/lock:")

    table = blocs.assign(
        scoring=blocs["scoring_locked"].map(
            lambda locked: t("dash.province.locked" if locked else "dash.province.open")
        )
    )
    show_table(
        table,
        {
            "bloc": t("dash.col.bloc"),
            "members": t("dash.col.members"),
            "leaders": t("dash.col.leaders"),
            "top_total": t("dash.col.top_total"),
            "flags": t("dash.col.flags"),
            "government_flags": t("dash.col.government_flags"),
            "merits": t("dash.col.merits"),
            "verified": t("dash.col.verified_count"),
            "locked": t("dash.col.locked"),
            "scoring": t("dash.col.scoring"),
        },
        name=f"tong-quan-{slug}",
        key="province_blocs",
        missing={"top_total": t("dash.not_verified")},
    )
    left, right = st.columns(2)
    with left:
        show_chart(scoring_progress(states))
    with right:
        if int(blocs[["flags", "government_flags", "merits"]].to_numpy().sum()):
            show_chart(awards_by_bloc(blocs))
        else:
            st.caption(t("dash.province.no_awards"))
    png_hint()
