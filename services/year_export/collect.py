"""Everything a database holds about one year (optionally one province), as plain data.

Rounds, ballots and the audit log come from voting_records.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from db.models import (
    ArchivedYear,
    Award,
    Bloc,
    Covenant,
    LeadershipTerm,
    Membership,
    Province,
    Score,
    ScoreSheet,
    Unit,
    UnitName,
)
from db.models.voting import VotingRound
from services.registry.units import names_in_year
from services.scoring.covenants import criteria
from services.scoring.queries import unit_totals
from services.voting.audit import verify_chain
from services.year_export.voting_records import audit_events, round_record, when

FORMAT = "thidua.year-export"
VERSION = 1


def _points(value) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(Decimal("0.01")))


def collect_year(session: Session, *, year: int, province_id: int | None = None, at: datetime) -> dict[str, Any]:
    provinces = [p for p in session.exec(select(Province).order_by(Province.name)) if province_id in (None, p.id)]
    province_ids = [p.id for p in provinces]
    blocs = session.exec(select(Bloc).where(Bloc.province_id.in_(province_ids)).order_by(Bloc.name)).all()
    bloc_ids = [b.id for b in blocs]
    units = session.exec(select(Unit).where(Unit.province_id.in_(province_ids)).order_by(Unit.id)).all()
    names = names_in_year(session, year=year, unit_ids=[u.id for u in units])
    rounds_query = select(VotingRound).where(VotingRound.bloc_id.in_(bloc_ids), VotingRound.year == year)
    rounds = session.exec(rounds_query.order_by(VotingRound.id)).all()
    chain = verify_chain(session)
    return {
        "format": FORMAT,
        "version": VERSION,
        "year": year,
        "province": provinces[0].code if province_id is not None and provinces else None,
        "exported_at": when(at),
        "provinces": [{"id": p.id, "code": p.code, "name": p.name} for p in provinces],
        "blocs": _blocs(session, blocs, year),
        "units": [_unit(u, names.get(u.id), session) for u in units],
        "memberships": _memberships(session, bloc_ids, year),
        "leaders": _leaders(session, bloc_ids, year),
        "covenants": _covenants(session, bloc_ids, year),
        "awards": _awards(session, year, [u.id for u in units]),
        "rounds": [round_record(session, r) for r in rounds],
        "audit": {
            "events": audit_events(session, [r.id for r in rounds]),
            "chain": {"intact": chain.intact, "events": chain.events, "digest": chain.digest},
        },
    }


def _blocs(session: Session, blocs: list[Bloc], year: int) -> list[dict[str, Any]]:
    archived = set(session.exec(select(ArchivedYear.bloc_id).where(ArchivedYear.year == year)))
    return [
        {"id": b.id, "province_id": b.province_id, "name": b.name, "kind": b.kind.value, "archived": b.id in archived}
        for b in blocs
    ]


def _memberships(session: Session, bloc_ids: list[int], year: int) -> list[dict[str, Any]]:
    query = select(Membership).where(Membership.bloc_id.in_(bloc_ids), Membership.year == year)
    rows = session.exec(query.order_by(Membership.bloc_id, Membership.unit_id))
    return [{"bloc_id": m.bloc_id, "unit_id": m.unit_id} for m in rows]


def _leaders(session: Session, bloc_ids: list[int], year: int) -> list[dict[str, Any]]:
    """This year's chair and deputy, and next year's (elected at this year's conference)."""
    query = select(LeadershipTerm).where(
        LeadershipTerm.bloc_id.in_(bloc_ids), LeadershipTerm.year.in_([year, year + 1])
    )
    rows = session.exec(query.order_by(LeadershipTerm.bloc_id, LeadershipTerm.year, LeadershipTerm.role))
    return [{"bloc_id": t.bloc_id, "year": t.year, "role": t.role.value, "unit_id": t.unit_id} for t in rows]


def _unit(unit: Unit, name: UnitName | None, session: Session) -> dict[str, Any]:
    if name is None:  # named only from a later year on: its first name
        name = session.exec(select(UnitName).where(UnitName.unit_id == unit.id).order_by(UnitName.from_year)).first()
    return {
        "id": unit.id,
        "province_id": unit.province_id,
        "name": name.name if name else "",
        "short_name": name.short_name if name else "",
        "merged_into_id": unit.merged_into_id,
    }


def _covenants(session: Session, bloc_ids: list[int], year: int) -> list[dict[str, Any]]:
    query = select(Covenant).where(Covenant.bloc_id.in_(bloc_ids), Covenant.year == year).order_by(Covenant.bloc_id)
    return [_covenant(session, covenant) for covenant in session.exec(query)]


def _covenant(session: Session, covenant: Covenant) -> dict[str, Any]:
    sheets = select(ScoreSheet.unit_id, ScoreSheet.return_reason).where(ScoreSheet.covenant_id == covenant.id)
    reasons = {unit_id: reason for unit_id, reason in session.exec(sheets)}
    scores = session.exec(
        select(ScoreSheet.unit_id, Score)
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .where(ScoreSheet.covenant_id == covenant.id)
        .order_by(ScoreSheet.unit_id, Score.criterion_id)
    ).all()
    lines = criteria(session, covenant_id=covenant.id)
    return {
        "id": covenant.id,
        "bloc_id": covenant.bloc_id,
        "title": covenant.title,
        "criteria": [
            {
                "id": c.id,
                "code": c.code,
                "group": c.group,
                "name": c.name,
                "kind": c.kind.value,
                "max_points": _points(c.max_points),
            }
            for c in lines
        ],
        "sheets": [
            {
                "unit_id": t.unit_id,
                "state": t.state.value,
                "rank": t.rank,
                "self_total": _points(t.self_total),
                "verified_total": _points(t.verified_total),
                "return_reason": reasons.get(t.unit_id),
            }
            for t in unit_totals(session, covenant=covenant)
        ],
        "scores": [
            {
                "unit_id": unit_id,
                "criterion_id": s.criterion_id,
                "self": _points(s.self_score),
                "verified": _points(s.verified_score),
                "note": s.evidence_note,
            }
            for unit_id, s in scores
        ],
    }


def _awards(session: Session, year: int, unit_ids: list[int]) -> list[dict[str, Any]]:
    query = select(Award).where(Award.year == year, Award.unit_id.in_(unit_ids)).order_by(Award.id)
    return [
        {"id": a.id, "kind": a.kind.value, "status": a.status.value, "unit_id": a.unit_id, "bloc_id": a.bloc_id,
         "person_name": a.person_name, "decision_ref": a.decision_ref,
         "decision_date": a.decision_date.isoformat() if a.decision_date else None,
         "status_reason": a.status_reason, "council_round_id": a.council_round_id, "note": a.note}
        for a in session.exec(query)
    ]  # fmt: skip


def row_count(data: dict[str, Any]) -> int:
    """How many records the bundle holds (for the command's summary line)."""
    nested = sum(len(c["scores"]) for c in data["covenants"]) + sum(len(r["ballots"] or []) for r in data["rounds"])
    nested += sum(len(r["person_check_ins"]) for r in data["rounds"])
    flat = ("blocs", "units", "memberships", "leaders", "awards", "rounds")
    return nested + sum(len(data[key]) for key in flat) + len(data["audit"]["events"])
