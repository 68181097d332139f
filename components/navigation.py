"""Builds st.navigation's page list for a role, with titles in the user's language."""

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash

from components.code_link import code_of_another
from components.i18n import current_language, t
from db.models import Role
from pages import (
    access_codes,
    account,
    audit_log,
    ballot,
    covenant,
    dashboard_bloc,
    dashboard_heatmap,
    dashboard_history,
    dashboard_province,
    dashboard_unit,
    decision,
    home,
    login,
    projector,
    province_proposals,
    receipt,
    registry,
    rounds,
    self_scoring,
    users,
    verification,
)
from services.access.pages import landing_page, pages_for


@dataclass(frozen=True)
class PageSpec:
    render: Callable[[], None]
    url_path: str
    title_key: str
    icon: str
    section_key: str


_BUILT_NAVIGATION = "_navigation_built"

# URL paths never equal a file name in pages/: before any session has run
# st.navigation, Streamlit's legacy mode maps /home to pages/home.py directly.
PAGES: dict[str, PageSpec] = {
    "login": PageSpec(login.render, "dang-nhap", "nav.login", ":material/login:", "nav.section.general"),
    "home": PageSpec(home.render, "trang-chu", "nav.home", ":material/home:", "nav.section.general"),
    "account": PageSpec(account.render, "tai-khoan", "nav.account", ":material/person:", "nav.section.general"),
    "registry": PageSpec(registry.render, "danh-muc", "nav.registry", ":material/account_tree:", "nav.section.admin"),
    "users": PageSpec(users.render, "nguoi-dung", "nav.users", ":material/group:", "nav.section.admin"),
    "access_codes": PageSpec(
        access_codes.render, "ma-truy-cap", "nav.access_codes", ":material/qr_code_2:", "nav.section.admin"
    ),
    "rounds": PageSpec(rounds.render, "vong-bo-phieu", "nav.rounds", ":material/how_to_vote:", "nav.section.voting"),
    "ballot": PageSpec(ballot.render, "phieu-bau", "nav.ballot", ":material/ballot:", "nav.section.voting"),
    "projector": PageSpec(projector.render, "trinh-chieu", "nav.projector", ":material/tv:", "nav.section.voting"),
    "receipt": PageSpec(receipt.render, "bien-nhan", "nav.receipt", ":material/receipt_long:", "nav.section.voting"),
    "audit_log": PageSpec(audit_log.render, "nhat-ky", "nav.audit_log", ":material/fact_check:", "nav.section.voting"),
    "bloc_overview": PageSpec(
        dashboard_bloc.render, "tong-quan-khoi", "nav.bloc_overview", ":material/leaderboard:", "nav.section.dashboards"
    ),
    "criteria_heatmap": PageSpec(
        dashboard_heatmap.render, "ban-do-nhiet", "nav.criteria_heatmap", ":material/grid_on:", "nav.section.dashboards"
    ),
    "unit_profile": PageSpec(
        dashboard_unit.render, "ho-so-don-vi", "nav.unit_profile", ":material/badge:", "nav.section.dashboards"
    ),
    "bloc_history": PageSpec(
        dashboard_history.render, "lich-su-khoi", "nav.bloc_history", ":material/history:", "nav.section.dashboards"
    ),
    "province_overview": PageSpec(
        dashboard_province.render, "tong-quan-tinh", "nav.province_overview", ":material/map:", "nav.section.dashboards"
    ),
    "covenant": PageSpec(
        covenant.render, "giao-uoc", "scoring.nav.covenant", ":material/contract:", "scoring.nav.section"
    ),
    "self_scoring": PageSpec(
        self_scoring.render, "tu-cham-diem", "scoring.nav.self_scoring", ":material/edit_note:", "scoring.nav.section"
    ),
    "verification": PageSpec(
        verification.render, "tham-dinh-diem", "scoring.nav.verification", ":material/task_alt:", "scoring.nav.section"
    ),
    "province_proposals": PageSpec(
        province_proposals.render,
        "de-nghi-khen-thuong",
        "province.nav.proposals",
        ":material/inventory:",
        "province.nav.section",
    ),
    "decision": PageSpec(
        decision.render, "quyet-dinh-khen-thuong", "province.nav.decision", ":material/gavel:", "province.nav.section"
    ),
}

_KNOWN_PATHS = frozenset(spec.url_path for spec in PAGES.values())


def navigation_for(role: Role | None, *, by_code: bool = False) -> dict[str, list[st.Page]]:
    """The role's pages, plus every other URL kept as a hidden page: a visitor who is
    logged out gets the login form there (and lands on the page after logging in),
    anyone else a clear refusal, never Streamlit's English "page not found".

    Every page keeps its own address (a default page would be served only at "/", and its
    own address would be "not found"): "/" is a hidden page of its own that shows the login
    form, or sends a logged-in user to their landing page (the address changes with it)."""
    # A code link of another unit on a device logged in (a shared phone): the login form, never the landing page.
    switching = role is not None and code_of_another()
    _forget_unknown_address(_KNOWN_PATHS)
    # Built once per session for each (role, language...): the same pages on every run.
    key = (role, by_code, switching, current_language())
    built = st.session_state.get(_BUILT_NAVIGATION)
    if built is None or built[0] != key:
        built = st.session_state[_BUILT_NAVIGATION] = (key, _sections(role, by_code=by_code, switching=switching))
    return built[1]


def _sections(role: Role | None, *, by_code: bool, switching: bool) -> dict[str, list[st.Page]]:
    names, landing = pages_for(role, by_code=by_code), landing_page(role, by_code=by_code)
    sections: dict[str, list[st.Page]] = {}
    pages: dict[str, st.Page] = {}
    for name in names:
        spec = PAGES[name]
        pages[name] = st.Page(spec.render, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path)
        sections.setdefault(t(spec.section_key), []).append(pages[name])
    hidden = [
        st.Page(
            login.render if switching and name == "login" else _stand_in(role, name, lambda: pages[landing]),
            title=t("nav.login") if switching and name == "login" else _stand_in_title(role, name, landing),
            url_path=spec.url_path,
            visibility="hidden",
        )
        for name, spec in PAGES.items()
        if name not in names
    ]
    root = st.Page(
        login.render if role is None or switching else _go_to(lambda: pages[landing]),
        title=t("nav.login") if switching else t(PAGES[landing].title_key),
        url_path="",
        default=True,
        visibility="hidden",
    )
    sections.setdefault(t(PAGES[names[0]].section_key), []).extend([root, *hidden])
    return sections


def after_login(role: Role, *, by_code: bool) -> None:
    """Right after a login: stay on the page the visitor asked for if the role may open it,
    else go to the role's landing page; either way the address names the page shown."""
    current = get_script_run_ctx().pages_manager.current_page_script_hash
    here = next((name for name, spec in PAGES.items() if calc_hash(spec.url_path) == current), None)
    if here is not None and here != "login" and here in pages_for(role, by_code=by_code):
        st.rerun()
    landing = PAGES[landing_page(role, by_code=by_code)]
    st.switch_page(st.Page(login.render, title=t(landing.title_key), url_path=landing.url_path))


def _forget_unknown_address(known: set[str]) -> None:
    """An address no page has (a typo, /pages/home, an old bookmark) is served the "/" page
    instead of Streamlit's English "page not found" dialog: Streamlit resolves a page hash
    it does not know to the default page silently, a page name it does not know with the
    dialog, so an unknown name is dropped before st.navigation resolves it."""
    manager = get_script_run_ctx().pages_manager
    wanted = (manager.intended_page_name or "").strip("/")
    if manager.intended_page_name and wanted not in known:
        manager.set_script_intent(manager.intended_page_script_hash or "", "")
    elif wanted != manager.intended_page_name and manager.intended_page_name:
        manager.set_script_intent(manager.intended_page_script_hash or "", wanted)  # a trailing slash


def _go_to(target: Callable[[], st.Page]) -> Callable[[], None]:
    def render() -> None:
        st.switch_page(target())

    return render


def _stand_in(role: Role | None, name: str, landing: Callable[[], st.Page]) -> Callable[[], None]:
    if role is None:
        return login.render
    # Logged in at /dang-nhap (a bookmark, the page just after logging in): off to the landing page.
    return _go_to(landing) if name == "login" else _refusal


def _stand_in_title(role: Role | None, name: str, landing: str) -> str:
    # Never the hidden page's own title: that would name pages the visitor may not see.
    if role is None:
        return t("nav.login")
    return t(PAGES[landing].title_key) if name == "login" else t("nav.forbidden")


def _refusal() -> None:
    st.error(t("error.forbidden"), icon=":material/block:")
