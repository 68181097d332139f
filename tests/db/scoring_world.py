"""A small scoring world for the scoring tests: one province, two blocs, a covenant, one principal per kind."""

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from db.models import Bloc, CriterionKind, Province, Role, Score, ScoreEvent, ScoreSheet, User, UserScope
from services.access.sessions import Principal
from services.registry.membership import set_membership
from services.registry.units import create_unit
from services.scoring.covenants import CriterionLine, CriterionRow, create_covenant, criteria, replace_criteria

YEAR = 2026
ROWS = [
    CriterionRow("I. Chuyên môn", "Hoàn thành nhiệm vụ", CriterionKind.NORMAL, Decimal(10)),
    CriterionRow("I. Chuyên môn", "Cải cách hành chính", CriterionKind.NORMAL, Decimal(20)),
    CriterionRow("II. Cộng, trừ", "Sáng kiến được công nhận", CriterionKind.BONUS, Decimal(5)),
    CriterionRow("II. Cộng, trừ", "Chậm nộp báo cáo", CriterionKind.DEDUCTION, Decimal(3)),
]


@dataclass
class World:
    bloc: Bloc
    other_bloc: Bloc
    units: dict[str, int]  # "A1", "A2", "A3" in the bloc; "B1" in the other bloc; "X" in none
    covenant_id: int
    lines: list[CriterionLine]
    people: dict[str, Principal]

    @property
    def normal(self) -> CriterionLine:
        return self.lines[0]

    @property
    def big(self) -> CriterionLine:
        return self.lines[1]

    @property
    def bonus(self) -> CriterionLine:
        return self.lines[2]

    @property
    def deduction(self) -> CriterionLine:
        return self.lines[3]


def _user(session: Session, username: str, role: Role, *, unit_id=None, bloc_id=None) -> Principal:
    user = User(username=username, full_name=username, password_hash="-", role=role, unit_id=unit_id)
    session.add(user)
    session.flush()
    if bloc_id is not None:
        session.add(UserScope(user_id=user.id, bloc_id=bloc_id))
        session.flush()
    return Principal(
        session_id=f"s-{username}",
        role=role,
        display_name=username,
        user_id=user.id,
        username=username,
        unit_id=unit_id,
    )


def build_world(session: Session) -> World:
    province = Province(code="TS", name="Tỉnh thử")
    session.add(province)
    session.flush()
    bloc, other = Bloc(province_id=province.id, name="Khối A"), Bloc(province_id=province.id, name="Khối B")
    session.add_all([bloc, other])
    session.flush()
    units = {}
    for short, target in (("A1", bloc), ("A2", bloc), ("A3", bloc), ("B1", other), ("X", None)):
        unit = create_unit(
            session=session, province_id=province.id, name=f"Đơn vị {short}", short_name=short, from_year=2015
        )
        units[short] = unit.id
        if target is not None:
            set_membership(session=session, unit_id=unit.id, bloc_id=target.id, year=YEAR)
    people = {
        "admin": _user(session, "admin1", Role.ADMIN),
        "secretary": _user(session, "thuky1", Role.SECRETARY, bloc_id=bloc.id),
        "other_secretary": _user(session, "thuky2", Role.SECRETARY, bloc_id=other.id),
        "leader": _user(session, "lanhdao1", Role.LEADER, bloc_id=bloc.id),
        "unit": _user(session, "donvi-a1", Role.DELEGATE, unit_id=units["A1"]),
        "other_unit": _user(session, "donvi-a2", Role.DELEGATE, unit_id=units["A2"]),
    }
    people["code"] = Principal(session_id="s-code", role=Role.DELEGATE, display_name="A1", unit_id=units["A1"])
    covenant = create_covenant(session=session, principal=people["admin"], bloc_id=bloc.id, year=YEAR, title="GU 2026")
    replace_criteria(session=session, principal=people["admin"], covenant_id=covenant.id, title="GU 2026", rows=ROWS)
    lines = criteria(session, covenant_id=covenant.id)
    return World(bloc, other, units, covenant.id, lines, people)


def snapshot(session: Session, covenant_id: int) -> tuple:
    """Everything a write could change: scores, sheet states and reasons, history length."""
    session.expire_all()
    scores = session.exec(
        select(ScoreSheet.unit_id, Score.criterion_id, Score.self_score, Score.verified_score, Score.evidence_note)
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .where(ScoreSheet.covenant_id == covenant_id)
        .order_by(ScoreSheet.unit_id, Score.criterion_id)
    ).all()
    sheets = session.exec(
        select(ScoreSheet.unit_id, ScoreSheet.state, ScoreSheet.return_reason)
        .where(ScoreSheet.covenant_id == covenant_id)
        .order_by(ScoreSheet.unit_id)
    ).all()
    events = len(session.exec(select(ScoreEvent.id)).all())
    return tuple(map(tuple, scores)), tuple(map(tuple, sheets)), events
