"""Streamlit's English on a Vietnamese screen (issue 13, item 4), the parts that need no browser:
the style sheet that hides or replaces it is sent in Vietnamese only, and each dashboard chart
has a Vietnamese PNG button whose file is a real image of the chart (the browser test
tests/e2e/test_no_english.py checks what a user sees)."""

import struct

import altair as alt
import pandas as pd
import pytest

from components.downloads import chart_png, file_slug
from tests.app.conftest import open_page


def styles(at) -> list[str]:
    return [element.proto.body for element in at.get("html") if "<style>" in element.proto.body]


def chrome_styles(at) -> list[str]:
    return [body for body in styles(at) if "stElementToolbar" in body]


def test_the_style_sheet_is_sent_in_vietnamese_only(make_app):
    vietnamese = make_app("leader", lang="vi").run()
    assert not vietnamese.exception
    [sheet] = chrome_styles(vietnamese)
    assert "Chọn tệp" in sheet and "Không có kết quả" in sheet  # the uploader's button, an empty list
    english = make_app("leader", lang="en").run()
    assert not english.exception
    assert chrome_styles(english) == []  # in English Streamlit's own words are the right ones


@pytest.mark.parametrize(("lang", "label"), [("vi", "Tải ảnh PNG"), ("en", "Download PNG")])
def test_every_dashboard_chart_has_its_png_button(make_app, lang, label):
    at = open_page(make_app("leader", lang=lang), "tong-quan-khoi")
    assert not at.exception
    charts = at.get("vega_lite_chart")
    buttons = [b for b in at.get("download_button") if b.proto.label == label]
    assert len(charts) >= 1 and len(buttons) == len(charts)


def test_a_chart_png_is_an_image_of_the_chart():
    data = pd.DataFrame({"đơn vị": ["Sở Y tế", "Đài PT-TH"], "điểm": [96.5, 88.0]})
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(x="điểm:Q", y="đơn vị:N")
        .properties(title="Xếp hạng khối", width="container", height=80)
    )
    image = chart_png(chart)
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", image[16:24])
    assert width >= 2 * 900  # a chart as wide as its container gets 900 px, drawn at 2x
    assert 2 * 80 < height < 2 * 400


def test_file_names_have_no_diacritics():
    assert file_slug("Xếp hạng khối – Đợt 1") == "xep-hang-khoi-dot-1"
    assert file_slug("Điểm tự chấm và điểm thẩm định") == "diem-tu-cham-va-diem-tham-dinh"
    assert file_slug("—") == ""
