"""The production set-up on one Debian machine, rendered from this folder's templates.

    python -m deploy.production render --out DIR [options]   # every config file, into DIR
    python -m deploy.production new-env --database-url URL   # a fresh secrets file, on stdout
    python -m deploy.production placeholder-cert --dir DIR   # a self-signed TLS pair until the real one

`render` writes, for K app processes on ports first-port .. first-port+K-1:
- nginx/thidua.conf: deploy/nginx/thidua.conf (sticky sessions, websocket upgrade) with
  those processes, served over TLS (certificate paths are placeholders to replace), and a
  plain-HTTP server that only redirects to HTTPS (and answers ACME challenges);
- nginx/main.conf: a standalone nginx.conf around it, for the supervisor (no systemd);
- systemd/*: deploy/systemd's units with the paths filled in (thidua-app@PORT, the
  migration, the backup timer, the health-check timer, thidua.target);
- supervise.json: what deploy/supervise.py and deploy/healthcheck.py read.
deploy/install.sh puts them in place; deploy/README.md explains the whole set-up.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from deploy.local_cluster import find_nginx, render_nginx_conf

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
SITE_TEMPLATE = DEPLOY / "nginx" / "thidua.conf"
UNIT_TEMPLATES = DEPLOY / "systemd"


@dataclass
class Layout:
    """Where everything lives. The defaults are the real machine's; a test points them at a temp dir."""

    processes: int = 2
    first_port: int = 8501
    server_name: str = "_"
    http_listen: str = "80"
    https_listen: str = "443"
    app_dir: str = "/opt/thidua"
    python: str = "/opt/thidua/.venv/bin/python"
    etc_dir: str = "/etc/thidua"
    state_dir: str = "/var/lib/thidua"
    backup_dir: str = "/var/backups/thidua"
    log_dir: str = "/var/log/thidua"
    user: str = "thidua"
    keep_backups: int = 30
    backup_calendar: str = "*-*-* 02:30:00"
    backup_every_seconds: int = 24 * 3600  # the supervisor's timer (systemd uses backup_calendar)
    health_every_seconds: int = 60
    out: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ports(self) -> list[int]:
        return [self.first_port + i for i in range(self.processes)]

    @property
    def env_file(self) -> str:
        return f"{self.etc_dir}/env"

    @property
    def tls_cert(self) -> str:
        return f"{self.etc_dir}/tls/fullchain.pem"

    @property
    def tls_key(self) -> str:
        return f"{self.etc_dir}/tls/privkey.pem"


def _port_of(listen: str) -> int:
    return int(listen.rsplit(":", 1)[-1])


def render_site(layout: Layout, template: str | None = None) -> str:
    """deploy/nginx/thidua.conf for production: the app processes, TLS, and an HTTP→HTTPS redirect."""
    site = SITE_TEMPLATE.read_text() if template is None else template
    servers = "".join(f"    server 127.0.0.1:{port} max_fails=0;\n" for port in layout.ports)
    site, upstreams = re.subn(
        r"(    # BEGIN app processes\n).*?(    # END app processes\n)", rf"\g<1>{servers}\g<2>", site, flags=re.S
    )
    tls = (
        f"listen {layout.https_listen} ssl http2;  # THIDUA_LISTEN\n"
        f"    server_name {layout.server_name};\n"
        "    # TLS: placeholders until the real certificate is installed (deploy/README.md, TLS).\n"
        f"    ssl_certificate {layout.tls_cert};\n"
        f"    ssl_certificate_key {layout.tls_key};\n"
        "    ssl_protocols TLSv1.2 TLSv1.3;\n"
        "    ssl_session_cache shared:thidua_tls:10m;\n"
        "    ssl_session_timeout 1d;\n"
        "    server_tokens off;"
    )
    site, listens = re.subn(r"listen \d+;  # THIDUA_LISTEN\n    server_name _;", tls, site)
    if upstreams != 1 or listens != 1:
        raise ValueError(f"{SITE_TEMPLATE} lost its markers (BEGIN/END app processes, THIDUA_LISTEN, server_name _)")
    https_port = _port_of(layout.https_listen)
    target = "https://$host" + ("" if https_port == 443 else f":{https_port}") + "$request_uri"
    redirect = f"""
# Plain HTTP only sends browsers to HTTPS (and answers certbot's challenges).
server {{
    listen {layout.http_listen};
    server_name {layout.server_name};
    server_tokens off;
    location /.well-known/acme-challenge/ {{
        root /var/www/letsencrypt;
    }}
    location / {{
        return 301 {target};
    }}
}}
"""
    return f"# Rendered by deploy/production.py from deploy/nginx/thidua.conf: edit the template.\n{site}{redirect}"


def render_units(layout: Layout) -> dict[str, str]:
    values = asdict(layout) | {
        "env_file": layout.env_file,
        "supervise_json": f"{layout.etc_dir}/supervise.json",
        "app_units": " ".join(f"thidua-app@{port}.service" for port in layout.ports),
    }
    return {path.name: path.read_text().format(**values) for path in sorted(UNIT_TEMPLATES.iterdir())}


def supervise_config(layout: Layout, nginx_main: str) -> dict:
    return {
        "app_dir": layout.app_dir,
        "user": layout.user,
        "python": layout.python,
        "env_file": layout.env_file,
        "ports": layout.ports,
        "state_dir": layout.state_dir,
        "log_dir": layout.log_dir,
        "nginx": {"binary": find_nginx() or "/usr/sbin/nginx", "conf": nginx_main, "prefix": layout.state_dir},
        "front": {"http": layout.http_listen, "https": layout.https_listen},
        "backup": {"dir": layout.backup_dir, "keep": layout.keep_backups, "every_seconds": layout.backup_every_seconds},
        "health": {"every_seconds": layout.health_every_seconds, "max_backup_age_hours": 26},
    }


def render(layout: Layout) -> Path:
    out = Path(layout.out)
    (out / "nginx").mkdir(parents=True, exist_ok=True)
    (out / "systemd").mkdir(exist_ok=True)
    site = render_site(layout)
    (out / "nginx" / "thidua.conf").write_text(site)
    nginx_dir = Path(layout.state_dir) / "nginx"
    main = render_nginx_conf(nginx_dir, site)
    main = "# Rendered by deploy/production.py: nginx run by deploy/supervise.py.\n" + main.split("\n", 1)[1]
    (out / "nginx" / "main.conf").write_text(main)
    for name, text in render_units(layout).items():
        (out / "systemd" / name).write_text(text)
    config = supervise_config(layout, f"{layout.etc_dir}/nginx-main.conf")
    (out / "supervise.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n")
    return out


def new_env(database_url: str, *, admin: str | None = None) -> str:
    """The secrets file: readable by root and the app's group only (install.sh sets 0640)."""
    lines = [
        "# Thi đua secrets. Never in the repository; readable by root and the thidua group only.",
        "# Changing THIDUA_SECRET_KEY logs everyone out and invalidates printed access codes.",
        f"DATABASE_URL={database_url}",
        f"THIDUA_SECRET_KEY={secrets.token_urlsafe(48)}",
        "# One cookie secret for every app process (a browser moved to another one keeps working).",
        f"STREAMLIT_SERVER_COOKIE_SECRET={secrets.token_urlsafe(32)}",
        "THIDUA_TIMEZONE=Asia/Ho_Chi_Minh",
    ]
    if admin:
        lines += [
            "# First admin, created only while no admin exists; remove both lines once logged in.",
            f"THIDUA_ADMIN_USERNAME={admin}",
            f"THIDUA_ADMIN_PASSWORD={secrets.token_urlsafe(12)}",
        ]
    return "\n".join(lines) + "\n"


def placeholder_cert(directory: Path, name: str) -> tuple[Path, Path]:
    """A self-signed pair so nginx can start; browsers warn until the real certificate replaces it."""
    if shutil.which("openssl") is None:
        raise FileNotFoundError("openssl is not installed (Debian: apt-get install -y openssl)")
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    subject = f"/CN={name if name != '_' else 'localhost'}"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", subject,
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)  # fmt: skip
    key.chmod(0o600)
    return cert, key


def _layout_args(parser: argparse.ArgumentParser) -> None:
    defaults = Layout()
    for name, value in asdict(defaults).items():
        if name in {"out", "extra"}:
            continue
        kind = type(value)
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=value, help=f"default: {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    render_parser = sub.add_parser("render", help="write every configuration file into --out")
    render_parser.add_argument("--out", required=True)
    _layout_args(render_parser)
    env_parser = sub.add_parser("new-env", help="print a fresh secrets file")
    env_parser.add_argument("--database-url", required=True)
    env_parser.add_argument("--admin", help="also a first admin account with a random password")
    cert_parser = sub.add_parser("placeholder-cert", help="a self-signed TLS pair in --dir")
    cert_parser.add_argument("--dir", required=True)
    cert_parser.add_argument("--name", default="localhost")
    args = parser.parse_args(argv)
    if args.command == "render":
        fields = {k: v for k, v in vars(args).items() if k in Layout.__dataclass_fields__}
        out = render(Layout(**fields))
        print(f"rendered into {out}")
    elif args.command == "new-env":
        sys.stdout.write(new_env(args.database_url, admin=args.admin))
    else:
        cert, key = placeholder_cert(Path(args.dir), args.name)
        print(f"placeholder certificate {cert}, key {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
