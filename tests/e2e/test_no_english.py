"""No English word of Streamlit's own on a Vietnamese screen (issue 13, item 4).

Chromium visits every page of every role (admin, secretary, leader, a delegate by password,
a delegate by access code, and the login page) in Vietnamese at desktop size, and the
code delegate's hall pages at phone size. On each page it reads what a user can see or hear:
the visible text (innerText) and the `title`, `aria-label` and `placeholder` of every element
that is drawn. It reads them again while it hovers every table, chart and file uploader (the
element toolbar with "Download as CSV", "Fullscreen"... shows on hover), while a text field
holds a typed letter ("Press Enter to submit form"), while a list is open and filtered to
nothing ("No results"), and with a file chosen in an uploader (its size, "12.0KB").
Any of Streamlit's English UI strings below, as a whole word, fails the test with the page
and the place it was found.
"""

import re
from collections.abc import Iterator
from contextlib import suppress
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from db.engine import make_engine, session_scope
from locales import translate
from services.access.codes import create_conference, issue_codes
from services.access.keys import DEMO_KEY
from services.clock import now
from tests.db.records_world import YEAR, culture_bloc
from tests.e2e.browser import (
    DemoApp,
    after_run,
    close_sidebar,
    demo_app,
    log_in,
    main,
    new_context,
    open_sidebar,
    sidebar,
    visit,
    wait_idle,
    wait_settled,
)
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

# Streamlit 1.67's own English, as its frontend writes it (tooltips, aria-labels, placeholders,
# hints, menus, dialogs). Matched case-sensitively as whole words, so Vietnamese text (and
# Material icon names such as "search", drawn as icons) never matches by accident.
STREAMLIT_ENGLISH = [
    "Press Enter",
    "Press Ctrl+Enter",
    "to submit form",
    "Download as CSV",
    "Download as PNG",
    "Search",
    "Fullscreen",
    "Close fullscreen",
    "Show/hide columns",
    "Add row",
    "Delete row",
    "Show data",
    "Show chart",
    "Copy Vega-Lite spec",
    "Show password",
    "Hide password",
    "Choose date",
    "Clear all",
    "Clear value",
    "Choose an option",
    "Choose options",
    "No options to select",
    "No results",
    "Main menu",
    "Made with Streamlit",
    "Record a screencast",
    "Print",
    "Settings",
    "Deploy",
    "Rerun",
    "Clear cache",
    "Drag and drop",
    "Browse files",
    "Upload",
    "Limit",
    "per file",
    "files are not allowed",
    "Skip to main content",
    "Running...",
    "Page not found",
]
_PHRASES = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in STREAMLIT_ENGLISH))
_SIZE_UNIT = re.compile(r"\d(?:B|KB|MB|GB)(?!\w)")  # "12.0KB", "5MB": Streamlit's (our texts say "5 MB")
# Left as is, for want of any way to set it (Python or CSS): the aria-label of a chosen file's
# chip names its size ("minh-chung.pdf, 12.0KB"); its visible size is hidden.
KNOWN = {("aria-label", "stFileChip")}

FRAME = "ancestor-or-self::*[@data-testid='stFullScreenFrame'][1]"  # an element and its toolbar
TEXT_INPUT = "ancestor::*[@data-testid='stTextInput'][1]"
STYLE_MARK = "[data-testid=stElementToolbar]"  # in components/chrome.py's style sheet
# What a user perceives: the drawn text, and the attributes of drawn elements (display: none
# or visibility: hidden elements are neither seen nor read out by a screen reader).
_PERCEIVED_JS = """() => {
  const found = [['text', document.body.innerText]];
  for (const element of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (!element.checkVisibility({visibilityProperty: true})) continue;
    for (const name of ['title', 'aria-label', 'placeholder']) {
      const value = element.getAttribute(name);
      // A placeholder shows only in an empty field (a selectbox showing its choice has one too).
      if (value && !(name === 'placeholder' && element.value)) found.push([name, value, element.dataset.testid]);
    }
  }
  return found;
}"""


def offending(where: str, found: list[list[str]]) -> dict[tuple[str, str], str]:
    """Each English phrase found ((kind, phrase) → the page, the state and the text around it)."""
    hits = {}
    for kind, value, *testid in found:
        if (kind, *testid) in KNOWN:
            continue
        for match in [*_PHRASES.finditer(value), *_SIZE_UNIT.finditer(value)]:
            start = max(0, match.start() - 40)
            context = value[start : match.end() + 40].replace("\n", " ⏎ ")
            hits.setdefault((kind, match.group(0)), f"{where} [{kind}] {match.group(0)!r} in …{context}…")
    return hits


class Probe:
    """Reads a page in every state above; collects what it finds."""

    def __init__(self, page: Page, *, phone: bool = False) -> None:
        self.page = page
        self.phone = phone
        self.hits: dict[tuple[str, str, str], str] = {}  # one line per page, attribute and phrase
        self.pages_seen: list[str] = []

    def read(self, where: str) -> None:
        page = where.split("?")[0].split(" (")[0]
        for (kind, phrase), line in offending(where, self.page.evaluate(_PERCEIVED_JS)).items():
            self.hits.setdefault((page, kind, phrase), line)

    def page_name(self) -> str:
        return self.page.url.split("/", 3)[-1] or "/"

    def check_page(self) -> None:
        where = self.page_name()
        self.pages_seen.append(where)
        # Our style sheet is drawn by st.html, whose code the browser loads on the first page
        # only after the page's other elements (a moment's flash of English on a first visit).
        self.page.wait_for_function(f"document.body.innerHTML.includes({STYLE_MARK!r})")
        self.read(where)
        self._hover_all(where)
        self._type_in_a_field(where)
        self._open_a_list(where)
        self._open_a_date(where)
        self._choose_a_file(where)

    def _hover_all(self, where: str) -> None:
        """The first table, chart and uploader in view (all of a kind share one toolbar)."""
        for kind in ("stDataFrame", "stVegaLiteChart", "stFileUploader"):
            # Not one in a closed expander or another tab.
            element = main(self.page).locator(f"[data-testid={kind}]").locator("visible=true").first
            if element.count() == 0:
                continue
            element.scroll_into_view_if_needed()
            element.hover()
            # The element's toolbar (an uploader has none) shows its buttons on hover, unless our
            # style sheet hides it: then nothing of it can be seen or heard, hovered or not.
            toolbar = element.locator(f"xpath={FRAME}//*[@data-testid='stElementToolbar']").first
            if toolbar.count() and toolbar.is_visible():
                toolbar.locator("button").first.wait_for(state="visible")
            self.read(f"{where} (hovering the {kind})")
        self.page.mouse.move(0, 0)

    def _type_in_a_field(self, where: str) -> None:
        fields = main(self.page).locator("[data-testid=stTextInput] input:not([disabled])")
        in_form = main(self.page).locator("[data-testid=stForm] [data-testid=stTextInput] input:not([disabled])")
        for field in (in_form.first, fields.first):
            if field.count() == 0 or not field.is_visible():
                continue
            field.focus()
            field.press("End")
            field.press("a")  # a typed letter makes the field "dirty": Streamlit's hint shows now
            hint = field.locator(f"xpath={TEXT_INPUT}//*[@data-testid='InputInstructions']")
            # Drawn as the letter is typed, when the field has one (a form may turn Enter-to-submit off).
            with suppress(PlaywrightTimeoutError):
                hint.first.wait_for(state="attached", timeout=1_000)
            self.read(f"{where} (typing in a field)")
            field.press("Backspace")  # back to its value: leaving it starts no run
            field.blur()
            wait_idle(self.page)

    def _open_a_list(self, where: str) -> None:
        box = main(self.page).locator("[role=combobox]:not([disabled])").first
        if box.count() == 0 or not box.is_visible():
            return
        box.scroll_into_view_if_needed()
        box.click()
        box.press_sequentially("qqzzxx")  # matches no option: the list says so
        self.page.locator("[role=listbox][data-empty=true]").wait_for(state="attached")
        self.read(f"{where} (a list filtered to nothing)")
        box.press("Escape")
        box.press("Escape")
        box.blur()
        wait_idle(self.page)

    def _open_a_date(self, where: str) -> None:
        button = main(self.page).locator("[data-testid=stDateInputCalendarButton]").first
        if button.count() == 0 or not button.is_visible():
            return  # hidden on a Vietnamese screen: the date is typed in place
        button.click()
        self.read(f"{where} (the calendar open)")
        self.page.keyboard.press("Escape")

    def _choose_a_file(self, where: str) -> None:
        """A file in a form's uploader (choosing it starts no run); the chip shows its size."""
        field = main(self.page).locator("[data-testid=stForm] [data-testid=stFileUploaderDropzoneInput]").first
        if field.count() == 0:
            return
        field.set_input_files(files=[{"name": "minh-chung.pdf", "mimeType": "application/pdf",
                                      "buffer": b"%PDF-1.4\n" + b"0" * 12_000}])  # fmt: skip
        main(self.page).locator("[data-testid=stFileChip]").first.wait_for()
        self.read(f"{where} (a file chosen)")

    def every_page(self) -> None:
        """Each page the sidebar offers, reached as a user does (a click in the sidebar)."""
        links = sidebar(self.page).locator("[data-testid=stSidebarNav] a")
        hrefs = [href for href in links.evaluate_all("links => links.map(l => l.getAttribute('href'))") if href]
        assert hrefs, "the sidebar offers no page"
        for href in hrefs:
            if not self.page.url.split("?")[0].endswith(href.split("/")[-1]):
                open_sidebar(self.page)  # on a phone it is folded away
                link = sidebar(self.page).locator(f"[data-testid=stSidebarNav] a[href='{href}']")
                after_run(self.page, link.click)
            if self.phone:
                close_sidebar(self.page)
            wait_idle(self.page)  # not "settled": the projector page never goes quiet
            self.check_page()


@pytest.fixture(scope="module")
def world() -> dict:
    return {}


@pytest.fixture(scope="module")
def app(tmp_path_factory, world) -> Iterator[DemoApp]:
    def prepare(url: str) -> None:
        """A conference of Lai Châu's Culture–Society bloc with one access code per member unit."""
        engine = make_engine(url)
        with session_scope(engine) as session:
            bloc = culture_bloc(session)
            conference = create_conference(session=session, bloc_id=bloc.id, year=YEAR, name="Hội nghị tổng kết",
                                           ends_at=now() + timedelta(days=1), at=now())  # fmt: skip
            issued = issue_codes(session=session, conference=conference, key=DEMO_KEY, at=now())
            world["code"] = issued[-1].code
        engine.dispose()

    with demo_app(tmp_path_factory.mktemp("no_english"), prepare=prepare) as running:
        yield running


@pytest.fixture(scope="module")
def chromium(chromium_path):
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def report(probe: Probe) -> None:
    lines = sorted(probe.hits.values())
    assert not lines, f"Streamlit's English on a Vietnamese screen ({len(lines)}):\n" + "\n".join(lines)


@pytest.mark.parametrize("username", ["quantri", "thuky", "lanhdao", "daibieu"])
def test_every_page_of_a_role_by_password_is_vietnamese(app, chromium, username):
    context = new_context(chromium)
    page = context.new_page()
    probe = Probe(page)
    if username == "quantri":  # the login page itself, once: its password field has Streamlit's eye
        visit(page, app.url())
        probe.check_page()
    log_in(page, app.url(), username)
    probe.every_page()
    context.close()
    assert len(probe.pages_seen) >= 5, probe.pages_seen  # home, account, projector, receipt and more
    report(probe)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_every_page_of_a_delegate_by_access_code_is_vietnamese(app, chromium, world, phone):
    context = new_context(chromium, phone=phone)
    page = context.new_page()
    visit(page, app.url(f"?code={world['code']}"))  # the QR code's link fills the code in
    page.get_by_role("button", name=translate("vi", "login.code_submit")).click()
    expect(main(page).get_by_role("heading", name=translate("vi", "ballot.title"))).to_be_visible()
    wait_settled(page)
    probe = Probe(page, phone=phone)
    probe.every_page()
    context.close()
    assert len(probe.pages_seen) >= 3, probe.pages_seen
    report(probe)
