"""Dashboard: criteria heatmap of a bloc-year (units × criteria, share of the maximum)."""

import streamlit as st

from components.charts import criteria_heatmap, group_heatmap
from components.dashboard_data import cached_heatmap
from components.dashboard_filters import dashboard_filters
from components.downloads import png_hint, show_chart, show_table
from components.guards import require_page
from components.i18n import enum_labels, t
from services.dashboards.heatmap import group_table


def render() -> None:
    principal = require_page("criteria_heatmap")
    st.title(t("dash.heatmap.title"))
    st.caption(t("dash.heatmap.intro"))
    chosen = dashboard_filters(principal, page="heatmap")
    if chosen is None:
        return
    data = cached_heatmap(chosen.bloc_id, chosen.year)
    if data.cells.empty:
        st.info(t("dash.heatmap.no_covenant"))
        return
    measure = st.segmented_control(
        t("dash.axis.measure"),
        ["verified", "self"],
        format_func=enum_labels("dash.measure"),
        default="verified",
        required=True,
        key="heatmap_measure",
    )
    slug = f"khoi-{chosen.bloc_id}-{chosen.year}"
    if measure == "verified" and data.cells["verified"].isna().any():
        st.caption(t("dash.heatmap.grey_note"))
    show_chart(criteria_heatmap(data.cells, data.unit_order, data.criterion_order, measure))
    show_chart(group_heatmap(data.groups, data.unit_order, measure))
    png_hint()

    st.subheader(t("dash.heatmap.group_totals"))
    totals = group_table(data.groups, measure)
    numbers = [c for c in totals.columns if c != "unit"]
    show_table(
        totals,
        {"unit": t("dash.col.unit"), **{c: c for c in numbers if c != "total"}, "total": t("dash.col.total")},
        name=f"tong-theo-nhom-{slug}",
        key="heatmap_totals",
        missing={c: t("dash.not_verified") for c in numbers},
    )
    with st.expander(t("dash.heatmap.criteria_list")):
        criteria = data.cells.drop_duplicates("code")
        criteria = criteria.assign(kind_label=criteria["kind"].map(lambda k: t(f"dash.kind.{k}")))
        show_table(
            criteria,
            {
                "code": t("dash.col.code"),
                "criterion": t("dash.col.criterion"),
                "group": t("dash.col.group"),
                "kind_label": t("dash.col.kind"),
                "max_points": t("dash.col.max_points"),
            },
            name=f"tieu-chi-{slug}",
            key="heatmap_criteria",
        )
