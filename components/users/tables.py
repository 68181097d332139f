"""Tables of the users page: accounts, open sessions, recent logins."""

import streamlit as st

from components.database import db_session
from components.i18n import t
from db.models import User
from services.access.accounts import scope_names
from services.access.sessions import open_sessions, recent_logins
from services.clock import local_time, now


def _when(moment) -> str:
    return local_time(moment, "%d/%m/%Y %H:%M")


def users_table(users: list[User]) -> None:
    with db_session() as session:
        scopes = scope_names(session)
    st.dataframe(
        [
            {
                t("users.username"): u.username,
                t("users.full_name"): u.full_name,
                t("users.role"): t(f"role.{u.role.value}"),
                t("province_accounts.position"): u.position or "",
                t("users.scope"): scopes.get(u.id, ""),
                t("users.active"): u.is_active,
            }
            for u in users
        ],
        hide_index=True,
        width="stretch",
    )


def activity_tables(users: list[User]) -> None:
    names = {u.id: u.username for u in users}
    with db_session() as session:
        sessions = open_sessions(session, at=now())
        logins = recent_logins(session, limit=30)
    st.subheader(t("users.open_sessions"))
    st.dataframe(
        [
            {
                t("users.who"): names.get(s.user_id) or t("users.by_code"),
                t("users.started"): _when(s.started_at),
                t("users.last_seen"): _when(s.last_seen_at),
            }
            for s in sessions
        ],
        hide_index=True,
        width="stretch",
    )
    st.subheader(t("users.recent_logins"))
    st.dataframe(
        [
            {
                t("users.when"): _when(e.at),
                t("users.who"): e.username or t("users.by_code"),
                t("users.method"): t(f"login_method.{e.method.value}"),
                t("users.result"): t("users.success") if e.success else t("users.failure"),
            }
            for e in logins
        ],
        hide_index=True,
        width="stretch",
    )
