"""Scenario 1, the whole conference in a real browser: the admin checks in 9 units and
opens a provincial-flag round (2 seats) and a chair round; 9 delegates on phones log in
with access codes (two through the QR link: the second on the first one's phone, still logged
in), vote and get receipts; the first phone, reloaded, shows the unit has voted; the projector
shows the turnout rising without a reload; the secretary closes,
the admin publishes; the projector shows the results; the minutes PDF names the winners.

The app runs in demo mode on a fresh database (tests/e2e/browser.py); the 2017 Lai Châu
Culture–Society bloc has the seeds' 9 member units, with its recorded outcome removed.
"""

import os
import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect, sync_playwright
from pypdf import PdfReader

from db.engine import make_engine, session_scope
from db.models import Award, LeadershipTerm, Province
from locales import translate
from manage.demo.conference import clear_2017_conference
from services.access.codes import create_conference, issue_codes
from services.access.keys import DEMO_KEY
from services.clock import now
from services.registry.membership import members
from tests.app.test_voting import culture_bloc
from tests.e2e.browser import (
    DESKTOP,
    PHONE,
    SHOTS_ENV,
    after_run,
    choose,
    demo_app,
    download,
    log_in,
    main,
    new_context,
    selectbox,
    selected,
    shot,
    visit,
    wait_idle,
    wait_settled,
)
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

YEAR = 2017
FLAGS = ("Sở LĐ-TB&XH", "Đài PT-TH")
CHAIR = "Đài PT-TH"


def vi(key: str, **params) -> str:
    return translate("vi", key, **params)


class World:
    codes: dict[int, str]
    names: dict[int, str]  # unit id → name in 2017
    roster: dict[str, int]  # short name → unit id
    bloc_id: int
    bloc_label: str
    conference_id: int


def set_up_world(session, world: World) -> None:
    """The 2017 bloc without its recorded outcome, a conference and one access code per unit."""
    clear_2017_conference(session)  # the demo holds this conference already: it is replayed here
    bloc = culture_bloc(session)
    rows = members(session, bloc_id=bloc.id, year=YEAR)
    world.roster = {m.short_name: m.unit_id for m in rows}
    world.names = {m.unit_id: m.name for m in rows}
    world.bloc_id = bloc.id
    world.bloc_label = f"{session.get(Province, bloc.province_id).name} · {bloc.name}"
    session.execute(sa.delete(Award).where(Award.bloc_id == bloc.id, Award.year == YEAR))
    session.execute(sa.delete(LeadershipTerm).where(LeadershipTerm.bloc_id == bloc.id, LeadershipTerm.year == YEAR + 1))
    conference = create_conference(session=session, bloc_id=bloc.id, year=YEAR, name="Hội nghị tổng kết 2017",
                                   ends_at=now() + timedelta(days=1), at=now())  # fmt: skip
    world.conference_id = conference.id
    issued = issue_codes(session=session, conference=conference, key=DEMO_KEY, at=now())
    world.codes = {code.unit_id: code.code for code in issued}


def prepare(world: World):
    def run(url: str) -> None:
        engine = make_engine(url)
        with session_scope(engine) as session:
            set_up_world(session, world)
        engine.dispose()

    return run


def show(page: Page, label: str, option: str) -> None:
    """Choose `option` unless it is already shown (choosing the shown option starts no run)."""
    if selected(page, label) != option:
        choose(page, label, option)


def rounds_page(page: Page, world: World, *, expect_rounds: bool) -> None:
    show(page, vi("rounds.bloc"), world.bloc_label)  # a secretary sees only her bloc: already shown
    show(page, vi("year_picker.label"), str(YEAR))  # the one year picker: a list
    if expect_rounds:
        expect(selectbox(page, vi("rounds.round"))).to_have_value(re.compile(" · "))
    else:
        expect(main(page).get_by_text(vi("rounds.none_yet"))).to_be_visible()
    wait_settled(page)


def confirm(page: Page, action: str) -> None:
    after_run(page, lambda: main(page).get_by_text(vi(f"rounds.confirm_{action}")).click())
    after_run(page, lambda: main(page).get_by_role("button", name=vi(f"rounds.do_{action}")).click())
    expect(main(page).get_by_text(vi(f"rounds.done_{action}"))).to_be_visible()


def check_in(page: Page, world: World, unit_ids: list[int]) -> None:
    """The multiselect sits in a form, so choosing does not rerun; as a secretary types:
    the name filters the list, Enter picks it."""
    present = main(page).get_by_role("combobox", name=vi("rounds.present_units"))
    for unit_id in unit_ids:
        option = page.get_by_role("option", name=world.names[unit_id], exact=True)
        for attempt in range(3):  # a click on an open list may close it: then the next try opens it
            present.click()
            present.fill("")  # whatever an earlier try left typed
            present.press_sequentially(world.names[unit_id])
            try:
                expect(option).to_be_visible(timeout=5_000)
                break
            except AssertionError:
                present.press("Escape")
                if attempt == 2:
                    raise
        option.click()
    present.press("Escape")
    expect(page.get_by_role("option")).to_have_count(0)  # the list is closed: the next click is the button's
    main(page).get_by_role("button", name=vi("rounds.check_in")).click()
    expected = vi("rounds.present_count", present=len(unit_ids), members=len(world.names))
    expect(main(page).get_by_text(expected)).to_be_visible(timeout=60_000)
    wait_settled(page)


def create_round(page: Page, world: World, kind: str, *, seats: int | None = None) -> None:
    """From the expander: the preset fills the settings; `seats` changes the preset's number
    (the flag preset proposes one leading unit, this bloc proposed two in 2017)."""
    expander = main(page).get_by_text(vi("rounds.new_round"))
    if (
        main(page).get_by_label(vi("rounds.kind")).count() == 0
        or not main(page).get_by_label(vi("rounds.kind")).is_visible()
    ):
        expander.click()
    show(page, vi("rounds.kind"), vi(f"round_kind.{kind}"))
    if seats is not None:  # inside the form: typing starts no run; Tab leaves the field with the value set
        field = main(page).get_by_label(vi("rounds.seats"), exact=True)
        field.fill(str(seats))
        field.press("Tab")
        expect(field).to_have_value(str(seats))
    after_run(page, lambda: main(page).get_by_role("button", name=vi("rounds.create"), exact=True).click())
    expect(main(page).get_by_text(vi("rounds.created"))).to_be_visible()
    wait_settled(page)  # the save ends with st.rerun: a second run redraws the page
    check_in(page, world, list(world.codes))
    confirm(page, "open")


def both_sizes(page: Page, name: str) -> None:
    """Screenshots for the README at desktop and phone size (only when $THIDUA_E2E_SHOTS is set)."""
    if not os.environ.get(SHOTS_ENV):
        return
    shot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    wait_idle(page)  # a resize starts no run; the projector never goes quiet
    collapse = page.locator("[data-testid=stSidebarCollapseButton] button")
    if collapse.count():  # a phone shows the page, the sidebar folded away as on a first visit
        collapse.first.click(force=True)
    # Folded away = slid out of view (the attribute changes before the animation ends).
    page.wait_for_function("document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right < 2")
    shot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    wait_idle(page)  # a resize starts no run; the projector never goes quiet


def code_login(page: Page, world: World, unit_id: int, *, by_link: bool, base: str) -> None:
    code = world.codes[unit_id]
    if by_link:  # the QR link fills the code in
        visit(page, f"{base}/?code={code}")
    else:
        visit(page, base)
        page.get_by_role("tab", name=vi("login.tab_code")).click()
        page.get_by_role("textbox", name=vi("login.code")).fill(code)
    page.get_by_role("button", name=vi("login.code_submit")).click()
    expect(page.get_by_role("heading", name=vi("ballot.title"))).to_be_visible()  # a delegate lands on the ballot
    wait_settled(page)


def vote(page: Page, world: World, unit_id: int, *, by_link: bool, base: str, change: bool = False) -> str:
    """`change`: "Sửa lại" once at the review, which must bring the form back as it was sent."""
    code_login(page, world, unit_id, by_link=by_link, base=base)
    flags = [world.roster[s] for s in FLAGS if world.roster[s] != unit_id]
    if len(flags) < 2:
        flags.append(
            next(
                u
                for u in world.codes
                if u not in flags and u != unit_id and u != world.roster[FLAGS[0]] and u != world.roster[FLAGS[1]]
            )
        )
    flag_form = main(page).locator("[data-testid=stForm]").first
    for unit in flags:
        flag_form.get_by_text(world.names[unit], exact=True).click()
    shot(page, "ballot-form-phone")
    after_run(page, lambda: flag_form.get_by_role("button", name=vi("ballot.review")).click())
    shot(page, "ballot-review-phone")
    if change:
        after_run(page, lambda: main(page).get_by_role("button", name=vi("ballot.change")).click())
        for unit in flags:
            expect(flag_form.get_by_role("checkbox", name=world.names[unit], exact=True)).to_be_checked()
        after_run(page, lambda: flag_form.get_by_role("button", name=vi("ballot.review")).click())
        expect(main(page).get_by_role("button", name=vi("ballot.confirm"))).to_be_visible()
    after_run(page, lambda: main(page).get_by_role("button", name=vi("ballot.confirm")).click())
    receipts = main(page).get_by_text(re.compile("Mã biên nhận"))
    expect(receipts).to_have_count(1)
    chair = world.roster[CHAIR] if unit_id != world.roster[CHAIR] else world.roster[FLAGS[0]]
    chair_form = main(page).locator("[data-testid=stForm]").first
    chair_form.get_by_text(world.names[chair], exact=True).click()
    after_run(page, lambda: chair_form.get_by_role("button", name=vi("ballot.review")).click())
    after_run(page, lambda: main(page).get_by_role("button", name=vi("ballot.confirm")).click())
    expect(receipts).to_have_count(2)
    shot(page, "ballot-receipt-phone")
    return receipts.first.inner_text()


def test_the_conference_from_check_in_to_minutes(tmp_path):
    world = World()
    with demo_app(tmp_path, prepare=prepare(world)) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        admin = new_context(browser).new_page()
        log_in(admin, app.url("vong-bo-phieu"), "quantri")
        rounds_page(admin, world, expect_rounds=False)
        create_round(admin, world, "provincial_flag", seats=len(FLAGS))
        create_round(admin, world, "chair")
        both_sizes(admin, "rounds-open")

        projector = new_context(browser).new_page()
        # Logged in on a quiet page, then to the projector by its menu link: the projector
        # refreshes itself every 2 s, so the app never goes quiet there (log_in waits for quiet).
        log_in(projector, app.url(), "thuky")
        projector.locator("[data-testid=stSidebar]").get_by_role("link", name=vi("nav.projector")).click()
        turnout = main(projector).locator("[data-testid=stMetricValue]")
        expect(turnout).to_have_text(["0 / 9", "0 / 9"])

        units = list(world.codes)
        for number, unit_id in enumerate(units):
            if number != 1:  # the second unit's delegate borrows the first one's phone, still logged in
                context = new_context(browser, phone=True)
                page = context.new_page()
            vote(page, world, unit_id, by_link=number in (0, 1), base=app.base, change=number == 0)
            if number == 2:  # the hall sees the turnout rise, the projector page is never reloaded
                expect(turnout).to_have_text(["3 / 9", "3 / 9"])
                shot(projector, "projector-turnout-desktop")
            if number == 0:  # the same phone comes back (its cookie keeps it logged in): no ballot form
                visit(page, app.base)
                expect(page.get_by_role("heading", name=vi("ballot.title"))).to_be_visible()
                expect(main(page).get_by_text(vi("ballot.already_voted"))).to_have_count(2)
                # The receipts, kept on this phone only, are shown again.
                expect(main(page).get_by_text(re.compile("Mã biên nhận của đơn vị bạn ở vòng"))).to_have_count(2)
                expect(main(page).locator("[data-testid=stForm]")).to_have_count(0)
                # The next unit's QR link on this phone: the login form, saying whose login the code ends.
                visit(page, f"{app.base}/?code={world.codes[units[1]]}")
                notice = main(page).locator("[data-testid=stAlert]").filter(has_text=world.names[unit_id])
                expect(notice).to_contain_text(vi("login.code_submit"))
                continue  # the phone stays open for the next delegate
            if number == 1:  # logged in as their own unit: the first unit's name is gone from the sidebar
                expect(page.locator("[data-testid=stSidebar]").get_by_text(world.names[unit_id])).to_be_visible()
                expect(page.locator("[data-testid=stSidebar]").get_by_text(world.names[units[0]])).to_have_count(0)
            context.close()
        expect(turnout).to_have_text(["9 / 9", "9 / 9"])

        secretary = new_context(browser).new_page()
        log_in(secretary, app.url("vong-bo-phieu"), "thuky")
        rounds_page(secretary, world, expect_rounds=True)
        for title in (vi("round_kind.chair"), vi("round_kind.provincial_flag")):
            show(secretary, vi("rounds.round"), f"{title} {YEAR} · {vi('round_status.open')}")
            confirm(secretary, "close")

        visit(admin, app.url("vong-bo-phieu"))
        rounds_page(admin, world, expect_rounds=True)
        for title in (vi("round_kind.chair"), vi("round_kind.provincial_flag")):
            show(admin, vi("rounds.round"), f"{title} {YEAR} · {vi('round_status.closed')}")
            confirm(admin, "publish")
        if os.environ.get(SHOTS_ENV):
            main(admin).get_by_text(vi("documents.preview")).click()
            expect(main(admin).get_by_text("BIÊN BẢN KIỂM PHIẾU")).to_be_visible()
            main(admin).get_by_text("BIÊN BẢN KIỂM PHIẾU").scroll_into_view_if_needed()
            shot(admin, "rounds-minutes-desktop")
        minutes = download(admin, main(admin).get_by_role("button", name=vi("documents.pdf")))
        text = " ".join(
            "".join(p.extract_text() for p in PdfReader(BytesIO(Path(minutes.path()).read_bytes())).pages).split()
        )
        for short in FLAGS:
            assert " ".join(world.names[world.roster[short]].split()) in text, short
        assert "BIÊN BẢN KIỂM PHIẾU" in text

        expect(main(projector).locator("[data-testid=stVegaLiteChart]")).to_have_count(2)  # one per round
        # The table's cells live in the grid's accessible table (the grid itself is a canvas).
        expect(main(projector).get_by_text(world.names[world.roster[CHAIR]]).first).to_be_attached()
        expect(main(projector).locator("[data-testid=stMetricValue]")).to_have_count(0)
        both_sizes(projector, "projector-results")
        browser.close()
