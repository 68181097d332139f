"""Audit log: is the hash chain intact, and its final digest (printed on the minutes)."""

import streamlit as st

from components.database import db_session
from components.guards import require_page
from components.i18n import t
from services.voting.audit import verify_chain


def render() -> None:
    require_page("audit_log")
    st.title(t("audit.title"))
    st.caption(t("audit.intro"))
    with db_session() as session:
        check = verify_chain(session)
    if check.intact:
        st.success(t("audit.intact", events=check.events), icon=":material/verified:")
    else:
        st.error(t("audit.broken", event=check.first_bad_id), icon=":material/gpp_bad:")
    st.code(check.digest, language=None)
