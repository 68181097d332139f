"""Dashboard: one unit over the years. Total and rank, criteria groups, awards, chair terms."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from components.award_status import decision_notes, status_labels
from components.charts_history import groups_over_years, rank_over_years, totals_over_years
from components.dashboard_data import cached_unit_profile
from components.dashboard_filters import dashboard_filters
from components.downloads import png_hint, show_chart, show_table
from components.guards import require_page
from components.i18n import t
from components.text import plain
from components.unit_mergers import show_absorbed, show_successor
from services.dashboards.unit_profile import UnitProfile


def _in_scope(profile: UnitProfile, visible: frozenset[int]) -> UnitProfile:
    """Only the years the unit sat in a bloc this viewer may see (the cache holds them all);
    the same for the units merged into it."""
    years = profile.years[profile.years["bloc_id"].isin(visible)]
    seen = set(years["year"])
    awards = profile.awards
    keep = awards["bloc_id"].isin(visible) | (awards["bloc_id"].isna() & awards["year"].isin(seen))
    absorbed = (_in_scope(p, visible) for p in profile.absorbed)
    return replace(
        profile,
        years=years,
        groups=profile.groups[profile.groups["bloc_id"].isin(visible)],
        awards=awards[keep.fillna(False).astype(bool)],
        terms=profile.terms[profile.terms["bloc_id"].isin(visible)],
        absorbed=tuple(p for p in absorbed if not p.years.empty),
    )


def _metrics(profile: UnitProfile) -> None:
    awarded = profile.awards[profile.awards["status"] != "not_approved"]  # a proposal the council turned down
    kinds = awarded["kind"]
    individual = awarded["person_name"] != ""
    cols = st.columns(4)
    cols[0].metric(t("dash.unit.first_places"), int((profile.years["rank"] == 1).sum()))
    cols[1].metric(t("dash.unit.flags"), int((kinds.isin(["provincial_flag", "government_flag"]) & ~individual).sum()))
    cols[2].metric(t("dash.unit.merits"), int((kinds.eq("certificate_of_merit") & ~individual).sum()))
    cols[3].metric(t("dash.unit.chair_terms"), int((profile.terms["role"] == "chair").sum()))


def render() -> None:
    principal = require_page("unit_profile")
    st.title(t("dash.unit.title"))
    st.caption(t("dash.unit.intro"))
    chosen = dashboard_filters(principal, page="unit", unit=True)
    if chosen is None:
        return
    profile = _in_scope(cached_unit_profile(chosen.unit_id), chosen.visible)
    slug = f"don-vi-{chosen.unit_id}"
    st.subheader(plain(chosen.unit_name))
    show_successor(profile)
    _metrics(profile)

    show_chart(totals_over_years(profile.years))
    left, right = st.columns(2)
    with left:
        show_chart(rank_over_years(profile.years))
    with right:
        show_chart(groups_over_years(profile.groups))
    png_hint()

    st.subheader(t("dash.unit.by_year"))
    st.caption(t("dash.ties_note"))
    years = profile.years.sort_values("year", ascending=False)
    years = years.assign(state_label=years["state"].map(lambda s: t(f"sheet_state.{s}")))
    show_table(
        years,
        {
            "year": t("dash.col.year"),
            "unit": t("dash.col.name_that_year"),
            "bloc": t("dash.col.bloc"),
            "verified": t("dash.col.verified"),
            "self": t("dash.col.self"),
            "gap": t("dash.col.gap"),
            "rank": t("dash.col.rank"),
            "members": t("dash.col.members"),
            "state_label": t("dash.col.state"),
        },
        name=f"ket-qua-{slug}",
        key="unit_years",
        missing={"verified": t("dash.not_verified"), "gap": "—", "rank": "—"},
    )

    st.subheader(t("dash.unit.awards"))
    awards = profile.awards.assign(
        kind_label=profile.awards["kind"].map(lambda k: t(f"dash.award.{k}")),
        status_label=status_labels(profile.awards),
        note=decision_notes(profile.awards),
    )
    if awards.empty:
        st.caption(t("dash.unit.no_awards"))
    else:
        show_table(
            awards,
            {
                "year": t("dash.col.year"),
                "kind_label": t("dash.col.award"),
                "person_name": t("dash.col.person"),
                "status_label": t("dash.col.status"),
                "note": t("dash.col.decision"),
            },
            name=f"khen-thuong-{slug}",
            key="unit_awards",
        )

    st.subheader(t("dash.unit.terms"))
    terms = profile.terms.assign(role_label=profile.terms["role"].map(lambda r: t(f"leader_role.{r}")))
    if terms.empty:
        st.caption(t("dash.unit.no_terms"))
    else:
        show_table(
            pd.DataFrame(terms.sort_values("year", ascending=False)),
            {"year": t("dash.col.year"), "role_label": t("dash.col.role"), "bloc": t("dash.col.bloc")},
            name=f"nhiem-ky-{slug}",
            key="unit_terms",
        )

    show_absorbed(profile, slug=slug)
