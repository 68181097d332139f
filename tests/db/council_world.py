"""A province with two blocs' proposals and a council of nine, built through the services.

Tỉnh thử (T): blocs A and B of 6 units each; proposals for the provincial flag in 2026:
A proposes units a0 and a1, B proposes b0 and a1 again (a unit proposed twice is one line),
plus distractors that are not candidates (a certificate of merit, a person's award, an
approved flag, a 2025 flag, another province's flag). The council has nine active members
with positions, one disabled member; another province (Tỉnh khác) has its own council member.
"""

from dataclasses import dataclass

from sqlmodel import Session

from db.models import Award, AwardKind, AwardStatus, Role, User, UserScope
from services.province.council import council_of
from services.registry.membership import set_membership
from services.registry.places import save_bloc, save_province
from services.registry.units import create_unit

YEAR = 2026


@dataclass(frozen=True)
class CouncilWorld:
    province_id: int
    council_id: int
    blocs: tuple[int, int]
    units: dict[str, int]  # "a0".."a5", "b0".."b5", "x0" (another province)
    candidates: tuple[int, ...]  # the flag's proposed units, in proposal order
    members: tuple[int, ...]  # the nine active council members' account ids
    disabled: int
    delegate: int  # a delegate of unit a0
    foreign_member: int  # a member of the other province's council
    other_council_id: int


def _person(session: Session, username: str, name: str, role: Role, *, bloc_id: int | None = None,
            position: str | None = None, unit_id: int | None = None, active: bool = True) -> int:  # fmt: skip
    user = User(
        username=username,
        full_name=name,
        position=position,
        password_hash="!",
        role=role,
        unit_id=unit_id,
        is_active=active,
    )
    session.add(user)
    session.flush()
    if bloc_id is not None:
        session.add(UserScope(user_id=user.id, bloc_id=bloc_id))
        session.flush()
    return user.id


def build_council_world(session: Session, *, members: int = 9) -> CouncilWorld:
    province = save_province(session=session, code="TT", name="Tỉnh thử")
    other = save_province(session=session, code="TK", name="Tỉnh khác")
    blocs = [save_bloc(session=session, province_id=province.id, name=f"Khối {x}", kind="bloc") for x in "AB"]
    units = {}
    for letter, bloc in zip("ab", blocs, strict=True):
        for i in range(6):
            unit = create_unit(
                session=session,
                province_id=province.id,
                name=f"Đơn vị {letter.upper()}{i}",
                short_name="",
                from_year=2020,
            )
            set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=YEAR)
            units[f"{letter}{i}"] = unit.id
    units["x0"] = create_unit(session=session, province_id=other.id, name="Đơn vị X0", short_name="",
                              from_year=2020).id  # fmt: skip

    def award(unit: str, bloc, kind=AwardKind.PROVINCIAL_FLAG, status=AwardStatus.PROPOSED, year=YEAR, **extra):
        session.add(
            Award(year=year, kind=kind, status=status, unit_id=units[unit], bloc_id=bloc.id if bloc else None, **extra)
        )

    a, b = blocs
    award("a0", a)
    award("a1", a)
    award("b0", b)
    award("a1", b)  # proposed by both blocs: one line
    award("a2", a, kind=AwardKind.CERTIFICATE_OF_MERIT)
    award("a3", a, person_name="Nguyễn Văn Thử")
    award("a4", a, status=AwardStatus.APPROVED)
    award("a5", a, year=YEAR - 1)
    award("x0", None)
    session.flush()
    council = council_of(session, province.id, create=True)
    other_council = council_of(session, other.id, create=True)
    member_ids = tuple(
        _person(
            session,
            f"hd{i}",
            f"Thành viên {i} (minh họa)",
            Role.COUNCIL_MEMBER,
            bloc_id=council.id,
            position=f"Chức vụ {i}",
        )
        for i in range(1, members + 1)
    )
    return CouncilWorld(
        province_id=province.id,
        council_id=council.id,
        blocs=(a.id, b.id),
        units=units,
        candidates=(units["a0"], units["a1"], units["b0"]),
        members=member_ids,
        disabled=_person(
            session,
            "hd_off",
            "Thành viên nghỉ",
            Role.COUNCIL_MEMBER,
            bloc_id=council.id,
            position="Đã nghỉ",
            active=False,
        ),
        delegate=_person(session, "db_a0", "Đại biểu A0", Role.DELEGATE, unit_id=units["a0"]),
        foreign_member=_person(
            session,
            "hd_khac",
            "Thành viên tỉnh khác",
            Role.COUNCIL_MEMBER,
            bloc_id=other_council.id,
            position="Ủy viên",
        ),
        other_council_id=other_council.id,
    )
