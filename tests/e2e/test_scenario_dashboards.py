"""Scenario 3: a leader works through every dashboard in a real browser.

On each one the leader changes the filters, the address keeps them, a colleague who opens
that address (another browser, logged in) sees the same view, and the table (CSV, Excel)
and chart (PNG) downloads produce real files.
"""

import csv
import io
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlmodel import Session, create_engine, select

from db.engine import normalize_url
from db.models import Bloc, Province, Unit, UnitName
from tests.e2e.browser import (
    DemoApp,
    after_run,
    choose,
    dataframe_rows,
    demo_app,
    download,
    expect_dataframe,
    log_in,
    main,
    new_context,
    selected,
    shot,
    sidebar,
    visit,
)
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

CULTURE, ECONOMY = "Khối Văn hóa – Xã hội", "Khối Kinh tế – Tổng hợp"


@dataclass(frozen=True)
class Dashboard:
    link: str  # the sidebar entry
    path: str
    title: str
    changes: tuple[tuple[str, str, tuple[str, ...]], ...]  # (filter label, URL parameter, options to try)


DASHBOARDS = [
    Dashboard(
        "Tổng quan khối",
        "tong-quan-khoi",
        "Tổng quan khối thi đua",
        (("Khối thi đua", "khoi", (CULTURE, ECONOMY)), ("Năm", "nam", ("2017", "2018"))),
    ),
    Dashboard(
        "Bản đồ nhiệt tiêu chí",
        "ban-do-nhiet",
        "Bản đồ nhiệt tiêu chí",
        (("Khối thi đua", "khoi", (ECONOMY, CULTURE)), ("Năm", "nam", ("2024", "2023"))),
    ),
    Dashboard(
        "Hồ sơ đơn vị",
        "ho-so-don-vi",
        "Hồ sơ đơn vị",
        (("Khối thi đua", "khoi", (CULTURE, ECONOMY)), ("Năm", "nam", ("2026",)), ("Đơn vị", "donvi", ("Sở Y tế",))),
    ),
    Dashboard("Lịch sử khối", "lich-su-khoi", "Lịch sử khối thi đua", (("Khối thi đua", "khoi", (ECONOMY, CULTURE)),)),
    Dashboard("Tổng quan tỉnh", "tong-quan-tinh", "Tổng quan tỉnh", (("Năm", "nam", ("2020", "2021")),)),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[DemoApp]:
    with demo_app(tmp_path_factory.mktemp("dashboards")) as running:
        yield running


@pytest.fixture(scope="module")
def chromium(chromium_path):
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def leader(app, chromium) -> Iterator[Page]:
    context = new_context(chromium)
    page = context.new_page()
    log_in(page, app.url(), "lanhdao")
    yield page
    context.close()


@pytest.fixture(scope="module")
def colleague(app, chromium) -> Iterator[Page]:
    """Another leader's phone, logged in, who receives the links."""
    context = new_context(chromium, phone=True)
    page = context.new_page()
    log_in(page, app.url(), "lanhdao")
    yield page
    context.close()


def url_value(app: DemoApp, parameter: str, option: str) -> str:
    """What the address should say for an option: a bloc's or unit's id (Lai Châu's), a year as is."""
    if parameter == "nam":
        return option
    if parameter == "khoi":
        query = select(Bloc.id).join(Province).where(Province.code == "LCU", Bloc.name == option)
    else:
        query = (
            select(UnitName.unit_id)
            .join(Unit, Unit.id == UnitName.unit_id)
            .join(Province, Province.id == Unit.province_id)
            .where(Province.code == "LCU", UnitName.name == option)
        )
    engine = create_engine(normalize_url(app.database_url))
    with Session(engine) as session:
        value = session.exec(query).one()
    engine.dispose()
    return str(value)


def has_param(parameter: str, value: str) -> re.Pattern:
    return re.compile(rf"[?&]{parameter}={re.escape(value)}(&|$)")


def query_of(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


@pytest.mark.parametrize("dashboard", DASHBOARDS, ids=[d.path for d in DASHBOARDS])
def test_filters_stay_in_the_address_and_a_shared_link_opens_the_same_view(app, leader, colleague, dashboard):
    after_run(leader, lambda: sidebar(leader).get_by_role("link", name=dashboard.link, exact=True).click())
    expect(main(leader).get_by_role("heading", name=dashboard.title, exact=True)).to_be_visible()
    assert query_of(leader)["tinh"] == "LCU"  # the leader's province, the only one offered

    for label, parameter, options in dashboard.changes:
        option = next((o for o in options if o != selected(leader, label)), options[0])
        if option != selected(leader, label):
            choose(leader, label, option)
        expect(leader).to_have_url(has_param(parameter, url_value(app, parameter, option)))
    shot(leader, f"dash-{dashboard.path}-desktop")

    view = {label: selected(leader, label) for label, _, _ in dashboard.changes}

    visit(colleague, leader.url)
    expect(main(colleague).get_by_role("heading", name=dashboard.title, exact=True)).to_be_visible()
    assert {label: selected(colleague, label) for label in view} == view
    assert query_of(colleague) == query_of(leader)
    # The same table: the phone draws the columns that fit, the desktop starts with the same cells.
    on_phone = dataframe_rows(colleague)
    assert len(on_phone[0]) >= 2
    expect_dataframe(leader, on_phone)
    shot(colleague, f"dash-{dashboard.path}-phone")
    chart = main(colleague).locator("[data-testid=stVegaLiteChart]").first
    shot(colleague, f"dash-{dashboard.path}-phone-chart", showing=chart)


@pytest.mark.parametrize("dashboard", DASHBOARDS, ids=[d.path for d in DASHBOARDS])
def test_table_and_chart_downloads_produce_files(app, leader, dashboard):
    visit(leader, app.url(f"{dashboard.path}?tinh=LCU&khoi={url_value(app, 'khoi', CULTURE)}&nam=2017"))
    expect(main(leader).get_by_role("heading", name=dashboard.title, exact=True)).to_be_visible()
    shown = dataframe_rows(leader)

    csv_file = download(leader, main(leader).get_by_role("button", name="Tải CSV").first)
    assert csv_file.suggested_filename.endswith(".csv")
    assert_same_table(list(csv.reader(io.StringIO(_read(csv_file).decode("utf-8-sig")))), shown)

    xlsx_file = download(leader, main(leader).get_by_role("button", name="Tải Excel").first)
    assert xlsx_file.suggested_filename == csv_file.suggested_filename.removesuffix(".csv") + ".xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(_read(xlsx_file))).active
    assert_same_table([["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)], shown)

    # PNG: our button under each chart (Streamlit's toolbar is English, hidden in Vietnamese).
    png = download(leader, main(leader).get_by_role("button", name="Tải ảnh PNG").first)
    assert png.suggested_filename.endswith(".png") and png.suggested_filename != ".png"
    image = _read(png)
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", image[16:24])  # the IHDR chunk: a chart, not an empty image
    assert width >= 600 and height >= 100, (width, height)


def assert_same_table(saved: list[list[str]], shown: list[list[str]]) -> None:
    """The file holds the table on screen: the same Vietnamese column titles and rows, in order.
    The screen draws only the columns and rows in view, so it may show a part of the file."""
    assert len(saved) >= len(shown) > 1
    assert saved[0][: len(shown[0])] == shown[0]
    assert [row[0] for row in saved[1 : len(shown)]] == [row[0] for row in shown[1:]]


def _read(file) -> bytes:
    with open(file.path(), "rb") as handle:
        return handle.read()
