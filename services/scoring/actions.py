"""Writes to scoring sheets: self scores, submission, verified scores, returning, locking the year.

Every function checks the principal again (the page may have been forged) and
appends to the sheet's history. Nothing is written when any check fails.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from db.models import CriterionKind, Score, ScoreAction, ScoreSheet, SheetState
from services.access.sessions import Principal
from services.errors import Checker
from services.registry.units import names_in_year
from services.scoring.context import (
    actors_on,
    covenant_or_fail,
    log_event,
    member_unit_ids,
    require_bloc_verifier,
    sheet_by_id,
    sheet_or_new,
)
from services.scoring.covenants import CriterionLine, criteria
from services.scoring.points import check_points
from services.scoring.queries import sheet_total
from services.scoring.rules import Actor, NotAllowed, next_state, require_actor, require_edit


@dataclass(frozen=True)
class Entry:
    self_score: Decimal | None
    note: str | None = None


def field_of(criterion_id: int) -> str:
    return f"c{criterion_id}"


def save_self_scores(
    *, session: Session, principal: Principal, covenant_id: int, unit_id: int, entries: dict[int, Entry],
    submit: bool = False,
) -> Decimal:  # fmt: skip
    """Save the unit's self scores and notes (and submit the sheet); returns the self total."""
    covenant = covenant_or_fail(session, covenant_id)
    actors = actors_on(session, principal, covenant=covenant, unit_id=unit_id)
    require_actor(principal, actors, Actor.UNIT)
    lines = {line.id: line for line in criteria(session, covenant_id=covenant_id)}
    check = Checker()
    cleaned: dict[int, Entry] = {}
    for criterion_id, entry in entries.items():
        line = lines.get(criterion_id)
        if line is None:
            check.add(field_of(criterion_id), "error.not_found")
            continue
        value = check_points(
            check, field_of(criterion_id), entry.self_score, kind=line.kind, max_points=line.max_points
        )
        note = check.text(field_of(criterion_id), entry.note, max_len=2000, required=False) or None
        cleaned[criterion_id] = Entry(value, note)
    check.raise_if_any()
    sheet = sheet_or_new(session, covenant=covenant, unit_id=unit_id)
    require_edit(sheet.state, Actor.UNIT)
    scores = _scores(session, sheet.id)
    changed = []
    for criterion_id, entry in cleaned.items():
        score = scores.get(criterion_id)
        if score is None and entry.self_score is None and entry.note is None:
            continue
        score = score or Score(sheet_id=sheet.id, criterion_id=criterion_id)
        if (score.self_score, score.evidence_note) != (entry.self_score, entry.note) or score.id is None:
            score.self_score, score.evidence_note = entry.self_score, entry.note
            session.add(score)
            changed.append(lines[criterion_id].code)
    session.flush()
    if changed:
        log_event(session, sheet=sheet, principal=principal, action=ScoreAction.SAVED, note=", ".join(changed))
    if submit:
        _submit(session, principal, sheet, lines, actors)
    return sheet_total(session, sheet_id=sheet.id)


def _submit(session: Session, principal: Principal, sheet: ScoreSheet, lines, actors) -> None:
    target = next_state(sheet.state, ScoreAction.SUBMITTED, actors)
    scores = _scores(session, sheet.id)
    check = Checker()
    for line in lines.values():
        score = scores.get(line.id)
        if line.kind == CriterionKind.NORMAL and (score is None or score.self_score is None):
            check.add(field_of(line.id), "scoring_error.missing_score")
    check.raise_if_any()
    sheet.state, sheet.return_reason = target, None  # the reason stays in the history
    log_event(session, sheet=sheet, principal=principal, action=ScoreAction.SUBMITTED)


def save_verified_scores(
    *, session: Session, principal: Principal, sheet_id: int, values: dict[int, Decimal | None], verify: bool = False
) -> Decimal:
    """The verifier's scores (and, with verify, the sheet verified); returns the verified total."""
    sheet, covenant = sheet_by_id(session, sheet_id)
    actors = actors_on(session, principal, covenant=covenant, unit_id=sheet.unit_id)
    require_actor(principal, actors, Actor.VERIFIER)
    require_edit(sheet.state, Actor.VERIFIER)
    target = next_state(sheet.state, ScoreAction.VERIFIED, actors) if verify else None
    lines = {line.id: line for line in criteria(session, covenant_id=covenant.id)}
    check = Checker()
    cleaned = {}
    for criterion_id, value in values.items():
        line = lines.get(criterion_id)
        if line is None:
            check.add(field_of(criterion_id), "error.not_found")
            continue
        cleaned[criterion_id] = check_points(
            check, field_of(criterion_id), value, kind=line.kind, max_points=line.max_points
        )
    scores = _scores(session, sheet.id)
    if verify:  # criteria left out keep what is stored; every one needs a score in the end
        for line in lines.values():
            stored = scores[line.id].verified_score if line.id in scores else None
            if cleaned.get(line.id, stored) is None and values.get(line.id) is None:
                cleaned[line.id] = _missing_verified(check, line)
    check.raise_if_any()
    changed = []
    for criterion_id, points in cleaned.items():
        if criterion_id not in scores and points is None:
            continue
        score = scores.get(criterion_id) or Score(sheet_id=sheet.id, criterion_id=criterion_id)
        if score.verified_score != points or score.id is None:
            score.verified_score = points
            session.add(score)
            changed.append(lines[criterion_id].code)
    session.flush()
    if changed:
        log_event(session, sheet=sheet, principal=principal, action=ScoreAction.VERIFIED_SAVED, note=", ".join(changed))
    if target is not None:
        sheet.state = target
        log_event(session, sheet=sheet, principal=principal, action=ScoreAction.VERIFIED)
    return sheet_total(session, sheet_id=sheet.id, verified=True)


def _missing_verified(check: Checker, line: CriterionLine) -> Decimal | None:
    # An empty bonus or deduction means none; an empty normal criterion must be scored.
    if line.kind == CriterionKind.NORMAL:
        check.add(field_of(line.id), "scoring_error.missing_verified")
        return None
    return Decimal("0.00")


def return_sheet(*, session: Session, principal: Principal, sheet_id: int, reason: str) -> None:
    sheet, covenant = sheet_by_id(session, sheet_id)
    actors = actors_on(session, principal, covenant=covenant, unit_id=sheet.unit_id)
    require_actor(principal, actors, Actor.VERIFIER)
    target = next_state(sheet.state, ScoreAction.RETURNED, actors)
    check = Checker()
    reason = check.text("reason", reason, max_len=1000)
    check.raise_if_any()
    sheet.state, sheet.return_reason = target, reason
    log_event(session, sheet=sheet, principal=principal, action=ScoreAction.RETURNED, note=reason)


def lock_year(*, session: Session, principal: Principal, covenant_id: int) -> int:
    """Lock every sheet of the bloc-year; refused, naming the units, unless all are verified."""
    covenant = covenant_or_fail(session, covenant_id)
    require_bloc_verifier(session, principal, bloc_id=covenant.bloc_id)
    members = member_unit_ids(session, bloc_id=covenant.bloc_id, year=covenant.year)
    query = select(ScoreSheet).where(ScoreSheet.covenant_id == covenant_id).with_for_update()
    sheets = {sheet.unit_id: sheet for sheet in session.exec(query)}
    if not members:
        raise NotAllowed("scoring_error.no_members", year=covenant.year)
    done = {SheetState.VERIFIED, SheetState.LOCKED}
    if members <= set(sheets) and all(s.state == SheetState.LOCKED for s in sheets.values()):
        raise NotAllowed("scoring_error.already_locked")
    waiting = [u for u in members | set(sheets) if u not in sheets or sheets[u].state not in done]
    if waiting:
        names = names_in_year(session, year=covenant.year, unit_ids=waiting)
        listed = sorted(names[u].short_name if u in names else f"#{u}" for u in waiting)
        raise NotAllowed("scoring_error.unverified", count=len(waiting), units=", ".join(listed))
    to_lock = [sheet for sheet in sheets.values() if sheet.state == SheetState.VERIFIED]
    for sheet in to_lock:
        sheet.state = next_state(sheet.state, ScoreAction.LOCKED, frozenset({Actor.VERIFIER}))
        log_event(session, sheet=sheet, principal=principal, action=ScoreAction.LOCKED)
    return len(to_lock)


def _scores(session: Session, sheet_id: int) -> dict[int, Score]:
    return {s.criterion_id: s for s in session.exec(select(Score).where(Score.sheet_id == sheet_id))}
