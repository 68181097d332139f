"""The AppTest fixtures of tests/app (the real app.py on a copy of the demo database)."""

from tests.app.conftest import app_db, demo_db_template, make_app  # noqa: F401
