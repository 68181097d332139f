"""Dashboard: a bloc in a year. Ranking, totals, self vs verified, chair and deputy, awards."""

import streamlit as st

from components.award_status import decision_notes, status_labels
from components.charts import ranking_bar, self_vs_verified
from components.dashboard_data import cached_bloc_year
from components.dashboard_filters import dashboard_filters
from components.downloads import png_hint, show_chart, show_table
from components.guards import require_page
from components.i18n import t
from components.text import plain

VERIFIED = {"verified", "locked"}


def render() -> None:
    principal = require_page("bloc_overview")
    st.title(t("dash.bloc.title"))
    st.caption(t("dash.bloc.intro"))
    chosen = dashboard_filters(principal, page="bloc")
    if chosen is None:
        return
    data = cached_bloc_year(chosen.bloc_id, chosen.year)
    ranking = data.ranking
    if ranking.empty:
        st.info(t("dash.no_members"))
        return
    slug = f"khoi-{chosen.bloc_id}-{chosen.year}"

    verified = int(ranking["state"].isin(VERIFIED).sum())
    st.markdown(
        t("dash.bloc.leaders", chair=plain(data.chair or "—"), deputy=plain(data.deputy or "—"))
        + "  \n"
        + t("dash.bloc.progress", verified=verified, members=len(ranking))
    )

    st.subheader(t("dash.bloc.ranking"))
    if verified < len(ranking):
        st.caption(t("dash.bloc.unverified_note"))
    st.caption(t("dash.ties_note"))
    table = ranking.assign(state_label=ranking["state"].map(lambda s: t(f"sheet_state.{s}")))
    show_table(
        table,
        {
            "rank": t("dash.col.rank"),
            "unit": t("dash.col.unit"),
            "verified": t("dash.col.verified"),
            "self": t("dash.col.self"),
            "gap": t("dash.col.gap"),
            "state_label": t("dash.col.state"),
        },
        name=f"xep-hang-{slug}",
        key="bloc_ranking",
        missing={"verified": t("dash.not_verified"), "gap": "—", "rank": "—"},
    )

    left, right = st.columns(2)
    with left:
        if verified:
            show_chart(ranking_bar(ranking))
        else:
            st.info(t("dash.bloc.nothing_verified"))
    with right:
        show_chart(self_vs_verified(ranking))
    png_hint()

    st.subheader(t("dash.bloc.awards"))
    if data.awards.empty:
        st.caption(t("dash.bloc.no_awards"))
        return
    awards = data.awards.assign(
        kind_label=data.awards["kind"].map(lambda k: t(f"dash.award.{k}")),
        status_label=status_labels(data.awards),
        note=decision_notes(data.awards),
    )
    show_table(
        awards,
        {
            "unit": t("dash.col.unit"),
            "kind_label": t("dash.col.award"),
            "status_label": t("dash.col.status"),
            "note": t("dash.col.decision"),
        },
        name=f"khen-thuong-{slug}",
        key="bloc_awards",
    )
