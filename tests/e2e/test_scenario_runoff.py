"""Scenario 2, a runoff in a real browser: the 2018 chair election of Lai Châu's Culture–
Society bloc ends 4–4 (nobody has more than half), the admin closes it, creates the
runoff in one click, checks in and opens it; five delegates vote on their phones; the
admin closes and publishes, and the leader finds next year's chair on the bloc history
dashboard."""

import pytest
from playwright.sync_api import expect, sync_playwright

from db.engine import make_engine, session_scope
from services.clock import now
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in as check_in_units
from services.voting.rounds import create_round, open_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark
from tests.e2e.browser import dataframe_rows, demo_app, log_in, main, new_context, shot
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_scenario_conference import (
    YEAR,
    World,
    check_in,
    code_login,
    confirm,
    rounds_page,
    set_up_world,
    show,
    vi,
)

pytestmark = pytest.mark.browser

FIRST, SECOND = "Đài PT-TH", "Sở LĐ-TB&XH"


def prepare(world: World):
    """The first ballot, already cast: four for each of the two leading units, one blank."""

    def run(url: str) -> None:
        engine = make_engine(url)
        with session_scope(engine) as session:
            set_up_world(session, world)
            first, second = world.roster[FIRST], world.roster[SECOND]
            round_ = create_round(
                session,
                bloc_id=world.bloc_id,
                year=YEAR,
                title=f"Bầu Trưởng khối {YEAR + 1}",
                settings=PRESETS[RoundKind.CHAIR],
                at=now(),
                conference_id=world.conference_id,
            )
            check_in_units(session, round_id=round_.id, unit_ids=list(world.names), at=now())
            # Unsealed: opened by this test's process, closed by the app server, which cannot hold
            # cards made here (the runoff the admin opens in the browser is sealed, demo cards).
            open_round(session, round_id=round_.id, at=now(), sealed=False)
            others = [u for u in world.names if u not in (first, second)]
            choices = {
                second: first,
                first: second,
                **dict.fromkeys(others[:3], first),
                **dict.fromkeys(others[3:6], second),
            }
            for voter in world.names:
                marks = ((choices[voter], Mark.AGREE),) if voter in choices else ()  # the ninth is blank
                cast_ballot(session, round_id=round_.id, unit_id=voter, choice=Choice(marks=marks), at=now())
        engine.dispose()

    return run


def test_a_tied_chair_election_goes_to_a_runoff_and_becomes_history(tmp_path):
    world = World()
    with demo_app(tmp_path, prepare=prepare(world)) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        admin = new_context(browser).new_page()
        log_in(admin, app.url("vong-bo-phieu"), "quantri")
        rounds_page(admin, world, expect_rounds=True)
        confirm(admin, "close")
        expect(main(admin).get_by_text(vi("rounds.runoff_needed"))).to_be_visible()
        confirm(admin, "runoff")
        runoff_title = f"Bầu Trưởng khối {YEAR + 1} (bầu lại) · {vi('round_status.draft')}"
        show(admin, vi("rounds.round"), runoff_title)  # the page shows the new round already
        first, second = world.roster[FIRST], world.roster[SECOND]
        voters = [second, *[u for u in world.names if u not in (first, second)][:4]]
        present = [first, *voters]  # six of nine: the two-thirds quorum
        check_in(admin, world, present)
        confirm(admin, "open")
        shot(admin, "rounds-runoff-desktop")

        for number, unit_id in enumerate(voters):  # four for the first unit, the fifth for the second
            context = new_context(browser, phone=True)
            page = context.new_page()
            code_login(page, world, unit_id, by_link=False, base=app.base)
            chosen = first if number < 4 else second
            form = main(page).locator("[data-testid=stForm]")
            expect(form.get_by_role("radio")).to_have_count(3 if unit_id != second else 2)  # blank + the two
            expect(form.get_by_text(world.names[first], exact=True)).to_be_visible()
            form.get_by_text(world.names[chosen], exact=True).click()
            form.get_by_role("button", name=vi("ballot.review")).click()
            main(page).get_by_role("button", name=vi("ballot.confirm")).click()
            expect(main(page).get_by_text("Mã biên nhận", exact=False)).to_be_visible()
            context.close()

        confirm(admin, "close")
        confirm(admin, "publish")

        leader = new_context(browser).new_page()
        log_in(leader, app.url(f"lich-su-khoi?tinh=LCU&khoi={world.bloc_id}"), "lanhdao")
        rows = dataframe_rows(leader, 0)
        header = rows[0]
        chair_column = header.index(vi("leader_role.chair"))
        by_year = {row[0].replace(".", "").replace(",", ""): row for row in rows[1:]}
        assert by_year[str(YEAR + 1)][chair_column] == world.names[first]
        shot(leader, "dashboard-history-after-runoff-desktop")
        browser.close()
