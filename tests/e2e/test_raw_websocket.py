"""A forged client without a browser or a login asks a fresh server for every page, by every name.

No browser here: bench.stclient speaks Streamlit's websocket protocol directly, the way a
modified client could. Each request is its own session on a server that no browser has
touched. Names tried, for every page (computed, so new pages are covered automatically):

- each module in pages/ ("registry"): until some session has run st.navigation after a
  server start, Streamlit's legacy pages/ mode runs pages/registry.py directly, without
  app.py. Those requests go first; they run page files only, which keeps the server in
  legacy mode for all of them;
- each url_path in components.navigation.PAGES ("danh-muc");
- each name alone, each name's hash (streamlit.util.calc_hash, what st.Page and the
  legacy mode use) alone, and both together.

Every run must finish, show nothing protected (titles of protected pages from both
catalogs, demo unit/bloc/province names) and write nothing to the database.
"""

import asyncio
import hashlib
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.util import calc_hash

from bench.stclient import RunResult, StreamlitSession, navigation_texts
from tests.e2e.conftest import ROOT, free_port, running_server

PAGES_DIR = ROOT / "pages"
REQUEST_TIMEOUT = 20  # seconds for one run; a normal one takes well under 1 s
# Texts an anonymous visitor may see anyway: a protected phrase found in one of these is
# not evidence of a leak (e.g. "Tên đăng nhập" is both a user-admin column and a login label).
# "chrome.": components/chrome.py's style sheet, drawn on every page (the login page too), holds
# its Vietnamese words for Streamlit's English ("Không có kết quả" contains users.result's "Kết quả").
PUBLIC_KEY_PREFIXES = ("app.", "chrome.", "common.", "error.", "login.", "login_method.", "nav.section.")
# The brief: protected are registry texts and page titles, not the login or home texts.
NOT_PROTECTED_PREFIXES = (*PUBLIC_KEY_PREFIXES, "home.", "nav.home")
MIN_PHRASE_CHARS = 7  # shorter catalog words ("Tỉnh", "Năm", "Lưu") say nothing on their own


# ---------------------------------------------------------------- what to ask for


@dataclass(frozen=True)
class PageRequest:
    page_name: str
    page_script_hash: str
    why: str

    def __str__(self) -> str:
        return f"page_name={self.page_name!r} page_script_hash={self.page_script_hash[:12] or '∅'!s} ({self.why})"


def page_module_names() -> list[str]:
    """pages/*.py as Streamlit's legacy mode names them (file stem, and its inferred url name)."""
    try:
        from streamlit.source_util import page_icon_and_name
    except ImportError:  # moved in another Streamlit version: the stem is the usual name
        page_icon_and_name = None
    names: list[str] = []
    for path in sorted(PAGES_DIR.glob("*.py")):
        if path.name == "__init__.py" or path.name.startswith("."):
            continue
        names.append(path.stem)
        if page_icon_and_name is not None:
            names.append(page_icon_and_name(path)[1])
    return list(dict.fromkeys(names))


def navigation_names() -> list[str]:
    from components.navigation import PAGES

    return list(dict.fromkeys([*(spec.url_path for spec in PAGES.values()), *PAGES]))


def page_requests() -> list[PageRequest]:
    requests: list[PageRequest] = []
    legacy = page_module_names()
    for names, kind in ((legacy, "pages/ module"), ([n for n in navigation_names() if n not in legacy], "url path")):
        for name in names:
            requests += [
                PageRequest(name, "", f"{kind} name"),
                PageRequest("", calc_hash(name), f"calc_hash({name!r}) of a {kind}"),
                PageRequest(name, calc_hash(name), f"{kind} name and its hash"),
            ]
    # Last: the default page, what a browser gets. It runs app.py (ending legacy mode).
    requests.append(PageRequest("", "", "default page"))
    return requests


# ---------------------------------------------------------------- what must not show


def _phrases(value: str) -> list[str]:
    """The readable fragments of a catalog value: no {fields}, markdown marks or line breaks."""
    parts = re.split(r"\{[^}]*\}|\n", value)
    cleaned = (part.strip().strip("*_#>-:.,;()[]` ").strip() for part in parts)
    return [p for p in cleaned if len(p) >= MIN_PHRASE_CHARS and len(p.split()) >= 2]


def public_texts() -> list[str]:
    """What the login page (and errors, language switch) may show to anyone."""
    from components.navigation import PAGES
    from locales import LANGUAGES, catalog
    from services.access.pages import pages_for

    public_title_keys = {PAGES[name].title_key for name in pages_for(None) if name in PAGES}
    public_prefixes = (*PUBLIC_KEY_PREFIXES, *(f"{name}." for name in pages_for(None)))
    texts = []
    for language in LANGUAGES:
        for key, value in catalog(language).items():
            if key.startswith(public_prefixes) or key in public_title_keys:
                texts.append(value)
    return texts


def protected_catalog_phrases() -> dict[str, str]:
    """phrase → catalog key: protected pages' titles and texts (registry.*, users.*, ...)."""
    from components.navigation import PAGES
    from locales import LANGUAGES, catalog
    from services.access.pages import pages_for

    anonymous = set(pages_for(None))
    protected_pages = [name for name in PAGES if name not in anonymous and name != "home"]
    title_keys = {PAGES[name].title_key for name in protected_pages}
    prefixes = tuple(f"{name}." for name in protected_pages)
    public = [text.casefold() for text in public_texts()]
    found: dict[str, str] = {}
    for language in LANGUAGES:
        for key, value in catalog(language).items():
            if key.startswith(NOT_PROTECTED_PREFIXES) and key not in title_keys:
                continue
            if not (key.startswith(prefixes) or key in title_keys or key.endswith(".title")):
                continue
            for phrase in _phrases(value):
                if not any(phrase.casefold() in text for text in public):
                    found.setdefault(phrase, f"{language}:{key}")
    return found


def demo_names(db_path: Path) -> dict[str, str]:
    """name → where from: provinces, blocs and unit names in the demo database."""
    import sqlalchemy as sa
    from sqlmodel import Session, select

    from db.models import Bloc, Province, UnitName

    engine = sa.create_engine(f"sqlite:///{db_path}")
    try:
        with Session(engine) as session:
            rows = [(name, "province") for name in session.exec(select(Province.name))]
            rows += [(name, "bloc") for name in session.exec(select(Bloc.name))]
            rows += [(name, "unit") for name in session.exec(select(UnitName.name))]
    finally:
        engine.dispose()
    public = [text.casefold() for text in public_texts()]
    return {
        name: f"demo {kind}"
        for name, kind in rows
        if len(name) >= MIN_PHRASE_CHARS and not any(name.casefold() in text for text in public)
    }


def leaks(text: str, protected: dict[str, str]) -> list[str]:
    folded = text.casefold()
    return [f"{phrase!r} ({source})" for phrase, source in protected.items() if phrase.casefold() in folded]


# ---------------------------------------------------------------- database and server


def database_snapshot(db_path: Path) -> dict[str, tuple[int, str]]:
    """table → (row count, digest of its rows): catches inserts, deletes and updates."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        snapshot = {}
        for table in sorted(tables):
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            snapshot[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return snapshot
    finally:
        connection.close()


def database_changes(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    changes = []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table), after.get(table)
        if old == new:
            continue
        if old is None or new is None:
            changes.append(f"table {table!r} {'appeared' if old is None else 'disappeared'}")
        elif old[0] != new[0]:
            changes.append(f"table {table!r}: {old[0]} → {new[0]} rows")
        else:
            changes.append(f"table {table!r}: rows changed ({old[0]} rows)")
    return changes


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory) -> Path:
    """A fresh SQLite file with the demo data (`python -m manage init --demo`), outside demo mode."""
    path = tmp_path_factory.mktemp("raw_ws") / "demo.db"
    env = {k: v for k, v in os.environ.items() if k != "THIDUA_DEMO"} | {"DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run(
        [sys.executable, "-m", "manage", "init", "--demo"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=180,
        capture_output=True,
    )
    return path


@contextmanager
def fresh_server(db_path: Path, log_path: Path) -> Iterator[int]:
    """The app as deployed (THIDUA_DEMO unset, a secret key set), on its own port, loopback only."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"THIDUA_DEMO", "THIDUA_SECRET_KEY", "DATABASE_URL"}}
    env |= {"DATABASE_URL": f"sqlite:///{db_path}", "THIDUA_SECRET_KEY": secrets.token_urlsafe(48)}
    command = [sys.executable, "serve.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    with running_server(command, port=port, cwd=ROOT, log_path=log_path, env=env):
        yield port


# ---------------------------------------------------------------- the tests


async def _ask_each(port: int, requests: list[PageRequest]) -> list[tuple[PageRequest, RunResult | BaseException]]:
    """One new session per request, one after the other (order matters for the legacy mode)."""
    outcomes: list[tuple[PageRequest, RunResult | BaseException]] = []
    for request in requests:
        try:
            async with StreamlitSession(port, timeout=REQUEST_TIMEOUT) as session:
                result = await session.run(page_name=request.page_name, page_script_hash=request.page_script_hash)
            outcomes.append((request, result))
        except Exception as error:  # reported with the request, after the others ran
            outcomes.append((request, error))
    return outcomes


def test_the_leak_detector_knows_the_protected_texts(demo_database):
    """The check below would catch the registry page and the demo data if they showed."""
    protected = protected_catalog_phrases() | demo_names(demo_database)
    for phrase in ("Danh mục khối, đơn vị", "Sở Y tế", "Bảo hiểm xã hội tỉnh", "Khối Văn hóa – Xã hội"):
        assert phrase in protected, f"{phrase!r} is not treated as protected"
    assert leaks("…\nDanh mục khối, đơn vị\n…", protected)
    assert not leaks("\n".join(public_texts()), protected), "public login texts would be reported as leaks"


def test_raw_requests_for_every_page_show_nothing_protected_and_write_nothing(demo_database, tmp_path):
    db_path = tmp_path / "server.db"
    shutil.copy(demo_database, db_path)
    protected = protected_catalog_phrases() | demo_names(db_path)
    requests = page_requests()

    with fresh_server(db_path, tmp_path / "server.log") as port:
        before = database_snapshot(db_path)
        outcomes = asyncio.run(_ask_each(port, requests))
        after = database_snapshot(db_path)

    allowed_nav = {name.replace("_", " ").casefold() for name in page_module_names()} | {"app"}
    problems = []
    for request, outcome in outcomes:
        if isinstance(outcome, BaseException):
            problems.append(f"- {request}: the run did not finish: {type(outcome).__name__}: {outcome}")
            continue
        if not outcome.finished_ok:
            problems.append(f"- {request}: the run ended with {outcome.status_name}")
        # Page content must show nothing protected. The navigation may list page *files*:
        # Streamlit's legacy pages/ mode names them after pages/*.py (no content, no titles).
        leaked = leaks(outcome.text(navigation=False), protected)
        leaked += [
            n for n in navigation_texts(outcome.navigation) if n.casefold() not in allowed_nav and leaks(n, protected)
        ]
        if leaked:
            more = f" (+{len(leaked) - 8} more)" if len(leaked) > 8 else ""
            shown = " | ".join(outcome.texts())[:300]
            problems.append(f"- {request}: LEAKED {', '.join(leaked[:8])}{more}\n    shown: {shown}")
    default = outcomes[-1][1]  # must be a real page (the login page's title), not a start-up error
    if isinstance(default, RunResult) and not any(n.kind == "heading" and n.path[0] == 0 for n in default.iter_nodes()):
        problems.append(f"- the default page shows no title: is the app really running? It shows: {default.text()}")
    changes = database_changes(before, after)
    if changes:
        problems.append("- the database changed: " + "; ".join(changes))

    assert not problems, (
        f"{len(problems)} problem(s) from {len(requests)} raw requests without login on a fresh server "
        f"(server log: {tmp_path / 'server.log'}):\n" + "\n".join(problems)
    )
