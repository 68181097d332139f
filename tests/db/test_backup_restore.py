"""Backups restore into a fresh database with every round, ballot and the audit chain intact."""

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

import db.models  # noqa: F401  (every table on SQLModel.metadata)
from db.backup import BackupError, backup, restore
from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from db.models.voting import RoundStatus, VotingRound
from manage.__main__ import main
from manage.demo import load_demo
from services.clock import now
from services.records import summarize
from services.voting import audit
from services.voting.casting import cast_ballot
from services.voting.results import count_round, result_to_json
from tests.conftest import require_backend
from tests.databases import fresh_database
from tests.db.records_world import add_rounds, agree, table_rows


@pytest.fixture()
def source(backend, tmp_path):
    """A database of `backend` with the demo data and rounds in every state; yields (url, rounds)."""
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            load_demo(session)
            rounds = add_rounds(session)
        engine.dispose()
        yield url, rounds


def all_rows(url: str) -> dict[str, list[tuple]]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = {name: table_rows(connection, table) for name, table in SQLModel.metadata.tables.items()}
    engine.dispose()
    return rows


def test_a_restored_backup_holds_every_record_and_a_verifiable_chain(backend, source, tmp_path):
    url, rounds = source
    file = backup(url, tmp_path / "backup.bin")
    original = all_rows(url)
    with Session(source_engine := make_engine(url)) as session:
        digest = audit.verify_chain(session).digest
    source_engine.dispose()
    with fresh_database(backend, tmp_path) as copy:
        restore(copy, file)
        assert all_rows(copy) == original  # every round, candidate, check-in, ballot, audit event, score...
        engine = make_engine(copy)
        with Session(engine) as session:
            check = audit.verify_chain(session)
            assert check.intact and check.digest == digest
            assert check.events == summarize(session).counts["audit_events"] > 0
            for round_ in session.exec(select(VotingRound).where(VotingRound.result_json.is_not(None))):
                # The ballots that came back still give the result frozen at closing.
                assert result_to_json(count_round(session, round_)) == round_.result_json
            statuses = {r.id: r.status for r in session.exec(select(VotingRound))}
        assert statuses[rounds.published] == RoundStatus.PUBLISHED and statuses[rounds.open] == RoundStatus.OPEN
        with session_scope(engine) as session:  # the open round goes on after the restore
            cast_ballot(session, round_id=rounds.open, unit_id=rounds.units[4], choice=agree(rounds.units[7]), at=now())
        with Session(engine) as session:
            assert audit.verify_chain(session).intact
        engine.dispose()


def test_restore_refuses_a_database_with_data_unless_told_to_replace_it(backend, source, tmp_path):
    url, _rounds = source
    file = backup(url, tmp_path / "backup.bin")
    engine = make_engine(url)
    with session_scope(engine) as session:  # a change made after the backup...
        session.execute(sa.text("DELETE FROM award"))
    engine.dispose()
    with pytest.raises(BackupError, match="not empty"):
        restore(url, file)
    assert all_rows(url)["award"] == []
    restore(url, file, replace=True)  # ...is undone by restoring over it
    assert all_rows(url)["award"] != []


def test_a_file_that_is_not_a_backup_of_this_kind_of_database_is_refused(backend, source, tmp_path):
    url, _rounds = source
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"not a database at all")
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(backup(url, tmp_path / "whole.bin").read_bytes()[:3000])
    with fresh_database(backend, tmp_path) as copy:
        for bad in (garbage, truncated, tmp_path / "missing.bin"):
            with pytest.raises(BackupError):
                restore(copy, bad)
        if backend == "postgresql":
            sqlite_url = f"sqlite:///{tmp_path / 'other.db'}"
            upgrade_to_head(sqlite_url)
            with pytest.raises(BackupError, match="an SQLite backup; this database is PostgreSQL"):
                restore(copy, backup(sqlite_url, tmp_path / "sqlite.bak"))
        else:
            dump = tmp_path / "pg.dump"
            dump.write_bytes(b"PGDMP\x01\x0e\x00")
            with pytest.raises(BackupError, match="a PostgreSQL dump; this database is SQLite"):
                restore(copy, dump)
        engine = make_engine(copy)
        assert sa.inspect(engine).get_table_names() == []  # nothing was half-restored
        engine.dispose()


def test_the_commands_back_up_and_restore_and_report_the_chain(backend, source, tmp_path, monkeypatch, capsys):
    url, _rounds = source
    monkeypatch.setenv("DATABASE_URL", url)
    file = tmp_path / "cli-backup"
    assert main(["backup", str(file)]) == 0
    assert "Backup written" in capsys.readouterr().out
    assert main(["restore", str(file)]) == 2  # the source itself is not empty
    assert "--replace" in capsys.readouterr().err
    with fresh_database(backend, tmp_path) as copy:
        monkeypatch.setenv("DATABASE_URL", copy)
        assert main(["restore", str(file)]) == 0
        printed = capsys.readouterr().out
        # The demo's own published 2017 rounds, plus the four rounds in every state added here.
        engine = make_engine(url)
        with engine.connect() as connection:
            rounds = connection.execute(sa.text("SELECT count(*) FROM votinground")).scalar_one()
        engine.dispose()
        assert rounds >= 4 and f"rounds {rounds}," in printed and "audit chain intact" in printed
        assert all_rows(copy) == all_rows(url)
