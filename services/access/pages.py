"""Which role may open which page: the one place this rule lives.

Navigation shows each role only its pages, and every page asks again through
components.guards.require_page (a forged page request must not render anything).
Nobody logged in sees only the login page.
"""

from db.models import Role

ALL_ROLES = frozenset(Role)
ADMIN_ONLY = frozenset({Role.ADMIN})
DASHBOARD_ROLES = frozenset({Role.ADMIN, Role.SECRETARY, Role.LEADER, Role.PROVINCE_OFFICER})
# The province's stage after the blocs: its standing office gathers, checks, puts to the
# council's vote and drafts the decision.
PROVINCE_STAGE_ROLES = frozenset({Role.ADMIN, Role.PROVINCE_OFFICER})

PAGE_ROLES: dict[str, frozenset[Role]] = {
    "home": ALL_ROLES,
    "account": ALL_ROLES,
    "registry": ADMIN_ONLY,
    "users": ADMIN_ONLY,
    "access_codes": ADMIN_ONLY,
    "rounds": frozenset({Role.ADMIN, Role.SECRETARY, Role.PROVINCE_OFFICER}),
    "ballot": frozenset({Role.DELEGATE, Role.COUNCIL_MEMBER}),
    "projector": ALL_ROLES,
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
    "province_proposals": PROVINCE_STAGE_ROLES,
    "decision": PROVINCE_STAGE_ROLES,
}
ANONYMOUS_PAGES = ["login"]
# A delegate who logged in with a conference access code holds no account: the hall's
# pages only (the unit's own account, which logs in with a password, also self-scores).
CODE_DELEGATE_PAGES = ("ballot", "projector", "receipt")
# Where a role lands at "/": a delegate logs in at the conference to vote, nothing else.
LANDING_PAGE = {Role.DELEGATE: "ballot", Role.COUNCIL_MEMBER: "ballot", Role.PROVINCE_OFFICER: "province_proposals"}


def can_open(role: Role | None, page: str, *, by_code: bool = False) -> bool:
    if by_code:
        return role == Role.DELEGATE and page in CODE_DELEGATE_PAGES
    return role is not None and role in PAGE_ROLES.get(page, frozenset())


def pages_for(role: Role | None, *, by_code: bool = False) -> list[str]:
    if role is None:
        return list(ANONYMOUS_PAGES)
    if by_code:
        return [page for page in CODE_DELEGATE_PAGES if can_open(role, page, by_code=True)]
    return [page for page in PAGE_ROLES if can_open(role, page)]


def landing_page(role: Role | None, *, by_code: bool = False) -> str:
    names = pages_for(role, by_code=by_code)
    wanted = LANDING_PAGE.get(role) if role is not None else None
    return wanted if wanted in names else names[0]
