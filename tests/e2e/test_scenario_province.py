"""Issue 17's scenario in a real browser: the province's stage, from the blocs' rounds to the
signed decision.

Set up by services before the app starts (the app's database, the real voting and scoring
services): two Lai Châu blocs held their provincial-flag rounds of 2026, every member checked
in and voting, and counted them, but nobody has published them yet. The Culture–Society bloc
proposes two units and has locked its 2026 score sheets; the Economy bloc proposes one and has
not locked its sheets, so that one proposal fails the "sheet not locked" check on purpose.

In the browser the admin publishes both rounds on the rounds page (each through its confirm
step); the officer (thuongtruc) sees the three proposals from both blocs on the proposals page,
the failing check beside its proposal and in the summary; creates the council's round on the
rounds page, checks the council's nine members in and opens it; seven members vote on their
phones, agreeing with every line; the officer closes and publishes, downloads the Word draft,
records Decision 125 with today's date after the review step; the leader finds the award
decided on the unit profile."""

from dataclasses import dataclass, replace
from io import BytesIO

import pytest
from docx import Document
from playwright.sync_api import Page, expect, sync_playwright
from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models import Bloc, Covenant, Province, SheetState, User
from services.access.sessions import Principal, principal_for_user
from services.clock import local_today, now
from services.province.council import council_of
from services.registry.membership import members
from services.scoring.actions import lock_year, save_self_scores, save_verified_scores
from services.scoring.queries import unit_totals
from services.scoring.sheets import sheet_view
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, create_round, open_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.sealing import MemoryKeeper
from services.voting.tally import Mark
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
    selectbox,
    selected,
    shot,
    visit,
    wait_settled,
)
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_scenario_conference import confirm, vi

pytestmark = pytest.mark.browser

YEAR = 2026
ROUND_TITLE = f"Bình xét Cờ thi đua của UBND tỉnh năm {YEAR}"
CULTURE_FLAGS = ("Sở Y tế", "Bảo hiểm xã hội tỉnh")  # the bloc's 2026 sheets are locked: no check fails
UNLOCKED_FLAG = "Sở Tài chính"  # the Economy bloc has not locked its 2026 sheets: the one failing check
PROPOSED = (*CULTURE_FLAGS, UNLOCKED_FLAG)


@dataclass(frozen=True)
class BlocRound:
    bloc_id: int
    label: str  # as the rounds page lists it: "province · bloc"
    name: str


class World:
    units: dict[str, int]  # proposed unit name → unit id
    blocs: list[BlocRound]  # the culture bloc first
    unlocked_state: SheetState  # the 2026 sheet of UNLOCKED_FLAG
    council_label: str


def economy_bloc(session: Session, province_id: int) -> Bloc:
    """Lai Châu's other bloc of the demo (Khối Kinh tế – Tổng hợp)."""
    return session.exec(select(Bloc).where(Bloc.province_id == province_id, Bloc.name.contains("Kinh tế"))).one()


def covenant_of(session: Session, bloc_id: int) -> Covenant:
    return session.exec(select(Covenant).where(Covenant.bloc_id == bloc_id, Covenant.year == YEAR)).one()


def sheet_state(session: Session, bloc_id: int, unit_id: int) -> SheetState:
    return next(t.state for t in unit_totals(session, covenant=covenant_of(session, bloc_id)) if t.unit_id == unit_id)


def lock_sheets(session: Session, admin: Principal, bloc_id: int) -> None:
    """Every 2026 sheet of the bloc submitted, verified (the verifier takes the unit's own
    scores where none is verified yet) and the year locked, as the bloc's verifier does."""
    covenant = covenant_of(session, bloc_id)
    for total in unit_totals(session, covenant=covenant):
        if total.state in (SheetState.DRAFT, SheetState.RETURNED):
            save_self_scores(session=session, principal=admin, covenant_id=covenant.id, unit_id=total.unit_id,
                             entries={}, submit=True)  # fmt: skip
        if total.state != SheetState.VERIFIED:
            sheet = sheet_view(session, principal=admin, covenant_id=covenant.id, unit_id=total.unit_id)
            values = {line.criterion.id: line.self_score if line.verified_score is None else line.verified_score
                      for line in sheet.lines}  # fmt: skip
            save_verified_scores(session=session, principal=admin, sheet_id=sheet.sheet_id, values=values, verify=True)
    lock_year(session=session, principal=admin, covenant_id=covenant.id)


def hold_flag_round(session: Session, admin: Principal, bloc_id: int, elect: list[int]) -> None:
    """The bloc's 2026 provincial-flag round, sealed, with every member present and voting
    for `elect` (a unit in it votes for the others and one unit more: never for itself);
    closed and counted, not published."""
    roster = [m.unit_id for m in members(session, bloc_id=bloc_id, year=YEAR)]
    settings = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=len(elect))
    round_ = create_round(session, bloc_id=bloc_id, year=YEAR, title=ROUND_TITLE, settings=settings, at=now(),
                          principal=admin)  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=roster, at=now(), principal=admin)
    keeper = MemoryKeeper()  # the committee's cards, for this close only
    open_round(session, round_id=round_.id, at=now(), principal=admin, keeper=keeper)
    spare = next(u for u in roster if u not in elect)
    for voter in roster:
        marked = [u for u in elect if u != voter] + ([spare] if voter in elect else [])
        cast_ballot(session, round_id=round_.id, unit_id=voter, at=now(),
                    choice=Choice(marks=tuple((u, Mark.AGREE) for u in marked)))  # fmt: skip
    close_round(session, round_id=round_.id, at=now(), principal=admin, shares=keeper.shares(round_.seal_public_key))


def prepare(world: World):
    def run(url: str) -> None:
        engine = make_engine(url)
        with session_scope(engine) as session:
            admin_user = session.exec(select(User).where(User.username == "quantri")).one()
            admin = principal_for_user(user=admin_user, session_id="prepare")
            province = session.exec(select(Province).where(Province.code == "LCU")).one()
            council = council_of(session, province.id, create=True)
            world.council_label = f"{province.name} · {council.name}"
            culture, economy = culture_bloc(session), economy_bloc(session, province.id)
            lock_sheets(session, admin, culture.id)  # before the bloc's vote, as its year-end comes
            world.units, world.blocs = {}, []
            for bloc, flags in ((culture, CULTURE_FLAGS), (economy, (UNLOCKED_FLAG,))):
                roster = {m.name: m.unit_id for m in members(session, bloc_id=bloc.id, year=YEAR)}
                world.units |= {name: roster[name] for name in flags}
                world.blocs.append(BlocRound(bloc.id, f"{province.name} · {bloc.name}", bloc.name))
                hold_flag_round(session, admin, bloc.id, [roster[name] for name in flags])
            world.unlocked_state = sheet_state(session, economy.id, world.units[UNLOCKED_FLAG])
            assert world.unlocked_state != SheetState.LOCKED
        engine.dispose()

    return run


def show(page: Page, label: str, option: str) -> None:
    if selected(page, label) != option:
        choose(page, label, option)


def publish_bloc_rounds(page: Page, world: World) -> None:
    """The admin publishes each bloc's closed round on the rounds page."""
    for bloc in world.blocs:
        show(page, vi("rounds.bloc"), bloc.label)
        show(page, vi("year_picker.label"), str(YEAR))
        show(page, vi("rounds.round"), f"{ROUND_TITLE} · {vi('round_status.closed')}")
        confirm(page, "publish")
        published = f"{ROUND_TITLE} · {vi('round_status.published')}"
        expect(selectbox(page, vi("rounds.round"))).to_have_value(published)
        wait_settled(page)


def see_the_checks(page: Page, world: World) -> None:
    """Every proposal of both blocs is listed; the unlocked sheet's check fails beside that
    proposal (its dossier) and in the summary (one proposal of three), and nowhere else."""
    expanders = main(page).locator("[data-testid=stExpander]")
    labels = {name: expanders.locator("summary").filter(has_text=name) for name in PROPOSED}
    for label in labels.values():  # one line per proposal, its dossier closed
        expect(label).to_be_visible()
    summary = main(page).locator("[data-testid=stMetric]")
    for problem in ("twice", "over_seats", "not_locked", "over_cap"):
        metric = summary.filter(has_text=vi(f"province_proposals.problem.{problem}"))
        expect(metric.locator("[data-testid=stMetricValue]")).to_have_text("1" if problem == "not_locked" else "0")
    flagged = vi("province_proposals.flagged", count=1, total=len(PROPOSED))
    expect(main(page).get_by_text(flagged)).to_be_visible()
    finding = vi("province_proposals.check.not_locked", state=vi(f"sheet_state.{world.unlocked_state.value}"))
    expect(main(page).get_by_text(finding)).to_have_count(1)  # one proposal only (closed dossiers included)
    for name in CULTURE_FLAGS:  # a locked sheet, one round's seats, no Government flag: nothing found
        expect(labels[name]).to_contain_text(f"✓ · {name} · {world.blocs[0].name}")
    expect(labels[UNLOCKED_FLAG]).to_contain_text(f"⚠ 1 · {UNLOCKED_FLAG} · {world.blocs[1].name}")
    labels[UNLOCKED_FLAG].click()  # the dossier opens in the browser: no run
    dossier = expanders.filter(has=page.locator("summary", has_text=UNLOCKED_FLAG))
    expect(dossier.get_by_text(finding)).to_be_visible()
    shot(page, "province-proposals-desktop", whole=True)


def vote_agree(page: Page, base: str, username: str) -> None:
    log_in(page, base, username)  # a council member lands on the ballot
    form = main(page).locator("[data-testid=stForm]")
    groups = form.get_by_role("radiogroup")
    expect(groups).to_have_count(len(PROPOSED))  # one line per proposal, from both blocs
    for index in range(len(PROPOSED)):
        groups.nth(index).get_by_text(vi("ballot.agree"), exact=True).click()
        expect(groups.nth(index).get_by_role("radio", name=vi("ballot.agree"), exact=True)).to_be_checked()
    if username == "hoidong1":
        shot(page, "council-ballot-phone", whole=True)
    after_run(page, lambda: form.get_by_role("button", name=vi("ballot.review")).click())
    after_run(page, lambda: main(page).get_by_role("button", name=vi("ballot.confirm")).click())
    expect(main(page).get_by_text("Mã biên nhận", exact=False)).to_be_visible()


def test_the_province_carries_the_proposals_to_a_signed_decision(tmp_path):
    world = World()
    with demo_app(tmp_path, prepare=prepare(world)) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        admin = new_context(browser).new_page()
        log_in(admin, app.url("vong-bo-phieu"), "quantri")
        publish_bloc_rounds(admin, world)

        officer = new_context(browser).new_page()
        log_in(officer, app.url("de-nghi-khen-thuong"), "thuongtruc")
        show(officer, vi("province_proposals.year"), str(YEAR))
        see_the_checks(officer, world)

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
        assert "QUYẾT ĐỊNH" in text
        assert all(name in text + tables for name in PROPOSED), (text, tables)  # both blocs' proposals
        main(officer).get_by_label(vi("decision.number"), exact=True).fill("125")
        date = main(officer).locator("[data-testid=stDateInput] input[type=date]")
        expect(date).to_have_value(local_today().isoformat())  # today is the form's own default: the signing day
        after_run(officer, lambda: main(officer).get_by_role("button", name=vi("decision.review")).click())
        expect(main(officer).get_by_text("không hoàn tác được", exact=False)).to_be_visible()
        after_run(officer, lambda: main(officer).get_by_role("button", name=vi("decision.confirm")).click())
        expect(main(officer).get_by_text("Đã ghi nhận Quyết định số 125/QĐ-UBND", exact=False).first).to_be_visible()

        leader = new_context(browser).new_page()
        unit, bloc_id = world.units[PROPOSED[0]], world.blocs[0].bloc_id
        log_in(leader, app.url(f"ho-so-don-vi?tinh=LCU&khoi={bloc_id}&nam={YEAR}&donvi={unit}"), "lanhdao")
        expect(main(leader).get_by_text("125/QĐ-UBND", exact=False).first).to_be_attached()  # a table's cell
        tables = main(leader).locator("[data-testid=stDataFrame]").count()
        rows = [row for index in range(tables) for row in dataframe_rows(leader, index)]
        decided = [row for row in rows if any(cell.startswith("125/QĐ-UBND ngày") for cell in row)]
        assert decided, rows  # the award is shown as decided, with the decision's number and date
        browser.close()
