"""Issue 17's scenario in a real browser: the province's stage, from the blocs' proposals to
the signed decision. Two Lai Châu units are proposed for the provincial flag of 2026 (set up
by services before the app starts); the officer (thuongtruc) sees them on the proposals page,
creates the council's round on the rounds page, checks the council's nine members in and opens
it; seven members vote on their phones, agreeing with every line; the officer closes and
publishes, downloads the Word draft, records Decision 125 with today's date after the review
step; the leader finds the award decided on the unit profile."""

from io import BytesIO

import pytest
from docx import Document
from playwright.sync_api import Page, expect, sync_playwright
from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import Award, AwardKind, AwardStatus, Province
from services.clock import local_today
from services.province.council import council_of
from services.registry.membership import members
from tests.app.test_voting import culture_bloc
from tests.e2e.browser import (
    after_run,
    choose,
    dataframe_rows,
    demo_app,
    download,
    log_in,
    main,
    new_context,
    selected,
    visit,
    wait_settled,
)
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_scenario_conference import confirm, vi

pytestmark = pytest.mark.browser

YEAR = 2026
PROPOSED = ("Sở Y tế", "Bảo hiểm xã hội tỉnh")


class World:
    units: dict[str, int]  # proposed unit name → unit id
    bloc_id: int
    council_label: str


def prepare(world: World):
    def run(url: str) -> None:
        engine = make_engine(url)
        with session_scope(engine) as session:
            province = session.exec(select(Province).where(Province.code == "LCU")).one()
            council = council_of(session, province.id, create=True)
            world.council_label = f"{province.name} · {council.name}"
            bloc = culture_bloc(session)
            world.bloc_id = bloc.id
            names = {m.name: m.unit_id for m in members(session, bloc_id=bloc.id, year=YEAR)}
            world.units = {name: names[name] for name in PROPOSED}
            for unit_id in world.units.values():  # what the bloc's published 2026 flag round leaves
                session.add(Award(year=YEAR, kind=AwardKind.PROVINCIAL_FLAG, status=AwardStatus.PROPOSED,
                                  unit_id=unit_id, bloc_id=bloc.id))  # fmt: skip
        engine.dispose()

    return run


def show(page: Page, label: str, option: str) -> None:
    if selected(page, label) != option:
        choose(page, label, option)


def vote_agree(page: Page, base: str, username: str) -> None:
    log_in(page, base, username)  # a council member lands on the ballot
    form = main(page).locator("[data-testid=stForm]")
    groups = form.get_by_role("radiogroup")
    expect(groups).to_have_count(len(PROPOSED))
    for index in range(len(PROPOSED)):
        groups.nth(index).get_by_text(vi("ballot.agree"), exact=True).click()
        expect(groups.nth(index).get_by_role("radio", name=vi("ballot.agree"), exact=True)).to_be_checked()
    after_run(page, lambda: form.get_by_role("button", name=vi("ballot.review")).click())
    after_run(page, lambda: main(page).get_by_role("button", name=vi("ballot.confirm")).click())
    expect(main(page).get_by_text("Mã biên nhận", exact=False)).to_be_visible()


def test_the_province_carries_the_proposals_to_a_signed_decision(tmp_path):
    world = World()
    with demo_app(tmp_path, prepare=prepare(world)) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        officer = new_context(browser).new_page()
        log_in(officer, app.url("de-nghi-khen-thuong"), "thuongtruc")
        show(officer, vi("year_picker.label"), str(YEAR))
        for name in PROPOSED:
            expect(main(officer).get_by_text(name).first).to_be_visible()

        visit(officer, app.url("vong-bo-phieu"))
        show(officer, vi("rounds.bloc"), world.council_label)
        show(officer, vi("year_picker.label"), str(YEAR))
        main(officer).get_by_text(vi("rounds.new_round")).click()
        expect(main(officer).get_by_text(vi("council.proposals", count=len(PROPOSED)))).to_be_visible()
        after_run(officer, lambda: main(officer).get_by_role("button", name=vi("rounds.create"), exact=True).click())
        expect(main(officer).get_by_text(vi("rounds.created"))).to_be_visible()
        wait_settled(officer)
        after_run(officer, lambda: main(officer).get_by_role("button", name=vi("rounds_page.all_present")).click())
        expect(main(officer).get_by_text(vi("council.present_count", present=9, members=9))).to_be_visible()
        wait_settled(officer)
        confirm(officer, "open")

        for number in range(1, 8):
            context = new_context(browser, phone=True)
            vote_agree(context.new_page(), app.base, f"hoidong{number}")
            context.close()

        confirm(officer, "close")
        confirm(officer, "publish")

        visit(officer, app.url("quyet-dinh-khen-thuong"))
        show(officer, vi("decision.year"), str(YEAR))
        draft = download(officer, main(officer).get_by_role("button", name=vi("decision.download")))
        assert draft.suggested_filename.endswith(".docx")
        path = tmp_path / draft.suggested_filename
        draft.save_as(path)
        text = "\n".join(p.text for p in Document(BytesIO(path.read_bytes())).paragraphs)
        tables = "\n".join(c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells)
        assert "QUYẾT ĐỊNH" in text and PROPOSED[0] in text + tables
        main(officer).get_by_label(vi("decision.number"), exact=True).fill("125")
        date = main(officer).locator("[data-testid=stDateInput] input[type=date]")
        expect(date).to_have_value(local_today().isoformat())  # today is the form's own default: the signing day
        after_run(officer, lambda: main(officer).get_by_role("button", name=vi("decision.review")).click())
        expect(main(officer).get_by_text("không hoàn tác được", exact=False)).to_be_visible()
        after_run(officer, lambda: main(officer).get_by_role("button", name=vi("decision.confirm")).click())
        expect(main(officer).get_by_text("Đã ghi nhận Quyết định số 125/QĐ-UBND", exact=False).first).to_be_visible()

        leader = new_context(browser).new_page()
        unit = world.units[PROPOSED[0]]
        log_in(leader, app.url(f"ho-so-don-vi?tinh=LCU&khoi={world.bloc_id}&nam={YEAR}&donvi={unit}"), "lanhdao")
        expect(main(leader).get_by_text("125/QĐ-UBND", exact=False).first).to_be_attached()  # a table's cell
        tables = main(leader).locator("[data-testid=stDataFrame]").count()
        rows = [row for index in range(tables) for row in dataframe_rows(leader, index)]
        decided = [row for row in rows if any(cell.startswith("125/QĐ-UBND ngày") for cell in row)]
        assert decided, rows  # the award is shown as decided, with the decision's number and date
        browser.close()
