"""Who is using this browser session. The server decides on every run.

Passwords are checked by services/access/login.py (bcrypt, after reserving the attempt in the
database: parallel guesses cannot pass the lockout). streamlit-authenticator manages
the login cookie (a JWT with the username and expiry, signed with the secret key).
Everything the library does not persist is kept in the database by services/:
lockouts, sessions, and the per-user version that revokes every open session at once.

The cookie is written by the library's component from the page's JavaScript, so it
cannot be HttpOnly: a script injected into the page could read it. What protects it:
no third-party script is ever loaded, nginx sends a CSP forbidding framing, the cookie
lasts 12 hours, is refused after logout or any account change (per-user version), and
is useless to a forger without the secret key.
The authenticator is built per run and never cached (it holds per-session state).

A delegate who logged in with an access code has no account, so no such cookie: a line of
the page's own script (components/browser_cookie.py: no component frame, so no extra run on
the phone) writes a second cookie for them (CODE_COOKIE), a JWT signed with a key
derived from the secret key, holding only the ActiveSession id (never the code) and
expiring with the conference. The server checks that session row and its code on every
run (services/access/sessions.py), so revoking or reissuing the code, the conference ending, or
logging out ends it.
"""

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import streamlit as st
import streamlit_authenticator as stauth

from components.browser_cookie import delete_cookie, write_cookie
from components.database import db_session
from services.access.keys import ENV_VAR, resolve_secret_key
from services.access.login import cookie_login
from services.access.sessions import (
    Principal,
    code_session_expiry,
    code_session_token,
    resume_code_session,
    revalidate,
    sign_code_session,
)
from services.clock import now
from services.settings import demo_mode

COOKIE_NAME = "thidua_auth"
CODE_COOKIE = "thidua_code"  # a code delegate's session (see the module's docstring)
_DELETE_CODE_COOKIE = "_auth_delete_code_cookie"  # set: logged-out runs delete the code cookie
COOKIE_EXPIRY_DAYS = 0.5  # short: a stolen cookie is worth half a day at most, and revocable
PRINCIPAL_KEY = "principal"
_SET_COOKIE = "_auth_set_cookie"
_COOKIE_WRITER = "set"  # extra_streamlit_components.CookieManager.set's default component key
_DELETE_COOKIE = "_auth_delete_cookie"
_ENDED = "_auth_session_ended"
_RUN = "_auth_run"
_BUILT = "_auth_built"
_CODE_COOKIE_VALUE = "_auth_code_cookie_value"


def secret_key() -> str:
    """Raises services.access.keys.MissingSecretKey outside demo mode without a usable key."""
    if os.environ.get(ENV_VAR):  # it wins over secrets.toml: no need to read that (a run asks several times)
        return resolve_secret_key(configured=None, demo=demo_mode())
    try:
        configured = st.secrets.get("auth", {}).get("cookie_key")
    except Exception:  # no secrets.toml at all is a normal set-up (env var instead)
        configured = None
    return resolve_secret_key(configured=configured, demo=demo_mode())


def new_run() -> None:
    """Called once at the top of every run of app.py."""
    st.session_state[_RUN] = st.session_state.get(_RUN, 0) + 1


def app_run() -> int:
    """Which run of app.py this is: a fragment's own rerun keeps the number of the last one."""
    return st.session_state.get(_RUN, 0)


def still_logged_in() -> bool:
    """The server-side session check: one indexed read (a write only when due); a revoked
    session ends here. current_principal makes it on every run of app.py, and a fragment on
    its own reruns, which app.py does not wrap; it draws nothing (a fragment may not draw in
    the sidebar, where the cookie writers live)."""
    principal: Principal | None = st.session_state.get(PRINCIPAL_KEY)
    if principal is None:
        return False
    with db_session() as session:
        valid = revalidate(session=session, principal=principal, at=now(), demo=demo_mode())
    if not valid:
        forget(ended=True)
    return valid


def build_authenticator() -> stauth.Authenticate:
    """One per run: its cookie component has a fixed key and must be drawn on each run that
    uses it. Only its cookie handling is used, so it holds no credentials: passwords are
    checked by services/access/login.py, and a cookie's user by cookie_login (each run
    paid for a read of every account before)."""
    built = st.session_state.get(_BUILT)
    if built and built[0] == st.session_state.get(_RUN):
        return built[1]
    authenticator = _new_authenticator()
    st.session_state[_BUILT] = (st.session_state.get(_RUN), authenticator)
    return authenticator


def _new_authenticator() -> stauth.Authenticate:
    return stauth.Authenticate({"usernames": {}}, COOKIE_NAME, secret_key(), COOKIE_EXPIRY_DAYS, auto_hash=False)


def current_principal() -> Principal | None:
    """The logged-in principal after the server-side check, or None (login page)."""
    principal: Principal | None = st.session_state.get(PRINCIPAL_KEY)
    if principal is None:
        return _login_from_cookie(now())
    if not still_logged_in():
        return None
    _sync_cookie(principal)
    return principal


def _login_from_cookie(at: datetime) -> Principal | None:
    # The library's cookie component is only drawn when there is a cookie to read or
    # delete: on a plain login page its first-load rerun could swallow a quick click.
    _delete_code_cookie()
    if st.session_state.pop(_DELETE_COOKIE, False):
        build_authenticator().cookie_controller.delete_cookie()
        return None
    if st.session_state.get("logout"):
        return None
    if CODE_COOKIE in st.context.cookies:
        with db_session() as session:
            principal = resume_code_session(session, token=st.context.cookies[CODE_COOKIE], key=secret_key(), at=at)
        if principal is not None:
            remember(principal, set_cookie=False)
            return principal
        _schedule_code_cookie_deletion()  # forged, expired or revoked
    if COOKIE_NAME not in st.context.cookies:
        return None
    authenticator = build_authenticator()
    token = authenticator.cookie_controller.get_cookie()
    if not token:
        return None
    issued_at = datetime.fromtimestamp(token["exp_date"], UTC) - timedelta(days=COOKIE_EXPIRY_DAYS)
    with db_session() as session:
        principal = cookie_login(session, username=token["username"], issued_at=issued_at, at=at, demo=demo_mode())
    if principal is None:
        authenticator.cookie_controller.delete_cookie()
        return None
    remember(principal, set_cookie=False)
    return principal


def remember(principal: Principal, *, set_cookie: bool) -> None:
    st.session_state[PRINCIPAL_KEY] = principal
    st.session_state.pop(_ENDED, None)
    st.session_state.pop(_DELETE_CODE_COOKIE, None)
    if set_cookie:
        # Set on the next run, the first one drawn for the logged-in user: a cookie
        # component followed at once by st.rerun() would never reach the browser.
        st.session_state[_SET_COOKIE] = True


def _sync_cookie(principal: Principal) -> None:
    if not st.session_state.get(_SET_COOKIE):
        return
    if principal.access_code_id is not None:
        # Drawn on every run of the session: the server cannot see whether the line has run.
        token, expires_at = _code_cookie_value(principal)
        if token is not None:
            write_cookie(CODE_COOKIE, token, expires_at=expires_at)
        return
    # A password login: the library's component writes its cookie once its frame has loaded;
    # the cookie reader drawn beside it reports first and its rerun could remove the writer
    # before that (a reload then asked for the password again). So it is drawn on every run
    # until it reports "set" (_COOKIE_WRITER is the library's component key).
    if st.session_state.get(_COOKIE_WRITER) is True or not st.session_state.get("username"):
        st.session_state.pop(_SET_COOKIE, None)
        return
    build_authenticator().cookie_controller.set_cookie()


def _code_cookie_value(principal: Principal) -> tuple[str | None, datetime | None]:
    """The code cookie's token and expiry, signed once per session: the writer may be drawn
    on several runs until the browser reports it (a reused value is as valid: the server
    checks the session row on every run anyway)."""
    kept = st.session_state.get(_CODE_COOKIE_VALUE)
    if kept is None or kept[0] != principal.session_id:
        if principal.ends_at is not None:  # known since the login: no read
            token = sign_code_session(principal, key=secret_key())
        else:
            with db_session() as session:
                token = code_session_token(session, principal=principal, key=secret_key())
                principal = replace(principal, ends_at=code_session_expiry(session, principal=principal))
        kept = st.session_state[_CODE_COOKIE_VALUE] = (principal.session_id, token, principal.ends_at)
    return kept[1], kept[2]


def _schedule_code_cookie_deletion() -> None:
    st.session_state[_DELETE_CODE_COOKIE] = True


def _delete_code_cookie() -> None:
    """Drawn on every logged-out run until the next login (as the writer, see _sync_cookie)."""
    if st.session_state.get(_DELETE_CODE_COOKIE):
        delete_cookie(CODE_COOKIE)


def forget(*, ended: bool = False) -> None:
    """Drop the session's login; the cookie is deleted on the run that shows the login page."""
    principal: Principal | None = st.session_state.pop(PRINCIPAL_KEY, None)
    if principal is not None and principal.access_code_id is not None:
        _schedule_code_cookie_deletion()
    st.session_state[_DELETE_COOKIE] = True
    for key in ("authentication_status", "username", "name"):
        st.session_state[key] = None
    st.session_state["logout"] = True  # the library then ignores any cookie left in this tab
    if ended:
        st.session_state[_ENDED] = True


def session_just_ended() -> bool:
    return bool(st.session_state.get(_ENDED))
