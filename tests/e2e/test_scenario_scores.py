"""Scenario 4: the bloc secretary imports verified scores from Excel in a real browser.

The secretary downloads the template, uploads it filled in with one bad row, reads the
row-level error in Vietnamese, fixes the row, imports, and the bloc dashboard's ranking
changes accordingly (the ranking is compared before and after).
"""

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.browser import (
    DemoApp,
    after_run,
    dataframe_rows,
    demo_app,
    download,
    expect_dataframe,
    log_in,
    main,
    new_context,
    shot,
    sidebar,
)
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

SOCIAL_INSURANCE, RUNNER_UP = "Bảo hiểm xã hội tỉnh", "Sở Nội vụ"  # ranked 1 and 2 in the demo's 2026 sheets
TEMPLATE_SHEET = "Điểm"
UNIT, KIND, MAX, VERIFIED = "Đơn vị", "Loại", "Điểm tối đa", "Điểm thẩm định"


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[DemoApp]:
    with demo_app(tmp_path_factory.mktemp("scores")) as running:
        yield running


@pytest.fixture()
def secretary(app, chromium_path) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        page = new_context(browser).new_page()
        log_in(page, app.url("tong-quan-khoi?nam=2026"), "thuky")
        yield page
        browser.close()


class Filled:
    """The downloaded template with the secretary's changes, saved under a name to upload."""

    def __init__(self, template: bytes):
        self.book = openpyxl.load_workbook(io.BytesIO(template))
        self.sheet = self.book[TEMPLATE_SHEET]
        header = [cell.value for cell in self.sheet[1]]
        self.column = {title: header.index(title) + 1 for title in (UNIT, KIND, MAX, VERIFIED)}

    def rows_of(self, unit: str, kind: str = "Thường") -> list[int]:
        return [
            row
            for row in range(2, self.sheet.max_row + 1)
            if self.cell(row, UNIT).value == unit and self.cell(row, KIND).value == kind
        ]

    def cell(self, row: int, title: str):
        return self.sheet.cell(row, self.column[title])

    def verified_total(self, unit: str) -> Decimal:
        rows = [r for r in range(2, self.sheet.max_row + 1) if self.cell(r, UNIT).value == unit]
        return sum((Decimal(str(self.cell(r, VERIFIED).value or 0)) for r in rows), Decimal(0))

    def save(self, path: Path) -> Path:
        self.book.save(path)
        return path


def points(value: Decimal) -> str:
    return f"{float(value):g}".replace(".", ",")  # as the dashboard writes them in Vietnamese: 96,5, 100


def upload(page: Page, path: Path) -> None:
    after_run(page, lambda: main(page).locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(path))


def test_the_secretary_imports_scores_from_excel_and_the_ranking_follows(secretary, tmp_path):
    page = secretary
    expect(main(page).get_by_role("heading", name="Tổng quan khối thi đua")).to_be_visible()
    before = [row[:3] for row in dataframe_rows(page)]
    assert before[0] == ["Hạng", "Đơn vị", "Điểm thẩm định"]
    assert [row[:2] for row in before[1:3]] == [["1", SOCIAL_INSURANCE], ["2", RUNNER_UP]]

    after_run(page, lambda: sidebar(page).get_by_role("link", name="Thẩm định điểm").click())
    expect(main(page).get_by_role("combobox", name="Năm")).to_have_value("2026")
    after_run(page, lambda: main(page).get_by_role("radio", name="Nhập từ Excel").click())
    template = download(page, main(page).get_by_role("button", name="Tải tệp mẫu Excel"))
    assert template.suggested_filename == "mau-cham-diem-2026.xlsx"
    filled = Filled(Path(template.path()).read_bytes())

    # The verified scores of the leading unit are revised down to half of each maximum...
    changed = 0
    for row in filled.rows_of(SOCIAL_INSURANCE):
        half = float(Decimal(str(filled.cell(row, MAX).value)) / 2)
        changed += filled.cell(row, VERIFIED).value != half
        filled.cell(row, VERIFIED).value = half
    # ...and one of the runner-up's is typed above its maximum.
    bad_row = filled.rows_of(RUNNER_UP)[0]
    maximum = filled.cell(bad_row, MAX).value
    changed += filled.cell(bad_row, VERIFIED).value != maximum
    filled.cell(bad_row, VERIFIED).value = maximum + 5
    upload(page, filled.save(tmp_path / "diem-loi.xlsx"))

    expect(main(page).get_by_text("Tệp có 1 lỗi ở 1 dòng; chưa ghi gì vào cơ sở dữ liệu.")).to_be_visible()
    problem = main(page).get_by_role("listitem").filter(has_text=f"Trang Điểm, dòng {bad_row}, cột I (Điểm thẩm định)")
    expect(problem).to_contain_text(f"Vượt quá điểm tối đa ({maximum}).")
    expect(main(page).get_by_role("button", name="Nhập dữ liệu")).to_have_count(0)
    expect(main(page).get_by_role("button", name="Chỉ nhập các dòng hợp lệ")).to_be_disabled()
    shot(page, "scores-row-error-desktop", showing=problem)

    filled.cell(bad_row, VERIFIED).value = maximum  # fixed: full marks on that criterion
    upload(page, filled.save(tmp_path / "diem-da-sua.xlsx"))
    expect(main(page).get_by_text(f"Tất cả {filled.sheet.max_row - 1} dòng đều hợp lệ.")).to_be_visible()
    after_run(page, lambda: main(page).get_by_role("button", name="Nhập dữ liệu").click())
    expect(main(page).get_by_text(f"Đã nhập {changed} dòng có thay đổi vào 2 bảng điểm.")).to_be_visible()

    after_run(page, lambda: sidebar(page).get_by_role("link", name="Tổng quan khối").click())
    expected = [
        before[0],
        ["1", RUNNER_UP, points(filled.verified_total(RUNNER_UP))],
        ["2", SOCIAL_INSURANCE, points(filled.verified_total(SOCIAL_INSURANCE))],
        *before[3:],  # the units not verified yet stay unranked
    ]
    expect_dataframe(page, expected)
    shot(page, "scores-ranking-after-desktop", showing=main(page).locator("[data-testid=stDataFrame]").first)
