"""Receipt check: after publication, a delegate (for their unit) or a council member (for
themselves) finds their receipt among the counted ballots."""

import streamlit as st

from components.database import db_session
from components.guards import require_page
from components.i18n import t
from components.text import plain
from db.models import Role
from services.voting.queries import receipt_counted


def render() -> None:
    principal = require_page("receipt")
    st.title(t("receipt.title"))
    st.caption(t("council_receipt.intro" if principal.role == Role.COUNCIL_MEMBER else "receipt.intro"))
    with st.form("receipt_check"):
        code = st.text_input(t("receipt.code"), max_chars=20, placeholder="XXXXX-XXXXX")
        submitted = st.form_submit_button(t("receipt.check"), type="primary")
    if not submitted:
        return
    with db_session() as session:
        round_ = receipt_counted(session, code=code)
    if round_ is None:
        st.warning(t("receipt.not_found"))
    else:
        st.success(t("receipt.counted", round=plain(round_.title)))
