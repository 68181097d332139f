"""Throwaway databases for tests: an SQLite file, or a fresh PostgreSQL database."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from db.engine import normalize_url

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pg_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG_URL


def pg_unreachable_reason() -> str | None:
    """None when PostgreSQL answers, else why not (said loudly in the test summary)."""
    try:
        engine = sa.create_engine(normalize_url(pg_admin_url()), connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as error:  # any failure means: cannot run the PostgreSQL tests
        return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """CREATE a new database on the test server, yield its URL, DROP it afterwards."""
    admin = sa.engine.make_url(normalize_url(pg_admin_url()))
    name = f"thidua_test_{uuid.uuid4().hex[:12]}"
    admin_engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin_engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


@contextmanager
def fresh_sqlite_database(directory: Path) -> Iterator[str]:
    yield f"sqlite:///{directory / f'thidua_{uuid.uuid4().hex[:8]}.db'}"


@contextmanager
def fresh_database(backend: str, directory: Path) -> Iterator[str]:
    factory = fresh_pg_database() if backend == "postgresql" else fresh_sqlite_database(directory)
    with factory as url:
        yield url
