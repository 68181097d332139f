"""Dashboard 2: criteria heatmap of one bloc-year (units × criteria, share of max).

One covenant holds units × criteria cells (about 10 × 20), so the cells are read
as they are; group totals are summed by the database.
"""

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import CriteriaGroup, Criterion, CriterionKind, Score, ScoreSheet
from services.dashboards.bloc_overview import covenant_id, ranking
from services.dashboards.totals import VERIFIED_STATES, as_float, points
from services.scoring.covenants import criterion_code, group_code

__all__ = ["Heatmap", "criteria_heatmap", "group_code", "group_table"]

CELL_COLUMNS = [
    "unit_id",
    "unit",
    "short_name",
    "code",
    "group",
    "criterion",
    "kind",
    "max_points",
    "verified",
    "self",
    "verified_share",
    "self_share",
]
GROUP_COLUMNS = ["unit_id", "unit", "short_name", "position", "group", "max_points", "verified", "self"]


@dataclass(frozen=True)
class Heatmap:
    cells: pd.DataFrame  # CELL_COLUMNS; units in ranking order, criteria in covenant order
    groups: pd.DataFrame  # GROUP_COLUMNS: each unit's total per criteria group
    unit_order: list[str]  # short names, best first
    criterion_order: list[str]  # the covenant's codes "1.1", "1.2", … (services.scoring.covenants)


def _criteria(session: Session, covenant: int) -> list[tuple[Criterion, CriteriaGroup]]:
    query = (
        select(Criterion, CriteriaGroup)
        .join(CriteriaGroup, Criterion.group_id == CriteriaGroup.id)
        .where(CriteriaGroup.covenant_id == covenant)
        .order_by(CriteriaGroup.position, CriteriaGroup.id, Criterion.position, Criterion.id)
    )
    return list(session.exec(query))


def _scores(session: Session, covenant: int) -> dict[tuple[int, int], tuple]:
    query = (
        select(ScoreSheet.unit_id, Score.criterion_id, ScoreSheet.state, Score.verified_score, Score.self_score)
        .join(ScoreSheet, Score.sheet_id == ScoreSheet.id)
        .where(ScoreSheet.covenant_id == covenant)
    )
    return {(unit, criterion): (state, verified, own) for unit, criterion, state, verified, own in session.exec(query)}


def _group_totals(session: Session, covenant: int) -> dict[tuple[int, int], tuple]:
    query = (
        select(
            ScoreSheet.unit_id,
            Criterion.group_id,
            sa.func.sum(Score.verified_score),
            sa.func.sum(Score.self_score),
        )
        .join(ScoreSheet, Score.sheet_id == ScoreSheet.id)
        .join(Criterion, Score.criterion_id == Criterion.id)
        .where(ScoreSheet.covenant_id == covenant)
        .group_by(ScoreSheet.unit_id, Criterion.group_id)
    )
    return {(unit, group): (verified, own) for unit, group, verified, own in session.exec(query)}


def _share(value, max_points) -> float | None:
    if value is None or not max_points:
        return None
    return round(float(value) / float(max_points), 4)


def _codes(criteria: list[tuple[Criterion, CriteriaGroup]]) -> tuple[dict[int, str], dict[int, int]]:
    """Criterion id → "2.3" and group id → its index, by order in the covenant
    (stored positions may have gaps)."""
    group_index: dict[int, int] = {}
    codes, counters = {}, {}
    for criterion, group in criteria:
        index = group_index.setdefault(group.id, len(group_index))
        counters[group.id] = counters.get(group.id, 0) + 1
        codes[criterion.id] = criterion_code(index, counters[group.id])
    return codes, group_index


def criteria_heatmap(session: Session, *, bloc_id: int, year: int) -> Heatmap:
    covenant = covenant_id(session, bloc_id=bloc_id, year=year)
    order = ranking(session, bloc_id=bloc_id, year=year)
    if covenant is None:
        return Heatmap(pd.DataFrame(columns=CELL_COLUMNS), pd.DataFrame(columns=GROUP_COLUMNS), [], [])
    criteria = _criteria(session, covenant)
    codes, group_index = _codes(criteria)
    scores, totals = _scores(session, covenant), _group_totals(session, covenant)
    verified_units = {u for (u, _), (state, _, _) in scores.items() if state in VERIFIED_STATES}
    groups = {group.id: group for _, group in criteria}
    group_max = {
        gid: sum(float(c.max_points) for c, g in criteria if g.id == gid and c.kind != CriterionKind.DEDUCTION)
        for gid in groups
    }
    cells, group_rows = [], []
    for unit in order.itertuples():
        known = unit.unit_id in verified_units  # unverified sheets show no verified score, not 0
        who = [unit.unit_id, unit.unit, unit.short_name]
        for criterion, group in criteria:
            _, verified, own = scores.get((unit.unit_id, criterion.id), (None, None, None))
            verified = verified if known else None
            max_points = float(criterion.max_points)
            what = [codes[criterion.id], group.name, criterion.name, criterion.kind.value, max_points]
            values = [as_float(points(verified)), as_float(points(own))]
            cells.append([*who, *what, *values, _share(verified, max_points), _share(own, max_points)])
        for gid, group in groups.items():
            verified, own = totals.get((unit.unit_id, gid), (None, None))
            verified = verified if known else None
            group_rows.append(
                [*who, group_index[gid], group.name, group_max[gid], as_float(points(verified)), as_float(points(own))]
            )
    return Heatmap(
        cells=pd.DataFrame(cells, columns=CELL_COLUMNS),
        groups=pd.DataFrame(group_rows, columns=GROUP_COLUMNS),
        unit_order=list(order["short_name"]),
        criterion_order=[codes[c.id] for c, _ in criteria],
    )


def group_table(groups: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One row per unit (ranking order), one column per group code ("1", "2", …), and "total"."""
    coded = groups.assign(code=groups["position"].map(group_code))
    codes = list(dict.fromkeys(coded.sort_values("position")["code"]))
    table = coded.pivot_table(index="unit", columns="code", values=measure, sort=False, dropna=False)
    table = table.reindex(index=list(dict.fromkeys(coded["unit"])), columns=codes)
    table["total"] = table.sum(axis=1, min_count=1)
    return table.reset_index().rename_axis(columns=None)
