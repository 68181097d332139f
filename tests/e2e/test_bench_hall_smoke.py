"""The hall benchmark in miniature, so the driver cannot rot: three delegates log in with
their codes, vote and get receipts over the websocket, on a real server; every ballot
must be in the database afterwards. No timing is asserted (that is bench/RESULTS.md's job).
"""

import secrets
import urllib.request

import pytest

from bench import hall
from deploy.local_cluster import find_nginx, local_cluster, route_check
from tests.conftest import require_backend
from tests.databases import in_ci

SMALL = dict(ns=[3], repeat=1, spread=2.0, candidates=4, timeout=60.0, seed=7, processes=[1])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_every_delegate_votes_once_and_the_floor_answers(backend, tmp_path):
    require_backend(backend)
    patterns = ["burst", "hall"] if backend == "sqlite" else ["hall"]
    options = hall.Options(**SMALL, patterns=patterns, backends=[backend], floor=backend == "sqlite")
    reports = [
        report
        for pattern in patterns
        for report in hall.one_run(
            options, backend=backend, n=3, pattern=pattern, processes=1, repeat=0, workdir=tmp_path
        )
    ]
    app = [r for r in reports if r.target == "app"]
    assert [(r.pattern, r.ballots_landed, r.participation_rows, r.completed) for r in app] == [
        (pattern, 3, 3, 3) for pattern in patterns
    ], [r.errors for r in app]
    assert all(r.submit_p95 is not None and r.cpu_seconds > 0 for r in app)
    floor = [r for r in reports if r.target == "floor"]
    assert [r.completed for r in floor] == ([3] * len(patterns) if backend == "sqlite" else [])


def test_two_processes_behind_nginx_keep_each_browser_on_its_process(tmp_path):
    """deploy/local_cluster.py: new browsers spread over both processes, each stays on its
    own, and three delegates vote through nginx (websocket upgrade, sticky cookie)."""
    if find_nginx() is None:
        message = "nginx is not installed (bash scripts/dev.sh test installs Debian's nginx as root)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    url = f"sqlite:///{tmp_path / 'cluster.db'}"
    key = secrets.token_urlsafe(32)
    delegates = hall.prepare_database(url, delegates=3, candidates=3, key=key)
    with local_cluster(processes=2, env=hall.app_env(url, key), workdir=tmp_path) as cluster:
        spread = route_check(cluster, browsers=20)
        summary, _ = hall.asyncio.run(
            hall.drive(cluster.port, cluster.pgids, delegates.codes, delegates.seats, pattern="burst", spread=0,
                       seed=3, floor=False, timeout=60)
        )  # fmt: skip
    assert sorted(spread) == sorted(cluster.app_ports)
    assert summary["completed"] == 3, summary["errors"]
    assert hall.landed(url, delegates.round_id) == (3, 3)
    for port in [cluster.port, *cluster.app_ports]:  # stopping the set-up stops all of it
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
