"""Sealed ballots in a real browser, without the demo shortcut (THIDUA_DEMO_CARDS=0): the
admin opens the flag round and downloads the committee's cards (a PDF, one card per member
with the member's name and 20 words); voting waits until the admin confirms the cards were
handed out; 9 delegates vote on phones; the secretary types two of the three cards, the
first with a typo (refused, naming card 1), then right: the round counts, and the minutes
name the winners.
"""

import re
from dataclasses import replace
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect, sync_playwright
from pypdf import PdfReader
from shamir_mnemonic.share import Share

from db.engine import make_engine, session_scope
from db.models import Award, LeadershipTerm, Province
from locales import translate
from manage.demo.conference import clear_2017_conference
from services.access.codes import create_conference, issue_codes
from services.access.keys import DEMO_KEY
from services.clock import now
from services.registry.membership import members
from services.voting import rounds
from services.voting.rules import PRESETS, RoundKind
from tests.app.test_voting import culture_bloc
from tests.e2e.browser import after_run, demo_app, download, log_in, main, new_context, selectbox, wait_settled
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_scenario_conference import code_login, show

pytestmark = pytest.mark.browser

YEAR = 2017
FLAGS = ("Sở LĐ-TB&XH", "Đài PT-TH")
COMMITTEE = ["Nguyễn Văn An – Trưởng ban", "Trần Thị Bình – Thành viên", "Lê Văn Cường – Thành viên"]
TITLE = "Cờ thi đua niêm phong 2017"


def vi(key: str, **params) -> str:
    return translate("vi", key, **params)


class World:
    codes: dict[int, str]
    names: dict[int, str]
    roster: dict[str, int]
    bloc_label: str


def prepare(world: World):
    """The 2017 bloc without its recorded outcome, a conference with codes, and a draft flag
    round (2 seats) with the counting committee named and every unit checked in."""

    def run(url: str) -> None:
        engine = make_engine(url)
        with session_scope(engine) as session:
            clear_2017_conference(session)
            bloc = culture_bloc(session)
            rows = members(session, bloc_id=bloc.id, year=YEAR)
            world.roster = {m.short_name: m.unit_id for m in rows}
            world.names = {m.unit_id: m.name for m in rows}
            world.bloc_label = f"{session.get(Province, bloc.province_id).name} · {bloc.name}"
            session.execute(sa.delete(Award).where(Award.bloc_id == bloc.id, Award.year == YEAR))
            session.execute(
                sa.delete(LeadershipTerm).where(LeadershipTerm.bloc_id == bloc.id, LeadershipTerm.year == YEAR + 1)
            )
            conference = create_conference(session=session, bloc_id=bloc.id, year=YEAR, name="Hội nghị 2017",
                                           ends_at=now() + timedelta(days=1), at=now())  # fmt: skip
            world.codes = {c.unit_id: c.code for c in issue_codes(session=session, conference=conference,
                                                                  key=DEMO_KEY, at=now())}  # fmt: skip
            settings = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=len(FLAGS))
            round_ = rounds.create_round(session, bloc_id=bloc.id, year=YEAR, title=TITLE, settings=settings,
                                         at=now(), conference_id=conference.id)  # fmt: skip
            rounds.set_minutes_details(session, round_id=round_.id, place="Lai Châu", committee=COMMITTEE, at=now())
            rounds.check_in(session, round_id=round_.id, unit_ids=list(world.codes), at=now())
        engine.dispose()

    return run


def rounds_page(page: Page, world: World, status: str) -> None:
    show(page, vi("rounds.bloc"), world.bloc_label)
    show(page, vi("year_picker.label"), str(YEAR))  # the one year picker: a list
    expect(selectbox(page, vi("rounds.round"))).to_have_value(re.compile(" · "))
    wait_settled(page)
    show(page, vi("rounds.round"), f"{TITLE} · {vi(f'round_status.{status}')}")
    wait_settled(page)


def click_action(page: Page, check_label: str, button: str) -> None:
    after_run(page, lambda: main(page).get_by_text(check_label).click())
    after_run(page, lambda: main(page).get_by_role("button", name=button).click())


def shares_in(pdf: bytes) -> list[tuple[str, str]]:
    """(page text, the 20 words) of each card."""
    cards = []
    for page in PdfReader(BytesIO(pdf)).pages:
        text = page.extract_text()
        numbered = dict(re.findall(r"(\d{1,2})\. ([a-z]+)", text))
        cards.append((text, " ".join(numbered[str(n)] for n in range(1, 21))))
    return cards


def vote(page: Page, world: World, unit_id: int, base: str, *, refused: str | None = None) -> None:
    code_login(page, world, unit_id, by_link=False, base=base)
    flags = [world.roster[s] for s in FLAGS if world.roster[s] != unit_id]
    if len(flags) < 2:
        flags.append(next(u for u in world.codes if u != unit_id and u not in [world.roster[s] for s in FLAGS]))
    form = main(page).locator("[data-testid=stForm]").first
    for unit in flags:
        form.get_by_text(world.names[unit], exact=True).click()
    after_run(page, lambda: form.get_by_role("button", name=vi("ballot.review")).click())
    after_run(page, lambda: main(page).get_by_role("button", name=vi("ballot.confirm")).click())
    if refused:
        expect(main(page).get_by_text(refused)).to_be_visible()
        return
    expect(main(page).get_by_text(re.compile("Mã biên nhận"))).to_have_count(1)


def test_sealed_round_cards_typo_and_count(tmp_path, monkeypatch):
    monkeypatch.setenv("THIDUA_DEMO_CARDS", "0")  # the server inherits it: no demo shortcut
    world = World()
    with demo_app(tmp_path, prepare=prepare(world)) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        admin = new_context(browser).new_page()
        log_in(admin, app.url("vong-bo-phieu"), "quantri")
        rounds_page(admin, world, "draft")
        click_action(admin, vi("rounds.confirm_open"), vi("rounds.do_open"))
        expect(main(admin).get_by_text(vi("rounds.done_open"))).to_be_visible()
        expect(main(admin).get_by_text(vi("sealing_ui.warning", threshold=2))).to_be_visible()
        pdf = download(admin, main(admin).get_by_role("button", name=vi("sealing_ui.download")))
        cards = shares_in(Path(pdf.path()).read_bytes())
        assert len(cards) == 3
        for (text, words), member in zip(cards, COMMITTEE, strict=True):
            assert member.split(" – ")[0] in text and TITLE in text
            assert Share.from_mnemonic(words)  # 20 words with a valid checksum
        shares = [words for _, words in cards]

        first, *others = list(world.codes)
        early = new_context(browser, phone=True)  # a delegate too early: refused, nothing stored
        vote(early.new_page(), world, first, app.base, refused=vi("sealing.cards_not_handed_out"))
        early.close()

        click_action(admin, vi("sealing_ui.confirm_handed"), vi("sealing_ui.do_confirm"))
        expect(main(admin).get_by_text(vi("sealing_ui.done_confirm"))).to_be_visible()
        expect(main(admin).get_by_role("button", name=vi("sealing_ui.download"))).to_have_count(0)  # gone

        for unit_id in [first, *others]:
            context = new_context(browser, phone=True)
            vote(context.new_page(), world, unit_id, app.base)
            context.close()

        secretary = new_context(browser).new_page()
        log_in(secretary, app.url("vong-bo-phieu"), "thuky")
        rounds_page(secretary, world, "open")
        words = shares[0].split()
        words[7] = "academic" if words[7] != "academic" else "acid"
        card_1 = main(secretary).get_by_role("textbox", name=vi("sealing_ui.card_field", number=1))
        card_2 = main(secretary).get_by_role("textbox", name=vi("sealing_ui.card_field", number=2))
        after_run(secretary, lambda: card_1.fill(" ".join(words)) or card_1.press("Tab"))
        after_run(secretary, lambda: card_2.fill(shares[2].upper()) or card_2.press("Tab"))
        click_action(secretary, vi("rounds.confirm_close"), vi("rounds.do_close"))
        expect(main(secretary).get_by_text(re.compile("Thẻ thứ 1 sai"))).to_be_visible()
        after_run(secretary, lambda: card_1.fill(shares[0]) or card_1.press("Tab"))
        after_run(secretary, lambda: main(secretary).get_by_role("button", name=vi("rounds.do_close")).click())
        expect(main(secretary).get_by_text(vi("rounds.done_close"))).to_be_visible()

        minutes = download(secretary, main(secretary).get_by_role("button", name=vi("documents.pdf")))
        text = " ".join(
            "".join(p.extract_text() for p in PdfReader(BytesIO(Path(minutes.path()).read_bytes())).pages).split()
        )
        assert "BIÊN BẢN KIỂM PHIẾU" in text
        for short in FLAGS:
            assert " ".join(world.names[world.roster[short]].split()) in text, short
        log = (tmp_path / "app.log").read_text(errors="replace")
        assert not any(share in log or " ".join(share.split()[5:10]) in log for share in shares)
        browser.close()
