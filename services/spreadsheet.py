"""The one writer of every CSV and XLSX file the app hands out (dashboards, scores,
the year's export). Unit names, notes and reasons are typed by people: a cell that
starts with = + - @ (or a tab or carriage return before one) runs as a formula when
the file is opened in a spreadsheet. Every such text cell gets a leading apostrophe,
in CSV and XLSX alike, and every XLSX text cell is stored as text (data_type "s"),
never as a formula. Numbers, dates and booleans stay what they are.

CSV starts with a UTF-8 BOM: without it Excel on Windows shows Vietnamese letters as
mojibake. Sheet names come from the caller, in the user's language.
"""

import csv
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from io import BytesIO, StringIO
from numbers import Number

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
MAX_WIDTH = 60


def neutralise(text: str) -> str:
    """A text cell as it is written: with a leading apostrophe if it could start a formula."""
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def _plain(value: object) -> object:
    """None for missing values (None, NaN, pandas' NA), else the value itself."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    return value


def csv_field(value: object) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Number):  # int, float, Decimal, numpy's numbers: never a formula
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return neutralise(str(value))


def xlsx_value(value: object) -> object:
    value = _plain(value)
    if value is None or isinstance(value, bool | Number | datetime | date | time):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # an .xlsx cell holds no zone; callers pass local times
        return value
    # Control characters cannot be stored in .xlsx; removing them first means a hidden
    # one cannot put a "=" back at the start.
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def write_csv(rows: Iterable[Sequence], headers: Sequence[str] | None = None) -> bytes:
    buffer = StringIO()
    writer = csv.writer(buffer)
    if headers is not None:
        writer.writerow([csv_field(h) for h in headers])
    for row in rows:
        writer.writerow([csv_field(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (Excel: at most 31 characters, none of []:*?/\\)."""
    base = SHEET_NAME_BAD.sub(" ", name).strip().strip("'")[:31] or "1"
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def write_xlsx(sheets: Mapping[str, Sequence[Sequence]], *, widths: Mapping[str, Sequence[int]] | None = None) -> bytes:
    """{sheet name: rows, the first row being the column titles} → .xlsx bytes.
    Titles bold, first row frozen, columns as wide as their content (at most 60)."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, rows in sheets.items():
        sheet = book.create_sheet(sheet_title(name, taken))
        for row in rows:
            sheet.append([xlsx_value(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would take "=…" for a formula
        columns = max((len(r) for r in rows), default=0)
        given = list((widths or {}).get(name, []))
        for index in range(1, columns + 1):
            sheet.cell(1, index).font = Font(bold=True)
            width = given[index - 1] if index <= len(given) else _width(rows, index - 1)
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _width(rows: Sequence[Sequence], column: int) -> int:
    lengths = [len(str(row[column])) for row in rows[:200] if column < len(row) and row[column] is not None]
    return min(MAX_WIDTH, max(lengths, default=8) + 2)
