"""Issue 13: the year is chosen the same way on every page that has one. Each page draws one
list (a selectbox, never a typed number) labelled "Năm" ("Year" in English), starting on the
current year in Vietnam time when it is offered; choosing another year changes what the page
shows, and (outside a form) the year stays in the address bar as ?nam=, so a reload keeps it."""

from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page
from tests.app.test_demo_conference import demo_db_template  # noqa: F401  the full demo: 2017 rounds too

LABEL = {"vi": "Năm", "en": "Year"}
CREATE_CONFERENCE = "FormSubmitter:conference_form-Tạo hội nghị"


class YearPage(NamedTuple):
    path: str
    role: str
    other: int  # a year to choose instead of the one the page starts on
    shows: str  # then shown somewhere on the page, and not before
    in_url: bool = True


PAGES = [
    YearPage("vong-bo-phieu", "secretary", 2017, "Bình xét Cờ thi đua của UBND tỉnh năm 2017"),
    YearPage("danh-muc", "admin", 2017, "Tên đơn vị theo năm 2017."),
    YearPage("giao-uoc", "secretary", 2027, "Khối chưa có giao ước thi đua năm 2027."),
    # In the new-conference form: the year counts once the form is sent, and is not in the URL.
    YearPage("ma-truy-cap", "admin", 2025, "Hội nghị tổng kết năm 2025", in_url=False),
    YearPage("tu-cham-diem", "delegate", 2017, "Giao ước thi đua năm 2017"),
    YearPage("tham-dinh-diem", "secretary", 2017, "Sở Lao động – Thương binh và Xã hội"),  # merged in 2025
    YearPage("tong-quan-khoi", "leader", 2017, "Sở Kế hoạch và Đầu tư"),  # merged in 2025
    YearPage("ban-do-nhiet", "leader", 2017, "Sở Kế hoạch và Đầu tư"),
    YearPage("ho-so-don-vi", "leader", 2017, "Sở Kế hoạch và Đầu tư"),
    YearPage("tong-quan-tinh", "leader", 2017, "Tất cả các khối đã khóa kết quả chấm điểm."),
]


def year_widgets(at: AppTest, label: str) -> list:
    """Every widget of the page's main area labelled as the year, whatever its kind."""
    kinds = ("selectbox", "text_input", "number_input", "radio", "segmented_control", "select_slider")
    return [w for kind in kinds for w in getattr(at.main, kind) if w.label == label]


def the_picker(at: AppTest, label: str = LABEL["vi"]):
    found = year_widgets(at, label)
    assert len(found) == 1, [(type(w).__name__, w.label) for w in found]
    return found[0]


def shown(at: AppTest) -> str:
    """What a user reads on the page (texts, tables, other lists' options), as one string."""
    parts = [str(e.value) for kind in ("title", "subheader", "caption", "info", "warning", "success", "markdown")
             for e in getattr(at, kind)]  # fmt: skip
    parts += [option for box in at.selectbox if box.label != LABEL["vi"] for option in box.options]
    parts += [frame.value.astype(str).to_csv() for frame in at.dataframe]
    return "\n".join(parts)


def expected_start(years: list[int]) -> int:
    """This year in Vietnam when offered, else the latest year before it."""
    this_year = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
    return this_year if this_year in years else max(y for y in years if y < this_year)


@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_every_page_chooses_its_year_from_the_same_list(make_app, page):
    at = open_page(make_app(role=page.role).run(), page.path)
    assert not at.exception, at.exception
    picker = the_picker(at)
    assert type(picker).__name__ == "Selectbox"
    years = [int(option) for option in picker.options]
    assert years == sorted(years, reverse=True) and page.other in years  # newest first
    assert picker.value == expected_start(years)
    before = shown(at)
    assert page.shows not in before

    if page.in_url:
        at = the_picker(at).set_value(page.other).run()
        assert the_picker(at).value == page.other
    else:  # a form's choice is sent with the form; its year shows in what it creates
        the_picker(at).set_value(page.other)
        at = at.button(key=CREATE_CONFERENCE).click().run()
    assert not at.exception, at.exception
    assert page.shows in shown(at)
    assert (at.query_params.get("nam") == str(page.other)) == page.in_url


@pytest.mark.parametrize("page", [p for p in PAGES if p.in_url], ids=[p.path for p in PAGES if p.in_url])
def test_a_reload_keeps_the_chosen_year(make_app, page):
    at = make_app(role=page.role)
    at.query_params["nam"] = str(page.other)  # the address after the choice, opened again
    at = open_page(at, page.path)
    assert not at.exception, at.exception
    assert the_picker(at).value == page.other
    assert page.shows in shown(at)


@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_the_year_picker_reads_year_in_english(make_app, page):
    at = open_page(make_app(role=page.role, lang="en").run(), page.path)
    assert not at.exception, at.exception
    assert type(the_picker(at, LABEL["en"])).__name__ == "Selectbox"
    assert not year_widgets(at, LABEL["vi"])


def test_a_year_in_the_address_that_the_page_does_not_offer_falls_back_to_this_year(make_app):
    at = make_app(role="secretary")
    at.query_params["nam"] = "1999"
    at = open_page(at, "vong-bo-phieu")
    picker = the_picker(at)
    assert picker.value == expected_start([int(option) for option in picker.options])
    assert at.query_params["nam"] == str(picker.value)
