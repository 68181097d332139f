"""Which role may open which page: the one place this rule lives.

Navigation shows each role only its pages, and every page asks again through
components.guards.require_page (a forged page request must not render anything).
Nobody logged in sees only the login page.
"""

from db.models import Role

ALL_ROLES = frozenset(Role)
ADMIN_ONLY = frozenset({Role.ADMIN})
DASHBOARD_ROLES = frozenset({Role.ADMIN, Role.SECRETARY, Role.LEADER})

PAGE_ROLES: dict[str, frozenset[Role]] = {
    "home": ALL_ROLES,
    "account": ALL_ROLES,
    "registry": ADMIN_ONLY,
    "users": ADMIN_ONLY,
    "access_codes": ADMIN_ONLY,
    "rounds": frozenset({Role.ADMIN, Role.SECRETARY}),
    "ballot": frozenset({Role.DELEGATE}),
    "projector": frozenset({Role.ADMIN, Role.SECRETARY, Role.LEADER}),
    "receipt": ALL_ROLES,
    "audit_log": ADMIN_ONLY,
    "bloc_overview": DASHBOARD_ROLES,
    "criteria_heatmap": DASHBOARD_ROLES,
    "unit_profile": DASHBOARD_ROLES,
    "bloc_history": DASHBOARD_ROLES,
    "province_overview": DASHBOARD_ROLES,
    "covenant": frozenset({Role.ADMIN, Role.SECRETARY}),
    "self_scoring": frozenset({Role.ADMIN, Role.SECRETARY, Role.DELEGATE}),
    "verification": frozenset({Role.ADMIN, Role.SECRETARY}),
}
ANONYMOUS_PAGES = ["login"]
# Where a role lands at "/": a delegate logs in at the conference to vote, nothing else.
LANDING_PAGE = {Role.DELEGATE: "ballot"}


def can_open(role: Role | None, page: str) -> bool:
    return role is not None and role in PAGE_ROLES.get(page, frozenset())


def pages_for(role: Role | None) -> list[str]:
    if role is None:
        return list(ANONYMOUS_PAGES)
    return [page for page in PAGE_ROLES if can_open(role, page)]


def landing_page(role: Role | None) -> str:
    names = pages_for(role)
    wanted = LANDING_PAGE.get(role) if role is not None else None
    return wanted if wanted in names else names[0]
