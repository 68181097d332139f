"""The archive guard reads the archived years once per transaction (services/archive.py), and
still sees an archiving done earlier in the same transaction, or one undone by a savepoint."""

from services.archive import YearArchived, archive_year
from services.clock import now
from services.registry.membership import set_membership
from tests.db.scoring_world import YEAR, build_world


def moved_into_bloc_a(session, world) -> YearArchived | None:
    """Move unit B1 into bloc A for YEAR in a savepoint that is always undone; the refusal, or None."""
    savepoint = session.begin_nested()
    try:
        set_membership(session=session, unit_id=world.units["B1"], bloc_id=world.bloc.id, year=YEAR)
        session.flush()
    except YearArchived as error:
        return error
    finally:
        savepoint.rollback()
    return None


def test_a_year_archived_earlier_in_the_same_transaction_is_read_only(session):
    world = build_world(session)
    assert moved_into_bloc_a(session, world) is None  # the guard has read "nothing archived" in this transaction
    archive_year(session, principal=world.people["admin"], bloc_ids=[world.bloc.id], year=YEAR, at=now())
    error = moved_into_bloc_a(session, world)
    assert isinstance(error, YearArchived)
    assert error.errors[0].params == {"bloc": "Khối A", "year": YEAR}


def test_an_archiving_undone_by_its_savepoint_leaves_the_year_writable(session):
    world = build_world(session)
    savepoint = session.begin_nested()
    archive_year(session, principal=world.people["admin"], bloc_ids=[world.bloc.id], year=YEAR, at=now())
    assert isinstance(moved_into_bloc_a(session, world), YearArchived)
    savepoint.rollback()
    assert moved_into_bloc_a(session, world) is None
