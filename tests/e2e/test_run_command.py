"""The README's first command serves the app, in Vietnamese, with demo data."""

import urllib.request

import pytest

from tests.e2e.conftest import IDLE

pytestmark = pytest.mark.browser


def test_run_command_serves_a_vietnamese_home_page_that_switches_to_english(run_command_app, browser):
    with urllib.request.urlopen(f"{run_command_app}/_stcore/health") as response:
        assert response.status == 200

    for width, height in ((390, 844), (1280, 800)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(run_command_app)
        page.wait_for_selector(IDLE)
        heading = page.get_by_role("heading", level=1).first
        assert heading.inner_text() == "Thi đua: theo dõi và bình xét khối thi đua"
        assert page.get_by_text("Chế độ trình diễn").count() == 1  # demo mode says so
        page.close()

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(run_command_app)
    page.wait_for_selector(IDLE)
    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Thi đua: emulation bloc tracking and peer evaluation").wait_for()
    page.wait_for_selector(IDLE)
    assert page.get_by_text("Where to start").count() == 1
