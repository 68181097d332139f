"""Alembic builds exactly the models' schema, on SQLite and on PostgreSQL."""

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db.engine import make_engine
from db.migrate import alembic_config, upgrade_to_head
from tests.conftest import require_backend
from tests.databases import fresh_database


def schema_diff(engine: sa.Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def test_migrations_produce_the_models_schema(migrated_engine):
    assert schema_diff(migrated_engine) == []


def test_every_table_exists_after_upgrade(migrated_engine):
    tables = set(sa.inspect(migrated_engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_downgrade_to_base_and_upgrade_again(backend, tmp_path):
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        command.downgrade(alembic_config(url), "base")
        engine = make_engine(url)
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade_to_head(url)
        assert schema_diff(engine) == []
        engine.dispose()


def test_upgrade_is_idempotent(migrated_url, migrated_engine):
    upgrade_to_head(migrated_url)  # running init twice must not fail or change anything
    assert schema_diff(migrated_engine) == []
