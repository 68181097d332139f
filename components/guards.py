"""Page guards: each page checks the viewer's role again before drawing anything."""

import streamlit as st

from components.i18n import t
from db.models import Role
from services.access import can_open

ROLE_KEY = "role"


def current_role() -> Role | None:
    value = st.session_state.get(ROLE_KEY)
    return Role(value) if value in set(Role) else None


def require_page(page: str) -> Role:
    """Stop the run (nothing rendered) unless the current role may open `page`."""
    role = current_role()
    if not can_open(role, page):
        st.error(t("error.forbidden"))
        st.stop()
    return role
