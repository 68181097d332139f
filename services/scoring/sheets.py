"""One unit's sheet as its page shows it: every criterion with the scores, note and evidence count."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import EvidenceFile, Score, SheetState
from services.access.sessions import Principal
from services.registry.units import names_in_year
from services.scoring.context import actors_on, covenant_or_fail, find_sheet
from services.scoring.covenants import CriterionLine, criteria
from services.scoring.queries import sheet_total
from services.scoring.rules import Actor, NotAllowed


@dataclass(frozen=True)
class Line:
    criterion: CriterionLine
    self_score: Decimal | None
    verified_score: Decimal | None
    note: str | None
    evidence_count: int


@dataclass(frozen=True)
class SheetView:
    covenant_id: int
    bloc_id: int
    year: int
    unit_id: int
    unit_name: str
    sheet_id: int | None
    state: SheetState
    return_reason: str | None
    updated_at: datetime | None
    lines: list[Line]
    self_total: Decimal
    verified_total: Decimal
    actors: frozenset[Actor]


def sheet_view(session: Session, *, principal: Principal, covenant_id: int, unit_id: int) -> SheetView:
    covenant = covenant_or_fail(session, covenant_id)
    actors = actors_on(session, principal, covenant=covenant, unit_id=unit_id)
    if principal.user_id is None:
        raise NotAllowed("scoring_error.code_session")
    if not actors:
        raise NotAllowed("scoring_error.forbidden")
    sheet = find_sheet(session, covenant_id=covenant_id, unit_id=unit_id)
    scores: dict[int, Score] = {}
    evidence: dict[int, int] = {}
    if sheet is not None:
        scores = {s.criterion_id: s for s in session.exec(select(Score).where(Score.sheet_id == sheet.id))}
        counts = (
            select(EvidenceFile.score_id, sa.func.count(EvidenceFile.id))
            .where(EvidenceFile.score_id.in_([s.id for s in scores.values()]))
            .group_by(EvidenceFile.score_id)
        )
        evidence = dict(session.exec(counts).all())
    lines = []
    for line in criteria(session, covenant_id=covenant_id):
        score = scores.get(line.id)
        lines.append(
            Line(
                line,
                score.self_score if score else None,
                score.verified_score if score else None,
                score.evidence_note if score else None,
                evidence.get(score.id, 0) if score else 0,
            )
        )
    name = names_in_year(session, year=covenant.year, unit_ids=[unit_id]).get(unit_id)
    return SheetView(
        covenant_id=covenant_id,
        bloc_id=covenant.bloc_id,
        year=covenant.year,
        unit_id=unit_id,
        unit_name=name.name if name else f"#{unit_id}",
        sheet_id=sheet.id if sheet else None,
        state=sheet.state if sheet else SheetState.DRAFT,
        return_reason=sheet.return_reason if sheet else None,
        updated_at=sheet.updated_at if sheet else None,
        lines=lines,
        self_total=sheet_total(session, sheet_id=sheet.id) if sheet else Decimal("0.00"),
        verified_total=sheet_total(session, sheet_id=sheet.id, verified=True) if sheet else Decimal("0.00"),
        actors=actors,
    )
