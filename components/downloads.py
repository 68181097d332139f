"""Tables with CSV and XLSX downloads; charts with their PNG download.

PNG: Streamlit 1.67 turns vega-embed's own action menu off, but its element
toolbar (shown on hover, or on tap on a phone) has "Download as PNG", which
renders the chart in the browser with its fonts: no extra dependency needed.
CSV/XLSX files are made only when a button is clicked (a deferred callable, run
off the script thread), so a page run pays nothing for downloads nobody asks for.
"""

import io
import math
from collections.abc import Mapping

import altair as alt
import pandas as pd
import streamlit as st
from openpyxl.utils import get_column_letter

from components.i18n import t


def csv_bytes(frame: pd.DataFrame) -> bytes:
    # The BOM makes Excel read Vietnamese diacritics as UTF-8.
    return frame.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "Data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])
        columns = writer.sheets[sheet[:31]].column_dimensions
        for index, name in enumerate(frame.columns):
            width = max([len(str(name)), *(len(str(v)) for v in frame.iloc[:, index].head(200))])
            columns[get_column_letter(index + 1)].width = min(60, width + 2)
    return buffer.getvalue()


def labelled(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The columns in `labels`, in that order, renamed for people."""
    return frame[list(labels)].rename(columns=dict(labels))


def table_downloads(frame: pd.DataFrame, *, name: str, key: str) -> None:
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        t("dash.download.csv"),
        data=lambda: csv_bytes(frame),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"{key}_csv",
        icon=":material/download:",
        type="tertiary",
    )
    row.download_button(
        t("dash.download.xlsx"),
        data=lambda: xlsx_bytes(frame),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key=f"{key}_xlsx",
        icon=":material/download:",
        type="tertiary",
    )


def points_text(value: object) -> str | None:
    """96.50 → "96.5", 100.0 → "100": points as people write them."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


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
    styling, so such a column is shown as text. The downloads keep the numbers."""
    shown = labelled(frame, labels)
    display = shown.copy()
    config: dict[str, object] = {}
    for column in display.columns:
        label_of = next(c for c, label in labels.items() if label == column)
        is_float = pd.api.types.is_float_dtype(display[column])
        if label_of in (missing or {}) and display[column].isna().any():
            text = display[column].map(points_text) if is_float else display[column].astype("string")
            display[column] = text.fillna(missing[label_of]).astype(str)
            config[column] = st.column_config.TextColumn(alignment="right")
        elif is_float:
            config[column] = st.column_config.NumberColumn(format="%g")
    st.dataframe(display, hide_index=True, width="stretch", column_config=config)
    table_downloads(shown, name=name, key=key)
    return shown


def show_chart(chart: alt.TopLevelMixin) -> None:
    st.altair_chart(chart, width="stretch")


def png_hint() -> None:
    # The toolbar's tooltips are Streamlit's own (English): say where the button is.
    st.caption(t("dash.download.png_hint"))
