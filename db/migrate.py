"""Run Alembic migrations programmatically (the same path for the app, the CLI and tests)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from db.engine import database_url, normalize_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats % specially; URLs may carry percent-encoded passwords.
    config.set_main_option("sqlalchemy.url", normalize_url(url or database_url()).replace("%", "%%"))
    return config


def upgrade_to_head(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")
