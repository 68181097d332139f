"""Processes that agree: a saved change tells every app process to drop its cached reads.

Each process caches dashboard and score reads (components/score_cache). A write clears
the writer's own caches at once; the other processes behind the load balancer learn of
it through PostgreSQL's LISTEN/NOTIFY, one channel per kind of change. Each process
keeps one listening connection in a daemon thread and counts what it heard; the app
compares that count once per run and clears its caches when it moved. A lost listening
connection also counts as a change (a notification may have been missed meanwhile).

SQLite serves one process (the README's run command), so there is nothing to tell.
"""

import logging
import threading
from enum import StrEnum

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "thidua_"
RECONNECT_SECONDS = 1.0


class Change(StrEnum):
    SCORES = "scores"  # scores, sheets, covenants
    REGISTRY = "registry"  # provinces, blocs, units, memberships, archive
    ROUNDS = "rounds"  # voting rounds: published awards, next year's chair
    USERS = "users"  # accounts, roles, scopes, access codes


def channel(kind: Change) -> str:
    return f"{CHANNEL_PREFIX}{kind.value}"


def is_postgres(engine: sa.Engine) -> bool:
    return engine.dialect.name == "postgresql"


def announce(engine: sa.Engine, kind: Change) -> None:
    """Tell the other processes that `kind` changed (after the change was committed)."""
    if not is_postgres(engine):
        return
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_notify(:channel, '')"), {"channel": channel(kind)})


class ChangeListener:
    """A daemon thread LISTENing on every channel; `generation` grows with each change heard."""

    def __init__(self, engine: sa.Engine) -> None:
        self.generation = 0
        self.heard: dict[Change, int] = dict.fromkeys(Change, 0)
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._conninfo = _conninfo(engine)
        self._thread = threading.Thread(target=self._run, name="thidua-change-listener", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """True once LISTEN is in place (tests wait for it before they write)."""
        return self._ready.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _bump(self, kind: Change | None) -> None:
        with self._lock:
            self.generation += 1
            if kind is not None:
                self.heard[kind] += 1

    def _run(self) -> None:
        kinds = {channel(kind): kind for kind in Change}
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as connection:
                    for name in kinds:
                        connection.execute(f"LISTEN {name}")
                    if self._ready.is_set():
                        self._bump(None)  # reconnected: whatever was said meanwhile is unknown
                    self._ready.set()
                    while not self._stop.is_set():
                        # A timeout, so that stop() is heard; an idle wait costs nothing.
                        for notice in connection.notifies(timeout=1.0):
                            self._bump(kinds.get(notice.channel))
            except Exception as error:  # the database restarted, or the network failed: listen again
                log.warning("change listener lost its connection (%s); reconnecting", type(error).__name__)
                self._stop.wait(RECONNECT_SECONDS)


def _conninfo(engine: sa.Engine) -> str:
    url = make_url(engine.url.render_as_string(hide_password=False)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)
