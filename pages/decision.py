"""The decision: a draft from the council's result, then its number and date decide the awards."""

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import t
from components.province.decision_form import decision_form
from components.province.decision_outcomes import show_outcomes
from components.province.picker import stage_choice
from services.clock import format_day
from services.province.decision import council_outcomes, decision_preview, decision_year_choices, recorded_decision
from services.province.decision_draft import draft_docx


def render() -> None:
    principal = require_page("decision")
    st.title(t("province.decision.title"))
    st.caption(t("province.decision.intro"))
    show_flash()
    choice = stage_choice(principal, key="decision", words="decision",
                          years_of=lambda session, pid: decision_year_choices(session, province_id=pid))  # fmt: skip
    if choice is None:
        return
    with db_session() as session:
        outcomes = council_outcomes(session, province_id=choice.province_id, year=choice.year)
        recorded = recorded_decision(session, province_id=choice.province_id, year=choice.year)
        draft = draft_docx(session, province_id=choice.province_id, year=choice.year) if outcomes else None
        preview = decision_preview(session, province_id=choice.province_id, year=choice.year)
    if not outcomes:
        st.info(t("decision.no_rounds", year=choice.year))
        return
    show_outcomes(outcomes)

    st.subheader(t("decision.draft"))
    st.caption(t("decision.draft_hint"))
    if not any(o.approved for o in outcomes):
        st.warning(t("decision.nothing_approved"))
    st.download_button(
        t("decision.download"),
        draft,
        file_name=f"du-thao-quyet-dinh-khen-thuong-{choice.year}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        icon=":material/download:",
        key="decision_download",
    )
    if recorded:
        ref, day = recorded
        st.success(t("decision.already", year=choice.year, ref=ref, date=format_day(day)))
        return
    decision_form(principal, province_id=choice.province_id, year=choice.year, preview=preview)
