"""The database refuses writes: the ballot is refused whole, and taken once writes come back.

PostgreSQL: `ALTER DATABASE … SET default_transaction_read_only = on` on this test's own
throwaway database (it applies to new connections, so a new engine is used). SQLite: the
file opened read-only (`mode=ro`; a chmod would not stop root). Either way the error is
recognised as "read-only" (the UI says so in Vietnamese), no participation, ballot or
audit event is written, and the same delegate's ballot is stored once writes return.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from db.engine import make_engine, normalize_url, session_scope
from services.clock import now
from services.db_faults import DbFault, classify
from services.voting import audit
from services.voting.casting import Choice, cast_with_retry
from services.voting.tally import Mark
from tests.conference_world import build_conference, stored_counts
from tests.conftest import require_backend
from tests.databases import fresh_database, pg_admin_url


@contextmanager
def read_only(backend: str, url: str) -> Iterator[sa.Engine]:
    """An engine on the same database that cannot write, as the app would have during maintenance."""
    if backend == "sqlite":
        path = url.split("///", 1)[1]
        engine = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    name = sa.engine.make_url(normalize_url(url)).database
    admin = sa.create_engine(normalize_url(pg_admin_url()), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
        engine = make_engine(url)  # new connections take the database's new default
        try:
            yield engine
        finally:
            engine.dispose()
            with admin.connect() as connection:
                connection.execute(sa.text(f'ALTER DATABASE "{name}" RESET default_transaction_read_only'))
    finally:
        admin.dispose()


def _events(engine: sa.Engine) -> tuple[bool, int]:
    with Session(engine) as session:
        check = audit.verify_chain(session)
    return check.intact, check.events


def test_a_read_only_database_refuses_a_ballot_whole_and_takes_it_when_writable(backend, tmp_path):
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        conference = build_conference(url)
        voter, candidate = conference.units[0], conference.units[1]
        cast = {"round_id": conference.round_id, "unit_id": voter, "choice": Choice(marks=((candidate, Mark.AGREE),))}
        writable = make_engine(url)
        try:
            before = _events(writable)
            with read_only(backend, url) as engine:
                with pytest.raises(sa.exc.SQLAlchemyError) as refused:
                    cast_with_retry(lambda: session_scope(engine), at=now(), **cast)
                assert classify(refused.value) == DbFault.READ_ONLY, refused.value
            assert stored_counts(url, conference.round_id) == (set(), 0)
            assert _events(writable) == before

            receipt = cast_with_retry(lambda: session_scope(writable), at=now(), **cast)
            assert receipt
            assert stored_counts(url, conference.round_id) == ({voter}, 1)
            assert _events(writable) == (True, before[1] + 1)
        finally:
            writable.dispose()
