from db.models import Role
from services.access import can_open, pages_for


def test_each_role_gets_exactly_its_pages():
    assert pages_for(Role.ADMIN) == ["home", "account", "registry", "users", "access_codes"]
    for role in (Role.SECRETARY, Role.LEADER, Role.DELEGATE):
        assert pages_for(role) == ["home", "account"]
        for admin_page in ("registry", "users", "access_codes"):
            assert not can_open(role, admin_page)


def test_nobody_logged_in_sees_only_the_login_page():
    assert pages_for(None) == ["login"]
    assert not can_open(None, "home")
    assert not can_open(Role.ADMIN, "no-such-page")
