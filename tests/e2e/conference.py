"""A conference under way, for the fault and forged-ballot tests: the demo data, an open
round in Lai Châu's Culture–Society bloc with every member unit checked in, one access
code per unit, an app server (as deployed: no demo mode, a secret key) and delegates
who vote over Streamlit's websocket (bench.stclient), as a browser tab would.
"""

import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from bench.stclient import RunResult, StreamlitSession, Widget
from db.demo import load_demo
from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from db.models import Bloc, Province
from db.models.voting import Ballot, Participation, VotingRound
from locales import translate
from services.access_codes import create_conference, issue_codes
from services.clock import now
from services.membership import members
from services.voting.results import round_candidates
from services.voting.rounds import check_in, create_round, open_round
from services.voting.rules import PRESETS, RoundKind
from tests.e2e.conftest import ROOT, free_port, wait_healthy

YEAR = 2026
RUN_TIMEOUT = 60  # seconds for one run, generous for a loaded 2-core machine


def vi(key: str) -> str:
    return translate("vi", key)


def vi_prefix(key: str) -> str:
    """The fixed start of a message with {fields}: what a test can look for."""
    return vi(key).split("{")[0].strip()


@dataclass
class Conference:
    url: str
    key: str
    bloc_id: int
    round_id: int
    units: list[int]
    names: dict[int, str]
    codes: dict[int, str]
    extra_rounds: dict[str, int] = field(default_factory=dict)

    def engine(self) -> sa.Engine:
        return make_engine(self.url)


def lai_chau_culture(session: Session) -> Bloc:
    return session.exec(select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))).one()


def open_round_for(session: Session, *, bloc_id: int, kind: RoundKind, title: str, conference_id: int | None) -> int:
    units = [m.unit_id for m in members(session, bloc_id=bloc_id, year=YEAR)]
    round_ = create_round(session, bloc_id=bloc_id, year=YEAR, title=title, settings=PRESETS[kind], at=now(),
                          conference_id=conference_id)  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    open_round(session, round_id=round_.id, at=now())
    return round_.id


def build_conference(url: str, *, kind: RoundKind = RoundKind.PROVINCIAL_FLAG, key: str | None = None) -> Conference:
    """Migrate, load the demo data, open a round and issue the access codes (what the admin does)."""
    key = key or secrets.token_urlsafe(48)
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            load_demo(session)
        with session_scope(engine) as session:
            bloc = lai_chau_culture(session)
            conference = create_conference(session=session, bloc_id=bloc.id, year=YEAR, name="Hội nghị tổng kết",
                                           ends_at=now() + timedelta(days=1), at=now())  # fmt: skip
            round_id = open_round_for(session, bloc_id=bloc.id, kind=kind, title="Cờ thi đua của UBND tỉnh",
                                      conference_id=conference.id)  # fmt: skip
            issued = issue_codes(session=session, conference=conference, key=key, at=now())
            candidates = round_candidates(session, session.get(VotingRound, round_id), with_scores=False)
            return Conference(
                url=url,
                key=key,
                bloc_id=bloc.id,
                round_id=round_id,
                units=[code.unit_id for code in issued],
                names={c.id: c.name for c in candidates},
                codes={code.unit_id: code.code for code in issued},
            )
    finally:
        engine.dispose()


def stored_counts(url: str, round_id: int) -> tuple[set[int], int]:
    """(units recorded as having voted, anonymous ballots) of a round."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            voted = set(session.exec(select(Participation.unit_id).where(Participation.round_id == round_id)))
            ballots = session.exec(select(sa.func.count()).select_from(Ballot).where(Ballot.round_id == round_id)).one()
        return voted, ballots
    finally:
        engine.dispose()


# ---------------------------------------------------------------- the app server


def server_env(url: str, key: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"THIDUA_DEMO", "THIDUA_SECRET_KEY", "DATABASE_URL"}}
    return env | {"DATABASE_URL": url, "THIDUA_SECRET_KEY": key} | extra


def server_command(port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
            "--server.headless", "true", "--server.address", "127.0.0.1"]  # fmt: skip


class AppServer:
    """One Streamlit process (its own process group) that a test may kill and start again."""

    def __init__(self, url: str, key: str, log_path: Path, port: int | None = None, **env: str) -> None:
        self.env = server_env(url, key, **env)
        self.port = port or free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log_path, "a")  # noqa: SIM115 - the child keeps writing after this returns
        self.process = subprocess.Popen(server_command(self.port), cwd=ROOT, env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        log.close()
        wait_healthy(self.port, self.process)

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as when the machine or the process dies."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@contextmanager
def app_server(url: str, key: str, log_path: Path, **env: str) -> Iterator[AppServer]:
    server = AppServer(url, key, log_path, **env)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------- a delegate's tab


class Delegate:
    """One delegate's browser tab: log in with the access code, open the ballot, vote."""

    def __init__(self, port: int, unit_id: int, code: str, names: dict[int, str]) -> None:
        self.port, self.unit_id, self.code, self.names = port, unit_id, code, names
        self.session = StreamlitSession(port, timeout=RUN_TIMEOUT)
        self.last: RunResult | None = None

    async def __aenter__(self) -> "Delegate":
        await self.session.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.session.close()

    async def reconnect(self, port: int | None = None) -> None:
        """A new tab (the old server is gone): same code, a new session."""
        await self.session.close()
        self.port = port or self.port
        self.session = StreamlitSession(self.port, timeout=RUN_TIMEOUT)
        await self.session.connect()

    def _keep(self, run: RunResult) -> RunResult:
        self.last = run
        assert not run.exceptions(), f"unit {self.unit_id}: the page raised {run.exceptions()}"
        return run

    async def login(self) -> RunResult:
        run = await self.session.open()
        code = run.widget(label=vi("login.code"), kind="text_input")
        submit = run.widget(label=vi("login.code_submit"), kind="button")
        run = self._keep(await self.session.submit_form(submit, {code: self.code}))
        assert vi("login.code_refused") not in run.text(), f"unit {self.unit_id}: code refused"
        return run

    async def open_ballot(self) -> RunResult:
        return self._keep(await self.session.switch_page("phieu-bau"))

    def choices_for(self, count: int = 1) -> list[int]:
        """The first candidates that are not the delegate's own unit."""
        return [unit for unit in self.names if unit != self.unit_id][:count]

    async def review(self, chosen: list[int], *, run: RunResult | None = None) -> RunResult:
        """Tick candidates (by their names, as shown) and press Xem lại phiếu."""
        run = run or self.last
        boxes = {run.widget(label=self.names[unit], kind="checkbox"): True for unit in chosen}
        submit = run.widget(label=vi("ballot.review"), kind="button")
        return self._keep(await self.session.submit_form(submit, boxes))

    def button(self, key: str, run: RunResult | None = None) -> Widget | None:
        run = run or self.last
        found = [w for w in run.widgets("button") if w.label == vi(key)]
        return found[0] if found else None

    async def confirm(self) -> RunResult:
        button = self.button("ballot.confirm")
        assert button is not None, f"unit {self.unit_id}: no confirm button on: {self.last.text()}"
        return self._keep(await self.session.click(button))

    async def rerun(self) -> RunResult:
        return self._keep(await self.session.rerun())

    def outcome(self, run: RunResult | None = None) -> str:
        """What the delegate reads after pressing confirm, as one word for the test."""
        text = (run or self.last).text()
        if vi_prefix("ballot.receipt") in text:
            return "receipt"
        if vi("vote_error.already_voted") in text or vi("ballot.already_voted") in text:
            return "already_voted"
        if vi("ballot.try_again") in text or vi("db_fault.unavailable") in text:
            return "try_again"
        if vi("db_fault.read_only") in text or vi("db_fault.ballot_read_only") in text:
            return "read_only"
        return "unclear"

    def receipt(self) -> str | None:
        marker = vi_prefix("ballot.receipt").rsplit(":", 1)[0]
        for line in self.last.texts():
            if marker in line:
                return line.split("**")[1] if "**" in line else None
        return None

    async def vote_until_counted(self, attempts: int = 4) -> str:
        """After a fault: press what the page offers (Thử lại, Xác nhận) until the ballot is in."""
        for _ in range(attempts):
            state = self.outcome()
            if state in {"receipt", "already_voted"}:
                return state
            if self.button("ballot.confirm") is not None:
                await self.confirm()
            elif self.button("db_fault.retry") is not None:
                self._keep(await self.session.click(self.button("db_fault.retry")))
            else:
                await self.rerun()
        return self.outcome()
