"""Audit log: is the hash chain intact, its events (newest first, filterable by round),
and each closed round's digest, the one printed on that round's minutes."""

import streamlit as st

from components.database import db_session
from components.guards import require_page
from components.i18n import current_language, t
from components.voting.audit_table import events_table, round_digests, round_filter
from services.numbers import format_number
from services.voting.audit import verify_chain


def render() -> None:
    require_page("audit_log")
    st.title(t("audit.title"))
    st.caption(t("audit.intro"))
    with db_session() as session:
        check = verify_chain(session)
    if check.intact:
        events = format_number(check.events, locale=current_language())
        st.success(t("audit.intact", events=events), icon=":material/verified:")
    else:
        st.error(t("audit.broken", event=check.first_bad_id), icon=":material/gpp_bad:")
    round_id = round_filter()
    round_digests(round_id)
    st.subheader(t("audit_events.events_title"))
    events_table(round_id)
    with st.expander(t("audit_events.chain_head")):
        st.caption(t("audit_events.chain_head_help"))
        st.code(check.digest, language=None)
