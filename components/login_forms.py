"""The two ways in: username and password, or a delegate's access code."""

import secrets

import streamlit as st

from components.auth import password_checker, remember, secret_key
from components.database import db_session
from components.i18n import t
from services.clock import local_time, now
from services.login import Outcome, code_login, finish_password_login, password_locked_until
from services.passwords import check_password, hash_password
from services.settings import demo_mode

_BROWSER_KEY = "_browser_session"
_DUMMY_HASH = hash_password(secrets.token_hex(8))  # unknown names cost a bcrypt check too


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
    at = now()
    with db_session() as session:
        locked = password_locked_until(session, username=username, at=at)
    if locked:
        st.error(_locked_message(locked))
        return
    checker = password_checker()
    known = username.strip().lower() in checker.authentication_model.credentials["usernames"]
    credentials_ok = bool(checker.login(username, password)) if known else False
    if not known:
        check_password(password, _DUMMY_HASH)
    with db_session() as session:
        result = finish_password_login(
            session, username=username, credentials_ok=credentials_ok, at=at, demo=demo_mode()
        )
    if result.outcome == Outcome.OK:
        remember(result.principal, set_cookie=True)
        st.rerun()
    st.error(_locked_message(result.locked_until) if result.outcome == Outcome.LOCKED else t("login.refused"))


def code_form(prefill: str) -> None:
    st.session_state.setdefault(_BROWSER_KEY, secrets.token_hex(8))
    with st.form("login_code"):
        code = st.text_input(t("login.code"), value=prefill, max_chars=20, placeholder="XXXX-XXXX-XXXX")
        submitted = st.form_submit_button(t("login.code_submit"), type="primary", width="stretch")
    if not submitted:
        return
    at = now()
    with db_session() as session:
        result = code_login(
            session,
            code=code,
            browser_session=st.session_state[_BROWSER_KEY],
            address=st.context.ip_address,
            key=secret_key(),
            at=at,
        )
    if result.outcome == Outcome.OK:
        remember(result.principal, set_cookie=False)
        st.query_params.clear()  # the code must not stay in the address bar
        st.rerun()
    st.error(_locked_message(result.locked_until) if result.outcome == Outcome.LOCKED else t("login.code_refused"))
