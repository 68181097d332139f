"""A province's year for the proposals tests: two provinces, blocs with scores, and award
rounds run through the services (created, checked in, voted, closed and published), so the
proposals are the ones a published round makes. Each test adds the odd proposal by hand."""

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlmodel import Session

from db.models import (
    Award,
    AwardKind,
    AwardStatus,
    Bloc,
    Covenant,
    CriteriaGroup,
    Criterion,
    Province,
    Role,
    Score,
    ScoreSheet,
    SheetState,
    User,
    UserScope,
)
from services.access.sessions import Principal
from services.clock import now
from services.registry.membership import set_membership
from services.registry.units import create_unit
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark

YEAR = 2026


@dataclass
class ProvinceWorld:
    province_a: int
    province_b: int
    bloc_1: int  # province A, five units U1..U5
    bloc_2: int  # province A, four units V1..V4
    bloc_b: int  # province B, three units W1..W3
    units: dict[str, int]
    rounds: dict[str, int]
    admin: Principal
    officer_a: Principal
    officer_b: Principal
    leader_a: Principal


def principal(session: Session, username: str, role: Role, *, province_id: int | None = None) -> Principal:
    user = User(username=username, full_name=username, password_hash="-", role=role)
    session.add(user)
    session.flush()
    if province_id is not None:
        session.add(UserScope(user_id=user.id, province_id=province_id))
        session.flush()
    return Principal(session_id=f"s-{username}", role=role, display_name=username, user_id=user.id, username=username)


def scores(session: Session, bloc_id: int, verified: dict[int, tuple[str, SheetState]]) -> None:
    """One criterion of 100 points; each unit's sheet with that verified score and state."""
    covenant = Covenant(bloc_id=bloc_id, year=YEAR, title=f"Giao ước {YEAR}")
    session.add(covenant)
    session.flush()
    group = CriteriaGroup(covenant_id=covenant.id, name="I")
    session.add(group)
    session.flush()
    criterion = Criterion(group_id=group.id, name="Hoàn thành nhiệm vụ", max_points=Decimal(100))
    session.add(criterion)
    session.flush()
    for unit_id, (points, state) in verified.items():
        sheet = ScoreSheet(unit_id=unit_id, covenant_id=covenant.id, state=state)
        session.add(sheet)
        session.flush()
        session.add(Score(sheet_id=sheet.id, criterion_id=criterion.id, self_score=Decimal(points),
                          verified_score=Decimal(points)))  # fmt: skip
    session.flush()


def run_round(session: Session, bloc_id: int, units: list[int], kind: RoundKind, seats: int, elect: list[int]) -> int:
    """A published round in which every member votes for `elect` (never for itself: a unit in
    `elect` votes for the others and the first non-elected unit instead)."""
    settings = replace(PRESETS[kind], seats=seats)
    round_ = create_round(session, bloc_id=bloc_id, year=YEAR, title=f"{kind.value} {YEAR}", settings=settings,
                          at=now(), chosen=units)  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    open_round(session, round_id=round_.id, at=now())
    spare = next(u for u in units if u not in elect)
    for voter in units:
        marks = [u for u in elect if u != voter] + ([spare] if voter in elect else [])
        cast_ballot(session, round_id=round_.id, unit_id=voter, at=now(),
                    choice=Choice(marks=tuple((u, Mark.AGREE) for u in marks)))  # fmt: skip
    close_round(session, round_id=round_.id, at=now())
    publish_round(session, round_id=round_.id, at=now())
    return round_.id


def add_award(session: Session, world: ProvinceWorld, unit: str, kind: AwardKind, bloc_id: int,
              status: AwardStatus = AwardStatus.PROPOSED) -> int:  # fmt: skip
    """A proposal entered by hand (no round of its own)."""
    award = Award(year=YEAR, kind=kind, status=status, unit_id=world.units[unit], bloc_id=bloc_id)
    session.add(award)
    session.flush()
    return award.id


def build_province_world(session: Session) -> ProvinceWorld:
    province_a, province_b = Province(code="TA", name="Tỉnh A"), Province(code="TB", name="Tỉnh B")
    session.add_all([province_a, province_b])
    session.flush()
    bloc_1 = Bloc(province_id=province_a.id, name="Khối Kinh tế")
    bloc_2 = Bloc(province_id=province_a.id, name="Khối Văn hóa")
    bloc_b = Bloc(province_id=province_b.id, name="Khối Nội chính")
    session.add_all([bloc_1, bloc_2, bloc_b])
    session.flush()
    units: dict[str, int] = {}
    layout = [(bloc_1, province_a, "U", 5), (bloc_2, province_a, "V", 4), (bloc_b, province_b, "W", 3)]
    for bloc, province, letter, count in layout:
        for i in range(1, count + 1):
            unit = create_unit(session=session, province_id=province.id, name=f"Sở {letter}{i}",
                               short_name=f"{letter}{i}", from_year=2015)  # fmt: skip
            set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=YEAR)
            units[f"{letter}{i}"] = unit.id
    locked, verified = SheetState.LOCKED, SheetState.VERIFIED
    # Bloc 1: U1 95 (rank 1), U2 90, U3 90 (both rank 2), U4 80, U5 70; U2's sheet only verified.
    sheet_1 = {"U1": ("95", locked), "U2": ("90", verified), "U3": ("90", locked), "U4": ("80", locked)}
    sheet_1["U5"] = ("70", locked)
    scores(session, bloc_1.id, {units[u]: sheet for u, sheet in sheet_1.items()})
    # Bloc 2: V4 has no sheet at all.
    scores(session, bloc_2.id, {units["V1"]: ("88", locked), units["V2"]: ("86", locked), units["V3"]: ("60", locked)})
    scores(session, bloc_b.id, {units[f"W{i}"]: ("50", locked) for i in range(1, 4)})
    members_1 = [units[f"U{i}"] for i in range(1, 6)]
    members_2 = [units[f"V{i}"] for i in range(1, 5)]
    members_b = [units[f"W{i}"] for i in range(1, 4)]
    rounds = {
        # Bloc 1 proposes U1 for the provincial flag (1 seat) and U2, U3 for Bằng khen (2 seats).
        "flag_1": run_round(session, bloc_1.id, members_1, RoundKind.PROVINCIAL_FLAG, 1, [units["U1"]]),
        "merit_1": run_round(
            session, bloc_1.id, members_1, RoundKind.CERTIFICATE_OF_MERIT, 2, [units["U2"], units["U3"]]
        ),
        # Bloc 2 proposes V1 for the provincial flag.
        "flag_2": run_round(session, bloc_2.id, members_2, RoundKind.PROVINCIAL_FLAG, 1, [units["V1"]]),
        # Province B's bloc proposes W1: never to be seen from province A.
        "flag_b": run_round(session, bloc_b.id, members_b, RoundKind.PROVINCIAL_FLAG, 1, [units["W1"]]),
    }
    return ProvinceWorld(
        province_a=province_a.id,
        province_b=province_b.id,
        bloc_1=bloc_1.id,
        bloc_2=bloc_2.id,
        bloc_b=bloc_b.id,
        units=units,
        rounds=rounds,
        admin=principal(session, "admin-t", Role.ADMIN),
        officer_a=principal(session, "thuongtruc-a", Role.PROVINCE_OFFICER, province_id=province_a.id),
        officer_b=principal(session, "thuongtruc-b", Role.PROVINCE_OFFICER, province_id=province_b.id),
        leader_a=principal(session, "lanhdao-a", Role.LEADER, province_id=province_a.id),
    )
