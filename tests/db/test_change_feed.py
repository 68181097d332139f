"""Processes that agree: a change announced by one process reaches another's listener."""

import time

import pytest

from db.engine import make_engine
from services.change_feed import Change, ChangeListener, announce, is_postgres
from tests.conftest import require_backend
from tests.databases import fresh_database


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture()
def pg_url(tmp_path):
    require_backend("postgresql")
    with fresh_database("postgresql", tmp_path) as url:
        yield url


def test_an_announced_change_reaches_a_listener_on_another_connection(pg_url):
    writer, reader = make_engine(pg_url), make_engine(pg_url)  # two processes' engines
    listener = ChangeListener(reader)
    assert listener.wait_ready()
    before = listener.generation
    announce(writer, Change.ROUNDS)
    assert wait_for(lambda: listener.heard[Change.ROUNDS] == 1)
    announce(writer, Change.SCORES)
    assert wait_for(lambda: listener.heard[Change.SCORES] == 1)
    assert listener.generation == before + 2 and listener.heard[Change.USERS] == 0
    listener.stop()
    writer.dispose()
    reader.dispose()


def test_on_sqlite_announcing_is_a_no_op(migrated_url, backend):
    engine = make_engine(migrated_url)
    assert is_postgres(engine) == (backend == "postgresql")
    if backend == "sqlite":
        announce(engine, Change.REGISTRY)  # one process: nothing to send, nothing fails
    engine.dispose()
