"""Dashboard 3: one unit over the years. Total and rank, criteria groups, awards, chair terms."""

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from db.models import (
    Award,
    Bloc,
    Covenant,
    CriteriaGroup,
    Criterion,
    LeadershipTerm,
    Membership,
    Score,
    ScoreSheet,
    Unit,
    UnitName,
)
from services.dashboards.totals import (
    VERIFIED_STATES,
    as_float,
    competition_ranks,
    names_by_year,
    points,
    sheet_totals,
)

YEAR_COLUMNS = ["year", "bloc_id", "bloc", "unit", "state", "verified", "self", "gap", "rank", "members"]
GROUP_COLUMNS = ["year", "bloc_id", "position", "group", "verified", "self"]
# decision_date and status_reason: a decided award's date, a not-approved proposal's reason (the council's result).
AWARD_COLUMNS = [
    "year",
    "kind",
    "status",
    "person_name",
    "bloc_id",
    "bloc",
    "decision_ref",
    "decision_date",
    "status_reason",
]
TERM_COLUMNS = ["year", "role", "bloc_id", "bloc"]


@dataclass(frozen=True)
class UnitProfile:
    unit_id: int
    years: pd.DataFrame  # YEAR_COLUMNS, one row per year the unit was a member of a bloc
    groups: pd.DataFrame  # GROUP_COLUMNS: verified/self points per criteria group and year
    awards: pd.DataFrame  # AWARD_COLUMNS: flags, Bằng khen, individual titles (person_name set)
    terms: pd.DataFrame  # TERM_COLUMNS: years as chair or deputy
    # Mergers (e.g. the 2025 reorganisation): the unit this one was merged into, by its
    # latest name, and the profiles of the units merged into this one: their history.
    successor_id: int | None = None
    successor_name: str | None = None
    absorbed: tuple["UnitProfile", ...] = ()


def _bloc_years(session: Session, unit_id: int) -> list[tuple[int, int, int | None]]:
    """(year, bloc_id, covenant_id) for each year the unit sat in a bloc."""
    query = (
        select(Membership.year, Membership.bloc_id, Covenant.id)
        .outerjoin(Covenant, sa.and_(Covenant.bloc_id == Membership.bloc_id, Covenant.year == Membership.year))
        .where(Membership.unit_id == unit_id)
        .order_by(Membership.year)
    )
    return list(session.exec(query))


def _fellow_members(session: Session, unit_id: int) -> set[tuple[int, int, int]]:
    """(bloc_id, year, unit_id) of every member of the unit's bloc-years: who it was ranked against."""
    mine, other = aliased(Membership), aliased(Membership)
    query = (
        select(other.bloc_id, other.year, other.unit_id)
        .join(mine, sa.and_(mine.bloc_id == other.bloc_id, mine.year == other.year))
        .where(mine.unit_id == unit_id)
    )
    return set(session.exec(query))


def _year_rows(session: Session, unit_id: int, bloc_years, bloc_names: dict[int, str]) -> list[dict]:
    totals = sheet_totals(session, covenant_ids=[c for _, _, c in bloc_years if c is not None])
    fellows = _fellow_members(session, unit_id)
    names = names_by_year(session, pairs={(year, unit_id) for year, _, _ in bloc_years})
    rows = []
    for year, bloc_id, covenant in bloc_years:
        in_bloc = {u for b, y, u in fellows if (b, y) == (bloc_id, year)}
        sheets = {s.unit_id: s for s in totals if s.covenant_id == covenant and s.unit_id in in_bloc}
        ranks = competition_ranks({u: sheets[u].verified if u in sheets else None for u in in_bloc})
        own = sheets.get(unit_id)
        name = names.get((year, unit_id))
        rows.append(
            {
                "year": year,
                "bloc_id": bloc_id,
                "bloc": bloc_names.get(bloc_id, "?"),
                "unit": name.name if name else "?",
                "state": own.state.value if own else "draft",
                "verified": as_float(own.verified) if own else None,
                "self": as_float(own.self_total) if own else None,
                "gap": as_float(own.gap) if own else None,
                "rank": ranks.get(unit_id),
                "members": len(in_bloc),
            }
        )
    return rows


def _group_rows(session: Session, unit_id: int) -> list[dict]:
    query = (
        select(
            Covenant.year,
            Covenant.bloc_id,
            CriteriaGroup.position,
            CriteriaGroup.name,
            ScoreSheet.state,
            sa.func.sum(Score.verified_score),
            sa.func.sum(Score.self_score),
        )
        .select_from(ScoreSheet)
        .join(Covenant, ScoreSheet.covenant_id == Covenant.id)
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .join(Criterion, Score.criterion_id == Criterion.id)
        .join(CriteriaGroup, Criterion.group_id == CriteriaGroup.id)
        .where(ScoreSheet.unit_id == unit_id)
        .group_by(
            Covenant.year,
            Covenant.bloc_id,
            CriteriaGroup.id,
            CriteriaGroup.position,
            CriteriaGroup.name,
            ScoreSheet.state,
        )
        .order_by(Covenant.year, CriteriaGroup.position)
    )
    return [
        {
            "year": year,
            "bloc_id": bloc,
            "position": position,
            "group": name,
            "verified": as_float(points(verified)) if state in VERIFIED_STATES else None,
            "self": as_float(points(own)),
        }
        for year, bloc, position, name, state, verified, own in session.exec(query)
    ]


def _latest_name(session: Session, unit_id: int) -> str | None:
    query = select(UnitName.name).where(UnitName.unit_id == unit_id).order_by(UnitName.from_year.desc()).limit(1)
    return session.exec(query).first()


def unit_profile(session: Session, *, unit_id: int, _seen: frozenset[int] = frozenset()) -> UnitProfile:
    bloc_names = {b.id: b.name for b in session.exec(select(Bloc))}
    bloc_years = _bloc_years(session, unit_id)
    awards = session.exec(select(Award).where(Award.unit_id == unit_id).order_by(Award.year.desc(), Award.kind))
    terms = session.exec(select(LeadershipTerm).where(LeadershipTerm.unit_id == unit_id).order_by(LeadershipTerm.year))
    award_rows = [
        [
            a.year,
            a.kind.value,
            a.status.value,
            a.person_name or "",
            a.bloc_id,
            bloc_names.get(a.bloc_id, ""),
            a.decision_ref or "",
            a.decision_date,
            a.status_reason or "",
        ]
        for a in awards
    ]
    term_rows = [[t.year, t.role.value, t.bloc_id, bloc_names.get(t.bloc_id, "?")] for t in terms]
    years = pd.DataFrame(_year_rows(session, unit_id, bloc_years, bloc_names), columns=YEAR_COLUMNS)
    years["rank"] = years["rank"].astype("Int64")
    award_frame = pd.DataFrame(award_rows, columns=AWARD_COLUMNS)
    award_frame["bloc_id"] = award_frame["bloc_id"].astype("Int64")
    unit = session.get(Unit, unit_id)
    successor = unit.merged_into_id if unit else None
    seen = _seen | {unit_id}
    absorbed_ids = session.exec(select(Unit.id).where(Unit.merged_into_id == unit_id).order_by(Unit.id))
    return UnitProfile(
        unit_id=unit_id,
        years=years,
        groups=pd.DataFrame(_group_rows(session, unit_id), columns=GROUP_COLUMNS),
        awards=award_frame,
        terms=pd.DataFrame(term_rows, columns=TERM_COLUMNS),
        successor_id=successor,
        successor_name=_latest_name(session, successor) if successor else None,
        absorbed=tuple(unit_profile(session, unit_id=a, _seen=seen) for a in absorbed_ids if a not in seen),
    )
