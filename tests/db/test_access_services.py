"""Login, lockout, revocation and access codes, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlmodel import select

from db.models import AccessCode, Role
from services.access import passwords
from services.access.accounts import AccountInput, create_user, reset_password, update_user
from services.access.codes import create_conference, issue_codes
from services.access.keys import DEMO_KEY, MissingSecretKey, resolve_secret_key
from services.access.login import (
    Outcome,
    code_login,
    cookie_login,
    finish_password_login,
    logout,
    password_locked_until,
)
from services.access.sessions import still_valid
from services.clock import now
from services.errors import ValidationFailed
from services.registry.membership import set_membership
from services.registry.places import save_bloc, save_province
from services.registry.units import create_unit

KEY = "k" * 40


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch):
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


@pytest.fixture()
def bloc_with_units(session):
    province = save_province(session=session, code="LC", name="Lai Châu")
    bloc = save_bloc(session=session, province_id=province.id, name="Khối Văn hóa – Xã hội", kind="bloc")
    units = []
    for name in ("Sở Y tế", "Đài Phát thanh – Truyền hình tỉnh", "Trường Cao đẳng Cộng đồng tỉnh"):
        unit = create_unit(session=session, province_id=province.id, name=name, short_name="", from_year=2015)
        set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=2026)
        units.append(unit)
    return bloc, units


def admin(session, username="admin1"):
    return create_user(session=session, data=AccountInput(username, "Quản trị", Role.ADMIN), password="mat-khau-1")


def login(session, username, ok=True, at=None, demo=False):
    return finish_password_login(session, username=username, credentials_ok=ok, at=at or now(), demo=demo)


def test_five_failures_lock_the_name_for_fifteen_minutes_known_or_not(session):
    admin(session)
    start = now()
    for name in ("admin1", "no-such-user"):
        results = [login(session, name, ok=False, at=start + timedelta(seconds=i)).outcome for i in range(5)]
        assert results == [Outcome.REFUSED] * 4 + [Outcome.LOCKED]
        assert password_locked_until(session, username=name, at=start + timedelta(minutes=14)) is not None
        assert password_locked_until(session, username=name.upper(), at=start + timedelta(minutes=16)) is None
    assert login(session, "admin1", at=start + timedelta(minutes=16)).outcome == Outcome.OK


def test_a_success_clears_the_failure_count(session):
    admin(session)
    start = now()
    for i in range(4):
        login(session, "admin1", ok=False, at=start + timedelta(seconds=i))
    assert login(session, "admin1", at=start + timedelta(seconds=5)).outcome == Outcome.OK
    assert login(session, "admin1", ok=False, at=start + timedelta(seconds=6)).outcome == Outcome.REFUSED


def test_password_reset_role_change_and_disabling_end_open_sessions(session):
    user = admin(session)
    province = save_province(session=session, code="DB", name="Điện Biên")
    for change in (
        lambda: reset_password(session=session, user_id=user.id, new_password="mat-khau-2"),
        lambda: update_user(
            session=session,
            user_id=user.id,
            data=AccountInput("admin1", "Quản trị", Role.LEADER, province_ids=(province.id,)),
        ),
        lambda: update_user(
            session=session, user_id=user.id, data=AccountInput("admin1", "Q", Role.ADMIN, is_active=False)
        ),
    ):
        principal = login(session, "admin1").principal
        if principal is None:  # disabled users cannot log in at all
            break
        assert still_valid(session=session, principal=principal, at=now(), demo=False)
        try:
            change()
        except ValidationFailed:
            pytest.fail("the change itself should be valid")
        assert not still_valid(session=session, principal=principal, at=now(), demo=False)
    assert login(session, "admin1").outcome == Outcome.REFUSED  # disabled


def test_logout_ends_every_session_of_the_user_and_old_cookies(session):
    admin(session)
    first, second = login(session, "admin1").principal, login(session, "admin1").principal
    issued = now()
    logout(session, principal=first, at=now())
    assert not still_valid(session=session, principal=second, at=now(), demo=False)
    assert cookie_login(session, username="admin1", issued_at=issued, at=now(), demo=False) is None
    later = now() + timedelta(seconds=1)
    assert cookie_login(session, username="admin1", issued_at=later, at=later, demo=False) is not None


def test_demo_accounts_work_only_in_demo_mode(session):
    user = admin(session, "demo1")
    user.is_demo = True
    session.add(user)
    assert login(session, "demo1", demo=False).outcome == Outcome.REFUSED
    principal = login(session, "demo1", demo=True).principal
    assert principal is not None
    assert not still_valid(session=session, principal=principal, at=now(), demo=False)


def test_account_rules_are_checked(session, bloc_with_units):
    def problems(data, password="mat-khau-1"):
        with pytest.raises(ValidationFailed) as info:
            create_user(session=session, data=data, password=password)
        return {(e.field, e.key) for e in info.value.errors}

    assert problems(AccountInput("dai bieu", "A", Role.DELEGATE)) == {
        ("username", "error.username_chars"),
        ("unit", "error.delegate_needs_unit"),
    }
    assert problems(AccountInput("thuky2", "B", Role.SECRETARY)) == {("scope", "error.scope_required")}
    assert problems(AccountInput("x1", "C", Role.ADMIN), password="short") == {("password", "error.password_short")}
    assert problems(AccountInput("x2", "C", Role.ADMIN), password=" spaced-out ") == {
        ("password", "error.password_spaces")
    }


def conference(session, bloc, ends_in=timedelta(hours=6)):
    at = now()
    return create_conference(
        session=session, bloc_id=bloc.id, year=2026, name="Hội nghị 2026", ends_at=at + ends_in, at=at
    )


def enter(session, code, browser="b1", at=None):
    return code_login(session, code=code, browser_session=browser, address="10.0.0.1", key=KEY, at=at or now())


def test_codes_are_issued_once_per_unit_and_stored_only_as_hashes(session, bloc_with_units):
    bloc, units = bloc_with_units
    conf = conference(session, bloc)
    issued = issue_codes(session=session, conference=conf, key=KEY, at=now())
    assert sorted(i.unit_id for i in issued) == sorted(u.id for u in units)
    assert issue_codes(session=session, conference=conf, key=KEY, at=now()) == []  # nobody gets a second one
    stored = " ".join(row.code_hash for row in session.exec(select(AccessCode)))
    for item in issued:
        assert len(item.code.replace("-", "")) == 12
        assert item.code.replace("-", "") not in stored


def test_a_code_logs_in_the_unit_delegate_until_revoked_or_expired(session, bloc_with_units):
    bloc, units = bloc_with_units
    conf = conference(session, bloc)
    issued = {i.unit_id: i.code for i in issue_codes(session=session, conference=conf, key=KEY, at=now())}
    code = issued[units[1].id]
    result = enter(session, code.lower().replace("-", " "))  # typed loosely on a phone
    assert result.outcome == Outcome.OK
    assert (result.principal.role, result.principal.unit_id) == (Role.DELEGATE, units[1].id)
    assert result.principal.display_name == "Đài Phát thanh – Truyền hình tỉnh"
    assert still_valid(session=session, principal=result.principal, at=now(), demo=False)
    # expiry: the session and the code stop working when the conference ends
    after_end = conf.ends_at + timedelta(minutes=1)
    assert not still_valid(session=session, principal=result.principal, at=after_end, demo=False)
    assert enter(session, code, at=after_end).outcome == Outcome.REFUSED


def test_reissue_revokes_the_old_code_and_keeps_one_delegate_per_unit(session, bloc_with_units):
    bloc, units = bloc_with_units
    conf = conference(session, bloc)
    old = {i.unit_id: i.code for i in issue_codes(session=session, conference=conf, key=KEY, at=now())}[units[0].id]
    principal = enter(session, old).principal
    [new] = issue_codes(session=session, conference=conf, key=KEY, at=now(), unit_ids=[units[0].id], reissue=True)
    assert not still_valid(session=session, principal=principal, at=now(), demo=False)
    assert enter(session, old).outcome == Outcome.REFUSED
    again = enter(session, new.code).principal
    assert again.unit_id == principal.unit_id == units[0].id


def test_wrong_codes_delay_the_session_but_never_refuse_a_valid_code(session, bloc_with_units):
    bloc, _ = bloc_with_units
    conf = conference(session, bloc)
    good = issue_codes(session=session, conference=conf, key=KEY, at=now())[0].code
    start = now()
    wrong = [enter(session, "AAAA-BBBB-CCCC", at=start + timedelta(seconds=i)) for i in range(8)]
    assert [r.outcome for r in wrong] == [Outcome.REFUSED] * 8
    assert [r.delay for r in wrong] == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0, 5.0]  # doubling, capped at 5 s
    # The same browser session and address still get in with a valid code, at once.
    assert enter(session, good, at=start + timedelta(seconds=9)).outcome == Outcome.OK


def test_conference_must_end_in_the_future(session, bloc_with_units):
    bloc, _ = bloc_with_units
    with pytest.raises(ValidationFailed):
        conference(session, bloc, ends_in=timedelta(hours=-1))


@pytest.mark.parametrize("configured", [None, "", "some_key", "short", DEMO_KEY])
def test_no_usable_secret_key_stops_the_app_outside_demo_mode(configured, monkeypatch):
    monkeypatch.delenv("THIDUA_SECRET_KEY", raising=False)
    with pytest.raises(MissingSecretKey):
        resolve_secret_key(configured=configured, demo=False)
    assert resolve_secret_key(configured=configured, demo=True) == DEMO_KEY


def test_the_environment_key_wins(monkeypatch):
    monkeypatch.setenv("THIDUA_SECRET_KEY", "e" * 48)
    assert resolve_secret_key(configured="c" * 48, demo=False) == "e" * 48
    monkeypatch.delenv("THIDUA_SECRET_KEY")
    assert resolve_secret_key(configured="c" * 48, demo=False) == "c" * 48


def test_first_admin_comes_from_the_environment_once(session, monkeypatch):
    from services.bootstrap import ensure_first_admin

    monkeypatch.setenv("THIDUA_ADMIN_USERNAME", "admin.tinh")
    monkeypatch.setenv("THIDUA_ADMIN_PASSWORD", "mot-mat-khau-dai")
    assert ensure_first_admin(session) == "admin.tinh"
    assert login(session, "admin.tinh").outcome == Outcome.OK
    monkeypatch.setenv("THIDUA_ADMIN_USERNAME", "admin.khac")
    assert ensure_first_admin(session) is None  # an admin exists: nothing more is created
    assert login(session, "admin.khac").outcome == Outcome.REFUSED
