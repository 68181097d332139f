"""Builds st.navigation's page list for a role, with titles in the user's language."""

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from components.i18n import t
from db.models import Role
from pages import home, registry
from services.access import pages_for


@dataclass(frozen=True)
class PageSpec:
    render: Callable[[], None]
    url_path: str
    title_key: str
    icon: str
    section_key: str


# URL paths never equal a file name in pages/: before any session has run
# st.navigation, Streamlit's legacy mode maps /home to pages/home.py directly.
PAGES: dict[str, PageSpec] = {
    "home": PageSpec(home.render, "trang-chu", "nav.home", ":material/home:", "nav.section.general"),
    "registry": PageSpec(registry.render, "danh-muc", "nav.registry", ":material/account_tree:", "nav.section.admin"),
}


def navigation_for(role: Role | None) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for name in pages_for(role):
        spec = PAGES[name]
        page = st.Page(
            spec.render, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path, default=name == "home"
        )
        sections.setdefault(t(spec.section_key), []).append(page)
    return sections
