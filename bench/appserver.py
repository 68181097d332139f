"""Start the real app (streamlit run app.py) on a free loopback port, for benchmarks.

Production settings, not demo mode: DATABASE_URL from the caller, a random secret key
made for this process only (the login cookie it signs dies with the server), the
project's .streamlit/config.toml. The server runs in its own process group and is
stopped with it (SIGTERM, then SIGKILL).
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from bench.procs import wait_healthy
from db.engine import make_engine, session_scope

ROOT = Path(__file__).resolve().parent.parent
BENCH_ADMIN = "bench.admin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_admin(url: str, *, username: str = BENCH_ADMIN) -> tuple[str, str]:
    """An admin account with a fresh random password (created, or its password reset)."""
    from db.models import Role, User
    from services.access.accounts import AccountInput, create_user, reset_password

    password = secrets.token_urlsafe(18)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            user = session.exec(select(User).where(User.username == username)).first()
            if user is None:
                create_user(session=session, data=AccountInput(username, "Bench admin", Role.ADMIN), password=password)
            else:
                reset_password(session=session, user_id=user.id, new_password=password)
    finally:
        engine.dispose()
    return username, password


@dataclass(frozen=True)
class AppServer:
    port: int
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far (Linux /proc, 10 ms ticks)."""
        return process_cpu_seconds(self.pid)


def process_cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


@contextmanager
def serve_app(url: str, *, log_path: Path, port: int | None = None, timeout: float = 120) -> Iterator[AppServer]:
    """The app on 127.0.0.1:<port> over the database at `url`."""
    port = port or free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "THIDUA_SECRET_KEY": secrets.token_hex(32),
        "THIDUA_DEMO": "0",
    }
    command = [sys.executable, "serve.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_healthy(port, process, timeout=timeout)
            yield AppServer(port, process.pid)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
