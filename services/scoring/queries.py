"""Read side: a bloc-year's units with their sheet states and totals, summed by the database."""

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import (
    Bloc,
    Covenant,
    CriteriaGroup,
    Criterion,
    CriterionKind,
    Membership,
    Province,
    Score,
    ScoreSheet,
    SheetState,
)
from services.registry.places import ordinary
from services.registry.units import names_in_year
from services.scoring.context import member_unit_ids

RANKED_STATES = frozenset({SheetState.VERIFIED, SheetState.LOCKED})


@dataclass(frozen=True)
class UnitTotal:
    unit_id: int
    unit_name: str
    sheet_id: int | None  # None: the unit has saved nothing yet
    state: SheetState
    self_total: Decimal
    verified_total: Decimal | None
    updated_at: datetime | None
    rank: int | None = None  # by verified total, verified and locked sheets only (ties share a rank)
    verified_lines: int = 0  # criteria (not bonus or deduction items) with a verified score
    criteria_lines: int = 0  # criteria of the covenant that a complete verification scores

    @property
    def verified_partial(self) -> bool:
        """A verified sum over only some criteria: not a total, and never to be shown as one."""
        return self.verified_total is not None and self.verified_lines < self.criteria_lines


def _totals_query(covenant_ids: list[int]):
    return (
        select(
            ScoreSheet.covenant_id,
            ScoreSheet.unit_id,
            ScoreSheet.id,
            ScoreSheet.state,
            ScoreSheet.updated_at,
            sa.func.coalesce(sa.func.sum(Score.self_score), 0),
            sa.func.sum(Score.verified_score),
        )
        .outerjoin(Score, Score.sheet_id == ScoreSheet.id)
        .where(ScoreSheet.covenant_id.in_(covenant_ids))
        .group_by(ScoreSheet.covenant_id, ScoreSheet.unit_id, ScoreSheet.id, ScoreSheet.state, ScoreSheet.updated_at)
    )


def _points(value) -> Decimal | None:
    # SQLite sums NUMERIC as floating point: bring it back to exact cents.
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def sheet_total(session: Session, *, sheet_id: int, verified: bool = False) -> Decimal:
    column = Score.verified_score if verified else Score.self_score
    value = session.exec(select(sa.func.sum(column)).where(Score.sheet_id == sheet_id)).one()
    return _points(value) or Decimal("0.00")


def unit_totals(session: Session, *, covenant: Covenant) -> list[UnitTotal]:
    """Every member unit of the bloc-year, ranked: verified sheets by verified total, then the rest."""
    members = member_unit_ids(session, bloc_id=covenant.bloc_id, year=covenant.year)
    rows = {row[1]: row for row in session.exec(_totals_query([covenant.id]))}
    counted, required = _verified_counts(session, covenant.id)
    names = names_in_year(session, year=covenant.year, unit_ids=list(members | set(rows)))
    result = []
    for unit_id in members | set(rows):
        name = names[unit_id].name if unit_id in names else f"#{unit_id}"
        row = rows.get(unit_id)
        if row is None:
            result.append(UnitTotal(unit_id, name, None, SheetState.DRAFT, Decimal("0.00"), None, None))
        else:
            _, _, sheet_id, state, updated_at, own, verified = row
            total = UnitTotal(unit_id, name, sheet_id, SheetState(state), _points(own), _points(verified), updated_at)
            result.append(replace(total, verified_lines=counted.get(sheet_id, 0), criteria_lines=required))
    return _ranked(result)


def _verified_counts(session: Session, covenant_id: int) -> tuple[dict[int, int], int]:
    """Per sheet, how many criteria have a verified score; and how many criteria there are
    (bonus and deduction items may rightly stay empty, so they do not count)."""
    normal = (
        select(Criterion.id)
        .join(CriteriaGroup, Criterion.group_id == CriteriaGroup.id)
        .where(CriteriaGroup.covenant_id == covenant_id, Criterion.kind == CriterionKind.NORMAL)
    )
    required = len(session.exec(normal).all())
    query = (
        select(Score.sheet_id, sa.func.count())
        .join(ScoreSheet, Score.sheet_id == ScoreSheet.id)
        .where(
            ScoreSheet.covenant_id == covenant_id,
            Score.verified_score.is_not(None),
            Score.criterion_id.in_(normal),
        )
        .group_by(Score.sheet_id)
    )
    return dict(session.exec(query).all()), required


def _ranked(totals: list[UnitTotal]) -> list[UnitTotal]:
    def order(total: UnitTotal):
        ranked = total.state in RANKED_STATES and total.verified_total is not None
        return (not ranked, -(total.verified_total or 0) if ranked else 0, -total.self_total, total.unit_name)

    ordered, result, previous, rank = sorted(totals, key=order), [], None, 0
    for position, total in enumerate(ordered, start=1):
        if total.state in RANKED_STATES and total.verified_total is not None:
            if total.verified_total != previous:
                rank, previous = position, total.verified_total
            result.append(_with_rank(total, rank))
        else:
            result.append(total)
    return result


def _with_rank(total: UnitTotal, rank: int) -> UnitTotal:
    return UnitTotal(**{**total.__dict__, "rank": rank})


@dataclass(frozen=True)
class CovenantRef:
    covenant_id: int
    bloc_id: int
    year: int
    title: str


def bloc_choices(session: Session, *, bloc_ids: set[int]) -> dict[int, str]:
    """The blocs a principal may pick, as "Province · Bloc", sorted."""
    query = select(Bloc, Province).join(Province, Province.id == Bloc.province_id).where(Bloc.id.in_(bloc_ids))
    query = ordinary(query)
    rows = sorted(session.exec(query), key=lambda r: (r[1].name, r[0].name))
    return {bloc.id: f"{province.name} · {bloc.name}" for bloc, province in rows}


def covenants_of_bloc(session: Session, *, bloc_id: int) -> list[CovenantRef]:
    query = select(Covenant).where(Covenant.bloc_id == bloc_id).order_by(Covenant.year.desc())
    return [CovenantRef(c.id, c.bloc_id, c.year, c.title) for c in session.exec(query)]


def covenants_of_unit(session: Session, *, unit_id: int) -> list[CovenantRef]:
    """The covenants a unit scores against: its bloc's, each year it was a member."""
    query = (
        select(Covenant)
        .join(Membership, sa.and_(Membership.bloc_id == Covenant.bloc_id, Membership.year == Covenant.year))
        .where(Membership.unit_id == unit_id)
        .order_by(Covenant.year.desc())
    )
    return [CovenantRef(c.id, c.bloc_id, c.year, c.title) for c in session.exec(query)]
