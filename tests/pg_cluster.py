"""A throwaway PostgreSQL cluster of the test's own, which the test may stop and start.

The shared server on :5432 must never be restarted by a test, so fault tests that
need "the database goes away" run Debian's binaries (/usr/lib/postgresql/*/bin) on a
free port in a temporary directory. initdb refuses to run as root: as root the
cluster belongs to the `postgres` OS user (runuser), otherwise to the current user.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.databases import in_ci

PG_ROOT = Path("/usr/lib/postgresql")
OS_USER = "postgres"


def _bindir() -> Path | None:
    versions = sorted((p for p in PG_ROOT.glob("*/bin") if (p / "initdb").exists()), key=lambda p: int(p.parent.name))
    return versions[-1] if versions else None


def unavailable_reason() -> str | None:
    if _bindir() is None:
        return f"no PostgreSQL server binaries under {PG_ROOT} (apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(OS_USER)
        except KeyError:
            return f"running as root without a {OS_USER!r} OS user to own a throwaway cluster"
        if shutil.which("runuser") is None:
            return "running as root without runuser to drop privileges for initdb"
    return None


def require_cluster() -> None:
    reason = unavailable_reason()
    if reason:
        if in_ci():
            pytest.fail(f"cannot start a throwaway PostgreSQL cluster: {reason}")
        pytest.skip(f"cannot start a throwaway PostgreSQL cluster: {reason}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    bindir: Path
    directory: Path
    port: int

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", OS_USER, "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.directory / "server.log"), "-w",
                  "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """fast: every open connection is cut, as when the server is restarted on the day."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_database(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def log(self) -> str:
        path = self.directory / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """initdb + start on a free loopback port; stopped and deleted afterwards."""
    require_cluster()
    directory = Path(tempfile.mkdtemp(prefix="thidua-pg-"))
    if os.geteuid() == 0:
        entry = pwd.getpwnam(OS_USER)
        os.chown(directory, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(bindir=_bindir(), directory=directory, port=_free_port())
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.running():
            with suppress(subprocess.SubprocessError):
                cluster.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)
