"""Admin: user accounts, roles and scope, password resets, who is connected."""

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import t
from components.users.form import reset_password_form, user_form
from components.users.tables import activity_tables, users_table
from services.access.accounts import list_users


def render() -> None:
    require_page("users")
    st.title(t("users.title"))
    st.caption(t("users.intro"))
    show_flash()
    with db_session() as session:
        users = list_users(session)
    users_table(users)

    by_id = {u.id: u for u in users}
    new_label = t("registry.new")
    chosen = st.selectbox(
        t("users.pick"), [None, *by_id], format_func=lambda i: new_label if i is None else by_id[i].username
    )
    left, right = st.columns([2, 1])
    with left:
        user_form(by_id.get(chosen))
    if chosen is not None:
        with right:
            reset_password_form(by_id[chosen])
    activity_tables(users)
