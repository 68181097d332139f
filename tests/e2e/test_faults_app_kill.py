"""The app process is killed (SIGKILL) in the middle of an open round, then started again.

On an SQLite file (the small set-up): some delegates have voted, one ballot is in flight
when the process dies. After the restart the round is still open with its check-ins,
every stored ballot has its participation row and the other way round, the audit chain
verifies, the delegates log in again with their codes and finish voting, and the
projector tab that was open in a real browser reconnects by itself and counts on.
"""

import asyncio
import contextlib
import json
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from components.auth import COOKIE_NAME
from db.engine import make_engine, session_scope
from db.models.voting import CheckIn, RoundStatus, VotingRound
from services.clock import now
from services.voting import audit
from services.voting.rounds import close_round
from tests.e2e.browser import log_in, new_context
from tests.e2e.conference import AppServer, Delegate, build_conference, stored_counts, vi

ADMIN, ADMIN_PASSWORD = "bankiemphieu", secrets.token_urlsafe(12)
TIMEOUT_MS = 60_000


def _projector_login(page: Page, base: str) -> None:
    # log_in waits until the app has settled: the login cookie's component reports its value
    # after the login, which starts a run nobody clicked for, and a click landing in that run
    # is dropped (the landing page stayed, with no projector heading).
    log_in(page, base, ADMIN, ADMIN_PASSWORD)
    page.locator("[data-testid=stSidebar]").get_by_role("link", name=vi("nav.projector")).click()
    expect(page.get_by_role("heading", name=vi("projector.title"))).to_be_visible()
    # The login cookie is written by a component a few runs later; a restart needs it.
    page.wait_for_function(f"document.cookie.includes('{COOKIE_NAME}=')")


def _turnout(page: Page, voted: int, present: int) -> None:
    """The projector's live figure (its fragment reruns every 2 s in the browser)."""
    metric = page.locator("[data-testid=stMetric]").filter(has_text=vi("projector.turnout"))
    expect(metric).to_contain_text(f"{voted} / {present}")


async def _vote(delegates: list[Delegate]) -> list[str]:
    outcomes = []
    for delegate in delegates:
        await delegate.login()
        await delegate.open_ballot()
        if delegate.outcome() == "already_voted":
            outcomes.append("already_voted")
            continue
        await delegate.review(delegate.choices_for(2))
        await delegate.confirm()
        outcomes.append(delegate.outcome())
    return outcomes


async def _before_the_kill(server: AppServer, conference) -> None:
    """Three delegates vote; a fourth confirms and the process dies under the ballot."""
    units = conference.units
    voters = [Delegate(server.port, u, conference.codes[u], conference.names) for u in units[:4]]
    for delegate in voters:
        await delegate.session.connect()
    try:
        assert await _vote(voters[:3]) == ["receipt"] * 3
        last = voters[3]
        await last.login()
        await last.open_ballot()
        await last.review(last.choices_for(2))
        in_flight = asyncio.create_task(last.confirm())
        await asyncio.sleep(0)  # the confirm is sent; the kill does not wait for its answer
        await asyncio.to_thread(server.kill)
        with contextlib.suppress(Exception):  # its tab loses the server: no answer, or a receipt
            await in_flight
    finally:
        for delegate in voters:
            await delegate.session.close()


async def _after_the_restart(server: AppServer, conference) -> list[str]:
    delegates = [Delegate(server.port, u, conference.codes[u], conference.names) for u in conference.units]
    for delegate in delegates:
        await delegate.session.connect()
    try:
        return await _vote(delegates)
    finally:
        for delegate in delegates:
            await delegate.session.close()


def _in_thread(coroutine):
    """The delegates' event loop, beside Playwright's own (sync Playwright runs one in this thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _consistent(url: str, round_id: int, units: list[int]) -> int:
    """Round open, everyone still checked in, ballots and participations match, chain verifies."""
    voted, ballots = stored_counts(url, round_id)
    assert len(voted) == ballots, f"{len(voted)} units recorded as voted but {ballots} ballots stored"
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            assert session.get(VotingRound, round_id).status == RoundStatus.OPEN
            assert set(session.exec(select(CheckIn.unit_id).where(CheckIn.round_id == round_id))) == set(units)
            chain = audit.verify_chain(session)
            assert chain.intact, chain
            accepted = [e for e in audit.events_of_round(session, round_id=round_id) if e.kind == "ballot_accepted"]
            assert len(accepted) == ballots
    finally:
        engine.dispose()
    return ballots


@pytest.mark.browser
def test_killing_the_app_mid_round_keeps_every_record_and_voting_goes_on(tmp_path, browser):
    url = f"sqlite:///{tmp_path / 'conference.db'}"
    conference = build_conference(url)
    server = AppServer(url, conference.key, tmp_path / "app.log",
                       THIDUA_ADMIN_USERNAME=ADMIN, THIDUA_ADMIN_PASSWORD=ADMIN_PASSWORD)  # fmt: skip
    members = len(conference.units)
    context = new_context(browser)  # watches the app's connection, for log_in's wait
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    projector = context.new_page()
    try:
        server.start()
        base = f"http://127.0.0.1:{server.port}"
        _projector_login(projector, base)
        _turnout(projector, 0, members)

        _in_thread(_before_the_kill(server, conference))
        counted = _consistent(url, conference.round_id, conference.units)
        assert counted in (3, 4)  # the ballot in flight is wholly in, or wholly out

        server.start()  # same port, same database: what a supervisor does after a crash
        _turnout(projector, counted, members)  # the open tab reconnected by itself
        outcomes = _in_thread(_after_the_restart(server, conference))
        assert outcomes[:3] == ["already_voted"] * 3, outcomes
        assert outcomes[3] == ("already_voted" if counted == 4 else "receipt"), outcomes
        assert outcomes[4:] == ["receipt"] * (members - 4), outcomes
        assert _consistent(url, conference.round_id, conference.units) == members
        _turnout(projector, members, members)

        engine = make_engine(url)
        try:
            with session_scope(engine) as session:
                result = json.loads(close_round(session, round_id=conference.round_id, at=now()))
            assert result["collected"] == members
            with Session(engine) as session:
                assert audit.verify_chain(session).intact
        finally:
            engine.dispose()
    finally:
        context.close()
        server.stop()
