"""Server processes for the benchmarks: start a process group, wait for health, stop it,
and read its CPU time and memory from /proc (Linux), as `ps` would."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def wait_healthy(port: int, processes: subprocess.Popen | list[subprocess.Popen], *, timeout: float = 120,
                 path: str = "_stcore/health") -> None:  # fmt: skip
    """Until http://127.0.0.1:port/path answers 200; fails at once when a watched process exits.
    The one health wait of benchmarks, the local cluster and the tests."""
    watched = processes if isinstance(processes, list) else [processes]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in watched:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[:4]} exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered http://127.0.0.1:{port}/{path} in {timeout} s")


def start_group(command: list[str], *, cwd: Path, env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """A process in a session of its own: its pid is the group id every child inherits."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_group(process: subprocess.Popen, *, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def running(command: list[str], *, port: int, cwd: Path, env: dict[str, str], log_path: Path) -> Iterator[int]:
    """Start, wait until healthy, yield the process group id, stop."""
    process = start_group(command, cwd=cwd, env=env, log_path=log_path)
    try:
        wait_healthy(port, process)
        yield process.pid
    finally:
        stop_group(process)


def streamlit_command(python: str, script: str, port: int, *extra: str) -> list[str]:
    """`streamlit run script`; the app itself (app.py) starts through serve.py, as every start does."""
    start = [python, "serve.py"] if script == "app.py" else [python, "-m", "streamlit", "run", script]
    return [
        *start,
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--server.runOnSave", "false",
        *extra,
    ]  # fmt: skip


# ---------------------------------------------------------------- /proc


@dataclass(frozen=True)
class Usage:
    cpu_seconds: float  # user + system time of every process in the groups
    rss_bytes: int


def group_usage(pgids: Iterable[int]) -> Usage:
    """CPU time and resident memory of every live process whose group is in `pgids`."""
    wanted = set(pgids)
    ticks = rss_pages = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(entry.path, "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        # The command name may hold spaces and parentheses: split after its last ")".
        fields = raw[raw.rindex(")") + 2 :].split()
        if int(fields[2]) not in wanted:  # fields[0] is the state: pgrp is stat's 5th field
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
        rss_pages += int(fields[21])
    return Usage(ticks / CLOCK_TICKS, rss_pages * PAGE_SIZE)


@dataclass
class UsageSampler:
    """Samples the groups while a phase runs: CPU seconds used and the peak RSS."""

    pgids: list[int]
    interval: float = 0.25
    start: Usage | None = None
    end: Usage | None = None
    peak_rss: int = 0
    _task: asyncio.Task | None = field(default=None, repr=False)

    async def __aenter__(self) -> UsageSampler:
        self.start = group_usage(self.pgids)
        self.peak_rss = self.start.rss_bytes
        self._task = asyncio.create_task(self._sample())
        return self

    async def _sample(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            usage = await asyncio.to_thread(group_usage, self.pgids)
            self.peak_rss = max(self.peak_rss, usage.rss_bytes)

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self.end = group_usage(self.pgids)
        self.peak_rss = max(self.peak_rss, self.end.rss_bytes)

    @property
    def cpu_seconds(self) -> float:
        assert self.start is not None and self.end is not None
        return self.end.cpu_seconds - self.start.cpu_seconds
