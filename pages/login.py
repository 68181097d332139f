"""Login: username and password, or a delegate's access code (the QR link fills it in)."""

import streamlit as st

from components.auth import session_just_ended
from components.code_link import code_of_another, other_unit_notice
from components.i18n import t
from components.login_forms import code_form, password_form
from manage.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from services.access.codes import display, normalize
from services.access.login import demo_passwords_shown
from services.settings import demo_mode


def render() -> None:
    st.title(t("login.title"))
    if session_just_ended():
        st.warning(t("login.session_ended"))
    if code_of_another():  # a shared phone: whose login the code ends
        other_unit_notice()
    raw = st.query_params.get("code", "")
    if raw:  # a QR link (?code=...): the delegate's phone shows the code alone
        code_form(display(normalize(raw)))
        if st.button(t("login.with_password"), key="login_with_password", type="tertiary", icon=":material/key:"):
            st.query_params.pop("code", None)
            st.rerun()
    else:
        password_tab, code_tab = st.tabs([t("login.tab_password"), t("login.tab_code")])
        with code_tab:
            code_form("")
        with password_tab:
            password_form()
    if demo_mode():
        _demo_accounts()


def _demo_accounts() -> None:
    with st.expander(t("login.demo_accounts"), expanded=True):
        if demo_passwords_shown():
            st.caption(t("login.demo_accounts_help", password=DEMO_PASSWORD))
        else:  # open to the hall's network: anyone there could read it
            st.caption(t("login_demo.hidden"))
        st.dataframe(
            [{t("login.username"): name, t("users.role"): t(f"role.{role.value}")} for name, _, role in DEMO_ACCOUNTS],
            hide_index=True,
            width="stretch",
        )
