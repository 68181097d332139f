"""Entering the signed decision's number and date, with a review step: recording it cannot be
undone (every proposal the council voted on becomes approved or not approved)."""

import datetime as dt

import streamlit as st

from components.change_sync import announce_change
from components.database import db_session
from components.feedback import FLASH_KEY
from components.i18n import show_errors, t
from services.access.sessions import Principal
from services.change_feed import Change
from services.clock import format_day, local_today, now
from services.errors import ValidationFailed
from services.numbers import format_number
from services.province.decision import check_decision, decision_ref, record_decision

PENDING = "decision_pending"  # (province id, year, number, date) waiting for confirmation


def decision_form(principal: Principal, *, province_id: int, year: int, preview: tuple[int, int]) -> None:
    """preview: (approved, not approved), what recording the decision would write."""
    st.subheader(t("decision.record"))
    pending = st.session_state.get(PENDING)
    if pending and pending[:2] == (province_id, year):
        _confirm(principal, pending, preview)
        return
    with st.form(f"decision_{province_id}_{year}"):
        left, right = st.columns(2)
        number = left.text_input(t("decision.number"), help=t("decision.number_help"), max_chars=60)
        signed_on = right.date_input(t("decision.signed_on"), value=local_today(), format="DD/MM/YYYY",
                                     max_value=local_today(), min_value=dt.date(2000, 1, 1))  # fmt: skip
        if st.form_submit_button(t("decision.review"), type="primary"):
            try:  # refused here already, before the review step; checked again when recording
                with db_session() as session:
                    check_decision(session, province_id=province_id, year=year, number=number, signed_on=signed_on)
            except ValidationFailed as error:
                show_errors(error, _labels())
                return
            st.session_state[PENDING] = (province_id, year, number, signed_on)
            st.rerun()


def _labels() -> dict[str, str]:
    return {"number": t("decision.number"), "signed_on": t("decision.signed_on")}


def _confirm(principal: Principal, pending: tuple, preview: tuple[int, int]) -> None:
    province_id, year, number, signed_on = pending
    approved, not_approved = preview
    st.warning(
        t("decision.confirm_text", ref=decision_ref(number),
          date=format_day(signed_on), approved=format_number(approved),
          not_approved=format_number(not_approved)),
        icon=":material/gavel:",
    )  # fmt: skip
    left, right = st.columns(2)
    if right.button(t("decision.cancel"), key="decision_cancel"):
        del st.session_state[PENDING]
        st.rerun()
    if not left.button(t("decision.confirm"), key="decision_confirm", type="primary"):
        return
    try:
        with db_session() as session:
            result = record_decision(session, province_id=province_id, year=year, number=number,
                                     signed_on=signed_on, at=now(), principal=principal)  # fmt: skip
    except ValidationFailed as error:
        del st.session_state[PENDING]
        show_errors(error, _labels())
        return
    del st.session_state[PENDING]
    announce_change(Change.ROUNDS)  # dashboards, unit profiles and bloc histories show the decided awards
    st.session_state[FLASH_KEY] = t("decision.recorded", ref=result.decision_ref,
                                    approved=format_number(result.approved),
                                    not_approved=format_number(result.not_approved))  # fmt: skip
    st.rerun()
