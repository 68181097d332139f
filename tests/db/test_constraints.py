"""The database itself refuses what would corrupt history, on both backends."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from db.models import Bloc, LeadershipRole, LeadershipTerm, Membership, Province, Unit


def _province_bloc_unit(session):
    province = Province(code="T1", name="Tỉnh thử")
    session.add(province)
    session.flush()
    bloc = Bloc(province_id=province.id, name="Khối thử")
    unit = Unit(province_id=province.id)
    session.add_all([bloc, unit])
    session.flush()
    return province, bloc, unit


def test_a_unit_sits_in_one_bloc_per_year(session):
    _, bloc, unit = _province_bloc_unit(session)
    session.add(Membership(bloc_id=bloc.id, unit_id=unit.id, year=2020))
    session.flush()
    session.add(Membership(bloc_id=bloc.id, unit_id=unit.id, year=2020))
    with pytest.raises(IntegrityError):
        session.flush()


def test_one_chair_per_bloc_year(session):
    _, bloc, unit = _province_bloc_unit(session)
    term = dict(bloc_id=bloc.id, unit_id=unit.id, year=2020, role=LeadershipRole.CHAIR)
    session.add(LeadershipTerm(**term))
    session.flush()
    session.add(LeadershipTerm(**term))
    with pytest.raises(IntegrityError):
        session.flush()


def test_foreign_keys_are_enforced(session):
    session.add(Membership(bloc_id=999_999, unit_id=999_999, year=2020))
    with pytest.raises(IntegrityError):
        session.flush()


def test_unknown_enum_value_is_refused_by_the_database(session):
    province, _, _ = _province_bloc_unit(session)
    with pytest.raises((IntegrityError, StatementError)):
        session.execute(
            sa.text("INSERT INTO bloc (province_id, name, kind) VALUES (:p, 'X', 'nonsense')"), {"p": province.id}
        )
