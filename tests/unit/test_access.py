from db.models import Role
from services.access.pages import PAGE_ROLES, can_open, pages_for

DASHBOARDS = ["bloc_overview", "criteria_heatmap", "unit_profile", "bloc_history", "province_overview"]
ADMIN_PAGES = {"registry", "users", "access_codes", "audit_log"}


def test_admins_reach_every_page_but_the_delegates_ballot():
    assert pages_for(Role.ADMIN) == [p for p in PAGE_ROLES if p != "ballot"]


def test_secretaries_score_verify_and_run_rounds_but_do_not_administer():
    pages = set(pages_for(Role.SECRETARY))
    assert {"covenant", "self_scoring", "verification", "rounds", "projector", *DASHBOARDS} <= pages
    assert not pages & ADMIN_PAGES and "ballot" not in pages


def test_leaders_only_read():
    assert set(pages_for(Role.LEADER)) == {"home", "account", "projector", "receipt", *DASHBOARDS}


def test_delegates_vote_and_self_score_only():
    assert set(pages_for(Role.DELEGATE)) == {"home", "account", "ballot", "projector", "receipt", "self_scoring"}
    for page in (*ADMIN_PAGES, "rounds", "verification", *DASHBOARDS):
        assert not can_open(Role.DELEGATE, page)


def test_a_delegate_with_an_access_code_sees_only_the_halls_pages():
    # No account behind a code: nothing to self-score, no password to change.
    assert pages_for(Role.DELEGATE, by_code=True) == ["ballot", "projector", "receipt"]
    for page in ("home", "account", "self_scoring", *ADMIN_PAGES, "rounds", *DASHBOARDS):
        assert not can_open(Role.DELEGATE, page, by_code=True)
    assert not can_open(Role.ADMIN, "ballot", by_code=True)


def test_nobody_logged_in_sees_only_the_login_page():
    assert pages_for(None) == ["login"]
    assert not can_open(None, "home")
    assert not can_open(Role.ADMIN, "no-such-page")
