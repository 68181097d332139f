"""A hall behind one address: 200 delegates, 300 wrong codes among them, on SQLite and
PostgreSQL, through the login service with real commits and parallel threads.

The review's finding: after 100 wrong codes from one address in 10 minutes the address
was locked, and the lock was checked before the code, so a whole hall behind NAT was
refused. Now a valid code always logs in; wrong ones are only slowed down, and the
admin sees an alert when they come faster than the conference's ceiling.
"""

import random
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from db.engine import make_engine, session_scope
from db.models import Conference
from services.access.code_alerts import MIN_CEILING, code_alert
from services.access.login import Outcome, code_login
from services.access.throttle import CODE_DELAY_CAP
from services.clock import now
from tests.security.hall_world import build_hall

KEY = "k" * 40
HALL_ADDRESS = "203.0.113.7"  # every phone in the hall, behind the venue's NAT


@pytest.fixture()
def engine(migrated_url):
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


def enter(engine, code: str, browser: str, at):
    with session_scope(engine) as session:
        return code_login(session, code=code, browser_session=browser, address=HALL_ADDRESS, key=KEY, at=at)


def wrong_code() -> str:
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "-".join("".join(random.choice(alphabet) for _ in range(4)) for _ in range(3))


def next_minute():
    """The start of the next whole minute: attempts timed from it fall in known minutes."""
    return now().replace(second=0, microsecond=0) + timedelta(minutes=1)


def alert(engine, conference_id: int, at):
    with session_scope(engine) as session:
        return code_alert(session, conference=session.get(Conference, conference_id), at=at)


def test_two_hundred_delegates_behind_one_address_all_get_in_despite_three_hundred_wrong_codes(engine):
    hall = build_hall(engine, delegates=200, key=KEY)
    start = next_minute()
    rng = random.Random(14)
    # 300 wrong codes: typos of delegates (their own sessions) and a guesser in one session.
    attempts = [("wrong", f"delegate-{rng.randrange(200)}", wrong_code()) for _ in range(150)]
    attempts += [("wrong", "guesser", wrong_code()) for _ in range(150)]
    attempts += [("right", f"delegate-{n}", code) for n, code in enumerate(hall.codes.values())]
    rng.shuffle(attempts)
    # All within one minute: the guesser's wrong codes come first in the address's count.
    timed = [(kind, browser, code, start + timedelta(seconds=50 * i / len(attempts)))
             for i, (kind, browser, code) in enumerate(attempts)]  # fmt: skip

    def one(attempt):
        kind, browser, code, at = attempt
        return kind, enter(engine, code, browser, at)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, timed))
    right = [r for kind, r in results if kind == "right"]
    wrong = [r for kind, r in results if kind == "wrong"]
    assert [r.outcome for r in right] == [Outcome.OK] * 200
    assert {r.principal.unit_id for r in right} == set(hall.codes)
    assert all(r.delay == 0 for r in right)  # a valid code is never held
    assert [r.outcome for r in wrong] == [Outcome.REFUSED] * 300
    assert all(0 < r.delay <= CODE_DELAY_CAP for r in wrong)
    # The guesser's own session ends up at the cap; the address's 300 failures add 3 s at most.
    assert max(r.delay for r in wrong) == CODE_DELAY_CAP
    # The guesser keeps trying after all this: a delegate arriving late still gets in at once.
    late = enter(engine, next(iter(hall.codes.values())), "late-phone", start + timedelta(seconds=55))
    assert late.outcome == Outcome.OK and late.delay == 0
    # 300 wrong codes in one minute exceed this conference's ceiling (200 codes a minute).
    warning = alert(engine, hall.conference_id, start + timedelta(minutes=1))
    assert warning is not None
    assert (warning.ceiling, warning.total, warning.minutes) == (200, 300, 1)
    assert warning.peak.failures == 300 and warning.peak.minute == start


def test_typos_spread_over_the_morning_raise_no_alert_a_guesser_does(engine):
    start = next_minute() + timedelta(hours=2)  # apart from the other tests' wrong codes (one server count)
    hall = build_hall(engine, delegates=10, key=KEY, opened_at=start - timedelta(seconds=1))
    for i in range(60):  # 60 typos, one every 5 s: 12 a minute
        enter(engine, wrong_code(), f"phone-{i % 10}", start + timedelta(seconds=5 * i))
    assert alert(engine, hall.conference_id, start + timedelta(minutes=6)) is None
    guess_at = start + timedelta(minutes=10)
    for i in range(MIN_CEILING + 5):  # a guesser: 35 in a few seconds, above the floor of 30
        enter(engine, wrong_code(), secrets.token_hex(4), guess_at + timedelta(milliseconds=100 * i))
    warning = alert(engine, hall.conference_id, guess_at + timedelta(minutes=1))
    assert warning is not None and warning.ceiling == MIN_CEILING and warning.total == 60 + MIN_CEILING + 5
    assert warning.peak.failures >= MIN_CEILING + 1
