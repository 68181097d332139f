"""The production set-up of deploy/, brought up on this machine (loopback only, its own ports,
its own throwaway PostgreSQL database), and a short vote through nginx over TLS.

What an operator does (deploy/README.md), minus apt-get and the system paths: render the
configuration (deploy/production.py), write the secrets file outside the repository, put a
placeholder certificate, and start deploy/supervise.py (the systemd stand-in: migration,
two app processes, nginx, backup timer, health watch). Then a delegate opens the QR link of
their printed sheet and votes in a real browser through nginx (HTTPS, websocket, sticky
cookie); an app process killed by the kernel is started again; the
backup timer writes a pg_dump; the health check passes; SIGTERM stops everything.
"""

import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from deploy.healthcheck import _get, app_healthy, checks, read_env
from deploy.production import new_env, placeholder_cert
from tests.conference_world import build_conference, stored_counts
from tests.conftest import require_backend
from tests.databases import fresh_pg_database, in_ci
from tests.e2e.conference import vi
from tests.e2e.conftest import IDLE, ROOT

TIMEOUT = 90  # seconds: a 2-core machine shared with other test runs
SETTLED = "document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'"


def _require(*binaries: str) -> None:
    missing = [b for b in binaries if shutil.which(b) is None and not Path(f"/usr/sbin/{b}").exists()]
    if missing:
        message = f"{', '.join(missing)} not installed (bash scripts/dev.sh test installs them as root)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def _free_ports(count: int) -> int:
    """The first of `count` consecutive free loopback ports."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count > 65535:
            continue
        try:
            sockets = []
            for port in range(first, first + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no run of free ports")


def _until(condition, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _python(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True, text=True, **kwargs)


def _install(tmp: Path, database_url: str) -> tuple[Path, dict, dict[str, str]]:
    """Render, secrets file, placeholder certificate: deploy/install.sh's steps, into `tmp`."""
    first, http, https = _free_ports(2), _free_ports(1), _free_ports(1)
    etc = tmp / "etc"
    _python("-m", "deploy.production", "render", "--out", str(tmp / "rendered"), "--processes", "2",
            "--first-port", str(first), "--http-listen", f"127.0.0.1:{http}", "--https-listen", f"127.0.0.1:{https}",
            "--server-name", "127.0.0.1", "--app-dir", str(ROOT), "--python", sys.executable, "--etc-dir", str(etc),
            "--state-dir", str(tmp / "state"), "--backup-dir", str(tmp / "backups"), "--log-dir", str(tmp / "log"),
            "--keep-backups", "2", "--backup-every-seconds", "5",
            "--user", pwd.getpwuid(os.geteuid()).pw_name)  # fmt: skip
    etc.mkdir()
    env_file = etc / "env"
    env_file.write_text(new_env(database_url))
    env_file.chmod(0o640)
    placeholder_cert(etc / "tls", "127.0.0.1")
    shutil.copy(tmp / "rendered" / "nginx" / "main.conf", etc / "nginx-main.conf")
    shutil.copy(tmp / "rendered" / "supervise.json", etc / "supervise.json")
    config = json.loads((etc / "supervise.json").read_text())
    return etc / "supervise.json", config, read_env(env_file)


def _settle(page: Page) -> None:
    page.wait_for_selector(IDLE)
    page.wait_for_function(SETTLED)


def _vote(page: Page, base: str, code: str, candidate: str) -> None:
    """The QR link on the delegate's sheet, then the ballot: tick, review, confirm."""
    page.goto(f"{base}/?code={code}")
    _settle(page)
    expect(page.get_by_role("textbox", name=vi("login.code"))).to_have_value(code)
    page.get_by_role("button", name=vi("login.code_submit")).click()
    page.locator("[data-testid=stSidebar]").get_by_role("link", name=vi("nav.ballot")).click()
    expect(page.get_by_role("heading", name=vi("ballot.title"))).to_be_visible()
    _settle(page)
    page.get_by_text(candidate, exact=True).click()
    page.get_by_role("button", name=vi("ballot.review")).click()
    page.get_by_role("button", name=vi("ballot.confirm")).click()
    expect(page.get_by_text(vi("ballot.receipt").split(":")[0])).to_be_visible()


@pytest.mark.browser
def test_the_production_setup_runs_a_vote_through_nginx_and_looks_after_itself(tmp_path, browser):
    _require("nginx", "openssl", "pg_dump", "pg_isready")
    require_backend("postgresql")
    with fresh_pg_database() as database_url:
        config_path, config, secrets = _install(tmp_path, database_url)
        assert (tmp_path / "etc" / "env").stat().st_mode & 0o007 == 0  # secrets: no access for others
        conference = build_conference(database_url, key=secrets["THIDUA_SECRET_KEY"])
        log = open(tmp_path / "supervise.out", "w")  # noqa: SIM115 - the supervisor writes to it until stopped
        supervisor = subprocess.Popen([sys.executable, "-m", "deploy.supervise", str(config_path)], cwd=ROOT,
                                      stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        https = config["front"]["https"]
        base = f"https://{https}"
        try:
            _until(lambda: _get(f"{base}/_stcore/health")[0] == 200, "nginx and the app over HTTPS")

            # Plain HTTP only redirects to HTTPS.
            request = urllib.request.Request(f"http://{config['front']['http']}/phieu-bau")
            opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                                      {"redirect_request": lambda *a, **k: None}))  # fmt: skip
            with pytest.raises(urllib.error.HTTPError) as redirected:
                opener.open(request, timeout=10)
            assert redirected.value.code == 301
            assert redirected.value.headers["Location"] == f"{base}/phieu-bau"

            # A delegate votes through nginx: HTTPS, the websocket upgrade, the sticky cookie.
            voter = conference.units[0]
            context = browser.new_context(ignore_https_errors=True, locale="vi-VN")
            context.set_default_timeout(TIMEOUT * 1000)
            try:
                candidate = next(name for unit, name in conference.names.items() if unit != voter)
                _vote(context.new_page(), base, conference.codes[voter], candidate)
                assert any(c["name"] == "thidua_node" for c in context.cookies())
            finally:
                context.close()
            assert stored_counts(database_url, conference.round_id) == ({voter}, 1)

            # An app process killed by the kernel is started again.
            status_path = Path(config["state_dir"]) / "supervise.status.json"
            port = config["ports"][0]
            before = json.loads(status_path.read_text())[f"app-{port}"]
            os.killpg(before["pid"], signal.SIGKILL)
            _until(lambda: json.loads(status_path.read_text())[f"app-{port}"]["restarts"] > before["restarts"],
                   "the supervisor to start the killed process again")  # fmt: skip
            _until(lambda: app_healthy(port), "the restarted process to answer")

            # The backup timer wrote a PostgreSQL dump; the health check passes.
            dumps = _until(lambda: sorted(Path(config["backup"]["dir"]).glob("thidua-*.dump")), "a backup")
            assert dumps[0].read_bytes()[:5] == b"PGDMP"
            failing = [(name, detail) for name, ok, detail in checks(config, secrets) if not ok]
            assert not failing, failing
        finally:
            supervisor.send_signal(signal.SIGTERM)
            try:
                supervisor.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(supervisor.pid, signal.SIGKILL)
                raise
            finally:
                log.close()
        assert not any(app_healthy(port) for port in config["ports"])  # everything stopped
        assert _get(f"{base}/_stcore/health")[0] == 0
