"""AppTest fixtures: the real app.py on a fresh SQLite database with the demo data."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.database import get_engine
from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from locales import translate
from manage.demo import load_demo
from services.access.login import finish_password_login
from services.clock import now

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("apptest") / "template.db"
    upgrade_to_head(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    with session_scope(engine) as session:
        load_demo(session, votes=False)  # quiet: tests count rounds, ballots and audit events
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


DEMO_USER_OF_ROLE = {"admin": "quantri", "secretary": "thuky", "leader": "lanhdao", "delegate": "daibieu"}


def logged_in_principal(url: str, username: str):
    """A real session, as after a successful password check (the check itself is tested elsewhere)."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        result = finish_password_login(session, username=username, credentials_ok=True, at=now(), demo=True)
    engine.dispose()
    assert result.principal is not None, result
    return result.principal


@pytest.fixture()
def make_app(app_db, monkeypatch) -> Callable[..., AppTest]:
    """AppTest of app.py in demo mode, logged in as the demo account of `role` (None: logged out)."""
    monkeypatch.setenv("THIDUA_DEMO", "1")

    def factory(role: str | None = "admin", lang: str = "vi") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        if role is not None:
            at.session_state["principal"] = logged_in_principal(app_db, DEMO_USER_OF_ROLE[role])
        at.session_state["lang"] = lang
        at.session_state["lang_switch"] = translate(lang, "app.language_name")
        return at

    return factory


@pytest.fixture()
def as_user(app_db, make_app):
    """AppTest logged in as any account of the test database (make_app sets demo mode)."""

    def factory(username: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["principal"] = logged_in_principal(app_db, username)
        at.session_state["lang"] = "vi"
        at.session_state["lang_switch"] = translate("vi", "app.language_name")
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


@pytest.fixture(autouse=True, scope="session")
def _cards_in_process_memory():
    """Rounds opened through the services (and by the app, in demo mode) keep their cards in
    this process's memory, so closing needs no typing (services.voting.sealing)."""
    from services.voting import sealing

    sealing.keep_shares_in_process(True)
    yield
    sealing.keep_shares_in_process(False)
