"""The number field in a real browser (Chromium, desktop and phone): on the verification page
the secretary, and on the self-scoring page the unit, types "1,5" and one and a half is saved
and shown as 1,5 (st.number_input saved 15); "25" where the maximum is 20 is refused with a
Vietnamese message under the field and at the top of the form, and nothing is saved.

`THIDUA_E2E_SHOTS=docs/screenshots` saves the error state as number-field-error(-phone).png.
"""

from collections.abc import Iterator
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright
from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import Covenant, Score, ScoreSheet, SheetState, User
from services.registry.units import names_in_year
from services.scoring.covenants import criteria
from tests.e2e.browser import DemoApp, after_run, choose, demo_app, log_in, main, new_context, shot
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

VERIFY = "tham-dinh-diem"
FIELD = "Điểm thẩm định (từ 0 đến 20)"  # criterion 1.1 of the demo covenant: 20 points
SUBMITTED_LABEL = "Đã gửi, chờ thẩm định"
SHEETS: dict[str, tuple[int, str]] = {}  # "desktop"/"phone" → (sheet id, unit name): one sheet each
FIRST: list[int] = []  # the id of criterion 1.1
SELF = "tu-cham-diem"
OWN: dict[str, int] = {}  # "sheet" → daibieu's own 2026 sheet (a draft, left so)
MAXIMA: dict[str, tuple[int, Decimal]] = {}  # criterion code → (id, maximum) in the 2026 covenant


def _submit_two_sheets(database_url: str) -> None:
    """Two other units of daibieu's bloc have sent their 2026 sheets: the secretary can verify
    them; daibieu's own sheet stays a draft, for the self-scoring test."""
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        unit_id = session.exec(select(User.unit_id).where(User.username == "daibieu")).one()
        covenant_id = session.exec(
            select(Covenant.id).join(ScoreSheet).where(ScoreSheet.unit_id == unit_id, Covenant.year == 2026)
        ).one()
        sheets = session.exec(
            select(ScoreSheet).where(ScoreSheet.covenant_id == covenant_id).order_by(ScoreSheet.id)
        ).all()
        own = next(s for s in sheets if s.unit_id == unit_id)
        assert own.state == SheetState.DRAFT
        OWN["sheet"] = own.id
        first, second = [s for s in sheets if s.unit_id != unit_id][:2]
        names = names_in_year(session, unit_ids=[first.unit_id, second.unit_id], year=2026)
        lines = criteria(session, covenant_id=covenant_id)
        MAXIMA.update({line.code: (line.id, line.max_points) for line in lines})
        FIRST.append(MAXIMA["1.1"][0])
        assert MAXIMA["1.1"][1] == 20
        for name, sheet in (("desktop", first), ("phone", second)):
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


def own_scores(app: DemoApp) -> dict[int, Decimal | None]:
    """Criterion id → daibieu's self score as stored."""
    engine = make_engine(app.database_url)
    with session_scope(engine) as session:
        rows = session.exec(select(Score.criterion_id, Score.self_score).where(Score.sheet_id == OWN["sheet"])).all()
    engine.dispose()
    return dict(rows)


# One criterion each, so that the phone's save is not already there from the desktop's:
# 1.1 (20 points) and 2.2 (9 points), the only criteria of the demo covenant with those maxima.
DECIMAL_IN = {"desktop": "1.1", "phone": "2.2"}


def self_field(page: Page, code: str) -> Locator:
    maximum = MAXIMA[code][1]
    assert maximum == int(maximum)  # the label shows a whole number
    return main(page).get_by_role("textbox", name=f"Điểm tự chấm (từ 0 đến {int(maximum)})", exact=True)


@pytest.fixture(params=["desktop", "phone"])
def unit_account(request, app, chromium_path) -> Iterator[tuple[Page, str]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        page = new_context(browser, phone=request.param == "phone").new_page()
        log_in(page, app.url(SELF), "daibieu")
        yield page, request.param
        browser.close()


def test_self_scoring_saves_a_decimal_comma_and_refuses_above_the_maximum(app, unit_account):
    page, device = unit_account
    code = DECIMAL_IN[device]
    criterion_id = MAXIMA[code][0]
    expect(main(page).get_by_role("heading", name="Tự chấm điểm")).to_be_visible()
    box = self_field(page, code)
    expect(box).to_have_count(1)
    assert own_scores(app)[criterion_id] != Decimal("1.5")  # the demo's value, not what we type

    box.fill("1,5")
    after_run(page, lambda: main(page).get_by_role("button", name="Lưu nháp").click())
    expect(main(page).get_by_text("Đã lưu. Tổng điểm tự chấm:", exact=False)).to_be_visible()
    assert own_scores(app)[criterion_id] == Decimal("1.5")  # one and a half, not 15
    expect(self_field(page, code)).to_have_value("1,5")  # shown back the Vietnamese way

    before = own_scores(app)
    maximum = int(MAXIMA["1.1"][1])  # 20
    too_high = self_field(page, "1.1")
    too_high.fill(str(maximum + 5))  # "25"
    after_run(page, lambda: main(page).get_by_role("button", name="Lưu nháp").click())
    refusal = f"Điểm phải từ 0 đến {maximum}."
    under_field = main(page).get_by_text(refusal, exact=True)
    expect(under_field).to_be_visible()
    summary = main(page).get_by_role("alert").filter(has_text="Chưa lưu gì: sửa các ô số sau rồi bấm lại.")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(refusal)
    expect(main(page).get_by_text("Đã lưu. Tổng điểm tự chấm:", exact=False)).to_have_count(0)
    assert own_scores(app) == before  # nothing saved
    expect(self_field(page, "1.1")).to_have_value(str(maximum + 5))  # kept, to be corrected
    shot(page, "self-scoring-number-error" + ("-phone" if device == "phone" else ""), showing=under_field)
