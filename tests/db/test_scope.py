"""Scope: who sees which blocs, on the demo data (Lai Châu secretary and leader)."""

from sqlmodel import select

from db.models import Bloc, Province, User
from services.access.scope import visible_bloc_ids
from services.access.sessions import principal_for_user


def principal(session, username):
    user = session.exec(select(User).where(User.username == username)).one()
    return principal_for_user(user=user, session_id="test")


def bloc_names(session, ids):
    rows = session.exec(select(Bloc, Province).join(Province).where(Bloc.id.in_(ids))).all()
    return sorted(f"{p.name} · {b.name}" for b, p in rows)


def test_admin_sees_every_bloc(demo_session):
    assert len(visible_bloc_ids(demo_session, principal=principal(demo_session, "quantri"))) == 4


def test_secretary_sees_only_the_blocs_in_scope(demo_session):
    ids = visible_bloc_ids(demo_session, principal=principal(demo_session, "thuky"))
    assert bloc_names(demo_session, ids) == ["Lai Châu · Khối Văn hóa – Xã hội"]


def test_leader_sees_every_bloc_of_the_province(demo_session):
    ids = visible_bloc_ids(demo_session, principal=principal(demo_session, "lanhdao"))
    assert bloc_names(demo_session, ids) == ["Lai Châu · Khối Kinh tế – Tổng hợp", "Lai Châu · Khối Văn hóa – Xã hội"]


def test_a_unit_account_sees_its_own_bloc(demo_session):
    ids = visible_bloc_ids(demo_session, principal=principal(demo_session, "daibieu"), year=2026)
    assert bloc_names(demo_session, ids) == ["Lai Châu · Khối Văn hóa – Xã hội"]
