"""Scope: who sees which blocs, on the demo data (Lai Châu secretary and leader)."""

from sqlmodel import select

from db.models import Bloc, BlocKind, Province, User
from services.access.scope import visible_bloc_ids
from services.access.sessions import principal_for_user


def principal(session, username):
    user = session.exec(select(User).where(User.username == username)).one()
    return principal_for_user(user=user, session_id="test")


def bloc_names(session, ids):
    rows = session.exec(select(Bloc, Province).join(Province).where(Bloc.id.in_(ids))).all()
    return sorted(f"{p.name} · {b.name}" for b, p in rows)


def test_admin_sees_every_bloc(demo_session):
    # The four blocs and the two provinces' councils (voting bodies whose rounds admins run).
    visible = visible_bloc_ids(demo_session, principal=principal(demo_session, "quantri"))
    kinds = [demo_session.get(Bloc, bloc_id).kind for bloc_id in visible]
    assert (len(visible), kinds.count(BlocKind.COUNCIL)) == (6, 2)


def test_secretary_sees_only_the_blocs_in_scope(demo_session):
    ids = visible_bloc_ids(demo_session, principal=principal(demo_session, "thuky"))
    assert bloc_names(demo_session, ids) == ["Lai Châu · Khối Văn hóa – Xã hội"]


def test_leader_sees_every_bloc_of_the_province(demo_session):
    ids = visible_bloc_ids(demo_session, principal=principal(demo_session, "lanhdao"))
    # and the province's council (its published results are the province's, on the projector);
    # the dashboards' pickers leave the council out (tests/app/test_province_accounts.py).
    assert bloc_names(demo_session, ids) == [
        "Lai Châu · Hội đồng Thi đua – Khen thưởng tỉnh Lai Châu",
        "Lai Châu · Khối Kinh tế – Tổng hợp",
        "Lai Châu · Khối Văn hóa – Xã hội",
    ]


def test_a_unit_account_sees_its_own_bloc(demo_session):
    ids = visible_bloc_ids(demo_session, principal=principal(demo_session, "daibieu"), year=2026)
    assert bloc_names(demo_session, ids) == ["Lai Châu · Khối Văn hóa – Xã hội"]
