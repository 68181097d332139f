"""Importing a filled template: validate everything, then write all of it, the valid rows, or nothing.

The file is read and checked again inside the writing transaction (the sheets
are locked for update first), so what is written is what was checked, even if
someone returned or locked a sheet between the preview and the import.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from db.models import Covenant, Score, ScoreAction, ScoreSheet, Unit
from services.access.sessions import Principal
from services.registry.units import names_in_year
from services.scoring.context import covenant_or_fail, log_event, member_unit_ids, require_bloc_verifier, sheet_or_new
from services.scoring.covenants import criteria
from services.scoring.excel_import import ImportContext, ImportRow, Report, validate
from services.scoring.excel_read import read_table


@dataclass(frozen=True)
class ImportResult:
    report: Report
    written_rows: int  # rows that changed something
    sheets: int  # sheets touched


def load_context(session: Session, *, covenant: Covenant, for_update: bool = False) -> ImportContext:
    sheets_query = select(ScoreSheet).where(ScoreSheet.covenant_id == covenant.id)
    sheets = list(session.exec(sheets_query.with_for_update() if for_update else sheets_query))
    stored_query = (
        select(ScoreSheet.unit_id, Score.criterion_id, Score.self_score, Score.verified_score, Score.evidence_note)
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .where(ScoreSheet.covenant_id == covenant.id)
    )
    return ImportContext(
        members=member_unit_ids(session, bloc_id=covenant.bloc_id, year=covenant.year),
        known_units=set(session.exec(select(Unit.id))),
        year=covenant.year,
        criteria={line.id: line for line in criteria(session, covenant_id=covenant.id)},
        states={sheet.unit_id: sheet.state for sheet in sheets},
        stored={(u, c): (own, verified, note) for u, c, own, verified, note in session.exec(stored_query)},
        unit_names={u: n.name for u, n in names_in_year(session, year=covenant.year).items()},
    )


def preview_import(session: Session, *, principal: Principal, covenant_id: int, data: bytes) -> Report:
    """The report the user sees before choosing to import (nothing is written)."""
    covenant = covenant_or_fail(session, covenant_id)
    require_bloc_verifier(session, principal, bloc_id=covenant.bloc_id)
    table, problems = read_table(data)
    if table is None:
        return Report(problems=problems)
    return validate(table, load_context(session, covenant=covenant))


def import_scores(
    *, session: Session, principal: Principal, covenant_id: int, data: bytes, valid_only: bool = False
) -> ImportResult:
    """Write the file's changes. With problems: nothing, unless valid_only (then only the rows without any)."""
    covenant = covenant_or_fail(session, covenant_id)
    require_bloc_verifier(session, principal, bloc_id=covenant.bloc_id)
    table, problems = read_table(data)
    if table is None:
        return ImportResult(Report(problems=problems), 0, 0)
    report = validate(table, load_context(session, covenant=covenant, for_update=True))
    if report.problems and not valid_only:
        return ImportResult(report, 0, 0)
    written, sheets = apply_rows(session, principal=principal, covenant=covenant, rows=report.rows)
    return ImportResult(report, written, sheets)


def apply_rows(session: Session, *, principal: Principal, covenant: Covenant, rows: list[ImportRow]) -> tuple[int, int]:
    """Write validated rows; one history entry per sheet, naming the criteria changed."""
    lines = criteria(session, covenant_id=covenant.id)
    codes = {line.id: line.code for line in lines}
    order = {line.id: index for index, line in enumerate(lines)}
    by_unit: dict[int, list[ImportRow]] = {}
    for row in rows:
        if row.changes_self or row.changes_verified:
            by_unit.setdefault(row.unit_id, []).append(row)
    for unit_id, unit_rows in by_unit.items():
        sheet = sheet_or_new(session, covenant=covenant, unit_id=unit_id)
        scores = {s.criterion_id: s for s in session.exec(select(Score).where(Score.sheet_id == sheet.id))}
        for row in unit_rows:
            score = scores.get(row.criterion_id) or Score(sheet_id=sheet.id, criterion_id=row.criterion_id)
            if row.changes_self:
                score.self_score, score.evidence_note = row.self_score, row.note
            if row.changes_verified:
                score.verified_score = row.verified_score
            session.add(score)
        session.flush()
        changed = ", ".join(codes[row.criterion_id] for row in sorted(unit_rows, key=lambda r: order[r.criterion_id]))
        log_event(session, sheet=sheet, principal=principal, action=ScoreAction.IMPORTED, note=changed)
    return sum(len(r) for r in by_unit.values()), len(by_unit)
