"""Database commands.

  python -m manage init [--demo]      migrate to the latest schema; --demo adds the demo data
  python -m manage create-admin USERNAME [--full-name NAME]
                                  create an admin; the password comes from
                                  THIDUA_ADMIN_PASSWORD or is asked for (twice)
  python -m manage backup [FILE]      a consistent copy while the app runs (SQLite: one file;
                                  PostgreSQL: pg_dump custom format); default backups/thidua-<time>
  python -m manage restore FILE [--replace]
                                  load a backup (stop the app first); refuses a non-empty
                                  database unless --replace; then migrates and checks the audit chain
  python -m manage export-year YEAR [--province CODE] [--out FILE]
                                  one zip with the year's records as JSON and XLSX (registry,
                                  scores, awards, rounds, anonymous ballots, audit log)

DATABASE_URL selects the database (default data/thidua.db). Nothing is ever wiped.
"""

import argparse
import getpass
import os
import sys
from pathlib import Path

from db.engine import database_url, make_engine, session_scope
from db.migrate import upgrade_to_head


def _init(demo: bool) -> None:
    url = database_url()
    upgrade_to_head(url)
    if demo:
        from manage.demo import load_demo

        engine = make_engine(url)
        with session_scope(engine) as session:
            load_demo(session)
        engine.dispose()
    print(f"Database ready: {url.split('@')[-1]}")


def _create_admin(username: str, full_name: str) -> int:
    from db.models import Role
    from locales import translate
    from services.access.accounts import AccountInput, create_user
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


def _backup(file: str | None) -> int:
    from db.backup import BackupError, backup, default_backup_path
    from services.clock import local, now

    url = database_url()
    try:
        path = backup(url, Path(file) if file else default_backup_path(url, local(now())))
    except BackupError as error:
        print(f"Backup failed: {error}", file=sys.stderr)
        return 2
    print(f"Backup written: {path} ({path.stat().st_size} bytes)")
    return 0


def _restore(file: str, replace: bool) -> int:
    from db.backup import BackupError, restore
    from services.records import records_summary

    url = database_url()
    try:
        restore(url, Path(file), replace=replace)
    except BackupError as error:
        print(f"Restore failed: {error}", file=sys.stderr)
        return 2
    upgrade_to_head(url)  # a backup made by an older version gets the current schema
    summary = records_summary(url)
    print(f"Restored {file} into {url.split('@')[-1]}: {summary.describe()}")
    return 0 if summary.chain_intact else 3


def _export_year(year: int, province: str | None, out: str | None) -> int:
    from sqlmodel import Session, select

    from db.backup import DEFAULT_DIR
    from db.models import Province
    from services.clock import now
    from services.year_export import year_bundle_zip
    from services.year_export.collect import row_count

    engine = make_engine()
    try:
        with Session(engine) as session:
            query = select(Province).where(Province.code == (province or "").upper())
            found = session.exec(query).first() if province else None
            if province and found is None:
                print(f"No province with code {province}", file=sys.stderr)
                return 2
            name, data, collected = year_bundle_zip(session, year=year, province_id=found and found.id, at=now())
    finally:
        engine.dispose()
    path = Path(out) if out else DEFAULT_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"Year {year} exported to {path}: {row_count(collected)} records, {len(collected['rounds'])} rounds")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m manage")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="migrate to the latest schema")
    init.add_argument("--demo", action="store_true", help="add the demo data set (demo mode)")
    admin = sub.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("username")
    admin.add_argument("--full-name", default="Quản trị viên")
    saver = sub.add_parser("backup", help="back up the database (safe while the app runs)")
    saver.add_argument("file", nargs="?", help="where to write it (default: backups/thidua-<time>)")
    loader = sub.add_parser("restore", help="restore a backup (stop the app first)")
    loader.add_argument("file")
    loader.add_argument("--replace", action="store_true", help="overwrite a database that holds data")
    exporter = sub.add_parser("export-year", help="export a whole year (JSON and XLSX in one zip)")
    exporter.add_argument("year", type=int)
    exporter.add_argument("--province", help="only this province (its code, e.g. LCU)")
    exporter.add_argument("--out", help="the zip to write (default: backups/thidua-<year>.zip)")
    args = parser.parse_args(argv)
    if args.command == "init":
        _init(args.demo)
        return 0
    if args.command == "backup":
        return _backup(args.file)
    if args.command == "restore":
        return _restore(args.file, args.replace)
    if args.command == "export-year":
        return _export_year(args.year, args.province, args.out)
    return _create_admin(args.username, args.full_name)


if __name__ == "__main__":
    sys.exit(main())
