"""AppTest fixtures: the real app.py on a fresh SQLite database with the demo data."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.database import get_engine
from db.demo import load_demo
from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("apptest") / "template.db"
    upgrade_to_head(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    with session_scope(engine) as session:
        load_demo(session)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path.read_bytes()


@pytest.fixture()
def app_db(demo_db_template, tmp_path, monkeypatch) -> Iterator[str]:
    """Each test gets its own copy of the demo database, so forms can write freely."""
    path = tmp_path / "app.db"
    path.write_bytes(demo_db_template)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_engine.clear()  # the engine is cached per process: point it at this test's file
    yield url
    get_engine.clear()


@pytest.fixture()
def make_app(app_db) -> Callable[..., AppTest]:
    def factory(role: str = "admin", lang: str = "vi") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["role"] = role
        at.session_state["lang"] = lang
        return at

    return factory


def open_page(at: AppTest, url_path: str) -> AppTest:
    """Ask for a page the way a browser does for /url_path, listed for the role or not.

    st.Page hashes its url_path into the page id; AppTest.switch_page only knows
    file pages, so the id is set directly (a forged request can send any id).
    """
    from streamlit.util import calc_hash

    at._page_hash = calc_hash(url_path)
    return at.run()
