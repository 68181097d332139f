"""The README's first command serves the app, in Vietnamese, with demo data and accounts."""

import urllib.request

import pytest

from tests.e2e.conftest import IDLE

pytestmark = pytest.mark.browser


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(base)
    page.wait_for_selector(IDLE)
    # The first load can be followed by one more run (Streamlit settling the page);
    # a click landing in that run is dropped, so wait until the app stays idle.
    page.wait_for_timeout(700)
    page.wait_for_selector(IDLE)
    page.get_by_role("textbox", name="Tên đăng nhập").fill(username)
    page.get_by_role("textbox", name="Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_run_command_serves_the_vietnamese_login_then_home_and_english(run_command_app, browser):
    with urllib.request.urlopen(f"{run_command_app}/_stcore/health") as response:
        assert response.status == 200

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(run_command_app)
    phone.wait_for_selector(IDLE)
    assert phone.get_by_role("heading", level=1).first.inner_text() == "Đăng nhập"
    assert phone.get_by_text("Tài khoản trình diễn").count() == 1  # demo mode lists its accounts
    phone.close()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, run_command_app, "quantri", "thidua-demo")
    page.get_by_role("heading", name="Thi đua: theo dõi và bình xét khối thi đua").first.wait_for()
    page.wait_for_selector(IDLE)
    assert page.get_by_text("Chế độ trình diễn").count() == 1

    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Thi đua: emulation bloc tracking and peer evaluation").first.wait_for()
    page.wait_for_selector(IDLE)
    assert page.get_by_text("Where to start").count() == 1

    # The login cookie brings the admin back after a reload; logging out ends it.
    page.reload()
    page.wait_for_selector(IDLE)
    page.get_by_role("button", name="Đăng xuất").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("heading", name="Đăng nhập").first.wait_for()
    page.reload()
    page.wait_for_selector(IDLE)
    page.get_by_role("heading", name="Đăng nhập").first.wait_for()
    context.close()
