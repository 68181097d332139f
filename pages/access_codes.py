"""Admin: conferences and their delegates' access codes (issue, print, reissue, revoke)."""

import streamlit as st

from components.codes.alerts import code_alert_warning
from components.codes.conference import conference_form, conference_labels
from components.codes.sheet import issue, revoke, show_issued
from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import t
from services.access.codes import code_statuses, list_conferences
from services.clock import local_time


def render() -> None:
    require_page("access_codes")
    st.title(t("codes.title"))
    st.caption(t("codes.intro"))
    show_flash()
    with db_session() as session:
        conferences = {c.id: c for c in list_conferences(session)}
    with st.expander(t("codes.new_conference"), expanded=not conferences):
        conference_form()
    if not conferences:
        return
    labels = conference_labels(conferences)
    chosen = st.selectbox(t("codes.conference"), list(conferences), format_func=labels.get)
    conference = conferences[chosen]
    st.caption(t("codes.sheet_expires", when=local_time(conference.ends_at)))  # Vietnam time, as printed
    code_alert_warning(conference)  # wrong codes above the conference's ceiling a minute
    with db_session() as session:
        statuses = code_statuses(session, conference=conference)
    st.dataframe(
        [
            {
                t("codes.unit"): s.unit_name,
                t("codes.status"): t("codes.has_code") if s.code_id else t("codes.no_code"),
                t("codes.issued_at"): local_time(s.issued_at, "%H:%M %d/%m"),
            }
            for s in statuses
        ],
        hide_index=True,
        width="stretch",
    )
    if st.button(t("codes.issue_missing"), type="primary") and issue(conference):
        st.rerun()
    show_issued(conference)

    st.subheader(t("codes.one_unit"))
    units = {s.unit_id: s for s in statuses}
    unit_id = st.selectbox(t("codes.unit"), list(units), format_func=lambda u: units[u].unit_name)
    confirmed = st.checkbox(t("codes.confirm_change"))
    left, right = st.columns(2)
    if left.button(t("codes.reissue"), disabled=not confirmed) and issue(conference, unit_ids=[unit_id], reissue=True):
        st.rerun()
    code_id = units[unit_id].code_id if unit_id in units else None
    if right.button(t("codes.revoke"), disabled=not (confirmed and code_id)):
        revoke(code_id)
        st.rerun()
