"""Scenario 6: switching the language in a real browser.

A delegate with an open round (phone) and a leader on a dashboard (desktop) switch to
English: every label changes, and no Vietnamese word is left on screen except proper names
(units, blocs, provinces, people, the round's title, the product's name). Switching back
restores the Vietnamese labels.
"""

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models import Bloc, Province, UnitName, User
from services.clock import now
from services.registry.membership import members
from services.voting.rounds import check_in, create_round, open_round
from services.voting.rules import PRESETS, RoundKind
from tests.e2e.browser import (
    DemoApp,
    after_run,
    close_sidebar,
    demo_app,
    log_in,
    main,
    new_context,
    open_sidebar,
    shot,
    sidebar,
    visit,
)
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

ROUND_TITLE = "Cờ thi đua năm 2026"
PRODUCT = "Thi đua"
LANGUAGE_SWITCH = ("Ngôn ngữ", "Tiếng Việt")  # the switch names each language in its own words
VIETNAMESE_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
VIETNAMESE_WORD = re.compile(rf"\w*[{VIETNAMESE_LETTERS}]\w*", re.IGNORECASE)


def open_flag_round(database_url: str) -> None:
    """A provincial-flag round of Lai Châu's Culture–Society bloc, open, every member present."""
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        bloc = session.exec(
            select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))
        ).one()
        units = [m.unit_id for m in members(session, bloc_id=bloc.id, year=2026)]
        settings = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=2)  # "choose up to 2" below
        round_ = create_round(session, bloc_id=bloc.id, year=2026, title=ROUND_TITLE, settings=settings, at=now())
        check_in(session, round_id=round_.id, unit_ids=units, at=now())
        open_round(session, round_id=round_.id, at=now())
    engine.dispose()


def proper_names(database_url: str) -> list[str]:
    """Names that stay as they are in any language: the data, not the interface."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        names = [name for row in session.exec(select(UnitName)) for name in (row.name, row.short_name)]
        names += [b.name for b in session.exec(select(Bloc))] + [p.name for p in session.exec(select(Province))]
        names += [u.full_name for u in session.exec(select(User))]
    engine.dispose()
    # Longest first, so "Sở Y tế tỉnh" goes before "Sở Y tế".
    return sorted({*names, ROUND_TITLE, PRODUCT, *LANGUAGE_SWITCH}, key=len, reverse=True)


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[DemoApp]:
    with demo_app(tmp_path_factory.mktemp("language"), prepare=open_flag_round) as running:
        yield running


@pytest.fixture(scope="module")
def chromium(chromium_path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def switch_language(page: Page, name: str) -> None:
    open_sidebar(page)
    after_run(page, lambda: sidebar(page).get_by_role("radio", name=name).click())
    expect(sidebar(page).get_by_role("radio", name=name)).to_be_checked()


def vietnamese_words_left(page: Page, names: list[str]) -> list[str]:
    """Vietnamese words on screen (page and menu) once the proper names are taken out."""
    text = main(page).inner_text() + "\n" + sidebar(page).inner_text()
    for name in names:
        text = text.replace(name, " ")
    return VIETNAMESE_WORD.findall(text)


def test_the_ballot_turns_english_and_back(app, chromium):
    page = new_context(chromium, phone=True).new_page()
    log_in(page, app.url("phieu-bau"), "daibieu")
    ballot = main(page)
    vietnamese = {
        "heading": "Phiếu bầu",
        "choose": "Chọn tối đa 2 đơn vị (để trống là phiếu trắng).",
        "own": "(đơn vị bạn)",
        "review": "Xem lại phiếu",
    }
    expect(ballot.get_by_role("heading", name=vietnamese["heading"], level=1)).to_be_visible()
    expect(ballot.get_by_role("heading", name=ROUND_TITLE)).to_be_visible()
    expect(ballot.get_by_text(vietnamese["choose"])).to_be_visible()
    expect(ballot.get_by_text(vietnamese["own"])).to_be_visible()
    expect(ballot.get_by_role("button", name=vietnamese["review"])).to_be_visible()
    candidates = ballot.get_by_role("checkbox")
    expect(candidates).to_have_count(8)
    names = proper_names(app.database_url)
    assert len(vietnamese_words_left(page, names)) > 20  # the check below sees the labels
    shot(page, "ballot-vi-phone")

    switch_language(page, "English")
    expect(ballot.get_by_role("heading", name="Ballot", level=1)).to_be_visible()
    expect(ballot.get_by_text("Unit: Sở Khoa học và Công nghệ. Secret ballot:")).to_be_visible()
    expect(ballot.get_by_text("Choose up to 2 units (none is a blank ballot).")).to_be_visible()
    expect(ballot.get_by_text("(your unit)")).to_be_visible()
    expect(ballot.get_by_role("button", name="Review the ballot")).to_be_visible()
    expect(candidates).to_have_count(8)  # the same ballot, the same choices
    menu = sidebar(page)
    for label in ("Home", "My account", "Ballot", "Check a receipt", "Log out"):
        expect(menu.get_by_text(label, exact=True)).to_be_visible()
    for label in vietnamese.values():
        expect(page.get_by_text(label)).to_have_count(0)
    assert vietnamese_words_left(page, names) == []
    close_sidebar(page)
    shot(page, "ballot-en-phone")

    switch_language(page, "Tiếng Việt")
    expect(ballot.get_by_role("heading", name=vietnamese["heading"], level=1)).to_be_visible()
    expect(ballot.get_by_text(vietnamese["choose"])).to_be_visible()
    expect(ballot.get_by_role("button", name=vietnamese["review"])).to_be_visible()
    expect(menu.get_by_text("Đăng xuất")).to_be_visible()
    expect(page.get_by_text("Review the ballot")).to_have_count(0)
    close_sidebar(page)
    expect(ballot.get_by_role("button", name=vietnamese["review"])).to_be_in_viewport()
    page.context.close()


def test_a_dashboard_turns_english_and_back(app, chromium):
    page = new_context(chromium).new_page()
    log_in(page, app.url("tong-quan-khoi?tinh=LCU&nam=2026"), "lanhdao")
    dashboard = main(page)
    expect(dashboard.get_by_role("heading", name="Tổng quan khối thi đua", level=1)).to_be_visible()
    expect(dashboard.get_by_role("heading", name="Bảng xếp hạng")).to_be_visible()
    names = proper_names(app.database_url)
    assert len(vietnamese_words_left(page, names)) > 20

    switch_language(page, "English")
    expect(dashboard.get_by_role("heading", name="Bloc overview", level=1)).to_be_visible()
    expect(dashboard.get_by_role("heading", name="Ranking")).to_be_visible()
    for label in ("Province", "Emulation bloc", "Year"):
        expect(dashboard.get_by_role("combobox", name=label, exact=True)).to_be_visible()
    expect(dashboard.get_by_role("button", name="Download CSV").first).to_be_visible()
    expect(dashboard.get_by_role("button", name="Download Excel").first).to_be_visible()
    expect(dashboard.get_by_text("The bloc has proposed no award for this year.")).to_be_visible()
    header = dashboard.locator("[data-testid=stDataFrame]").first.locator("th")
    expect(header).to_have_text(["Rank", "Unit", "Verified score", "Self score", "Gap", "State"])
    expect(dashboard.locator("[data-testid=stVegaLiteChart]").first).to_contain_text("Verified")
    for label in ("Bloc overview", "Criteria heatmap", "Unit profile", "Bloc history", "Province overview"):
        expect(sidebar(page).get_by_role("link", name=label, exact=True)).to_be_visible()
    assert vietnamese_words_left(page, names) == []
    shot(page, "dashboard-en-desktop")
    shot(page, "dashboard-en-charts-desktop", showing=dashboard.locator("[data-testid=stVegaLiteChart]").first)

    # The language stays with the person across pages.
    after_run(page, lambda: sidebar(page).get_by_role("link", name="Criteria heatmap").click())
    expect(dashboard.get_by_role("heading", name="Criteria heatmap", level=1)).to_be_visible()
    assert vietnamese_words_left(page, names) == []

    switch_language(page, "Tiếng Việt")
    expect(dashboard.get_by_role("heading", name="Bản đồ nhiệt tiêu chí", level=1)).to_be_visible()
    expect(sidebar(page).get_by_role("link", name="Tổng quan khối", exact=True)).to_be_visible()
    expect(page.get_by_text("Criteria heatmap")).to_have_count(0)
    visit(page, page.url)  # a reload starts a new session: Vietnamese, the default
    expect(dashboard.get_by_role("heading", name="Bản đồ nhiệt tiêu chí", level=1)).to_be_visible()
    page.context.close()
