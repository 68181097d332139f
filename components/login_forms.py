"""The two ways in: username and password, or a delegate's access code."""

import secrets
import time

import streamlit as st

from components.auth import PRINCIPAL_KEY, remember, secret_key
from components.database import db_session
from components.fragment import guarded_fragment
from components.i18n import t
from services.access.login import Outcome, code_login, logout, password_login
from services.access.throttle import CODE_DELAY_CAP
from services.clock import local_time, now
from services.settings import demo_mode

_BROWSER_KEY = "_browser_session"
_FAILED_KEY = "_code_refused_before"
_CODE_TEXT, _CODE_SENT = "login_code_text", "login_code_send"  # the code form's widgets


def _locked_message(until) -> str:
    local = local_time(until, "%H:%M")
    return t("login.locked", time=local)


def password_form() -> None:
    with st.form("login_password"):
        username = st.text_input(t("login.username"), autocomplete="username")
        password = st.text_input(t("login.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("login.submit"), type="primary", width="stretch")
    if not submitted:
        return
    if not username.strip() or not password:
        st.error(t("login.fill_both"))
        return
    # One attempt is reserved (and counted) before the password is checked: parallel
    # attempts on one name cannot get more than five checks (services/access/login.py).
    result = password_login(db_session, username=username, password=password, at=now(), demo=demo_mode())
    if result.outcome == Outcome.OK:
        # The cookie writer (streamlit-authenticator's) signs the name it finds here.
        principal = result.principal
        st.session_state.update(username=principal.username, name=principal.display_name, authentication_status=True)
        remember(result.principal, set_cookie=True)
        _to_the_app(principal)
    st.error(_locked_message(result.locked_until) if result.outcome == Outcome.LOCKED else t("login.refused"))


@guarded_fragment
def code_form(prefill: str) -> None:
    """A fragment: "Vào hội nghị" reruns the form only (a hall's 200 logins at once do not
    each draw the login page again); a valid code then switches to the app's page, a full run.
    The click is read from the form's state before drawing it: a valid code's run draws nothing
    (the app's page replaces it), a refused one draws the form again with the answer."""
    st.session_state.setdefault(_BROWSER_KEY, secrets.token_hex(8))
    refused = st.session_state.get(_CODE_SENT) is True and _enter(st.session_state.get(_CODE_TEXT) or "")
    st.caption(t("login.code_help"))
    with st.form("login_code"):
        st.text_input(t("login.code"), value=prefill, max_chars=20, placeholder="XXXX-XXXX-XXXX", key=_CODE_TEXT)
        st.form_submit_button(t("login.code_submit"), type="primary", width="stretch", key=_CODE_SENT)
    if refused:
        st.error(t("login.code_refused"))


def _enter(code: str) -> bool:
    """A valid code switches to the app (st.rerun: nothing after this runs); a refused one
    returns True once its delay has passed, for the form drawn next to say so."""
    at = now()
    with db_session() as session:
        result = code_login(
            session,
            code=code,
            browser_session=st.session_state[_BROWSER_KEY],
            address=st.context.ip_address,
            key=secret_key(),
            at=at,
            failed_before=st.session_state.get(_FAILED_KEY, False),
        )
    if result.outcome == Outcome.OK:
        previous = st.session_state.get(PRINCIPAL_KEY)
        if previous is not None:  # a shared phone's code link (components/code_link.py): the other unit is logged out
            with db_session() as session:
                logout(session, principal=previous, at=at)
        # The signed cookie (the session's id, never the code) brings the delegate back after a reload.
        remember(result.principal, set_cookie=True)
        st.query_params.clear()  # the code must not stay in the address bar
        _to_the_app(result.principal)
    # A valid code is never held; a wrong one's answer waits (this session cannot try
    # again meanwhile: its next run starts after this one).
    st.session_state[_FAILED_KEY] = True  # the next success forgets this session's failures
    time.sleep(min(result.delay, CODE_DELAY_CAP))
    return True


def _to_the_app(principal) -> None:
    # Imported here: components.navigation imports every page, this login form's page too.
    from components.navigation import after_login

    after_login(principal.role, by_code=principal.access_code_id is not None)
