#!/usr/bin/env bash
# The project's two entry points (see README):
#   bash scripts/dev.sh run    set up, migrate, load demo data, serve on :8501 (SQLite)
#   bash scripts/dev.sh test   set up with test tools, PostgreSQL and Chromium, lint, run every test
# Re-running reuses the virtual environment and the database; nothing is wiped.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
PY="$VENV/bin/python"
say() { printf '\033[1m[thidua]\033[0m %s\n' "$*"; }
is_root() { [[ $(id -u) -eq 0 ]]; }

apt_install() {
  is_root || { say "need root to apt-get install $*; install it yourself"; return 1; }
  [[ -n ${APT_UPDATED:-} ]] || { apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$candidate"
      return
    fi
  done
  say "Python 3.11 or newer is required" >&2
  exit 1
}

ensure_venv() {
  [[ -x $PY ]] && return
  local python
  python=$(find_python)
  say "creating $VENV with $python"
  if ! "$python" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    apt_install python3-venv
    "$python" -m venv "$VENV"
  fi
  "$PY" -m pip install -q --upgrade pip
}

# Installs a requirements file only when it (or what it includes) changed.
install_requirements() {
  local file=$1 stamp="$VENV/.stamp-$1" digest
  digest=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
  [[ -f $stamp && $(cat "$stamp") == "$digest" ]] && return
  say "installing $file"
  "$PY" -m pip install -q -r "$file"
  echo "$digest" >"$stamp"
}

ensure_chromium() {
  command -v chromium >/dev/null && return
  say "installing Debian's chromium for the browser tests"
  apt_install chromium fonts-dejavu-core || say "WARNING: no chromium; browser tests will be skipped (fail in CI)"
}

# The scale-out smoke test (tests/e2e/test_bench_hall_smoke.py) runs nginx on loopback.
ensure_nginx() {
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] && return
  say "installing Debian's nginx for the scale-out smoke test"
  apt_install nginx || say "WARNING: no nginx; the cluster smoke test will be skipped (fail in CI)"
}

# The fault tests start a throwaway PostgreSQL cluster of their own (initdb, pg_ctl), and the
# production set-up test needs pg_dump, pg_isready and openssl (tests/pg_cluster.py, deploy/).
ensure_pg_tools() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && command -v pg_dump >/dev/null &&
    command -v pg_isready >/dev/null && command -v openssl >/dev/null && return
  say "installing Debian's PostgreSQL binaries and openssl for the fault and deployment tests"
  apt_install postgresql postgresql-client openssl ||
    say "WARNING: no PostgreSQL binaries; the fault tests will be skipped (fail in CI)"
}

pg_reachable() {
  "$PY" - "$1" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PY
}

# TEST_DATABASE_URL if set, else the local server, else Debian's postgresql (as root).
ensure_postgres() {
  if [[ -n ${TEST_DATABASE_URL:-} ]]; then return; fi
  local default="postgresql://postgres@127.0.0.1:5432/test"
  # A random password made on this machine for a cluster that only holds test databases.
  local pw_file="$VENV/.pg-test-password"
  [[ -f $pw_file ]] || "$PY" -c 'import secrets; print(secrets.token_hex(16))' >"$pw_file"
  local local_pw="postgresql://postgres:$(cat "$pw_file")@127.0.0.1:5432/postgres"
  for url in "$default" "$local_pw"; do
    if pg_reachable "$url"; then export TEST_DATABASE_URL=$url; return; fi
  done
  if is_root; then
    say "installing and starting Debian's postgresql for the database tests"
    if apt_install postgresql; then
      local version
      version=$(ls /etc/postgresql | sort -V | tail -n1)
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
      su postgres -c "psql -qc \"ALTER USER postgres PASSWORD '$(cat "$pw_file")'\"" >/dev/null
      if pg_reachable "$local_pw"; then export TEST_DATABASE_URL=$local_pw; return; fi
    fi
  fi
  say "WARNING: no PostgreSQL reachable; its tests will be skipped (and fail in CI)"
}

cmd_run() {
  ensure_venv
  install_requirements requirements.txt
  export THIDUA_DEMO=${THIDUA_DEMO:-1}
  "$PY" -m manage init --demo
  # Loopback only by default: the demo's login page prints the demo password.
  # THIDUA_ADDRESS=0.0.0.0 opens it to the hall's network (the page then hides the
  # password unless THIDUA_DEMO_SHOW_PASSWORDS=1).
  local address=${THIDUA_ADDRESS:-127.0.0.1}
  say "serving on http://${address/0.0.0.0/<this machine>}:${PORT:-8501} (demo mode: illustrative data)"
  exec "$PY" serve.py --server.port "${PORT:-8501}" --server.address "$address" --client.showErrorDetails=full
}

cmd_test() {
  ensure_venv
  install_requirements requirements-dev.txt
  ensure_chromium
  ensure_nginx
  ensure_pg_tools
  ensure_postgres
  say "ruff: lint and format check"
  "$VENV/bin/ruff" check .
  "$VENV/bin/ruff" format --check .
  # Three workers (pytest-xdist), a test file each at a time: the browser scenarios mostly wait
  # on the app, so they overlap well on two cores. THIDUA_TEST_WORKERS=0 runs everything in one process.
  local workers=${THIDUA_TEST_WORKERS:-3}
  say "pytest ($workers workers)"
  if [[ $workers == 0 ]]; then exec "$PY" -m pytest "$@"; fi
  exec "$PY" -m pytest -n "$workers" --dist loadfile "$@"
}

case ${1:-} in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  setup) ensure_venv; install_requirements requirements-dev.txt ;;
  *) echo "usage: bash scripts/dev.sh run|test [pytest args]|setup" >&2; exit 2 ;;
esac
