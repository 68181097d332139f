"""Database commands: `python -m db init [--demo]`.

init migrates the database (DATABASE_URL, default data/thidua.db) to the latest
schema; --demo adds the demo data set if it is not there yet. Never wipes data.
"""

import argparse

from db.engine import database_url, make_engine, session_scope
from db.migrate import upgrade_to_head


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m db")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="migrate to the latest schema")
    init.add_argument("--demo", action="store_true", help="add the demo data set (demo mode)")
    args = parser.parse_args(argv)

    if args.command == "init":
        url = database_url()
        upgrade_to_head(url)
        if args.demo:
            from db.demo import load_demo

            engine = make_engine(url)
            with session_scope(engine) as session:
                load_demo(session)
            engine.dispose()
        print(f"Database ready: {url.split('@')[-1]}")


if __name__ == "__main__":
    main()
