"""A delegate's receipt codes, kept on their own device only.

The server must never record which receipt (so which ballot) belongs to which unit: the
ballot table holds only the receipt's hash, and no unit. So the codes a delegate was shown
are kept in a cookie of their browser (RECEIPT_COOKIE: a JWT signed with a key derived
from the secret key, holding the unit and its codes per round), written by the login
cookie's component, and read back after a reload. The server reads it during a run and
writes nothing of it anywhere. The unit inside lets a shared phone show a unit's codes
to that unit only.
"""

from datetime import timedelta

import streamlit as st

from components.auth import cookie_manager, secret_key
from services.clock import now
from services.sessions import read_token, sign_token

RECEIPT_COOKIE = "thidua_receipts"
PURPOSE = "receipts"
KEEP_FOR = timedelta(days=60)  # past the publication, when the receipt is checked
_PENDING = "_receipt_cookie_pending"  # (component key, token) until the component reports
_WRITES = "_receipt_cookie_writes"
_KEPT = "_receipt_cookie_kept"  # what this session has written (st.context.cookies is from its start)


def kept_receipts(unit_id: int) -> dict[int, str]:
    """The unit's receipt codes this browser keeps, by round id."""
    kept = st.session_state.get(_KEPT)
    if kept is None:
        token = st.context.cookies.get(RECEIPT_COOKIE)
        kept = read_token(token, key=secret_key(), purpose=PURPOSE, at=now()) if token else None
        kept = kept or {}
        st.session_state[_KEPT] = kept
    if kept.get("unit") != unit_id:
        return {}
    return {int(round_id): code for round_id, code in kept.get("receipts", {}).items()}


def keep_receipt(unit_id: int, *, round_id: int, code: str) -> None:
    """Add a code to the browser's cookie (written by write_kept_receipts on this and later runs)."""
    receipts = kept_receipts(unit_id) | {round_id: code}
    payload = {"unit": unit_id, "receipts": {str(r): c for r, c in receipts.items()}}
    st.session_state[_KEPT] = payload
    writes = st.session_state[_WRITES] = st.session_state.get(_WRITES, 0) + 1
    token = sign_token(payload, key=secret_key(), purpose=PURPOSE, expires_at=now() + KEEP_FOR)
    st.session_state[_PENDING] = (f"set_receipts_{writes}", token)


def write_kept_receipts() -> None:
    """Draw the cookie writer until it has reported (a new key per write: a reported key stays True)."""
    pending = st.session_state.get(_PENDING)
    if pending is None:
        return
    key, token = pending
    if st.session_state.get(key) is True:
        st.session_state.pop(_PENDING, None)
        return
    cookie_manager().set(RECEIPT_COOKIE, token, key=key, expires_at=now() + KEEP_FOR)
