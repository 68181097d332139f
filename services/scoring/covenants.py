"""A bloc-year's covenant: its outline, creating one (empty or copied), editing it until scoring starts."""

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Covenant, CriteriaGroup, Criterion, CriterionKind, EvidenceFile, Score, ScoreSheet, SheetState
from services.access.sessions import Principal
from services.errors import Checker
from services.scoring.context import covenant_or_fail, require_bloc_verifier
from services.scoring.points import check_cap
from services.scoring.rules import NotAllowed, covenant_frozen


@dataclass(frozen=True)
class CriterionLine:
    id: int
    code: str  # "2.3": third criterion of the second group, as printed on the covenant
    group: str
    name: str
    kind: CriterionKind
    max_points: Decimal


@dataclass(frozen=True)
class CriterionRow:
    """One row of the editor's table; groups are the distinct group names, in order."""

    group: str
    name: str
    kind: CriterionKind | str
    max_points: Decimal | None


def find_covenant(session: Session, *, bloc_id: int, year: int) -> Covenant | None:
    return session.exec(select(Covenant).where(Covenant.bloc_id == bloc_id, Covenant.year == year)).first()


def covenant_years(session: Session, *, bloc_id: int) -> list[int]:
    query = select(Covenant.year).where(Covenant.bloc_id == bloc_id).order_by(Covenant.year.desc())
    return list(session.exec(query))


def group_code(index: int) -> str:
    """The covenant's number of its group at 0-based `index`: "1", "2", … (one numbering for the
    covenant editor, the score forms, the Excel report and the dashboards)."""
    return str(index + 1)


def criterion_code(group_index: int, number: int) -> str:
    """ "2.3": the third criterion of the second group (0-based `group_index`, 1-based `number`)."""
    return f"{group_code(group_index)}.{number}"


def criteria(session: Session, *, covenant_id: int) -> list[CriterionLine]:
    query = (
        select(CriteriaGroup, Criterion)
        .join(Criterion, Criterion.group_id == CriteriaGroup.id)
        .where(CriteriaGroup.covenant_id == covenant_id)
        .order_by(CriteriaGroup.position, CriteriaGroup.id, Criterion.position, Criterion.id)
    )
    lines, group_index, seen = [], 0, {}
    for group, criterion in session.exec(query):
        if group.id not in seen:
            group_index += 1
            seen[group.id] = 0
        seen[group.id] += 1
        code = criterion_code(group_index - 1, seen[group.id])
        lines.append(
            CriterionLine(criterion.id, code, group.name, criterion.name, criterion.kind, criterion.max_points)
        )
    return lines


def scoring_started(session: Session, *, covenant_id: int) -> bool:
    sheets = select(ScoreSheet.id).where(ScoreSheet.covenant_id == covenant_id)
    left_draft = session.exec(sheets.where(ScoreSheet.state != SheetState.DRAFT).limit(1)).first() is not None
    saved = select(Score.id).where(Score.sheet_id.in_(sheets)).limit(1)
    anything_saved = session.exec(saved).first() is not None
    if not anything_saved:
        evidence = select(EvidenceFile.id).join(Score).where(Score.sheet_id.in_(sheets)).limit(1)
        anything_saved = session.exec(evidence).first() is not None
    return covenant_frozen(sheets_left_draft=left_draft, anything_saved=anything_saved)


def previous_covenant(session: Session, *, bloc_id: int, year: int) -> Covenant | None:
    """The latest covenant of the bloc before `year`: the usual start for a new one."""
    query = select(Covenant).where(Covenant.bloc_id == bloc_id, Covenant.year < year).order_by(Covenant.year.desc())
    return session.exec(query).first()


def create_covenant(
    *, session: Session, principal: Principal, bloc_id: int, year: int, title: str, copy_from_id: int | None = None
) -> Covenant:
    require_bloc_verifier(session, principal, bloc_id=bloc_id)
    check = Checker()
    year = check.year("year", year)
    title = check.text("title", title, max_len=300)
    if year and find_covenant(session, bloc_id=bloc_id, year=year):
        check.add("year", "scoring_error.covenant_exists", year=year)
    source = session.get(Covenant, copy_from_id) if copy_from_id is not None else None
    if copy_from_id is not None and (source is None or source.bloc_id != bloc_id):
        check.add("copy_from", "error.not_found")
    check.raise_if_any()
    covenant = Covenant(bloc_id=bloc_id, year=year, title=title)
    session.add(covenant)
    session.flush()
    if source is not None:
        rows = [CriterionRow(c.group, c.name, c.kind, c.max_points) for c in criteria(session, covenant_id=source.id)]
        _write_rows(session, covenant.id, rows)
    return covenant


def replace_criteria(
    *, session: Session, principal: Principal, covenant_id: int, title: str, rows: list[CriterionRow]
) -> Covenant:
    """Save the whole table at once. Refused once scoring has started (ids would change under the scores)."""
    covenant = covenant_or_fail(session, covenant_id)
    require_bloc_verifier(session, principal, bloc_id=covenant.bloc_id)
    if scoring_started(session, covenant_id=covenant_id):
        raise NotAllowed("scoring_error.covenant_locked")
    check = Checker()
    title = check.text("title", title, max_len=300)
    cleaned = [_check_row(check, index, row) for index, row in enumerate(rows, start=1) if not _blank(row)]
    if not cleaned:
        check.add("rows", "scoring_error.no_criteria")
    elif not any(row.kind == CriterionKind.NORMAL for row in cleaned):
        check.add("rows", "scoring_error.no_normal_criteria")
    check.raise_if_any()
    groups = select(CriteriaGroup.id).where(CriteriaGroup.covenant_id == covenant_id)
    session.execute(sa.delete(Criterion).where(Criterion.group_id.in_(groups)))
    session.execute(sa.delete(CriteriaGroup).where(CriteriaGroup.covenant_id == covenant_id))
    covenant.title = title
    session.add(covenant)
    _write_rows(session, covenant_id, cleaned)
    return covenant


def _blank(row: CriterionRow) -> bool:
    return not (row.group or "").strip() and not (row.name or "").strip() and row.max_points is None


def _check_row(check: Checker, index: int, row: CriterionRow) -> CriterionRow:
    field = f"row_{index}"
    group = check.text(field, row.group, max_len=300)
    name = check.text(field, row.name, max_len=500)
    kind = row.kind if row.kind in set(CriterionKind) else None
    if kind is None:
        check.add(field, "error.invalid_choice")
    cap = check_cap(check, field, row.max_points)
    return CriterionRow(group, name, CriterionKind(kind) if kind else CriterionKind.NORMAL, cap)


def _write_rows(session: Session, covenant_id: int, rows: list[CriterionRow]) -> None:
    groups: dict[str, CriteriaGroup] = {}
    counts: dict[str, int] = {}
    for row in rows:
        if row.group not in groups:
            groups[row.group] = CriteriaGroup(covenant_id=covenant_id, position=len(groups), name=row.group)
            session.add(groups[row.group])
            session.flush()
            counts[row.group] = 0
        group = groups[row.group]
        session.add(
            Criterion(
                group_id=group.id, position=counts[row.group], name=row.name, kind=row.kind, max_points=row.max_points
            )
        )
        counts[row.group] += 1
    session.flush()
