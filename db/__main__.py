"""Database commands.

  python -m db init [--demo]      migrate to the latest schema; --demo adds the demo data
  python -m db create-admin USERNAME [--full-name NAME]
                                  create an admin; the password comes from
                                  THIDUA_ADMIN_PASSWORD or is asked for (twice)

DATABASE_URL selects the database (default data/thidua.db). Nothing is ever wiped.
"""

import argparse
import getpass
import os
import sys

from db.engine import database_url, make_engine, session_scope
from db.migrate import upgrade_to_head


def _init(demo: bool) -> None:
    url = database_url()
    upgrade_to_head(url)
    if demo:
        from db.demo import load_demo

        engine = make_engine(url)
        with session_scope(engine) as session:
            load_demo(session)
        engine.dispose()
    print(f"Database ready: {url.split('@')[-1]}")


def _create_admin(username: str, full_name: str) -> int:
    from db.models import Role
    from locales import translate
    from services.accounts import AccountInput, create_user
    from services.errors import ValidationFailed

    password = os.environ.get("THIDUA_ADMIN_PASSWORD")
    if not password:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat: "):
            print("The two passwords differ.", file=sys.stderr)
            return 1
    upgrade_to_head(database_url())
    engine = make_engine()
    try:
        with session_scope(engine) as session:
            create_user(session=session, data=AccountInput(username, full_name, Role.ADMIN), password=password)
    except ValidationFailed as error:
        for problem in error.errors:
            print(f"{problem.field}: {translate('en', problem.key, **problem.params)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"Admin '{username}' created.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="migrate to the latest schema")
    init.add_argument("--demo", action="store_true", help="add the demo data set (demo mode)")
    admin = sub.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("username")
    admin.add_argument("--full-name", default="Quản trị viên")
    args = parser.parse_args(argv)
    if args.command == "init":
        _init(args.demo)
        return 0
    return _create_admin(args.username, args.full_name)


if __name__ == "__main__":
    sys.exit(main())
