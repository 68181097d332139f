"""Thi đua: entrypoint. Page config, language, role, and the role's navigation."""

import streamlit as st

from components.dev_role import dev_role_switch
from components.i18n import language_switch, t
from components.navigation import navigation_for
from services.settings import demo_mode

st.set_page_config(page_title="Thi đua", page_icon=":material/military_tech:", layout="wide")

language_switch()
role = dev_role_switch()
if demo_mode():
    st.sidebar.info(t("app.demo_banner"), icon=":material/science:")

st.navigation(navigation_for(role)).run()
