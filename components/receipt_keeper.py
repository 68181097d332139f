"""A delegate's receipt codes, kept on their own device only.

The server must never record which receipt (so which ballot) belongs to which unit: the
ballot table holds only the receipt's hash, and no unit. So the codes a delegate was shown
are kept in a cookie of their browser (RECEIPT_COOKIE: a JWT signed with a key derived
from the secret key, holding the unit and its codes per round), written by a line of the
page's own script (st.html: no component frame, so no extra run that could swallow the
delegate's next click on the next round's ballot), and read back after a reload. The server reads it during a run and
writes nothing of it anywhere. The unit inside lets a shared phone show a unit's codes
to that unit only.
"""

from datetime import timedelta

import streamlit as st

from components.auth import secret_key
from components.browser_cookie import write_cookie
from services.access.sessions import read_token, sign_token
from services.clock import now

RECEIPT_COOKIE = "thidua_receipts"
PURPOSE = "receipts"
KEEP_FOR = timedelta(days=60)  # past the publication, when the receipt is checked
_TOKEN = "_receipt_cookie_token"  # what this session's page writes on each run of the ballot page
_KEPT = "_receipt_cookie_kept"  # what this session has written (st.context.cookies is from its start)


def kept_receipts(unit_id: int | str) -> dict[int, str]:
    """The unit's (or a council member's, "person:<id>") receipt codes this browser keeps, by round id."""
    kept = st.session_state.get(_KEPT)
    if kept is None:
        token = st.context.cookies.get(RECEIPT_COOKIE)
        kept = read_token(token, key=secret_key(), purpose=PURPOSE, at=now()) if token else None
        kept = kept or {}
        st.session_state[_KEPT] = kept
    if kept.get("unit") != unit_id:
        return {}
    return {int(round_id): code for round_id, code in kept.get("receipts", {}).items()}


def keep_receipt(unit_id: int | str, *, round_id: int, code: str) -> None:
    """Add a code to the browser's cookie (written by write_kept_receipts)."""
    receipts = kept_receipts(unit_id) | {round_id: code}
    payload = {"unit": unit_id, "receipts": {str(r): c for r, c in receipts.items()}}
    st.session_state[_KEPT] = payload
    st.session_state[_TOKEN] = sign_token(payload, key=secret_key(), purpose=PURPOSE, expires_at=now() + KEEP_FOR)


def write_kept_receipts() -> None:
    """Once this session has shown a receipt, every run of the ballot page (re)writes the cookie."""
    token = st.session_state.get(_TOKEN)
    if token is not None:
        write_cookie(RECEIPT_COOKIE, token, max_age=int(KEEP_FOR.total_seconds()), where=st)
