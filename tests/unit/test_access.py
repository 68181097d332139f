from db.models import Role
from services.access import can_open, pages_for


def test_only_admins_reach_the_registry():
    assert pages_for(Role.ADMIN) == ["home", "registry"]
    for role in (Role.SECRETARY, Role.LEADER, Role.DELEGATE):
        assert pages_for(role) == ["home"]
        assert not can_open(role, "registry")


def test_nobody_without_a_role_opens_anything():
    assert pages_for(None) == []
    assert not can_open(None, "home")
    assert not can_open(Role.ADMIN, "no-such-page")
