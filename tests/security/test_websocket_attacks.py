"""The review's attacks replayed against a started app over Streamlit's own websocket
protocol (bench/stclient.py, as the fault tests do), on SQLite and PostgreSQL. Every
session carries X-Forwarded-For: 203.0.113.7, as nginx forwards it for a hall's phones
behind the venue's NAT (uvicorn trusts that header from loopback, its default): one
address for all, as the app sees it in production.

1. A hall behind one address: 120 wrong codes from 30 sessions (more than the old
   per-address lock of 100), then every delegate's valid code logs in, including
   delegates whose own phone mistyped first.
2. Parallel password guessing: 30 sessions send wrong passwords for one name at once;
   at most 5 are checked (counted in the database's login events, one per checked
   attempt), and the right password sent afterwards is refused while the lock lasts.

(Formula cells in downloads are checked on the downloaded bytes in test_formula_cells.py.)
"""

import asyncio
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from bench import stclient
from bench.hall import app_servers, label, prepare_database
from bench.stclient import StreamlitSession
from db.engine import make_engine, session_scope
from db.models import LoginEvent, LoginMethod, LoginThrottle, Role
from services.access.accounts import AccountInput, create_user
from tests.conftest import require_backend
from tests.databases import fresh_database

DELEGATES = 20
ATTACKERS, GUESSES_EACH = 30, 4  # 120 wrong codes from one address
PASSWORD_GUESSERS = 30
ADMIN, RIGHT = "quantri.tinh", "dung-mat-khau-1"
TIMEOUT = 60.0
HALL_ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def behind_the_halls_nat(monkeypatch):
    """Every websocket this module opens says it comes from the hall's one public address."""
    real = stclient.connect

    def connect(*args, additional_headers=None, **kwargs):
        headers = {**(additional_headers or {}), "X-Forwarded-For": HALL_ADDRESS}
        return real(*args, additional_headers=headers, **kwargs)

    monkeypatch.setattr(stclient, "connect", connect)


@dataclass(frozen=True)
class App:
    port: int
    url: str
    codes: list[str]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(request, tmp_path_factory) -> Iterator[App]:
    require_backend(request.param)
    workdir = tmp_path_factory.mktemp(f"attacks-{request.param}")
    key = secrets.token_urlsafe(32)
    with fresh_database(request.param, workdir) as url:
        hall = prepare_database(url, delegates=DELEGATES, candidates=3, key=key)
        engine = make_engine(url)
        with session_scope(engine) as session:
            create_user(session=session, data=AccountInput(ADMIN, "Quản trị tỉnh", Role.ADMIN), password=RIGHT)
        engine.dispose()
        with app_servers(url, key, processes=1, workdir=workdir) as (port, _):
            yield App(port, url, hall.codes)


def logged_in(run) -> bool:
    pages = run.navigation.app_pages if run.navigation is not None else []
    return any(page.page_name == label("nav.ballot") for page in pages)


async def enter_codes(port: int, codes: list[str]) -> tuple[bool, str]:
    """One phone: types each code in turn on the login page; (logged in at the end?, page text)."""
    async with StreamlitSession(port, timeout=TIMEOUT) as session:
        run = await session.open()
        for code in codes:
            field = run.widget(label=label("login.code"), kind="text_input")
            enter = run.widget(label=label("login.code_submit"), kind="button")
            run = await session.submit_form(enter, {field: code})
        return logged_in(run), run.text(navigation=False)


async def enter_password(port: int, username: str, password: str) -> str:
    async with StreamlitSession(port, timeout=TIMEOUT) as session:
        run = await session.open()
        name = run.widget(label=label("login.username"), kind="text_input")
        secret = run.widget(label=label("login.password"), kind="text_input")
        submit = run.widget(label=label("login.submit"), kind="button")
        run = await session.submit_form(submit, {name: username, secret: password})
        return run.text(navigation=True)


def wrong(number: int) -> str:
    return f"ZZZZ{number:08d}"[:12]


def count(url: str, query) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        value = session.exec(query).one()
    engine.dispose()
    return value


def test_a_hall_behind_one_address_gets_in_after_a_flood_of_wrong_codes(app):
    async def scenario():
        flood = [enter_codes(app.port, [wrong(a * GUESSES_EACH + g) for g in range(GUESSES_EACH)])
                 for a in range(ATTACKERS)]  # fmt: skip
        attackers = await asyncio.gather(*flood)
        # Then the hall: every delegate, five of whom mistype their code once first.
        typed = [[wrong(10_000 + n), code] if n < 5 else [code] for n, code in enumerate(app.codes)]
        delegates = await asyncio.gather(*(enter_codes(app.port, codes) for codes in typed))
        return attackers, delegates

    attackers, delegates = asyncio.run(scenario())
    assert not any(inside for inside, _ in attackers)
    assert all(label("login.code_refused") in text for _, text in attackers)
    address = select(LoginThrottle.failures).where(LoginThrottle.key == f"code:address:{HALL_ADDRESS}")
    assert count(app.url, address) >= ATTACKERS * GUESSES_EACH + 5 > 100  # past the old per-address lock
    refused = [text[:200] for inside, text in delegates if not inside]
    assert refused == [], refused
    assert "tạm khóa" not in " ".join(text for _, text in delegates)


def test_parallel_password_guesses_check_at_most_five_and_the_right_one_then_waits(app):
    async def scenario():
        guesses = [enter_password(app.port, ADMIN, f"sai-mat-khau-{n:02d}") for n in range(PASSWORD_GUESSERS)]
        texts = await asyncio.gather(*guesses)
        right = await enter_password(app.port, f"  {ADMIN.upper()} ", RIGHT)
        return texts, right

    texts, right = asyncio.run(scenario())
    checked = count(
        app.url,
        select(sa.func.count()).where(LoginEvent.method == LoginMethod.PASSWORD, LoginEvent.username == ADMIN),
    )
    assert checked <= 5, f"{checked} passwords checked"
    assert all(label("login.refused") in t or "tạm khóa" in t for t in texts)
    assert "tạm khóa" in right and label("nav.ballot") not in right
