"""The province's stage fits the migrated schema on both backends: the new roles, a
council as a voting body, a not-approved award, and one person-ballot per member."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from db.models import (
    Award,
    AwardKind,
    AwardStatus,
    Bloc,
    BlocKind,
    PersonParticipation,
    Province,
    Role,
    Unit,
    User,
    VotingRound,
)


def _province(session):
    province = Province(code="T9", name="Tỉnh thử chín")
    session.add(province)
    session.flush()
    return province


def test_new_roles_council_and_decision_fields_are_stored(session):
    province = _province(session)
    council = Bloc(province_id=province.id, name="Hội đồng TĐKT tỉnh", kind=BlocKind.COUNCIL)
    unit = Unit(province_id=province.id)
    officer = User(username="snv", full_name="Cán bộ Sở Nội vụ", password_hash="x", role=Role.PROVINCE_OFFICER)
    member = User(
        username="hd1", full_name="Ủy viên", password_hash="x", role=Role.COUNCIL_MEMBER, position="Giám đốc Sở"
    )
    session.add_all([council, unit, officer, member])
    session.flush()
    award = Award(year=2025, kind=AwardKind.PROVINCIAL_FLAG, unit_id=unit.id, status=AwardStatus.NOT_APPROVED)
    session.add(award)
    session.flush()
    session.expire_all()
    assert session.get(User, member.id).role == Role.COUNCIL_MEMBER
    assert session.get(Bloc, council.id).kind == BlocKind.COUNCIL
    assert session.get(Award, award.id).status == AwardStatus.NOT_APPROVED


def test_a_role_outside_the_list_is_still_refused_by_the_database(session):
    session.add(User(username="x", full_name="X", password_hash="x", role=Role.LEADER))
    session.flush()
    with pytest.raises(IntegrityError):
        session.execute(sa.text("UPDATE app_user SET role = 'emperor' WHERE username = 'x'"))
        session.flush()


def test_a_council_member_votes_once_per_round(session):
    province = _province(session)
    council = Bloc(province_id=province.id, name="Hội đồng", kind=BlocKind.COUNCIL)
    member = User(username="hd2", full_name="Ủy viên", password_hash="x", role=Role.COUNCIL_MEMBER)
    session.add_all([council, member])
    session.flush()
    voting_round = VotingRound(
        bloc_id=council.id, year=2025, kind="custom", title="t", settings_json="{}", draw_seed="s"
    )
    session.add(voting_round)
    session.flush()
    session.add(PersonParticipation(round_id=voting_round.id, user_id=member.id))
    session.flush()
    session.add(PersonParticipation(round_id=voting_round.id, user_id=member.id))
    with pytest.raises(IntegrityError):
        session.flush()
