"""Checking a read workbook: pure functions, no database.

validate checks every row of a Table (see excel_read) against an ImportContext
(the covenant, the members and the stored scores) and returns the valid rows and
every problem, each with sheet, row, column and a message key. Nothing here
writes: see excel_apply.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from db.models import SheetState
from services.errors import Checker
from services.scoring.covenants import CriterionLine
from services.scoring.excel_read import TITLES, Problem, Table
from services.scoring.points import NotANumber, parse_points, to_decimal
from services.scoring.rules import EDIT_STATES, Actor


@dataclass(frozen=True)
class ImportRow:
    row: int
    unit_id: int
    criterion_id: int
    self_score: Decimal | None
    verified_score: Decimal | None
    note: str | None
    changes_self: bool  # self score or note differ from what is stored
    changes_verified: bool


@dataclass(frozen=True)
class ImportContext:
    members: set[int]  # member units of the bloc-year
    known_units: set[int]  # every unit of the database
    year: int
    criteria: dict[int, CriterionLine]
    states: dict[int, SheetState]  # unit → its sheet's state (no sheet: draft)
    stored: dict[tuple[int, int], tuple[Decimal | None, Decimal | None, str | None]]
    unit_names: dict[int, str] = field(default_factory=dict)  # unit → its name in the year


@dataclass
class Report:
    rows: list[ImportRow] = field(default_factory=list)  # valid rows only
    problems: list[Problem] = field(default_factory=list)
    row_count: int = 0  # non-blank data rows read

    @property
    def ok(self) -> bool:
        return not self.problems


def _whole_number(value: Any) -> int | None:
    try:
        number = to_decimal(value)
    except NotANumber:
        return None
    if number is None or number != number.to_integral_value() or abs(number) > 2**31:
        return None
    return int(number)


def validate(table: Table, context: ImportContext) -> Report:
    report = Report(row_count=len(table.rows))
    seen: dict[tuple[int, int], list[int]] = {}
    candidates = []
    for number, cells in table.rows:
        problems, parsed = _check_row(table, context, number, cells)
        report.problems += problems
        if parsed is not None:
            seen.setdefault((parsed.unit_id, parsed.criterion_id), []).append(number)
            candidates.append((parsed, not problems))
    for numbers in seen.values():
        for number in numbers if len(numbers) > 1 else []:
            others = ", ".join(str(n) for n in numbers if n != number)
            key = "excel_error.duplicate_row"
            unit_id, criterion_id = next(k for k, v in seen.items() if v is numbers)
            report.problems.append(
                _about(Problem(table.sheet, number, None, None, key, {"rows": others}), context, unit_id, criterion_id)
            )
    duplicated = {n for numbers in seen.values() if len(numbers) > 1 for n in numbers}
    report.rows = [row for row, fine in candidates if fine and row.row not in duplicated]
    report.problems.sort(key=lambda p: (p.row or 0, p.letter or ""))
    return report


def _check_row(table: Table, context: ImportContext, number: int, cells: dict[str, Any]):
    problems: list[Problem] = []

    def problem(key: str, column: str | None = None, **params: Any) -> None:
        letter = table.letters.get(column) if column else None
        problems.append(Problem(table.sheet, number, TITLES.get(column), letter, key, params))

    unit_id = _whole_number(cells.get("unit_id"))
    criterion_id = _whole_number(cells.get("criterion_id"))
    if unit_id is None:
        problem("excel_error.bad_id", "unit_id")
    elif unit_id not in context.known_units:
        problem("excel_error.unknown_unit", "unit_id", id=unit_id)
    elif unit_id not in context.members:
        problem("excel_error.not_member", "unit_id", id=unit_id, year=context.year)
    line = context.criteria.get(criterion_id) if criterion_id is not None else None
    if criterion_id is None:
        problem("excel_error.bad_id", "criterion_id")
    elif line is None:
        problem("excel_error.unknown_criterion", "criterion_id", id=criterion_id)
    if line is None or unit_id is None:
        return [_about(p, context, unit_id, criterion_id) for p in problems], None
    values = {}
    for key in ("self", "verified"):
        check = Checker()
        values[key] = parse_points(check, key, cells.get(key), kind=line.kind, max_points=line.max_points)
        for error in check.errors:
            problem(error.key, key, **error.params)
    note = " ".join(str(cells.get("note") or "").split()) or None
    if note and len(note) > 2000:
        problem("error.too_long", "note", max=2000)
    own, verified, old_note = context.stored.get((unit_id, criterion_id), (None, None, None))
    changes_self = (values["self"], note) != (own, old_note)
    changes_verified = values["verified"] != verified
    state = context.states.get(unit_id, SheetState.DRAFT)
    if problems:  # a bad value or id: whether it could be written is beside the point
        pass
    elif state == SheetState.LOCKED and (changes_self or changes_verified):
        problem("excel_error.sheet_locked", "self" if changes_self else "verified")
    else:
        if changes_self and state not in EDIT_STATES[Actor.UNIT]:
            problem("excel_error.self_not_editable", "self", state=state.value)
        if changes_verified and state not in EDIT_STATES[Actor.VERIFIER]:
            problem("excel_error.verified_not_editable", "verified", state=state.value)
    row = ImportRow(
        number, unit_id, criterion_id, values["self"], values["verified"], note, changes_self, changes_verified
    )
    return [_about(p, context, unit_id, criterion_id) for p in problems], row


def _about(problem: Problem, context: ImportContext, unit_id: int | None, criterion_id: int | None) -> Problem:
    """The problem with the unit and criterion its row is about, as far as the ids are known."""
    line = context.criteria.get(criterion_id) if criterion_id is not None else None
    unit = context.unit_names.get(unit_id) if unit_id is not None else None
    return replace(problem, unit=unit, criterion=f"{line.code} {line.name}" if line else None)
