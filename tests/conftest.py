"""Shared fixtures. Database tests run on SQLite and on PostgreSQL alike.

PostgreSQL: TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test.
Unreachable outside CI: those tests skip and the summary says so loudly.
Unreachable in CI (CI=true): the run fails.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from manage.demo import load_demo
from tests.databases import fresh_database, in_ci, pg_unreachable_reason

BACKENDS = ["sqlite", "postgresql"]
_pg_problem: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    reason = pg_unreachable_reason()
    if reason:
        _pg_problem.append(reason)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _pg_problem:
        terminalreporter.write_sep("!", "POSTGRESQL TESTS DID NOT RUN", red=True, bold=True)
        terminalreporter.write_line(f"PostgreSQL unreachable: {_pg_problem[0]}", red=True, bold=True)
        terminalreporter.write_line("Set TEST_DATABASE_URL or run: bash scripts/dev.sh test (as root it installs one)")


def require_backend(backend: str) -> None:
    if backend == "postgresql" and _pg_problem:
        message = f"PostgreSQL unreachable ({_pg_problem[0]})"
        if in_ci():
            pytest.fail(f"{message}: CI must run the PostgreSQL tests")
        pytest.skip(message)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def migrated_url(backend, tmp_path_factory) -> Iterator[str]:
    """A database of `backend` at the latest migration, shared by the session's tests."""
    require_backend(backend)
    with fresh_database(backend, tmp_path_factory.mktemp("db")) as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture(scope="session")
def migrated_engine(migrated_url) -> Iterator[sa.Engine]:
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@contextmanager
def rolled_back_session(engine: sa.Engine) -> Iterator[Session]:
    """A session whose work is rolled back afterwards: each test starts clean."""
    with engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, expire_on_commit=False) as db_session:
            yield db_session
        if transaction.is_active:  # an IntegrityError may already have ended it
            transaction.rollback()


@pytest.fixture()
def session(migrated_engine) -> Iterator[Session]:
    with rolled_back_session(migrated_engine) as db_session:
        yield db_session


@pytest.fixture(scope="session")
def demo_engine(backend, tmp_path_factory) -> Iterator[sa.Engine]:
    """A database with the demo data set loaded (read-only use in tests)."""
    require_backend(backend)
    with fresh_database(backend, tmp_path_factory.mktemp("demo")) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        with session_scope(engine) as db_session:
            load_demo(db_session, votes=False)  # quiet: tests count rounds, ballots and audit events
        yield engine
        engine.dispose()


@pytest.fixture()
def demo_session(demo_engine) -> Iterator[Session]:
    with rolled_back_session(demo_engine) as db_session:
        yield db_session
