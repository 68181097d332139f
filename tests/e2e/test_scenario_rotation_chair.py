"""Scenario 7, the rotation nominee in a real browser: as most blocs do, Lai Châu's Culture–
Society bloc confirms the unit whose turn it is as its 2018 chair instead of electing one.
The admin picks the "confirm the rotation nominee" preset, chooses the nominee on the rounds
page, checks the nine units in and opens the round; six delegates vote on their phones
(agree / disagree on the one name); the admin closes and publishes, and the leader finds
next year's chair on the bloc history dashboard."""

import re

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.browser import after_run, dataframe_rows, demo_app, log_in, main, new_context, shot, wait_settled
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_scenario_conference import (
    YEAR,
    World,
    check_in,
    code_login,
    confirm,
    prepare,
    rounds_page,
    show,
    vi,
)

pytestmark = pytest.mark.browser

NOMINEE = "Đài PT-TH"  # the seeds' 2018 chair


def create_confirmation(page: Page, world: World, nominee: int) -> None:
    """The preset says what a confirmation is; the nominee is chosen inside the form (no run)."""
    main(page).get_by_text(vi("rounds.new_round")).click()
    show(page, vi("rounds.kind"), vi("round_kind.chair_confirm"))
    expect(main(page).get_by_text(re.compile("^Khối biểu quyết thống nhất đề cử"))).to_be_visible()
    expect(main(page).get_by_role("radiogroup", name=vi("rounds.form"))).to_have_count(0)
    box = main(page).get_by_role("combobox", name=re.compile(re.escape(vi("presets.nominee"))))
    option = page.get_by_role("option", name=world.names[nominee], exact=True)
    for attempt in range(3):  # a click on an open list may close it: then the next try opens it
        box.click()
        box.press_sequentially(world.names[nominee])
        try:
            expect(option).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            box.press("Escape")
            if attempt == 2:
                raise
    option.click()
    expect(box).to_have_value(world.names[nominee])
    expect(page.get_by_role("option")).to_have_count(0)  # the list is closed: the next click is the button's
    shot(page, "rounds-rotation-create-desktop", showing=box)
    after_run(page, lambda: main(page).get_by_role("button", name=vi("rounds.create"), exact=True).click())
    expect(main(page).get_by_text(vi("rounds.created"))).to_be_visible()
    wait_settled(page)  # the save ends with st.rerun: a second run redraws the page
    title = f"{vi('round_kind.chair_confirm')} {YEAR} · {vi('round_status.draft')}"
    expect(main(page).get_by_role("combobox", name=vi("rounds.round"), exact=True)).to_have_value(title)


def vote(page: Page, world: World, unit_id: int, nominee: int, *, agree: bool, base: str) -> None:
    code_login(page, world, unit_id, by_link=False, base=base)
    form = main(page).locator("[data-testid=stForm]")
    expect(form.get_by_text(world.names[nominee], exact=True)).to_be_visible()  # the one name on the ballot
    expect(form.get_by_role("radio")).to_have_count(3)  # agree, disagree, blank
    mark = vi("ballot.agree") if agree else vi("ballot.disagree")
    form.get_by_text(mark, exact=True).click()
    expect(form.get_by_role("radio", name=mark, exact=True)).to_be_checked()
    after_run(page, lambda: form.get_by_role("button", name=vi("ballot.review")).click())
    after_run(page, lambda: main(page).get_by_role("button", name=vi("ballot.confirm")).click())
    expect(main(page).get_by_text("Mã biên nhận", exact=False)).to_be_visible()


def test_the_bloc_confirms_the_rotation_nominee_as_next_years_chair(tmp_path):
    world = World()
    with demo_app(tmp_path, prepare=prepare(world)) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        admin = new_context(browser).new_page()
        log_in(admin, app.url("vong-bo-phieu"), "quantri")
        rounds_page(admin, world, expect_rounds=False)
        nominee = world.roster[NOMINEE]
        create_confirmation(admin, world, nominee)
        check_in(admin, world, list(world.codes))
        confirm(admin, "open")
        shot(admin, "rounds-rotation-nominee-desktop")

        # Six of the nine vote: five agree, one disagrees (the nominee's own delegate does not vote).
        voters = [u for u in world.codes if u != nominee][:6]
        for number, unit_id in enumerate(voters):
            context = new_context(browser, phone=True)
            vote(context.new_page(), world, unit_id, nominee, agree=number < 5, base=app.base)
            context.close()

        confirm(admin, "close")
        # 6 ballots collected; more than 1/2 of 6 needs 4: five agree, so the nominee passes.
        header, *lines = dataframe_rows(admin, 0)
        [line] = lines
        result = dict(zip(header, line, strict=True))
        assert (result[vi("rounds.candidate")], result[vi("rounds.votes")]) == (world.names[nominee], "5")
        assert result[vi("rounds.elected")] == vi("rounds.elected_label")
        rejected = vi("presets.rejected", office=vi("presets.office.chair"), year=YEAR + 1)
        expect(main(admin).get_by_text(rejected)).to_have_count(0)  # passed: no open election is offered
        confirm(admin, "publish")
        expect(main(admin).get_by_role("button", name=vi("presets.do_open_election"))).to_have_count(0)

        leader = new_context(browser).new_page()
        log_in(leader, app.url(f"lich-su-khoi?tinh=LCU&khoi={world.bloc_id}"), "lanhdao")
        rows = dataframe_rows(leader, 0)
        chair_column = rows[0].index(vi("leader_role.chair"))
        by_year = {row[0].replace(".", "").replace(",", ""): row for row in rows[1:]}
        assert by_year[str(YEAR + 1)][chair_column] == world.names[nominee]
        shot(leader, "dashboard-history-after-rotation-desktop")
        browser.close()
