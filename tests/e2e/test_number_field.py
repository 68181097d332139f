"""The number field in a real browser (Chromium, desktop and phone): on the verification page
the secretary types "1,5" and one and a half is saved and shown as 1,5 (st.number_input
saved 15); "25" where the maximum is 20 is refused with a Vietnamese message under the
field and at the top of the form, and nothing is saved.

`THIDUA_E2E_SHOTS=docs/screenshots` saves the error state as number-field-error(-phone).png.
"""

from collections.abc import Iterator
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import Covenant, Score, ScoreSheet, SheetState, User
from services.scoring.covenants import criteria
from services.units import names_in_year
from tests.e2e.browser import DemoApp, after_run, choose, demo_app, log_in, main, new_context, shot
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

VERIFY = "tham-dinh-diem"
FIELD = "Điểm thẩm định (từ 0 đến 20)"  # criterion 1.1 of the demo covenant: 20 points
SUBMITTED_LABEL = "Đã gửi, chờ thẩm định"
SHEETS: dict[str, tuple[int, str]] = {}  # "desktop"/"phone" → (sheet id, unit name): one sheet each
FIRST: list[int] = []  # the id of criterion 1.1


def _submit_two_sheets(database_url: str) -> None:
    """Two units of daibieu's bloc have sent their 2026 sheets: the secretary can verify them."""
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        unit_id = session.exec(select(User.unit_id).where(User.username == "daibieu")).one()
        covenant_id = session.exec(
            select(Covenant.id).join(ScoreSheet).where(ScoreSheet.unit_id == unit_id, Covenant.year == 2026)
        ).one()
        sheets = session.exec(
            select(ScoreSheet).where(ScoreSheet.covenant_id == covenant_id).order_by(ScoreSheet.id)
        ).all()
        mine = next(s for s in sheets if s.unit_id == unit_id)
        other = next(s for s in sheets if s.unit_id != unit_id)
        names = names_in_year(session, unit_ids=[mine.unit_id, other.unit_id], year=2026)
        FIRST.append(next(line.id for line in criteria(session, covenant_id=covenant_id) if line.code == "1.1"))
        assert next(line for line in criteria(session, covenant_id=covenant_id) if line.id == FIRST[0]).max_points == 20
        for name, sheet in (("desktop", mine), ("phone", other)):
            sheet.state = SheetState.SUBMITTED
            session.add(sheet)
            SHEETS[name] = (sheet.id, names[sheet.unit_id].name)
    engine.dispose()


def verified_first(app: DemoApp, sheet_id: int) -> Decimal | None:
    """The verified score of criterion 1.1 as stored."""
    engine = make_engine(app.database_url)
    with session_scope(engine) as session:
        value = session.exec(
            select(Score.verified_score).where(Score.sheet_id == sheet_id, Score.criterion_id == FIRST[0])
        ).first()
    engine.dispose()
    return value


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[DemoApp]:
    with demo_app(tmp_path_factory.mktemp("numbers"), prepare=_submit_two_sheets) as running:
        yield running


@pytest.fixture(params=["desktop", "phone"])
def secretary(request, app, chromium_path) -> Iterator[tuple[Page, str]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        page = new_context(browser, phone=request.param == "phone").new_page()
        log_in(page, app.url(VERIFY), "thuky")
        yield page, request.param
        browser.close()


def test_a_decimal_comma_is_saved_and_25_of_20_is_refused_in_vietnamese(app, secretary):
    page, device = secretary
    sheet_id, unit = SHEETS[device]
    expect(main(page).get_by_role("heading", name="Thẩm định điểm")).to_be_visible()
    choose(page, "Đơn vị", f"{unit} · {SUBMITTED_LABEL}")
    box = main(page).get_by_role("textbox", name=FIELD).first
    expect(box).to_be_visible()

    box.fill("1,5")
    after_run(page, lambda: main(page).get_by_role("button", name="Lưu điểm thẩm định").click())
    expect(main(page).get_by_text("Đã lưu điểm thẩm định.", exact=False)).to_be_visible()
    assert verified_first(app, sheet_id) == Decimal("1.5")  # one and a half, not 15
    box = main(page).get_by_role("textbox", name=FIELD).first
    expect(box).to_have_value("1,5")  # shown back the Vietnamese way

    box.fill("25")
    after_run(page, lambda: main(page).get_by_role("button", name="Lưu điểm thẩm định").click())
    under_field = main(page).get_by_text("Điểm phải từ 0 đến 20.", exact=True)
    expect(under_field).to_be_visible()
    summary = main(page).get_by_role("alert").filter(has_text="Chưa lưu gì: sửa các ô số sau rồi bấm lại.")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Điểm phải từ 0 đến 20.")
    expect(main(page).get_by_text("Đã lưu điểm thẩm định.", exact=False)).to_have_count(0)
    assert verified_first(app, sheet_id) == Decimal("1.5")  # nothing saved
    expect(main(page).get_by_role("textbox", name=FIELD).first).to_have_value("25")  # kept, to be corrected
    shot(page, "number-field-error" + ("-phone" if device == "phone" else ""), showing=under_field)
