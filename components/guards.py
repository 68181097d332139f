"""Page guards: each page checks the viewer again before drawing anything.

app.py has already revalidated the principal against the database this run;
the guard makes sure a page reached any other way (a forged page id, Streamlit's
legacy pages/ mode) draws nothing for the wrong person.
"""

import streamlit as st

from components.auth import PRINCIPAL_KEY
from components.i18n import t
from services.access.pages import can_open
from services.access.sessions import Principal


def require_page(page: str) -> Principal:
    """Stop the run (nothing rendered) unless the logged-in principal may open `page`."""
    principal: Principal | None = st.session_state.get(PRINCIPAL_KEY)
    if principal is None or not can_open(principal.role, page, by_code=principal.access_code_id is not None):
        st.error(t("error.forbidden"))
        st.stop()
    return principal
