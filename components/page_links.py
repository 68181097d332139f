"""Links from one page to another registered page, by the page's name in navigation.PAGES."""

import streamlit as st

from components.i18n import t


def page_link(name: str) -> None:
    # Imported here: navigation imports every page module, and pages use this helper.
    from components.navigation import PAGES

    spec = PAGES[name]
    # A page defined by a callable is linked through an st.Page of the same source and url_path.
    page = st.Page(spec.render, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path)
    st.page_link(page, label=t(spec.title_key), icon=spec.icon)
