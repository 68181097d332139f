"""Mergers on the unit profile: where a merged unit went, and the history of the units
merged into this one (e.g. Sở LĐ-TB&XH's years under Sở Nội vụ after the 2025 reorganisation)."""

import pandas as pd
import streamlit as st

from components.downloads import show_table
from components.i18n import t
from components.text import plain
from services.dashboards.unit_profile import UnitProfile


def _latest_name(profile: UnitProfile) -> str:
    return str(profile.years.sort_values("year")["unit"].iloc[-1]) if not profile.years.empty else "?"


def _records(absorbed: tuple[UnitProfile, ...]) -> pd.DataFrame:
    """Awards and chair/deputy terms of the absorbed units, one row each."""
    rows = []
    for profile in absorbed:
        name = _latest_name(profile)
        for award in profile.awards.itertuples():
            what = t(f"dash.award.{award.kind}") + (f" ({award.person_name})" if award.person_name else "")
            rows.append([award.year, name, what, t(f"dash.award_status.{award.status}")])
        for term in profile.terms.itertuples():
            rows.append([term.year, name, t(f"leader_role.{term.role}"), term.bloc])
    frame = pd.DataFrame(rows, columns=["year", "unit", "what", "detail"])
    return frame.sort_values(["year", "unit"], ascending=[False, True])


def show_successor(profile: UnitProfile) -> None:
    if profile.successor_name:
        st.info(t("merger.merged_into", name=plain(profile.successor_name)), icon=":material/call_merge:")


def show_absorbed(profile: UnitProfile, *, slug: str) -> None:
    if not profile.absorbed:
        return
    st.subheader(t("merger.absorbed_title"))
    st.caption(t("merger.absorbed_intro", units=plain(", ".join(_latest_name(p) for p in profile.absorbed))))
    years = pd.concat([p.years for p in profile.absorbed], ignore_index=True).sort_values("year", ascending=False)
    show_table(
        years,
        {
            "year": t("dash.col.year"),
            "unit": t("dash.col.name_that_year"),
            "bloc": t("dash.col.bloc"),
            "verified": t("dash.col.verified"),
            "rank": t("dash.col.rank"),
            "members": t("dash.col.members"),
        },
        name=f"sap-nhap-{slug}",
        key="unit_absorbed_years",
        missing={"verified": t("dash.not_verified"), "rank": "—"},
    )
    records = _records(profile.absorbed)
    if not records.empty:
        show_table(
            records,
            {
                "year": t("dash.col.year"),
                "unit": t("merger.col.unit"),
                "what": t("merger.col.what"),
                "detail": t("merger.col.detail"),
            },
            name=f"sap-nhap-khen-thuong-{slug}",
            key="unit_absorbed_records",
        )
