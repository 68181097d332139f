"""What systemd does for Thi đua, for machines without it (a container, a plain VM image).

    python -m deploy.supervise /etc/thidua/supervise.json

Migrates the database once (`python -m manage init`), starts one Streamlit process per port
with the secrets file's environment, starts nginx in front (deploy/production.py renders
its configuration), then keeps watch: a process that exits is started again, one whose
health check fails three times in a row is restarted, a backup runs on its timer
(deploy/backup_job.py). SIGTERM or SIGINT stops everything. It writes its children's pids
to <state_dir>/supervise.status.json and its own log lines to stdout.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from deploy.healthcheck import app_healthy, read_env

FAILURES_BEFORE_RESTART = 3
TICK = 1.0  # seconds between looks at the children


def log(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} supervise: {message}", flush=True)


@dataclass
class Child:
    name: str
    command: list[str]
    port: int | None = None
    process: subprocess.Popen | None = None
    failures: int = 0
    restarts: int = 0
    started_at: float = 0.0
    log_path: Path | None = None


@dataclass
class Supervisor:
    config: dict
    env: dict[str, str]
    children: list[Child] = field(default_factory=list)
    stopping: bool = False
    next_backup: float = 0.0
    next_health: float = 0.0

    def as_user(self, *, app: bool) -> dict:
        """Started as root, the app, migrations and backups run as the service user (nginx
        keeps root for its ports and drops its own workers)."""
        user = self.config.get("user") or ""
        if not app or not user or os.geteuid() != 0 or user == pwd.getpwuid(0).pw_name:
            return {}
        entry = pwd.getpwnam(user)
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def start(self, child: Child) -> None:
        log_dir = Path(self.config["log_dir"])
        log_dir.mkdir(parents=True, exist_ok=True)
        child.log_path = log_dir / f"{child.name}.log"
        with open(child.log_path, "ab") as out:
            child.process = subprocess.Popen(child.command, cwd=self.config["app_dir"], env=self.env, stdout=out,
                                             stderr=subprocess.STDOUT, start_new_session=True,
                                             **self.as_user(app=child.name != "nginx"))  # fmt: skip
        child.started_at, child.failures = time.monotonic(), 0
        log(f"started {child.name} (pid {child.process.pid})")
        self.write_status()

    def stop(self, child: Child, *, kill_after: float = 20) -> None:
        process = child.process
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=kill_after)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def write_status(self) -> None:
        status = {c.name: {"pid": c.process.pid if c.process else None, "port": c.port, "restarts": c.restarts}
                  for c in self.children}  # fmt: skip
        path = Path(self.config["state_dir"]) / "supervise.status.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(status, indent=2) + "\n")

    def migrate(self) -> None:
        python = self.config["python"]
        done = subprocess.run([python, "-m", "manage", "init"], cwd=self.config["app_dir"], env=self.env,
                              capture_output=True, text=True, **self.as_user(app=True))  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"migration failed:\n{done.stdout}{done.stderr}")
        log("database migrated")

    def build(self) -> None:
        python = self.config["python"]
        for port in self.config["ports"]:
            command = [python, "serve.py", "--server.port", str(port),
                       "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
            self.children.append(Child(f"app-{port}", command, port=port))
        nginx = self.config["nginx"]
        temp = Path(nginx["prefix"]) / "nginx" / "tmp"
        temp.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:  # nginx's workers drop to `nobody`: let them use their temp files
            temp.parent.chmod(0o755)
            temp.chmod(0o1777)
        checked = subprocess.run([nginx["binary"], "-t", "-c", nginx["conf"]], capture_output=True, text=True)
        if checked.returncode != 0:
            raise SystemExit(f"nginx -t refused {nginx['conf']}:\n{checked.stderr}")
        self.children.append(Child("nginx", [nginx["binary"], "-c", nginx["conf"]]))

    def watch(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.process is not None and child.process.poll() is not None and not self.stopping:
                log(f"{child.name} exited with {child.process.returncode}: starting it again")
                child.restarts += 1
                self.start(child)
        if now >= self.next_health:
            self.next_health = now + self.config["health"]["every_seconds"]
            for child in self.children:
                if child.port is None or now - child.started_at < 60:  # give a fresh process its first minute
                    continue
                child.failures = 0 if app_healthy(child.port) else child.failures + 1
                if child.failures >= FAILURES_BEFORE_RESTART:
                    log(f"{child.name} failed {child.failures} health checks: restarting it")
                    self.stop(child)
                    child.restarts += 1
                    self.start(child)
        if now >= self.next_backup:
            backup = self.config["backup"]
            self.next_backup = now + backup["every_seconds"]
            command = [self.config["python"], "-m", "deploy.backup_job", "--dir", backup["dir"],
                       "--keep", str(backup["keep"])]  # fmt: skip
            done = subprocess.run(command, cwd=self.config["app_dir"], env=self.env, capture_output=True, text=True,
                                  **self.as_user(app=True))  # fmt: skip
            log(f"backup: {(done.stdout or done.stderr).strip().splitlines()[-1:] or done.returncode}")

    def run(self) -> int:
        self.migrate()
        self.build()
        for child in self.children:
            self.start(child)
        # The first backup after one period (a restart should not cost a dump), unless told otherwise.
        backup = self.config["backup"]
        self.next_backup = time.monotonic() + backup.get("first_after_seconds", backup["every_seconds"])
        self.next_health = time.monotonic() + self.config["health"]["every_seconds"]
        while not self.stopping:
            self.watch()
            time.sleep(TICK)
        log("stopping")
        self.stop_all()
        self.write_status()
        return 0

    def stop_all(self, timeout: float = 20) -> None:
        """SIGTERM to every child at once (each takes a moment to close its sessions), then wait."""
        running = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in running:
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stop(child, kill_after=0.1)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m deploy.supervise /etc/thidua/supervise.json", file=sys.stderr)
        return 2
    config = json.loads(Path(args[0]).read_text())
    user = config.get("user") or ""
    if user and os.geteuid() == 0:
        try:
            pwd.getpwnam(user)
        except KeyError:
            print(f"the service user {user!r} does not exist (deploy/install.sh creates it)", file=sys.stderr)
            return 2
    env = {k: v for k, v in os.environ.items() if k != "THIDUA_DEMO"} | read_env(Path(config["env_file"]))
    env.setdefault("HOME", config["state_dir"])
    supervisor = Supervisor(config, env)

    def stop(*_: object) -> None:
        supervisor.stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
