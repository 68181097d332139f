"""Database layer: SQLModel tables, engine and sessions, Alembic migrations, demo data."""
