"""Parallel password guessing against one name, on SQLite and PostgreSQL.

The review's finding: lock check, bcrypt check and failure count were three steps, so
60 simultaneous attempts got 51 passwords checked and the right one sent last logged in.
Policy: 5 attempts per 15 minutes per name. Here 60 threads start together (a barrier),
every bcrypt check is counted (and made as slow as a real one, so the race has room).
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from db.engine import make_engine, session_scope
from db.models import Role
from services.access import passwords
from services.access.accounts import AccountInput, create_user
from services.access.login import Outcome, password_login
from services.clock import now

RIGHT = "dung-mat-khau-1"
ATTEMPTS = 60


@pytest.fixture()
def engine(migrated_url):
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def counted_checks(monkeypatch):
    """Every bcrypt check the login makes, counted; each takes 50 ms like a real one here."""
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)
    real, lock, checked = passwords.check_password, threading.Lock(), []

    def check(password: str, password_hash: str) -> bool:
        with lock:
            checked.append(password)
        threading.Event().wait(0.05)
        return real(password, password_hash)

    monkeypatch.setattr(passwords, "check_password", check)
    return checked


def make_user(engine) -> str:
    name = f"race.{uuid.uuid4().hex[:8]}"
    with session_scope(engine) as session:
        create_user(session=session, data=AccountInput(name, "Quản trị", Role.ADMIN), password=RIGHT)
    return name


def attempt(engine, username: str, password: str, at=None) -> Outcome:
    opener = lambda: session_scope(engine)  # noqa: E731
    return password_login(opener, username=username, password=password, at=at or now(), demo=False).outcome


def test_sixty_parallel_guesses_check_at_most_five_passwords(engine, counted_checks):
    name = make_user(engine)
    start = threading.Barrier(ATTEMPTS)
    # The right password is among them, sent last (the review's 29-wrong-then-right case).
    guesses = [f"sai-{i:02d}-mat-khau" for i in range(ATTEMPTS - 1)] + [RIGHT]

    def one(password: str) -> Outcome:
        start.wait()
        if password == RIGHT:
            threading.Event().wait(0.3)
        return attempt(engine, name, password)

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        outcomes = list(pool.map(one, guesses))
    assert len(counted_checks) <= 5, f"{len(counted_checks)} passwords checked"
    assert Outcome.OK not in outcomes
    assert outcomes.count(Outcome.LOCKED) >= ATTEMPTS - 5
    # Locked: the right password is refused unchecked, under any spelling of the name.
    before = len(counted_checks)
    for variant in (name, name.upper(), f"  {name.title()}  ", f"\t{name}\n"):
        assert attempt(engine, variant, RIGHT) == Outcome.LOCKED, repr(variant)
    assert len(counted_checks) == before
    # Until the lock runs out (15 minutes).
    assert attempt(engine, name, RIGHT, at=now() + timedelta(minutes=14)) == Outcome.LOCKED
    assert attempt(engine, name, RIGHT, at=now() + timedelta(minutes=16)) == Outcome.OK


def test_name_variants_share_one_count(engine, counted_checks):
    name = make_user(engine)
    variants = [name, name.upper(), f" {name} ", name.capitalize(), f"{name}\t"]
    assert [attempt(engine, v, "sai-mat-khau") for v in variants] == [Outcome.REFUSED] * 4 + [Outcome.LOCKED]
    assert attempt(engine, name, RIGHT) == Outcome.LOCKED
    assert len(counted_checks) == 5


def test_the_right_password_within_the_five_logs_in_and_clears_the_count(engine, counted_checks):
    name = make_user(engine)
    assert [attempt(engine, name, "sai-mat-khau") for _ in range(4)] == [Outcome.REFUSED] * 4
    assert attempt(engine, f" {name.upper()} ", f" {RIGHT} ") == Outcome.OK  # trimmed, as typed on a phone
    assert [attempt(engine, name, "sai-mat-khau") for _ in range(4)] == [Outcome.REFUSED] * 4


def test_unknown_names_cost_a_check_and_lock_the_same_way(engine, counted_checks):
    name = f"khong-co.{uuid.uuid4().hex[:6]}"
    outcomes = [attempt(engine, name, RIGHT) for _ in range(6)]
    assert outcomes == [Outcome.REFUSED] * 4 + [Outcome.LOCKED] * 2
    assert len(counted_checks) == 5
