"""Fault and forged-ballot tests through the app: an app server (as deployed: no demo
mode, a secret key) that a test may kill and restart, and delegates who vote over
Streamlit's websocket (bench.stclient), as a browser tab would. The conference itself
(round, check-ins, access codes) comes from tests/conference_world.py.
"""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from bench.stclient import RunResult, StreamlitSession, Widget
from locales import translate
from tests.conference_world import Conference, build_conference, stored_counts
from tests.e2e.conftest import ROOT, free_port, wait_healthy

__all__ = ["AppServer", "Conference", "Delegate", "app_server", "build_conference", "stored_counts", "vi"]

RUN_TIMEOUT = 60  # seconds for one run, generous for a loaded 2-core machine


def vi(key: str) -> str:
    return translate("vi", key)


def vi_prefix(key: str) -> str:
    """The fixed start of a message with {fields}: what a test can look for."""
    return vi(key).split("{")[0].strip()


# ---------------------------------------------------------------- the app server


def server_env(url: str, key: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"THIDUA_DEMO", "THIDUA_SECRET_KEY", "DATABASE_URL"}}
    return env | {"DATABASE_URL": url, "THIDUA_SECRET_KEY": key} | extra


def server_command(port: int) -> list[str]:
    return [sys.executable, "serve.py", "--server.port", str(port),
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
        """The ballot page, by its title in the navigation (it may be the delegate's default page)."""
        pages = [] if self.session.navigation is None else self.session.navigation.app_pages
        ballot = next((p for p in pages if p.page_name == vi("nav.ballot")), None)
        assert ballot is not None, f"unit {self.unit_id}: no ballot page in {[p.page_name for p in pages]}"
        self.session.widget_values.clear()
        return self._keep(await self.session.run(page_script_hash=ballot.page_script_hash, query_string=""))

    def choices_for(self, count: int = 1) -> list[int]:
        """The first candidates that are not the delegate's own unit."""
        return [unit for unit in self.names if unit != self.unit_id][:count]

    async def review(self, chosen: list[int], *, run: RunResult | None = None,
                     round_id: int | None = None) -> RunResult:  # fmt: skip
        """Tick candidates (the pick form's checkboxes, keyed c_<round>_<unit>) and press Xem lại phiếu."""
        run = run or self.last
        prefix = f"c_{round_id}_" if round_id is not None else "c_"
        boxes = {w.user_key: w for w in run.widgets("checkbox") if (w.user_key or "").startswith(prefix)}
        ticked = {next(w for key, w in boxes.items() if key.endswith(f"_{unit}")): True for unit in chosen}
        submits = [w for w in run.widgets("button") if w.label == vi("ballot.review")]
        if round_id is not None:
            submits = [w for w in submits if w.form_id == f"ballot_{round_id}"]
        assert len(submits) == 1, f"unit {self.unit_id}: {len(submits)} ballot forms to submit"
        return self._keep(await self.session.submit_form(submits[0], ticked))

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
