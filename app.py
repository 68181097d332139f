"""Thi đua: entrypoint. Page config, language, who is logged in, and their navigation."""

import streamlit as st

from components.auth import current_principal, new_run, secret_key
from components.change_sync import sync_caches
from components.chrome import hide_english_chrome
from components.database import bootstrap
from components.db_guard import database_guard
from components.error_guard import error_guard
from components.i18n import language_switch, t
from components.navigation import navigation_for
from components.session_box import session_box
from services.access.keys import MissingSecretKey
from services.settings import demo_mode

# No menu_items: with client.toolbarMode = "minimal" the ⋮ menu (English only) is not drawn.
st.set_page_config(page_title="Thi đua", page_icon=":material/military_tech:", layout="wide")

new_run()
language_switch()
hide_english_chrome()
try:
    secret_key()
except MissingSecretKey:
    st.error(t("app.missing_secret_key"))
    st.stop()

# A database restart or a read-only database shows a plain message, never a stack trace;
# any other error (a bug) is told in the user's language with a reference to the log.
with error_guard(), database_guard():
    bootstrap()
    sync_caches()  # a change saved by another app process shows here at this run
    principal = current_principal()
    if principal is not None:
        session_box(principal)
    if demo_mode():
        st.sidebar.info(t("app.demo_banner"), icon=":material/science:")
    role, by_code = (principal.role, principal.access_code_id is not None) if principal else (None, False)
    st.navigation(navigation_for(role, by_code=by_code), expanded=True).run()
