"""Backups of the whole database, and restoring one into a database.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent
snapshot while the app keeps running; the copy is one self-contained file.
PostgreSQL: pg_dump in its custom format (compressed, restored selectively by
pg_restore). The password travels in PGPASSWORD, never on the command line,
where every user of the machine could read it.

Restoring refuses a database that already holds tables unless asked to replace
them: a restore over live data must be a decision, not a typo.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from db.engine import PROJECT_ROOT, make_engine, normalize_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
DEFAULT_DIR = PROJECT_ROOT / "backups"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (for the operator)."""


@dataclass(frozen=True)
class Target:
    backend: str  # "sqlite" or "postgresql"
    path: Path | None = None  # SQLite file
    url: sa.URL | None = None  # PostgreSQL


def target_of(url: str) -> Target:
    parsed = sa.engine.make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise BackupError("an in-memory SQLite database cannot be backed up")
        return Target("sqlite", path=Path(parsed.database))
    if parsed.get_backend_name() == "postgresql":
        return Target("postgresql", url=parsed)
    raise BackupError(f"unsupported database: {parsed.get_backend_name()}")


def default_backup_path(url: str, at: datetime) -> Path:
    suffix = ".sqlite3" if target_of(url).backend == "sqlite" else ".dump"
    return DEFAULT_DIR / f"thidua-{at:%Y%m%d-%H%M%S}{suffix}"


def backup(url: str, destination: Path) -> Path:
    """Write a backup of `url` to `destination` (written under a temporary name, then renamed)."""
    target = target_of(url)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if target.backend == "sqlite":
            _sqlite_backup(target.path, partial)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"], target.url)
        check_backup_file(partial, expected=target.backend)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, destination)
    return destination


def _sqlite_backup(source: Path, destination: Path) -> None:
    if not source.exists():
        raise BackupError(f"no database file at {source}")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
        # The live file is in WAL mode; the copy should be one file that opens anywhere.
        dst.execute("PRAGMA journal_mode=DELETE")
        if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the copy failed SQLite's integrity check")
    finally:
        dst.close()
        src.close()


def check_backup_file(path: Path, *, expected: str) -> None:
    """Refuse a file that is not a backup of the expected kind, before touching any database."""
    if not path.is_file():
        raise BackupError(f"no such file: {path}")
    with open(path, "rb") as handle:
        head = handle.read(16)
    if expected == "sqlite" and head != SQLITE_MAGIC:
        kind = "a PostgreSQL dump" if head.startswith(PG_MAGIC) else "not an SQLite backup"
        raise BackupError(f"{path} is {kind}; this database is SQLite")
    if expected == "sqlite":
        _check_sqlite_file(path)
    if expected == "postgresql":
        if not head.startswith(PG_MAGIC):
            kind = "an SQLite backup" if head == SQLITE_MAGIC else "not a pg_dump custom-format file"
            raise BackupError(f"{path} is {kind}; this database is PostgreSQL")
        _run(["pg_restore", "--list", str(path)], None)  # reads the whole table of contents


def _check_sqlite_file(path: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            healthy = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise BackupError(f"{path} is damaged: {error}") from error
    if not healthy:
        raise BackupError(f"{path} is damaged: it fails SQLite's integrity check")
    if "alembic_version" not in tables:
        raise BackupError(f"{path} is an SQLite file but not a backup of this application")


def has_tables(url: str) -> bool:
    engine = make_engine(url)
    try:
        return bool(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def restore(url: str, source: Path, *, replace: bool = False) -> None:
    """Load the backup `source` into `url`. Stop the app first: open sessions would see a switch mid-way."""
    target = target_of(url)
    check_backup_file(source, expected=target.backend)
    if target.backend == "sqlite" and not target.path.exists():
        target.path.parent.mkdir(parents=True, exist_ok=True)
    elif has_tables(url) and not replace:
        raise BackupError("the database is not empty; add --replace to overwrite it with the backup")
    if target.backend == "sqlite":
        _sqlite_restore(source, target.path)
    else:
        options = ["--clean", "--if-exists"] if replace else []
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        _run([*command, *options, f"--dbname={_libpq_dbname(target.url)}", str(source)], target.url)


def _sqlite_restore(source: Path, destination: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination, timeout=10)
    try:
        # The backup API replaces every page of the destination in one step, WAL included.
        src.backup(dst)
        if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the restored database failed SQLite's integrity check")
    finally:
        dst.close()
        src.close()


def _libpq_dbname(url: sa.URL) -> str:
    """A libpq connection string without the password (that goes in PGPASSWORD)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command: list[str], url: sa.URL | None) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    env = dict(os.environ)
    if url is not None:
        if not any(a.startswith("--dbname=") for a in command):
            command = [*command, f"--dbname={_libpq_dbname(url)}"]
        if url.password:
            env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{command[0]} failed: {detail[-1] if detail else done.returncode}")
