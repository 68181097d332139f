"""Rankings and scores of a bloc-year as CSV and XLSX bytes.

The caller passes the words (column titles, state and kind names) in the user's
language, so this module stays language-neutral. The files are written by
services/spreadsheet.py, like every other download (no cell becomes a formula).
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from db.models import Covenant, Score, ScoreSheet
from services.registry.units import names_in_year
from services.scoring.covenants import criteria
from services.scoring.queries import unit_totals
from services.spreadsheet import write_csv, write_xlsx

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


def export_files(session: Session, *, covenant: Covenant, words: Words) -> dict[str, bytes]:
    """{"ranking.csv", "scores.csv", "all.xlsx"}: what the export buttons offer."""
    ranking = ranking_rows(session, covenant=covenant, words=words)
    scores = score_rows(session, covenant=covenant, words=words)
    return {
        "ranking.csv": write_csv(ranking),
        "scores.csv": write_csv(scores),
        "all.xlsx": write_xlsx({words.ranking_sheet: ranking, words.scores_sheet: scores}),
    }
