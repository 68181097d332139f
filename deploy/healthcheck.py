"""Is Thi đua up? Every app process, nginx in front (HTTPS), the database, the last backup.

    python -m deploy.healthcheck --config /etc/thidua/supervise.json [--restart systemd]

One line per check (OK / FAIL and why); exit status 0 when all pass, 1 otherwise, so a
monitoring system or a timer can act on it. With --restart systemd an app process that
does not answer is restarted (systemctl restart thidua-app@PORT); systemd itself
restarts one that has exited, and deploy/supervise.py does both where there is no systemd.
"""

from __future__ import annotations

import argparse
import json
import shutil
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import sqlalchemy as sa

HEALTH_PATH = "_stcore/health"


def read_env(path: Path) -> dict[str, str]:
    """KEY=value lines of a systemd EnvironmentFile (no shell expansion, # comments)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip('"')
    return values


def _get(url: str, timeout: float = 5) -> tuple[int, str]:
    context = ssl.create_default_context()
    context.check_hostname = False  # loopback, and possibly the placeholder certificate: liveness only
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as response:
            return response.status, response.read(200).decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError as error:
        return 0, str(error)


def app_healthy(port: int) -> bool:
    status, body = _get(f"http://127.0.0.1:{port}/{HEALTH_PATH}", timeout=3)
    return status == 200 and body.strip() == "ok"


def front_url(listen: str) -> str:
    host, _, port = listen.rpartition(":")
    return f"https://{host or '127.0.0.1'}:{port}/{HEALTH_PATH}"


def database_ok(url: str) -> tuple[bool, str]:
    """PostgreSQL: pg_isready (no credentials needed); SQLite: the file is there."""
    if not url:
        return False, "DATABASE_URL is not set"
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        return path.is_file(), f"{path} {'exists' if path.is_file() else 'is missing'}"
    if shutil.which("pg_isready") is None:
        return False, "pg_isready is not installed (apt-get install postgresql-client)"
    host = parsed.host or parsed.query.get("host") or "/var/run/postgresql"
    command = ["pg_isready", "-h", str(host), "-p", str(parsed.port or 5432), "-t", "5"]
    done = subprocess.run(command, capture_output=True, text=True)
    return done.returncode == 0, done.stdout.strip() or done.stderr.strip()


def last_backup_age_hours(directory: Path) -> float | None:
    files = [p for p in directory.glob("thidua-*") if not p.name.endswith(".partial")] if directory.is_dir() else []
    if not files:
        return None
    return (time.time() - max(p.stat().st_mtime for p in files)) / 3600


def checks(config: dict, env: dict[str, str]) -> list[tuple[str, bool, str]]:
    results = [(f"app 127.0.0.1:{port}", app_healthy(port), "") for port in config["ports"]]
    status, _ = _get(front_url(config["front"]["https"]))
    results.append((f"nginx {front_url(config['front']['https'])}", status == 200, f"HTTP {status}"))
    ok, detail = database_ok(env.get("DATABASE_URL", ""))
    results.append(("database", ok, detail))
    age = last_backup_age_hours(Path(config["backup"]["dir"]))
    limit = config["health"]["max_backup_age_hours"]
    results.append(("last backup", age is not None and age <= limit,
                    "none yet" if age is None else f"{age:.1f} h old (limit {limit} h)"))  # fmt: skip
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default="/etc/thidua/supervise.json")
    parser.add_argument("--restart", choices=["systemd"], help="restart app processes that do not answer")
    parser.add_argument("--skip-backup", action="store_true", help="do not count a missing or old backup")
    args = parser.parse_args(argv)
    config = json.loads(Path(args.config).read_text())
    env = read_env(Path(config["env_file"]))
    results = checks(config, env)
    if args.skip_backup:
        results = [r for r in results if r[0] != "last backup"]
    for name, ok, detail in results:
        print(f"{'OK  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}")
    if args.restart == "systemd":
        for port in config["ports"]:
            if not app_healthy(port):
                subprocess.run(["systemctl", "restart", f"thidua-app@{port}.service"], check=False)
                print(f"restarted thidua-app@{port}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
