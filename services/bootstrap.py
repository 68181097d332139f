"""First admin on first run, from THIDUA_ADMIN_USERNAME / THIDUA_ADMIN_PASSWORD.

Only when no real (non-demo) admin exists yet, so the variables can stay set
without ever resetting anything. The command-line alternative is
`python -m manage create-admin USERNAME`.
"""

import os

from sqlmodel import Session

from db.models import Role
from services.access.accounts import AccountInput, create_user, has_admin


def ensure_first_admin(session: Session) -> str | None:
    """Creates the admin named in the environment if none exists; returns its username."""
    username = os.environ.get("THIDUA_ADMIN_USERNAME", "").strip()
    password = os.environ.get("THIDUA_ADMIN_PASSWORD", "")
    if not username or not password or has_admin(session):
        return None
    create_user(session=session, data=AccountInput(username, "Quản trị viên", Role.ADMIN), password=password)
    return username
