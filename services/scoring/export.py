"""Rankings and scores of a bloc-year as CSV and XLSX bytes.

The caller passes the words (column titles, state and kind names) in the user's
language, so this module stays language-neutral. CSV starts with a UTF-8 BOM:
without it Excel on Windows shows Vietnamese letters as mojibake.
"""

import csv
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO, StringIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlmodel import Session, select

from db.models import Covenant, Score, ScoreSheet
from services.scoring.covenants import criteria
from services.scoring.excel_template import append_plain
from services.scoring.queries import unit_totals
from services.units import names_in_year

RANKING_KEYS = ("rank", "unit", "state", "self_total", "verified_total")
SCORE_KEYS = ("unit", "code", "group", "criterion", "kind", "max", "self", "verified", "note")


@dataclass(frozen=True)
class Words:
    headers: dict[str, str]  # every key of RANKING_KEYS and SCORE_KEYS → column title
    states: dict[str, str]  # SheetState value → name
    kinds: dict[str, str]  # CriterionKind value → name
    ranking_sheet: str
    scores_sheet: str


def ranking_rows(session: Session, *, covenant: Covenant, words: Words) -> list[list]:
    rows = [[words.headers[k] for k in RANKING_KEYS]]
    for total in unit_totals(session, covenant=covenant):
        rows.append(
            [total.rank, total.unit_name, words.states[total.state.value], total.self_total, total.verified_total]
        )
    return rows


def score_rows(session: Session, *, covenant: Covenant, words: Words) -> list[list]:
    lines = criteria(session, covenant_id=covenant.id)
    query = (
        select(ScoreSheet.unit_id, Score.criterion_id, Score.self_score, Score.verified_score, Score.evidence_note)
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .where(ScoreSheet.covenant_id == covenant.id)
    )
    stored = {(u, c): (own, verified, note) for u, c, own, verified, note in session.exec(query)}
    totals = unit_totals(session, covenant=covenant)
    names = names_in_year(session, year=covenant.year, unit_ids=[t.unit_id for t in totals])
    rows = [[words.headers[k] for k in SCORE_KEYS]]
    for total in totals:
        unit = names[total.unit_id].name if total.unit_id in names else total.unit_name
        for line in lines:
            own, verified, note = stored.get((total.unit_id, line.id), (None, None, None))
            kind = words.kinds[line.kind.value]
            rows.append([unit, line.code, line.group, line.name, kind, line.max_points, own, verified, note])
    return rows


def csv_bytes(rows: list[list]) -> bytes:
    buffer = StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else _csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value) -> str:
    text = str(value)
    # A cell starting with = + - @ would run as a formula when the CSV is opened in a
    # spreadsheet (unit names and notes are user input); numbers are left alone.
    if not isinstance(value, int | Decimal) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title[:31])
        for row in rows:
            append_plain(sheet, row)
        for index in range(1, len(rows[0]) + 1 if rows else 1):
            sheet.cell(1, index).font = Font(bold=True)
            sheet.column_dimensions[get_column_letter(index)].width = 16 if index > 1 else 40
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_files(session: Session, *, covenant: Covenant, words: Words) -> dict[str, bytes]:
    """{"ranking.csv", "scores.csv", "all.xlsx"}: what the export buttons offer."""
    ranking = ranking_rows(session, covenant=covenant, words=words)
    scores = score_rows(session, covenant=covenant, words=words)
    return {
        "ranking.csv": csv_bytes(ranking),
        "scores.csv": csv_bytes(scores),
        "all.xlsx": xlsx_bytes({words.ranking_sheet: ranking, words.scores_sheet: scores}),
    }
