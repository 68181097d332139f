"""bench/dashboards.py's websocket driver against the real app on a small generated data set.

One app server, the driver's own: log in with the password form, then every dashboard
cold, one filter change and back. No timing is asserted: each run must finish without
an error, draw its charts, and the payload measure must see their bytes.
"""

import asyncio

import pytest

from bench.appserver import ensure_admin, serve_app
from bench.dashboards import DASHBOARDS, one_process
from bench.generate import generate, shape_for

SMALL = shape_for(provinces=1, blocs=2, units=4, years=3, criteria=6)


@pytest.fixture(scope="module")
def small_data_set(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('bench-dash') / 'small.db'}"
    generate(url, SMALL, seed=5)
    return url


def test_every_dashboard_runs_cold_warm_and_cached_with_charts(small_data_set, tmp_path):
    credentials = ensure_admin(small_data_set)
    with serve_app(small_data_set, log_path=tmp_path / "app.log") as server:
        runs, first_ms, login_ms = asyncio.run(one_process(server, credentials, list(DASHBOARDS), changes=1, process=1))
    assert first_ms > 0 and login_ms > 0
    for name in DASHBOARDS:
        mine = [run for run in runs if run.dashboard == name]
        assert [run.phase for run in mine] == ["cold", "warm", "revisit"], name
        assert all(not run.errors for run in mine), [run.errors for run in mine]
        assert all(run.charts >= 1 and run.chart_bytes >= run.largest_chart > 0 for run in mine), name
        assert all(run.server_cpu_ms is not None and run.server_cpu_ms >= 0 for run in mine)
        cold, warm, revisit = mine
        # The filter change showed another year/unit/bloc; the revisit came back to the first one.
        assert warm.value != cold.value and revisit.value == cold.value, name
