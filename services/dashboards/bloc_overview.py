"""Dashboard 1: a bloc in a year. Ranking, chair and deputy, awards proposed."""

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Covenant, CriteriaGroup, Criterion, CriterionKind, LeadershipRole, LeadershipTerm, Membership
from services.dashboards.totals import as_float, competition_ranks, points, sheet_totals, unit_awards_of_blocs
from services.registry.units import names_in_year

RANKING_COLUMNS = ["rank", "unit_id", "unit", "short_name", "state", "verified", "self", "gap"]
AWARD_COLUMNS = ["unit_id", "unit", "kind", "status", "decision_ref", "decision_date", "status_reason"]


@dataclass(frozen=True)
class BlocYear:
    bloc_id: int
    year: int
    ranking: pd.DataFrame  # RANKING_COLUMNS, best first; unverified sheets last with rank/verified NaN
    chair: str | None
    deputy: str | None
    awards: pd.DataFrame  # AWARD_COLUMNS
    max_points: float | None  # the covenant's scale (sum of normal criteria), None without covenant


def covenant_id(session: Session, *, bloc_id: int, year: int) -> int | None:
    return session.exec(select(Covenant.id).where(Covenant.bloc_id == bloc_id, Covenant.year == year)).first()


def covenant_scale(session: Session, *, covenant: int | None) -> Decimal | None:
    if covenant is None:
        return None
    query = (
        select(sa.func.sum(Criterion.max_points))
        .join(CriteriaGroup, Criterion.group_id == CriteriaGroup.id)
        .where(CriteriaGroup.covenant_id == covenant, Criterion.kind == CriterionKind.NORMAL)
    )
    return session.exec(query).one()


def member_ids(session: Session, *, bloc_id: int, year: int) -> list[int]:
    query = select(Membership.unit_id).where(Membership.bloc_id == bloc_id, Membership.year == year)
    return list(session.exec(query))


def ranking(session: Session, *, bloc_id: int, year: int) -> pd.DataFrame:
    units = member_ids(session, bloc_id=bloc_id, year=year)
    names = names_in_year(session, year=year, unit_ids=units)
    covenant = covenant_id(session, bloc_id=bloc_id, year=year)
    sheets = {s.unit_id: s for s in sheet_totals(session, covenant_ids=[covenant] if covenant else [])}
    ranks = competition_ranks({u: sheets[u].verified if u in sheets else None for u in units})
    rows = []
    for unit in units:
        sheet = sheets.get(unit)
        rows.append(
            {
                "rank": ranks[unit],
                "unit_id": unit,
                "unit": names[unit].name if unit in names else "?",
                "short_name": names[unit].short_name if unit in names else "?",
                # No sheet at all reads like a draft: nothing verified yet.
                "state": sheet.state.value if sheet else "draft",
                "verified": as_float(sheet.verified) if sheet else None,
                "self": as_float(sheet.self_total) if sheet else None,
                "gap": as_float(sheet.gap) if sheet else None,
            }
        )
    frame = pd.DataFrame(rows, columns=RANKING_COLUMNS)
    frame["rank"] = frame["rank"].astype("Int64")
    for column in ("verified", "self", "gap"):
        frame[column] = frame[column].astype("float64")
    return frame.sort_values(["rank", "unit"], na_position="last", kind="stable").reset_index(drop=True)


def leaders(session: Session, *, bloc_id: int, year: int) -> dict[LeadershipRole, str]:
    terms = list(
        session.exec(select(LeadershipTerm).where(LeadershipTerm.bloc_id == bloc_id, LeadershipTerm.year == year))
    )
    names = names_in_year(session, year=year, unit_ids=[t.unit_id for t in terms])
    return {LeadershipRole(t.role): names[t.unit_id].name for t in terms if t.unit_id in names}


def awards(session: Session, *, bloc_id: int, year: int) -> pd.DataFrame:
    found = [a for _, a in unit_awards_of_blocs(session, bloc_ids=[bloc_id], years=[year])]
    names = names_in_year(session, year=year, unit_ids=[a.unit_id for a in found])
    rows = [
        {
            "unit_id": a.unit_id,
            "unit": names[a.unit_id].name if a.unit_id in names else "?",
            "kind": a.kind.value,
            "status": a.status.value,
            "decision_ref": a.decision_ref or "",
            "decision_date": a.decision_date,
            "status_reason": a.status_reason or "",
        }
        for a in sorted(found, key=lambda a: (a.kind.value != "provincial_flag", a.kind.value, a.unit_id))
    ]
    return pd.DataFrame(rows, columns=AWARD_COLUMNS)


def bloc_year(session: Session, *, bloc_id: int, year: int) -> BlocYear:
    chosen = leaders(session, bloc_id=bloc_id, year=year)
    scale = covenant_scale(session, covenant=covenant_id(session, bloc_id=bloc_id, year=year))
    return BlocYear(
        bloc_id=bloc_id,
        year=year,
        ranking=ranking(session, bloc_id=bloc_id, year=year),
        chair=chosen.get(LeadershipRole.CHAIR),
        deputy=chosen.get(LeadershipRole.DEPUTY),
        awards=awards(session, bloc_id=bloc_id, year=year),
        max_points=as_float(points(scale)),
    )
