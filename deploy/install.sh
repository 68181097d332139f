#!/usr/bin/env bash
# Installs Thi đua for production on one Debian machine (12 "bookworm" or newer), as root.
#
#   sudo bash deploy/install.sh [--processes 2] [--server-name thidua.example.gov.vn] [--admin admin.tinh]
#
# From a checkout of the repository: copies it to /opt/thidua, makes its virtualenv,
# creates the `thidua` system user, a PostgreSQL role and database of that name (peer
# authentication over the Unix socket: no password anywhere), the secrets file
# /etc/thidua/env (0640 root:thidua, never overwritten), a placeholder TLS certificate
# (replace it: deploy/README.md), the nginx site and the systemd units, then starts
# everything. Without systemd (a container) it prints the supervisor command instead.
# Running it again upgrades the code and keeps the secrets, the certificate and the data.
set -euo pipefail

PROCESSES=2
SERVER_NAME=_
ADMIN=
APP_DIR=/opt/thidua
ETC_DIR=/etc/thidua
USER_NAME=thidua
FIRST_PORT=8501
while [[ $# -gt 0 ]]; do
  case $1 in
    --processes) PROCESSES=$2; shift 2 ;;
    --server-name) SERVER_NAME=$2; shift 2 ;;
    --admin) ADMIN=$2; shift 2 ;;
    --first-port) FIRST_PORT=$2; shift 2 ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[thidua-install]\033[0m %s\n' "$*"; }
[[ $(id -u) -eq 0 ]] || { echo "run as root (sudo bash $0)" >&2; exit 1; }
SOURCE=$(cd "$(dirname "$0")/.." && pwd)

say "Debian packages: PostgreSQL, nginx, Python venv, OpenSSL"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql postgresql-client nginx python3-venv openssl >/dev/null

say "system user $USER_NAME"
id -u "$USER_NAME" >/dev/null 2>&1 ||
  useradd --system --home-dir /var/lib/thidua --shell /usr/sbin/nologin "$USER_NAME"
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0750 /var/lib/thidua /var/backups/thidua /var/log/thidua
install -d -o root -g "$USER_NAME" -m 0750 "$ETC_DIR"

if [[ -d /run/systemd/system && -f /etc/systemd/system/thidua-backup.service ]]; then
  say "an upgrade: one backup first (thidua-backup.service)"
  systemctl start thidua-backup.service
fi

say "code in $APP_DIR (from $SOURCE)"
install -d -m 0755 "$APP_DIR"
if [[ $SOURCE != "$APP_DIR" ]]; then
  # The tracked files only: no local database, virtualenv or secrets come along.
  git -C "$SOURCE" archive --format=tar HEAD | tar -x -C "$APP_DIR"
fi
[[ -x $APP_DIR/.venv/bin/python ]] || python3 -m venv "$APP_DIR/.venv"
"$APP_DIR/.venv/bin/python" -m pip install -q --upgrade pip
"$APP_DIR/.venv/bin/python" -m pip install -q -r "$APP_DIR/requirements.txt"
PY="$APP_DIR/.venv/bin/python"

say "PostgreSQL role and database $USER_NAME (peer authentication)"
runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname = '$USER_NAME'" | grep -q 1 ||
  runuser -u postgres -- psql -qc "CREATE ROLE $USER_NAME LOGIN"
runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_database WHERE datname = '$USER_NAME'" | grep -q 1 ||
  runuser -u postgres -- createdb -O "$USER_NAME" -E UTF8 "$USER_NAME"

if [[ ! -f $ETC_DIR/env ]]; then
  say "secrets file $ETC_DIR/env (new secret key; keep a copy somewhere safe)"
  (cd "$APP_DIR" && "$PY" -m deploy.production new-env \
    --database-url "postgresql://$USER_NAME@/$USER_NAME?host=/var/run/postgresql" \
    ${ADMIN:+--admin "$ADMIN"}) >"$ETC_DIR/env"
  [[ -z $ADMIN ]] || say "first admin $ADMIN: its password is in $ETC_DIR/env (THIDUA_ADMIN_PASSWORD)"
fi
chown root:"$USER_NAME" "$ETC_DIR/env"
chmod 0640 "$ETC_DIR/env"

if [[ ! -f $ETC_DIR/tls/fullchain.pem ]]; then
  say "placeholder TLS certificate (browsers will warn until the real one replaces it)"
  (cd "$APP_DIR" && "$PY" -m deploy.production placeholder-cert --dir "$ETC_DIR/tls" --name "${SERVER_NAME/#_/localhost}")
fi

say "configuration: nginx site, systemd units, supervisor settings"
RENDERED="$ETC_DIR/rendered"
(cd "$APP_DIR" && "$PY" -m deploy.production render --out "$RENDERED" --processes "$PROCESSES" \
  --first-port "$FIRST_PORT" --server-name "$SERVER_NAME" --app-dir "$APP_DIR" --python "$PY" \
  --etc-dir "$ETC_DIR" --user "$USER_NAME")
install -m 0644 "$RENDERED/supervise.json" "$ETC_DIR/supervise.json"
install -m 0644 "$RENDERED/nginx/main.conf" "$ETC_DIR/nginx-main.conf"
install -m 0644 "$RENDERED/nginx/thidua.conf" /etc/nginx/sites-available/thidua.conf
ln -sf /etc/nginx/sites-available/thidua.conf /etc/nginx/sites-enabled/thidua.conf
rm -f /etc/nginx/sites-enabled/default  # it would also listen on port 80
install -d -m 0755 /var/www/letsencrypt

if [[ -d /run/systemd/system ]]; then
  say "systemd: units, timers, start"
  install -m 0644 "$RENDERED"/systemd/* /etc/systemd/system/
  systemctl daemon-reload
  systemctl enable --now postgresql nginx
  systemctl restart thidua-migrate.service
  systemctl enable --now thidua.target thidua-backup.timer thidua-health.timer
  systemctl restart thidua.target
  nginx -t && systemctl reload nginx
  say "running: systemctl status 'thidua-app@*'; health: $PY -m deploy.healthcheck --config $ETC_DIR/supervise.json"
else
  say "no systemd here: start everything with the supervisor (as root; the app runs as $USER_NAME):"
  echo "  service postgresql start && cd $APP_DIR && $PY -m deploy.supervise $ETC_DIR/supervise.json"
fi
