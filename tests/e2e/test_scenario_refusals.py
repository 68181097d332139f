"""Scenario 5: what people may not see stays out of reach in a real browser.

A delegate who types an admin page's address gets the Vietnamese refusal and nothing of the
page; a logged-out visitor gets only the login form at every address; a user an admin
disables in another browser is sent to the login page on their next click.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from components.navigation import PAGES
from db.models import Role
from locales import translate
from services.access.pages import can_open
from tests.e2e.browser import (
    DemoApp,
    after_run,
    choose,
    demo_app,
    log_in,
    main,
    new_context,
    shot,
    sidebar,
    visit,
    wait_idle,
    wait_settled,
)
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

REFUSAL = "Bạn không có quyền mở trang này."
LOGIN_TITLE = "Đăng nhập"
SESSION_ENDED = "Phiên làm việc đã kết thúc"
TABS = 5
FIRST_LINK = "tong-quan-khoi"


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[DemoApp]:
    # The server's first session follows a shared link (see the last test).
    with demo_app(tmp_path_factory.mktemp("refusals"), first_path=FIRST_LINK) as running:
        yield running


@pytest.fixture(scope="module")
def chromium(chromium_path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def page_title(name: str) -> str:
    return translate("vi", PAGES[name].title_key)


def only_text(page: Page) -> str:
    """Everything the page's own area says, icons' ligature names left out."""
    text = main(page).inner_text()
    return " ".join(word for word in text.split() if word not in {"block"})


def in_tabs(context: BrowserContext, app: DemoApp, names: list[str]) -> Iterator[tuple[str, Page]]:
    """Each page's address opened in its own tab, a few at a time (the waits overlap)."""
    for start in range(0, len(names), TABS):
        batch = [(name, context.new_page()) for name in names[start : start + TABS]]
        for name, page in batch:
            page.goto(app.url(PAGES[name].url_path))
        for name, page in batch:
            wait_settled(page)
            yield name, page
            page.close()


def test_a_delegate_typing_other_pages_addresses_gets_the_refusal_and_nothing_else(app, chromium):
    page = new_context(chromium, phone=True).new_page()
    log_in(page, app.url(), "daibieu")
    refused = [name for name in PAGES if name != "login" and not can_open(Role.DELEGATE, name)]
    assert {"users", "registry", "access_codes", "audit_log", "rounds", "verification"} <= set(refused)
    for name, tab in in_tabs(page.context, app, refused):
        expect(main(tab).get_by_text(REFUSAL)).to_be_visible()
        assert only_text(tab) == REFUSAL, name  # no title, no table, no form of the page
        assert page_title(name) not in tab.title(), name
        if name == "users":
            shot(tab, "refusal-users-phone")
    # The delegate's own menu never lists them either.
    page.goto(app.url())
    wait_idle(page)
    menu = sidebar(page).get_by_role("link")
    expect(menu.first).to_be_attached()
    listed = set(menu.all_inner_texts())
    assert not listed & {page_title(name) for name in refused}
    page.context.close()


def test_a_logged_out_visitor_gets_only_the_login_form_at_every_address(app, chromium):
    context = new_context(chromium)
    page = context.new_page()
    visit(page, app.url(PAGES["login"].url_path))
    # The browser's first page loads Streamlit's code cold: its fields' labels and the chrome's
    # style sheet may be drawn a moment after the run has settled. Read it once they are.
    expect(main(page).get_by_role("textbox", name="Tên đăng nhập")).to_be_editable()
    expect(main(page).get_by_text("visibility", exact=True)).to_be_hidden()
    login_page = only_text(page)
    assert login_page.startswith(LOGIN_TITLE)
    shot(page, "logged-out-desktop")
    for name, tab in in_tabs(context, app, [name for name in PAGES if name != "login"]):
        expect(main(tab).get_by_role("heading", name=LOGIN_TITLE, level=1)).to_be_visible()
        expect(main(tab).get_by_role("textbox", name="Tên đăng nhập")).to_be_editable()
        assert only_text(tab) == login_page, name  # the login form, and nothing of the page asked for
        assert sidebar(tab).get_by_role("link").count() == 0, name  # no menu before logging in
        assert page_title(name) not in tab.title(), name
    context.close()


def test_a_disabled_user_is_sent_to_the_login_page_on_their_next_click(app, chromium):
    leader = new_context(chromium, phone=True).new_page()
    log_in(leader, app.url("tong-quan-khoi"), "lanhdao")
    expect(main(leader).get_by_role("heading", name="Tổng quan khối thi đua")).to_be_visible()

    admin = new_context(chromium).new_page()
    log_in(admin, app.url("nguoi-dung"), "quantri")
    expect(main(admin).get_by_role("heading", name="Người dùng", level=1)).to_be_visible()
    choose(admin, "Chọn người dùng để sửa, hoặc thêm mới", "lanhdao")
    active = main(admin).get_by_role("checkbox", name="Đang hoạt động")
    expect(active).to_be_checked()
    main(admin).locator("[data-testid=stCheckbox]").filter(has_text="Đang hoạt động").locator("label").click()
    expect(active).not_to_be_checked()
    after_run(admin, lambda: main(admin).get_by_role("button", name="Lưu", exact=True).click())
    expect(main(admin).get_by_text("Đã lưu người dùng.")).to_be_visible()
    shot(admin, "users-disabled-desktop", showing=main(admin).get_by_text("Đã lưu người dùng."))

    # The leader's page is still on screen; their next action is refused by the server.
    choose_year = main(leader).get_by_role("combobox", name="Năm")
    choose_year.click()
    after_run(leader, lambda: leader.get_by_role("option").last.click())
    expect(main(leader).get_by_role("heading", name=LOGIN_TITLE, level=1)).to_be_visible()
    expect(main(leader).get_by_text(SESSION_ENDED)).to_be_visible()
    for dashboard_word in ("Tổng quan khối thi đua", "Bảng xếp hạng", "Trưởng khối"):
        expect(main(leader)).not_to_contain_text(dashboard_word)
    shot(leader, "session-ended-phone")

    # Nor does the password open a new session any more.
    leader.context.clear_cookies()
    log_in_refused = new_context(chromium).new_page()
    visit(log_in_refused, app.url())
    log_in_refused.get_by_role("textbox", name="Tên đăng nhập").fill("lanhdao")
    log_in_refused.get_by_role("textbox", name="Mật khẩu").fill("thidua-demo")
    after_run(log_in_refused, lambda: log_in_refused.get_by_role("button", name="Đăng nhập").click())
    expect(main(log_in_refused).get_by_role("alert")).to_be_visible()
    expect(sidebar(log_in_refused).get_by_role("button", name="Đăng xuất")).to_have_count(0)
    for page in (leader, admin, log_in_refused):
        page.context.close()


def test_the_first_visitor_after_a_start_who_follows_a_link_gets_no_page_not_found(app):
    # Checked on the protocol (the module's first session, see the app fixture). Without serve.py's
    # switch, Streamlit's legacy pages/ mode shows an English "Page not found" dialog here.
    assert not app.first_run.page_not_found
