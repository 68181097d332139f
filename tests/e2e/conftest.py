"""Browser tests: Playwright driving Debian's Chromium against a real app server."""

import os
import shutil
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.procs import wait_healthy
from tests.databases import in_ci

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update"]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(
    command: list[str], *, port: int, cwd: Path, log_path: Path, env: dict | None = None
) -> Iterator[int]:
    """Start a server process group, wait for /_stcore/health, stop it (SIGTERM, then SIGKILL) afterwards."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_healthy(port, process)
            yield port
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        message = "Debian's chromium is not installed (bash scripts/dev.sh test installs it as root)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@pytest.fixture()
def run_command_app(tmp_path) -> Iterator[str]:
    """The README's first command, on its own port and a fresh SQLite file."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.db'}"}
    with running_server(["bash", "scripts/dev.sh", "run"], port=port, cwd=ROOT, log_path=tmp_path / "app.log", env=env):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture()
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(autouse=True, scope="session")
def _cards_in_process_memory():
    """Rounds a test opens (and closes) through the services keep their cards in this test
    process's memory (services.voting.sealing); the app servers keep nothing outside demo mode."""
    from services.voting import sealing

    sealing.keep_shares_in_process(True)
    yield
    sealing.keep_shares_in_process(False)
