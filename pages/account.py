"""My account: who I am, and changing my password."""

import streamlit as st

from components.auth import PRINCIPAL_KEY, forget
from components.database import db_session
from components.guards import require_page
from components.i18n import show_errors, t
from components.text import plain
from services.access.accounts import change_own_password
from services.errors import ValidationFailed


def render() -> None:
    principal = require_page("account")
    st.title(t("account.title"))
    st.markdown(f"**{plain(principal.display_name)}** · {t(f'role.{principal.role.value}')}")
    if principal.user_id is None:
        st.info(t("account.code_session"))
        return
    st.caption(t("account.username", username=plain(principal.username)))
    with st.form("change_password", clear_on_submit=True):
        st.subheader(t("account.change_password"))
        current = st.text_input(t("account.current_password"), type="password")
        new = st.text_input(t("account.new_password"), type="password")
        repeat = st.text_input(t("account.repeat_password"), type="password")
        if not st.form_submit_button(t("account.save_password"), type="primary"):
            return
    try:
        with db_session() as session:
            change_own_password(session=session, user_id=principal.user_id, current=current, new=new, repeat=repeat)
    except ValidationFailed as error:
        labels = {
            "current_password": t("account.current_password"),
            "new_password": t("account.new_password"),
            "repeat_password": t("account.repeat_password"),
        }
        show_errors(error, labels)
        return
    # Every session of this user, this one included, has ended: log in with the new password.
    st.session_state.pop(PRINCIPAL_KEY, None)
    forget(ended=True)
    st.rerun()
