"""Shared helpers for the browser scenarios: a demo app on a fresh database, phone and desktop
contexts, logging in through the form, and waiting for Streamlit's runs (never fixed sleeps).

A test waits for "the run my click started has finished" by reading the app's websocket
(Streamlit's own protocol, parsed with its protobuf classes): the page's idle marker alone
is not enough, since a short run can start and finish between two renders (the marker is
never seen to change) and the marker may still be true from the run before.
"""

import asyncio
import os
import subprocess
import sys
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Download, Locator, Page, WebSocket, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.stclient import RunResult, StreamlitSession
from tests.e2e.conftest import IDLE, ROOT, free_port, running_server

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
DEMO_PASSWORD = "thidua-demo"
TIMEOUT_MS = 30_000  # a 2-core machine shared with other test runs: generous, never slept
SHOTS_ENV = "THIDUA_E2E_SHOTS"  # a folder: screenshots are saved there when set

expect.set_options(timeout=TIMEOUT_MS)

_FULL_RUN_ENDS = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
_TRIGGERS = {"trigger_value", "string_trigger_value", "json_trigger_value"}


@dataclass
class _Stream:
    """What a page's app connection (/_stcore/stream) has carried: whether a run is under way,
    how many full runs have finished, and which custom components (the login cookie's) were
    drawn and which have reported back; a report starts a run the test did not ask for."""

    socket: WebSocket
    running: bool = True  # a page that just connected has its first run on the way
    full_runs: int = 0  # and the reruns of a fragment a click asked for (the ballot's review, confirm)
    clicked_fragments: set[str] = field(default_factory=set)  # a click's fragment rerun under way
    reruns_sent: int = 0  # run requests the page has sent (a click that sends none was lost)
    drawn: set[str] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)

    def received(self, payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        message = ForwardMsg.FromString(payload)
        kind = message.WhichOneof("type")
        fragments = set(message.metadata.run.fragment_ids)
        if kind == "new_session" and (not fragments or fragments & self.clicked_fragments):
            self.running = True
        elif kind == "script_finished" and message.script_finished in _FULL_RUN_ENDS:
            # FINISHED_EARLY_FOR_RERUN (st.rerun) means another run follows; fragment runs do not count.
            self.running = False
            self.full_runs += 1
        elif (
            kind == "script_finished"
            and message.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            and fragments & self.clicked_fragments
        ):
            # A fragment's rerun asked for by a click counts as that click's run; a timer's
            # (the projector's run_every) does not.
            self.clicked_fragments -= fragments
            self.running = False
            self.full_runs += 1
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "component_instance":
                self.drawn.add(element.component_instance.id)

    def sent(self, payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        message = BackMsg.FromString(payload)
        if message.WhichOneof("type") == "rerun_script":
            self.running = True
            self.reruns_sent += 1
            states = message.rerun_script.widget_states.widgets
            if message.rerun_script.fragment_id and any(w.WhichOneof("value") in _TRIGGERS for w in states):
                self.clicked_fragments.add(message.rerun_script.fragment_id)
            self.reported |= {w.id for w in states if w.WhichOneof("value") == "json_value"}

    @property
    def busy(self) -> bool:
        return self.running or bool(self.drawn - self.reported)


_streams: "weakref.WeakKeyDictionary[Page, _Stream]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class DemoApp:
    base: str  # http://127.0.0.1:PORT
    database_url: str
    first_run: RunResult  # what the server's very first session got (see demo_app)

    def url(self, path: str = "") -> str:
        return f"{self.base}/{path.lstrip('/')}"


@contextmanager
def demo_app(
    directory: Path, *, prepare: Callable[[str], None] | None = None, first_path: str = ""
) -> Iterator[DemoApp]:
    """The app in demo mode (demo data and accounts) on a fresh SQLite file and its own port.

    `prepare(database_url)` runs after the demo data is loaded and before the server starts.
    Then one session (no browser) opens `first_path`, the home page by default, as the
    server's first visitor (test_scenario_refusals checks a deep link there gets no Streamlit
    "Page not found" dialog: serve.py switches off Streamlit's legacy pages/ mode).
    """
    database_url = f"sqlite:///{directory / 'app.db'}"
    env = {**os.environ, "DATABASE_URL": database_url, "THIDUA_DEMO": "1"}
    subprocess.run(
        [sys.executable, "-m", "manage", "init", "--demo"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    if prepare is not None:
        prepare(database_url)
    port = free_port()
    command = [sys.executable, "serve.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--client.showErrorDetails=full"]
    with running_server(command, port=port, cwd=ROOT, log_path=directory / "app.log", env=env):
        first_run = asyncio.run(_first_session(port, first_path))
        yield DemoApp(base=f"http://127.0.0.1:{port}", database_url=database_url, first_run=first_run)


async def _first_session(port: int, path: str) -> RunResult:
    async with StreamlitSession(port, timeout=TIMEOUT_MS / 1000) as session:
        run = await session.open(path)
        assert run.finished_ok, run.status_name
        return run


def new_context(browser: Browser, *, phone: bool = False) -> BrowserContext:
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        accept_downloads=True,
        has_touch=phone,
        is_mobile=phone,
        locale="vi-VN",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.on("page", _watch)  # fires before new_page() returns, so before any goto
    return context


def _is_stream(socket: WebSocket) -> bool:
    return socket.url.endswith("/_stcore/stream")


def _watch(page: Page) -> None:
    def connected(socket: WebSocket) -> None:
        if _is_stream(socket):
            stream = _streams[page] = _Stream(socket)
            socket.on("framereceived", stream.received)
            socket.on("framesent", stream.sent)

    page.on("websocket", connected)


def _next_message(page: Page, timeout_ms: float) -> None:
    _streams[page].socket.wait_for_event("framereceived", timeout=timeout_ms)


def wait_idle(page: Page) -> None:
    """The page shows the end of the last run (its idle marker)."""
    page.wait_for_selector(IDLE)


def wait_settled(page: Page, quiet_ms: int = 200) -> None:
    """No run under way, every custom component drawn has reported back, and the server has
    said nothing for `quiet_ms`. A first load or a login is followed by runs nobody clicked
    for (the login cookie's component reports its value, which starts a run); a click landing
    in one of those can be dropped. This waits for the app's own messages, not a fixed time."""
    # A ceiling, not a budget: a loaded machine may take long, but each wait below ends on
    # the app's own messages, so a healthy app under load is never cut off at TIMEOUT_MS.
    deadline = time.monotonic() + 4 * TIMEOUT_MS / 1000
    while True:
        left_ms = (deadline - time.monotonic()) * 1000
        if left_ms <= 0:
            raise AssertionError("the app did not settle")
        if _streams[page].busy:
            try:
                _next_message(page, min(left_ms, 5_000))
            except PlaywrightTimeoutError:
                if _streams[page].running:
                    continue  # a run under way: keep waiting, up to the deadline
                break  # only a component that never reported (its value did not change): nothing will come
            continue
        try:
            _next_message(page, min(quiet_ms, left_ms))
        except PlaywrightTimeoutError:
            break
    wait_idle(page)


LOST_CLICK_S = 5.0  # no run request sent this long after a click: the page dropped it


def after_run(page: Page, action: Callable[[], object]) -> None:
    """Do `action` (a click, a choice) and wait until the run it started has finished.

    A click can be lost in the page itself: one that lands while the element is being
    redrawn sends nothing to the server (a busy 2-core machine makes that likelier). The
    page's own messages tell: when no run request has left the page LOST_CLICK_S after the
    action, the server never heard of it, and the action is done again (twice at most);
    a request that did leave is never repeated."""
    stream = _streams[page]
    before, sent_before = stream.full_runs, stream.reruns_sent
    action()
    attempts, retry_at = 1, time.monotonic() + LOST_CLICK_S
    # Under load a run (a save, then st.rerun, then a redraw) can take longer than any fixed
    # deadline; what matters is that the app keeps talking. Fail only when the server has
    # said nothing at all for TIMEOUT_MS, or when the whole wait exceeds a hard ceiling.
    ceiling = time.monotonic() + 4 * TIMEOUT_MS / 1000
    silent_since = time.monotonic()
    while stream.full_runs == before or stream.running:
        now_ = time.monotonic()
        if now_ > ceiling:
            raise AssertionError("the run after the action never finished")
        if stream.reruns_sent == sent_before and now_ > retry_at and attempts < 3:
            action()  # nothing left the page: the click was lost, not sent twice
            attempts, retry_at = attempts + 1, time.monotonic() + LOST_CLICK_S
        try:
            _next_message(page, 1_000)
            silent_since = time.monotonic()
        except PlaywrightTimeoutError:
            if time.monotonic() - silent_since > TIMEOUT_MS / 1000:
                raise AssertionError("no run of the app followed the action (the server went silent)") from None
    wait_idle(page)


def visit(page: Page, url: str) -> None:
    """Open `url` (a new session of the app) and wait until it has settled."""
    with page.expect_websocket(_is_stream):
        page.goto(url)
    wait_settled(page)


def log_in(page: Page, url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Open `url` (logged out: the login form stands in for any page) and log in by the form."""
    visit(page, url)
    name = page.get_by_role("textbox", name="Tên đăng nhập")
    expect(name).to_be_editable()
    name.fill(username)
    page.get_by_role("textbox", name="Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("[data-testid=stSidebar]").get_by_role("button", name="Đăng xuất")).to_be_attached()
    wait_settled(page)


def main(page: Page) -> Locator:
    """The page's own content (not the sidebar)."""
    return page.locator("[data-testid=stMain]")


def sidebar(page: Page) -> Locator:
    return page.locator("[data-testid=stSidebar]")


def open_sidebar(page: Page) -> None:
    """On a phone the sidebar starts collapsed; open it (no-op when already open)."""
    if sidebar(page).get_attribute("data-collapsed") != "true":
        return
    page.locator("[data-testid=stExpandSidebarButton]").click()
    expect(sidebar(page)).to_have_attribute("data-collapsed", "false")


def close_sidebar(page: Page) -> None:
    """On a phone the open sidebar covers the page; close it (no-op when already closed)."""
    if sidebar(page).get_attribute("data-collapsed") == "true":
        return
    page.locator("[data-testid=stSidebarCollapseButton] button").click()
    expect(sidebar(page)).to_have_attribute("data-collapsed", "true")


def selectbox(page: Page, label: str) -> Locator:
    return main(page).get_by_role("combobox", name=label, exact=True)


def selected(page: Page, label: str) -> str:
    """The option a selectbox shows."""
    return selectbox(page, label).input_value()


OPTION_CLICK_MS = 10_000  # an option still there is clicked at once; one gone never comes back


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label` and wait for the run it starts.

    A run that redraws the box while its list is open closes the list, and the option found
    is gone before the click lands (the conference scenario once waited 30 s on it so): the
    list is then opened again, twice at most, after the page has settled."""
    box, choice = selectbox(page, label), page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        wait_settled(page)
        box.click()
        box.press_sequentially(option)  # as a user types: the list opens, filtered (a bare click may only focus)
        try:
            expect(choice).to_be_visible()
            after_run(page, lambda: choice.click(timeout=OPTION_CLICK_MS))
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    expect(selectbox(page, label)).to_have_value(option)


_ROWS_JS = """(index) => {
  const frame = document.querySelectorAll('[data-testid=stMain] [data-testid=stDataFrame]')[index];
  if (!frame) return [];
  return [...frame.querySelectorAll('table tr')].map(
    (row) => [...row.querySelectorAll('th, td')].map((cell) => cell.innerText.trim()));
}"""
_STARTS_WITH_JS = f"""([index, want]) => {{
  const got = ({_ROWS_JS})(index);
  return got.length === want.length
    && want.every((row, i) => row.every((cell, j) => got[i][j] === cell));
}}"""


def dataframe_rows(page: Page, index: int = 0) -> list[list[str]]:
    """The cells the index-th st.dataframe of the page draws (header row first), once it has
    drawn every row (tables of a screenful or less: a longer one draws only the rows in view).

    A dataframe's cells are drawn after the run that sent it has finished, and only the
    columns in view (a phone draws fewer), so read them only through this and expect_dataframe."""
    page.wait_for_function(
        f"""(index) => {{
          const table = document.querySelectorAll('[data-testid=stMain] [data-testid=stDataFrame]')[index]
            ?.querySelector('table');
          const rows = ({_ROWS_JS})(index);
          return rows.length > 1 && rows.length === Number(table.getAttribute('aria-rowcount'));
        }}""",
        arg=index,
    )
    return page.evaluate(_ROWS_JS, index)


def expect_dataframe(page: Page, rows: list[list[str]], index: int = 0) -> None:
    """Wait until the index-th st.dataframe shows `rows` (each row starting with those cells)."""
    try:
        page.wait_for_function(_STARTS_WITH_JS, arg=[index, rows])
    except PlaywrightTimeoutError:
        shown = [row[: len(rows[0])] for row in page.evaluate(_ROWS_JS, index)]
        assert shown == rows, f"the table shows\n{shown}\ninstead of\n{rows}"
        raise


def download(page: Page, trigger: Locator) -> Download:
    with page.expect_download() as info:
        trigger.click()
    return info.value


def shot(page: Page, name: str, *, showing: Locator | None = None, whole: bool = False) -> None:
    """A screenshot under $THIDUA_E2E_SHOTS (for people to look at), when it is set; `showing`
    is scrolled into view first (the app scrolls inside its main area, not the document);
    `whole` grows the window to the main area's height for one picture of the whole page."""
    folder = os.environ.get(SHOTS_ENV)
    if folder:
        if showing is not None:
            showing.scroll_into_view_if_needed()
        Path(folder).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        if whole and size:
            height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
            page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
            page.wait_for_timeout(500)  # the layout follows the new height
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
        if whole and size:
            page.set_viewport_size(size)
