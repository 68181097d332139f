"""Tables with CSV and XLSX downloads; charts with their PNG download.

PNG: every chart has our own "Tải ảnh PNG" button under it (Streamlit's element
toolbar, with its English "Download as PNG", is hidden on a Vietnamese screen by
components/chrome.py); the server renders the Altair chart with vl-convert.
CSV/XLSX/PNG files are made only when a button is clicked (a deferred callable, run
off the script thread), so a page run pays nothing for downloads nobody asks for.
"""

import math
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal

import altair as alt
import pandas as pd
import streamlit as st
import vl_convert

from components.i18n import current_language, t
from services.numbers import DEFAULT_LOCALE, format_number
from services.spreadsheet import write_csv, write_xlsx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def frame_rows(frame: pd.DataFrame) -> list[list]:
    """The column titles, then every row, as plain values (missing ones as None)."""
    return [list(frame.columns), *(list(row) for row in frame.itertuples(index=False, name=None))]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return write_csv(frame_rows(frame))


def xlsx_bytes(frame: pd.DataFrame, *, sheet: str) -> bytes:
    return write_xlsx({sheet: frame_rows(frame)})


def labelled(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The columns in `labels`, in that order, renamed for people."""
    return frame[list(labels)].rename(columns=dict(labels))


def table_downloads(frame: pd.DataFrame, *, name: str, key: str, sheet: str | None = None) -> None:
    """CSV and Excel buttons; both files come from services/spreadsheet.py (no cell of a
    unit's name or note can become a formula). The Excel sheet is named in the UI language."""
    sheet = sheet or t("spreadsheet.sheet")
    row = st.container(horizontal=True, gap="small")
    lazy_download(row, t("dash.download.csv"), lambda: csv_bytes(frame), file_name=f"{name}.csv",
                  mime="text/csv", key=f"{key}_csv")  # fmt: skip
    lazy_download(row, t("dash.download.xlsx"), lambda: xlsx_bytes(frame, sheet=sheet), file_name=f"{name}.xlsx",
                  mime=XLSX_MIME, key=f"{key}_xlsx")  # fmt: skip


def lazy_download(where, label: str, data, *, file_name: str, mime: str, key: str,
                  icon: str = ":material/download:") -> None:  # fmt: skip
    """A quiet download button whose file is made only when clicked (no rerun on click)."""
    where.download_button(label, data=data, file_name=file_name, mime=mime, on_click="ignore", key=key, icon=icon,
                          type="tertiary")  # fmt: skip


def points_text(value: object, language: str = DEFAULT_LOCALE) -> str | None:
    """96.50 → "96,5" (vi) or "96.5" (en), 100.0 → "100", 1020.5 → "1.020,5": points as people
    write them (services.numbers.format_number, at most two decimals as scores have)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return format_number(round(Decimal(repr(float(value))), 2), locale=language)


def show_table(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    *,
    name: str,
    key: str,
    missing: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A read-only table plus its downloads. `missing` says what an empty cell means per
    column (e.g. "chưa thẩm định"): Streamlit draws empty cells as "None" whatever the
    styling, so such a column is shown as text. Other number columns stay numbers (they sort
    as numbers) shown the reader's way (96,5 in Vietnamese). The downloads keep the numbers."""
    shown = labelled(frame, labels)
    display = shown.copy()
    config: dict[str, object] = {}
    language = current_language()
    numbers: list[str] = []
    for column in display.columns:
        label_of = next(c for c, label in labels.items() if label == column)
        is_float = pd.api.types.is_float_dtype(display[column])
        if label_of in (missing or {}) and display[column].isna().any():
            text = (
                display[column].map(lambda v: points_text(v, language))
                if is_float
                else display[column].astype("string")
            )
            display[column] = text.fillna(missing[label_of]).astype(str)
            config[column] = st.column_config.TextColumn(alignment="right")
        elif is_float:
            numbers.append(column)
    styled = display.style.format(lambda v: points_text(v, language) or "", subset=numbers) if numbers else display
    st.dataframe(styled, hide_index=True, width="stretch", column_config=config)
    table_downloads(shown, name=name, key=key)
    return shown


PNG_WIDTH = 900  # pixels before the 2x scale: a chart as wide as a laptop's page
PNG_FONT = "DejaVu Sans"  # vl-convert draws every Vietnamese letter in it (not in Liberation Sans)


def chart_png(chart: alt.TopLevelMixin) -> bytes:
    """The chart as a PNG drawn on the server. A chart as wide as its container gets a fixed
    width (a file has no container); no data is fetched from anywhere."""
    spec = chart.to_dict()
    if spec.get("width") == "container":
        spec["width"] = PNG_WIDTH
    return vl_convert.vegalite_to_png(spec, scale=2, config={"font": PNG_FONT}, allowed_base_urls=[])


def file_slug(text: str) -> str:
    """ "Xếp hạng khối – Đợt 1" → "xep-hang-khoi-dot-1": a file name without diacritics."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _chart_title(chart: alt.TopLevelMixin) -> str:
    title = getattr(chart, "title", None)  # no to_dict() here: that would serialise the data every run
    if isinstance(title, alt.TitleParams):
        title = title.text
    if isinstance(title, list):
        title = " ".join(title)
    return title if isinstance(title, str) else ""


def show_chart(chart: alt.TopLevelMixin) -> None:
    """The chart and, under it, its "Tải ảnh PNG" button (the image is drawn when clicked)."""
    st.altair_chart(chart, width="stretch")
    name = file_slug(_chart_title(chart)) or t("chrome.png_file")
    lazy_download(st, t("chrome.png"), lambda: chart_png(chart), file_name=f"{name}.png", mime="image/png",
                  key=f"png_{name}", icon=":material/image:")  # fmt: skip


def png_hint() -> None:
    st.caption(t("dash.download.png_hint"))
