"""DEVELOPMENT SWITCH (until the access issue lands): pick a role without logging in.

The access issue replaces this with real login; nothing else depends on it.
"""

import streamlit as st

from components.guards import ROLE_KEY
from components.i18n import enum_labels, t
from db.models import Role


def dev_role_switch() -> Role:
    st.session_state.setdefault(ROLE_KEY, Role.ADMIN.value)
    st.sidebar.selectbox(
        t("dev.role_switch"),
        options=[role.value for role in Role],
        format_func=enum_labels("role"),
        key=ROLE_KEY,
        help=t("dev.role_switch_help"),
    )
    return Role(st.session_state[ROLE_KEY])
