"""Sidebar: who is logged in, and the logout button."""

import streamlit as st

from components.auth import PRINCIPAL_KEY, forget
from components.database import db_session
from components.i18n import t
from components.text import plain
from services.access.login import logout
from services.access.sessions import Principal
from services.clock import now


def _logout() -> None:
    principal: Principal | None = st.session_state.get(PRINCIPAL_KEY)
    if principal is not None:
        with db_session() as session:
            logout(session, principal=principal, at=now())
    forget()


def session_box(principal: Principal) -> None:
    st.sidebar.markdown(f"**{plain(principal.display_name)}**  \n{t(f'role.{principal.role.value}')}")
    st.sidebar.button(t("login.logout"), on_click=_logout, icon=":material/logout:", width="stretch")
