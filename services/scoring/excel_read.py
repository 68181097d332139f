"""Reading an uploaded workbook: bytes to rows keyed by column, or why it cannot be read. No database."""

import unicodedata
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from services.scoring.excel_template import COLUMNS, SHEET_NAME

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
TITLES = {c.key: c.title for c in COLUMNS}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None  # 1-based, as Excel shows it; None: the whole file
    column: str | None  # the column title, e.g. "Điểm tự chấm"
    letter: str | None  # e.g. "H"
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    # What the row is about, so a reader need not look the ids up: the unit's name and the
    # criterion's code and name (None when the row's ids do not say).
    unit: str | None = None
    criterion: str | None = None


@dataclass(frozen=True)
class Table:
    sheet: str
    letters: dict[str, str]  # column key → letter
    rows: list[tuple[int, dict[str, Any]]]  # (row number, column key → cell value), blank rows left out


def _norm(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split()).casefold()


def read_table(data: bytes) -> tuple[Table | None, list[Problem]]:
    """The "Điểm" sheet (or the only sheet) as rows keyed by column; problems if it cannot be read."""
    if not data:
        return None, [Problem(SHEET_NAME, None, None, None, "excel_error.empty_file")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(SHEET_NAME, None, None, None, "excel_error.file_too_big", {"mb": MAX_FILE_BYTES >> 20})]
    # The bytes are untrusted: zipfile, zlib, the XML parser and openpyxl each fail in
    # their own way (BadZipFile, zlib.error, KeyError, ParseError, ...). Any failure
    # to read means "not a readable .xlsx"; nothing has been written at this point.
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return None, [Problem(SHEET_NAME, None, None, None, "excel_error.not_xlsx")]
    try:
        return _read_book(book)
    except Exception:
        return None, [Problem(SHEET_NAME, None, None, None, "excel_error.not_xlsx")]
    finally:
        book.close()


def _read_book(book) -> tuple[Table | None, list[Problem]]:
    sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
    name = sheet.title
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    wanted = {_norm(c.title): c.key for c in COLUMNS}
    positions: dict[str, int] = {}
    problems = []
    for index, title in enumerate(header):
        key = wanted.get(_norm(title))
        if key is None:
            continue
        if key in positions:
            problems.append(Problem(name, 1, TITLES[key], get_column_letter(index + 1), "excel_error.duplicate_column"))
        positions.setdefault(key, index)
    for column in COLUMNS:
        if column.required and column.key not in positions:
            problems.append(Problem(name, 1, column.title, None, "excel_error.missing_column"))
    if problems:
        return None, problems
    table_rows = []
    for number, values in enumerate(rows, start=2):
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        if len(table_rows) >= MAX_ROWS:
            return None, [Problem(name, number, None, None, "excel_error.too_many_rows", {"max": MAX_ROWS})]
        table_rows.append((number, cells))
    if not table_rows:
        return None, [Problem(name, None, None, None, "excel_error.no_rows")]
    letters = {key: get_column_letter(i + 1) for key, i in positions.items()}
    return Table(name, letters, table_rows), []
