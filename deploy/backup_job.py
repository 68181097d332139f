"""One scheduled backup: `python -m manage backup` into a dated file, then the oldest pruned.

    python -m deploy.backup_job --dir /var/backups/thidua --keep 30

Run by thidua-backup.timer (systemd) or deploy/supervise.py. The backup itself is
db/backup.py's (SQLite online backup, PostgreSQL pg_dump custom format), so a restore is
`python -m manage restore FILE`. Only files this job names (thidua-YYYYmmdd-HHMMSS.*) are
ever pruned, and never the newest --keep of them.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from db.backup import default_backup_path
from db.engine import database_url

NAMED = re.compile(r"^thidua-\d{8}-\d{6}\.(dump|sqlite3)$")


def prune(directory: Path, keep: int) -> list[Path]:
    ours = sorted(p for p in directory.iterdir() if NAMED.match(p.name))
    gone = ours[:-keep] if keep > 0 else []
    for path in gone:
        path.unlink()
    return gone


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True, help="where backups go")
    parser.add_argument("--keep", type=int, default=30, help="how many of the newest to keep (default 30)")
    args = parser.parse_args(argv)
    os.umask(0o027)  # a backup holds every ballot and password hash: not for other users of the machine
    directory = Path(args.dir)
    directory.mkdir(mode=0o750, parents=True, exist_ok=True)
    target = directory / default_backup_path(database_url(), datetime.now()).name
    done = subprocess.run([sys.executable, "-m", "manage", "backup", str(target)], capture_output=True, text=True)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        return done.returncode
    for path in prune(directory, args.keep):
        print(f"pruned {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
