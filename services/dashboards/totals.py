"""Sheet totals summed in the database, the ranking rule, and awards of a bloc-year.

A unit's verified total is SUM(verified_score) over its sheet (deductions are
stored negative); its self total is SUM(self_score); the gap is self − verified.
A sheet that is not verified or locked has no verified total yet (None, shown as
"chưa thẩm định"), never 0.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Award, Membership, Score, ScoreSheet, SheetState, UnitName

VERIFIED_STATES = frozenset({SheetState.VERIFIED, SheetState.LOCKED})
FLAG_KINDS = frozenset({"provincial_flag", "government_flag"})
CENT = Decimal("0.01")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class SheetTotal:
    unit_id: int
    covenant_id: int
    state: SheetState
    verified: Decimal | None
    self_total: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        if self.verified is None or self.self_total is None:
            return None
        return self.self_total - self.verified


def points(value: object) -> Decimal | None:
    """Database sums as exact cents (SQLite hands back floats, PostgreSQL Decimals)."""
    return None if value is None else Decimal(str(value)).quantize(CENT)


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def sheet_totals(session: Session, *, covenant_ids: Iterable[int]) -> list[SheetTotal]:
    """One row per sheet of the given covenants, summed by the database."""
    ids = sorted(set(covenant_ids))
    if not ids:
        return []
    query = (
        select(
            ScoreSheet.unit_id,
            ScoreSheet.covenant_id,
            ScoreSheet.state,
            sa.func.sum(Score.verified_score),
            sa.func.sum(Score.self_score),
        )
        .select_from(ScoreSheet)
        .outerjoin(Score, Score.sheet_id == ScoreSheet.id)
        .where(ScoreSheet.covenant_id.in_(ids))
        .group_by(ScoreSheet.id, ScoreSheet.unit_id, ScoreSheet.covenant_id, ScoreSheet.state)
    )
    result = []
    for unit_id, covenant_id, state, verified, own in session.exec(query):
        state = SheetState(state)
        verified_total = points(verified) if state in VERIFIED_STATES else None
        result.append(SheetTotal(unit_id, covenant_id, state, verified_total, points(own)))
    return result


def competition_ranks(totals: dict[K, Decimal | None]) -> dict[K, int | None]:
    """Rank by verified total, highest first; equal totals share a rank (1, 2, 2, 4).

    Units without a verified total get no rank.
    """
    ordered = sorted((v for v in totals.values() if v is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {key: (None if value is None else first[value]) for key, value in totals.items()}


def unit_awards_of_blocs(session: Session, *, bloc_ids: Iterable[int], years: Iterable[int]) -> list[tuple[int, Award]]:
    """Unit awards (not individuals') of bloc-years, with the bloc each counts for:
    the bloc that proposed it, or, when an award names no bloc, the bloc the unit
    was a member of that year."""
    blocs, years = sorted(set(bloc_ids)), sorted(set(years))
    if not blocs or not years:
        return []
    member_rows = session.exec(
        select(Membership.unit_id, Membership.year, Membership.bloc_id).where(
            Membership.bloc_id.in_(blocs), Membership.year.in_(years)
        )
    )
    bloc_of = {(unit_id, year): bloc_id for unit_id, year, bloc_id in member_rows}
    query = select(Award).where(
        Award.year.in_(years),
        Award.person_name.is_(None),
        sa.or_(
            Award.bloc_id.in_(blocs),
            sa.and_(
                Award.bloc_id.is_(None),
                Award.unit_id.in_(select(Membership.unit_id).where(Membership.bloc_id.in_(blocs))),
            ),
        ),
    )
    result = []
    for award in session.exec(query):
        bloc_id = award.bloc_id if award.bloc_id is not None else bloc_of.get((award.unit_id, award.year))
        if bloc_id is not None:
            result.append((bloc_id, award))
    return result


def names_by_year(session: Session, *, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], UnitName]:
    """(year, unit id) → the name in force that year (latest from_year ≤ year), for many years
    in one query: services.registry.units.names_in_year per year made a 10-year history 10 queries
    (each aggregating every unit's names), half of its time on the 1M-row bench."""
    pairs = set(pairs)
    units = sorted({unit for _, unit in pairs})
    if not units:
        return {}
    history: dict[int, list[UnitName]] = defaultdict(list)
    query = select(UnitName).where(UnitName.unit_id.in_(units)).order_by(UnitName.unit_id, UnitName.from_year)
    for row in session.exec(query):
        history[row.unit_id].append(row)
    names = {}
    for year, unit in pairs:
        in_force = [row for row in history.get(unit, ()) if row.from_year <= year]
        if in_force:
            names[(year, unit)] = in_force[-1]
    return names
