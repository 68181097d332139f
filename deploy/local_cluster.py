"""The whole scaled-out set-up on one machine, on loopback: K Streamlit processes of the
app behind nginx (Debian's package) with sticky sessions, over one database.

    .venv/bin/python -m deploy.local_cluster --processes 2 --port 8080 \\
        --database-url postgresql://postgres@127.0.0.1:5432/thidua
    bash deploy/local-cluster.sh --processes 2          # the same, from the shell
    .venv/bin/python -m deploy.local_cluster --check    # start, check every route, stop

Everything goes to a temporary folder (nginx's configuration rendered from
deploy/nginx/thidua.conf, its pid, logs and temp files, the app logs), so no root is
needed unless nginx itself insists (as root, its workers drop to `nobody`; the folder
is opened to them). It migrates the database first (``python -m manage init``, never demo
data unless --demo). Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.procs import wait_healthy

ROOT = Path(__file__).resolve().parents[1]
SITE_CONF = Path(__file__).resolve().parent / "nginx" / "thidua.conf"
NODE_COOKIE = "thidua_node"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def render_site(app_ports: list[int], listen_port: int, site: str | None = None) -> str:
    """deploy/nginx/thidua.conf with these app processes and this loopback port."""
    site = SITE_CONF.read_text() if site is None else site
    servers = "".join(f"    server 127.0.0.1:{port} max_fails=0;\n" for port in app_ports)
    site, count = re.subn(
        r"(    # BEGIN app processes\n).*?(    # END app processes\n)", rf"\g<1>{servers}\g<2>", site, flags=re.S
    )
    site, listens = re.subn(r"listen \d+;  # THIDUA_LISTEN", f"listen 127.0.0.1:{listen_port};", site)
    # Local only: say which process answered (a production server should not tell).
    site, headers = re.subn(
        r"(\n        add_header Set-Cookie [^\n]*\n)",
        r"\g<1>        add_header X-Thidua-Upstream $upstream_addr always;\n",
        site,
    )
    if count != 1 or listens != 1 or headers != 1:
        raise ValueError(
            f"{SITE_CONF} lost its markers (BEGIN/END app processes, THIDUA_LISTEN, add_header Set-Cookie)"
        )
    return site


def render_nginx_conf(directory: Path, site: str) -> str:
    temp = directory / "tmp"
    paths = "\n".join(
        f"    {kind}_temp_path {temp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Rendered by deploy/local_cluster.py: a throwaway nginx on loopback.
worker_processes 1;
worker_rlimit_nofile 8192;
daemon off;
pid {directory / "nginx.pid"};
error_log {directory / "nginx-error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
{paths}
{site}
}}
"""


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass(frozen=True)
class Cluster:
    port: int  # nginx, the only address a browser needs
    app_ports: list[int]
    pgids: list[int]  # the app processes' groups (CPU and memory are read from these)
    nginx_pgid: int
    directory: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def app_command(python: str, port: int) -> list[str]:
    return [
        python, "serve.py",  # streamlit run app.py, without the legacy pages/ mode (see serve.py)
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


@contextlib.contextmanager
def local_cluster(
    *, processes: int, env: dict[str, str], workdir: Path | None = None, port: int | None = None, python: str = ""
) -> Iterator[Cluster]:
    """K app processes (env must hold DATABASE_URL and the secret key) and nginx in front."""
    nginx = find_nginx()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed (Debian: apt-get install -y nginx)")
    python = python or sys.executable
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="thidua-cluster-")))
        directory = Path(tempfile.mkdtemp(prefix="cluster-", dir=workdir))
        (directory / "tmp").mkdir()
        if os.geteuid() == 0:  # nginx's workers run as `nobody`: let them reach their temp files
            directory.chmod(0o755)
            (directory / "tmp").chmod(0o1777)
        # One cookie secret for all (Streamlit takes it only from the environment or a config
        # file): any process then accepts an XSRF cookie that another one signed.
        env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(32), **env}
        app_ports = [free_port() for _ in range(processes)]
        started: list[subprocess.Popen] = []
        stack.callback(lambda: [stop(p) for p in reversed(started)])
        for number, app_port in enumerate(app_ports):
            with open(directory / f"app-{number}.log", "ab") as log:
                started.append(
                    subprocess.Popen(
                        app_command(python, app_port),
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        try:
            for app_port in app_ports:
                wait_healthy(app_port, started)
        except (RuntimeError, TimeoutError) as error:
            logs = "".join((directory / f"app-{n}.log").read_text()[-2000:] for n in range(processes))
            raise RuntimeError(f"{error}; app logs:\n{logs}") from None
        port = port or free_port()
        conf = directory / "nginx.conf"
        conf.write_text(render_nginx_conf(directory, render_site(app_ports, port)))
        flags = ["-p", str(directory), "-c", str(conf), "-e", str(directory / "nginx-error.log")]
        checked = subprocess.run([nginx, "-t", *flags], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t refused {conf}:\n{checked.stderr}")
        with open(directory / "nginx.out", "ab") as log:
            front = subprocess.Popen(
                [nginx, *flags],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        started.append(front)
        wait_healthy(port, started)
        yield Cluster(port, app_ports, [p.pid for p in started[:-1]], front.pid, directory)


# ---------------------------------------------------------------- command line


def route_check(cluster: Cluster, *, browsers: int = 40) -> dict[int, int]:
    """New browsers spread over every process, and each keeps its process: {app port: browsers}.
    The local configuration names the process that answered in X-Thidua-Upstream."""

    def get(cookie: str = "") -> tuple[int, str]:
        request = urllib.request.Request(f"{cluster.url}/_stcore/health", headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=5) as response:
            upstream = int(response.headers["X-Thidua-Upstream"].rsplit(":", 1)[1])
            given = [c for c in response.headers.get_all("Set-Cookie") or [] if c.startswith(NODE_COOKIE + "=")]
        return upstream, given[0].split(";", 1)[0] if given else ""

    spread: dict[int, int] = {}
    for _ in range(browsers):
        first, cookie = get()
        if not cookie:
            raise AssertionError("nginx gave a new browser no sticky cookie")
        for _ in range(3):
            again, second_cookie = get(cookie)
            if again != first or second_cookie:
                raise AssertionError(f"a browser moved from {first} to {again} (or got a second cookie)")
        spread[first] = spread.get(first, 0) + 1
    if set(spread) != set(cluster.app_ports):
        raise AssertionError(f"{browsers} browsers reached only {sorted(spread)} of {cluster.app_ports}")
    return spread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2, help="Streamlit processes (default 2, one per core)")
    parser.add_argument("--port", type=int, default=0, help="nginx's loopback port (default: a free one)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="default: DATABASE_URL, else a throwaway SQLite file")  # fmt: skip
    parser.add_argument("--demo", action="store_true", help="demo mode with demo data (THIDUA_DEMO=1)")
    parser.add_argument("--check", action="store_true", help="start, check the routes, stop (smoke test)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="thidua-cluster-") as workdir:
        url = args.database_url or f"sqlite:///{Path(workdir) / 'cluster.db'}"
        env = {k: v for k, v in os.environ.items() if k not in {"THIDUA_DEMO", "DATABASE_URL"}}
        env["DATABASE_URL"] = url
        if args.demo:
            env["THIDUA_DEMO"] = "1"
        elif not env.get("THIDUA_SECRET_KEY"):
            env["THIDUA_SECRET_KEY"] = secrets.token_urlsafe(48)  # this run only: logins end with it
        init = [sys.executable, "-m", "manage", "init", *(["--demo"] if args.demo else [])]
        subprocess.run(init, cwd=ROOT, env=env, check=True)
        with local_cluster(processes=args.processes, env=env, workdir=Path(workdir), port=args.port or None) as cluster:
            print(f"nginx on {cluster.url} → app processes on ports {cluster.app_ports}", flush=True)
            print(f"configuration and logs: {cluster.directory}", flush=True)
            if args.check:
                spread = route_check(cluster)
                print(f"check: new browsers spread {spread}; each kept its process on later requests", flush=True)
                return 0
            stopping = []
            signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
            with contextlib.suppress(KeyboardInterrupt):
                while not stopping:
                    time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
