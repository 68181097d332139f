import sqlalchemy as sa

from db.engine import database_url, make_engine, normalize_url


def test_postgres_urls_use_psycopg3():
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_default_database_is_an_sqlite_file(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url().startswith("sqlite:///") and database_url().endswith("data/thidua.db")
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@y/z")
    assert database_url() == "postgresql://x@y/z"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(sa.text("PRAGMA busy_timeout")).scalar() >= 5000
    engine.dispose()
