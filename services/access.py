"""Which role may open which page: the one place this rule lives.

Navigation shows each role only its pages, and every page asks again through
`require_page` (a forged page request must not render anything).
"""

from db.models import Role

ALL_ROLES = frozenset(Role)

PAGE_ROLES: dict[str, frozenset[Role]] = {
    "home": ALL_ROLES,
    "registry": frozenset({Role.ADMIN}),
}


def can_open(role: Role | None, page: str) -> bool:
    return role is not None and role in PAGE_ROLES.get(page, frozenset())


def pages_for(role: Role | None) -> list[str]:
    return [page for page in PAGE_ROLES if can_open(role, page)]
