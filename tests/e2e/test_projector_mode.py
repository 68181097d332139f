"""The projector mode in a real browser (Chromium): the leader opens it from /trinh-chieu by
its link button (a new tab, `?man-hinh-lon=1`); at 1920×1080 there is no sidebar and no
Streamlit header, a published 2017 round of the demo shows its title, its winners in large
type and its chart; the same address on a phone (390×844) does not scroll sideways.

`THIDUA_E2E_SHOTS=docs/screenshots` saves projector-mode(-phone).png.
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.browser import (
    DemoApp,
    _is_stream,
    _streams,
    demo_app,
    log_in,
    main,
    new_context,
    shot,
    sidebar,
    visit,
    wait_settled,
)
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

PROJECTOR = "trinh-chieu"
BIG = "man-hinh-lon=1"
LINK = "Mở chế độ trình chiếu (màn hình lớn)"
ROUND_2017 = re.compile(r"năm 2017")  # the demo's published rounds: Cờ thi đua and Bằng khen, 2017
HALL = {"width": 1920, "height": 1080}
PHONE_WIDTH = 390
FONT_SIZE_JS = "(element) => parseFloat(getComputedStyle(element).fontSize)"


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[DemoApp]:
    with demo_app(tmp_path_factory.mktemp("projector")) as running:
        yield running


@pytest.fixture
def chromium(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _connected(page: Page) -> None:
    """Wait until a page opened by the app (a new tab) has its app connection."""
    if page not in _streams:  # events are delivered only inside Playwright calls: no race here
        page.wait_for_event("websocket", predicate=_is_stream)


def _shows_a_2017_result(page: Page) -> None:
    expect(main(page).get_by_role("heading", name=ROUND_2017).first).to_be_visible()
    expect(main(page).locator(".big-winners").first).to_be_visible()
    expect(main(page).locator("[data-testid=stVegaLiteChart]").first).to_be_visible()


def test_the_link_opens_the_big_screen_without_chrome_in_large_type(app, chromium):
    page = new_context(chromium).new_page()
    log_in(page, app.url(PROJECTOR), "lanhdao")
    expect(sidebar(page)).to_be_visible()  # the ordinary page has them: the test can tell
    expect(page.locator("[data-testid=stHeader]")).to_be_visible()
    link = main(page).get_by_role("link", name=LINK)
    expect(link).to_be_visible()
    with page.context.expect_page() as opened:
        link.click()
    big = opened.value
    _connected(big)
    big.set_viewport_size(HALL)
    wait_settled(big)
    assert BIG in big.url
    _shows_a_2017_result(big)
    expect(sidebar(big)).to_be_hidden()
    expect(big.locator("[data-testid=stHeader]")).to_be_hidden()
    expect(big.locator("[data-testid=stToolbar]")).to_be_hidden()
    winners = main(big).locator(".big-winners").first
    size = winners.evaluate(FONT_SIZE_JS)
    assert size >= 40, f"the winners line is {size}px at 1920×1080"
    shot(big, "projector-mode", showing=winners)


def test_the_big_screen_fits_a_phone(app, chromium):
    page = new_context(chromium, phone=True).new_page()
    # Logged in on the ordinary page (log_in waits for the sidebar's logout button, which the
    # projector mode hides), then the projector address opened as a bookmark would be.
    log_in(page, app.url(PROJECTOR), "lanhdao")
    visit(page, app.url(f"{PROJECTOR}?{BIG}"))
    _shows_a_2017_result(page)
    expect(sidebar(page)).to_be_hidden()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH + 1, f"the page is {width}px wide on a {PHONE_WIDTH}px phone"
    shot(page, "projector-mode-phone", showing=main(page).locator(".big-winners").first)
