"""Dashboard: a bloc over the years. The chair rotation, flags and Bằng khen, membership changes."""

import streamlit as st

from components.charts_history import awards_grid, rotation_chart
from components.dashboard_data import cached_bloc_history
from components.dashboard_filters import dashboard_filters
from components.downloads import png_hint, show_chart, show_table
from components.guards import require_page
from components.i18n import t


def render() -> None:
    principal = require_page("bloc_history")
    st.title(t("dash.history.title"))
    st.caption(t("dash.history.intro"))
    chosen = dashboard_filters(principal, page="history", year=False)
    if chosen is None:
        return
    data = cached_bloc_history(chosen.bloc_id)
    if data.years.empty:
        st.info(t("dash.no_members"))
        return
    slug = f"khoi-{chosen.bloc_id}"

    st.subheader(t("dash.history.by_year"))
    show_table(
        data.years,
        {
            "year": t("dash.col.year"),
            "chair": t("leader_role.chair"),
            "deputy": t("leader_role.deputy"),
            "leaders": t("dash.col.leaders"),
            "top_total": t("dash.col.top_total"),
            "flags": t("dash.col.flags"),
            "merits": t("dash.col.merits"),
            "decided": t("decision.history.decided"),
            "proposed": t("decision.history.proposed"),
            "not_awarded": t("decision.history.not_awarded"),
            "members": t("dash.col.members"),
            "joined": t("dash.col.joined"),
            "left": t("dash.col.left"),
        },
        name=f"lich-su-{slug}",
        key="history_years",
        missing={"top_total": t("dash.not_verified")},
    )

    left, right = st.columns(2)
    with left:
        show_chart(rotation_chart(data.events))
    with right:
        show_chart(awards_grid(data.events))
    png_hint()

    changes = data.events[data.events["event"].isin(["joined", "left"])]
    st.subheader(t("dash.history.changes"))
    if changes.empty:
        st.caption(t("dash.history.no_changes"))
        return
    changes = changes.assign(label=changes["event"].map(lambda e: t(f"dash.col.{e}")))
    show_table(
        changes.sort_values("year", ascending=False),
        {
            "year": t("dash.col.year"),
            "unit": t("dash.col.unit"),
            "label": t("dash.col.change"),
            "successor": t("merger.col.successor"),
        },
        name=f"thay-doi-thanh-vien-{slug}",
        key="history_changes",
    )
