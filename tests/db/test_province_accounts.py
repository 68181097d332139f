"""Accounts of the province's stage (standing office, council members) and the council body
kept out of every ordinary list, on SQLite and PostgreSQL."""

import pytest
from sqlmodel import func, select

from db.models import Bloc, BlocKind, Role, User, UserScope
from services.access import passwords
from services.access.accounts import AccountInput, create_user, province_of_account, scope_of, update_user
from services.access.scope import visible_bloc_ids
from services.access.sessions import principal_for_user
from services.dashboards import options
from services.errors import ValidationFailed
from services.overview import registry_counts
from services.province.council import council_members, council_of
from services.registry.places import list_blocs, save_bloc, save_province
from services.scoring.queries import bloc_choices

PASSWORD = "mat-khau-1"


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch):
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


@pytest.fixture()
def places(session):
    a = save_province(session=session, code="TA", name="Tỉnh A")
    b = save_province(session=session, code="TB", name="Tỉnh B")
    bloc = save_bloc(session=session, province_id=a.id, name="Khối Kinh tế", kind=BlocKind.BLOC)
    return a.id, b.id, bloc.id


def keys(error: ValidationFailed) -> list[tuple[str, str]]:
    return sorted((e.field, e.key) for e in error.errors)


def users(session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def member(username="tv1", province_ids=(), position="Phó Giám đốc Sở Nội vụ", **more) -> AccountInput:
    return AccountInput(username, "Nguyễn Văn An", Role.COUNCIL_MEMBER, province_ids=province_ids, position=position,
                        **more)  # fmt: skip


def test_an_officer_is_scoped_to_exactly_one_province(session, places):
    a, b, bloc = places
    officer = create_user(session=session, data=AccountInput("tt1", "Trần Thị Bình", Role.PROVINCE_OFFICER,
                                                             province_ids=(a,)), password=PASSWORD)  # fmt: skip
    assert scope_of(session, user_id=officer.id) == ((a,), ())
    assert province_of_account(session, user_id=officer.id) == a
    before = users(session)
    for scope in ({"province_ids": ()}, {"province_ids": (a, b)}, {"province_ids": (a,), "bloc_ids": (bloc,)}):
        data = AccountInput("tt2", "Lê Văn Cường", Role.PROVINCE_OFFICER, **scope)
        with pytest.raises(ValidationFailed) as refused:
            create_user(session=session, data=data, password=PASSWORD)
        assert keys(refused.value) == [("scope", "error.officer_one_province")]
    assert users(session) == before


def test_a_council_member_sits_on_the_council_of_the_chosen_province(session, places):
    a, _, _ = places
    assert council_of(session, a) is None
    first = create_user(session=session, data=member("tv1", (a,)), password=PASSWORD)
    second = create_user(session=session, data=member("tv2", (a,), position="Giám đốc Sở Tài chính"),
                         password=PASSWORD)  # fmt: skip
    council = council_of(session, a)
    assert council is not None and council.kind == BlocKind.COUNCIL
    assert [u.id for u in council_members(session, council.id)] == sorted([first.id, second.id])
    assert scope_of(session, user_id=first.id) == ((), (council.id,))
    assert province_of_account(session, user_id=first.id) == a
    assert (first.position, first.unit_id) == ("Phó Giám đốc Sở Nội vụ", None)
    # One council per province, whoever joins it.
    assert session.exec(select(func.count()).select_from(Bloc).where(Bloc.kind == BlocKind.COUNCIL)).one() == 1


def test_a_council_member_needs_a_position_and_one_province(session, places):
    a, b, bloc = places
    before = users(session)
    with pytest.raises(ValidationFailed) as refused:
        create_user(session=session, data=member(province_ids=(a,), position="  "), password=PASSWORD)
    assert keys(refused.value) == [("position", "error.required")]
    for scope in ({"province_ids": ()}, {"province_ids": (a, b)}, {"province_ids": (a,), "bloc_ids": (bloc,)}):
        with pytest.raises(ValidationFailed) as refused:
            create_user(session=session, data=member(**scope), password=PASSWORD)
        assert keys(refused.value) == [("scope", "error.member_one_province")]
    assert users(session) == before and council_of(session, a) is None


def test_editing_a_member_moves_the_person_between_councils_and_keeps_the_position(session, places):
    a, b, _ = places
    person = create_user(session=session, data=member("tv1", (a,)), password=PASSWORD)
    version = person.session_version
    update_user(session=session, user_id=person.id, data=member("tv1", (a,), position="Giám đốc Sở Nội vụ"))
    assert person.position == "Giám đốc Sở Nội vụ" and person.session_version == version
    update_user(session=session, user_id=person.id, data=member("tv1", (b,), position="Giám đốc Sở Nội vụ"))
    assert council_members(session, council_of(session, a).id) == []
    assert [u.id for u in council_members(session, council_of(session, b).id)] == [person.id]
    assert person.session_version == version + 1  # a new scope ends the open sessions
    # Made a leader: the position goes, the council seat goes.
    update_user(session=session, user_id=person.id,
                data=AccountInput("tv1", "Nguyễn Văn An", Role.LEADER, province_ids=(a,), position="x"))  # fmt: skip
    assert person.position is None and council_members(session, council_of(session, b).id) == []


def test_a_council_body_is_no_bloc_scope(session, places):
    a, _, _ = places
    council = council_of(session, a, create=True)
    with pytest.raises(ValidationFailed) as refused:
        create_user(session=session, data=AccountInput("tk1", "Thư ký", Role.SECRETARY, bloc_ids=(council.id,)),
                    password=PASSWORD)  # fmt: skip
    assert ("scope", "error.invalid_choice") in keys(refused.value)


def test_the_council_stays_out_of_ordinary_lists_and_pickers(session, places):
    a, _, bloc = places
    counted = registry_counts(session).blocs
    council = council_of(session, a, create=True)
    leader = create_user(session=session, data=AccountInput("ld1", "Lãnh đạo", Role.LEADER, province_ids=(a,)),
                         password=PASSWORD)  # fmt: skip
    principal = principal_for_user(user=leader, session_id="t")
    visible = visible_bloc_ids(session, principal=principal)
    assert council.id in visible  # the permission itself; the lists below leave the body out
    assert [b.id for b in list_blocs(session)] == [bloc] == [b.id for b in list_blocs(session, province_id=a)]
    assert {b.id for b in list_blocs(session, councils=True)} == {bloc, council.id}  # the rounds page
    assert registry_counts(session).blocs == counted
    assert list(options.blocs(session, province_id=a, bloc_ids=visible)) == [bloc]
    assert list(bloc_choices(session, bloc_ids=visible)) == [bloc]
    with pytest.raises(ValidationFailed):  # the registry makes blocs and clusters only
        save_bloc(session=session, province_id=a, name="Hội đồng", kind=BlocKind.COUNCIL)
    with pytest.raises(ValidationFailed):  # nor turns the council into a bloc
        save_bloc(session=session, province_id=a, name=council.name, kind=BlocKind.BLOC, bloc_id=council.id)
    assert session.exec(select(UserScope).where(UserScope.bloc_id == council.id)).all() == []
