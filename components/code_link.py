"""A code link (the QR on a unit's sheet, ?code=...) opened on a device that is already logged in.

A hall's phones are shared: the delegate of one unit opens the link of their own code on a
phone still logged in for another unit (its code cookie survives a reload). Sending them to
the landing page would silently show the other unit's ballot, and they could vote in its
name. So a link for another code shows the login form with that code filled in, saying
whose login it ends; a link of the session's own code goes on to the landing page."""

import streamlit as st

from components.auth import PRINCIPAL_KEY, secret_key
from components.database import db_session
from components.i18n import t
from components.text import plain
from services.access.codes import find_valid_code
from services.access.sessions import Principal
from services.clock import now


def code_of_another() -> bool:
    """The address carries an access code and someone else is logged in here."""
    raw = st.query_params.get("code", "")
    principal: Principal | None = st.session_state.get(PRINCIPAL_KEY)
    if not raw or principal is None:
        return False
    if principal.access_code_id is None:
        return True
    with db_session() as session:
        row = find_valid_code(session, code=raw, key=secret_key(), at=now())
    return row is None or row.id != principal.access_code_id


def other_unit_notice() -> None:
    principal: Principal | None = st.session_state.get(PRINCIPAL_KEY)
    if principal is not None:
        name = plain(principal.display_name)
        st.info(t("shared_phone.other_unit", name=name, button=t("login.code_submit")), icon=":material/swap_horiz:")
