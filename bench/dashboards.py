"""Dashboard rerun times and chart payloads at about 1M score rows, measured as a browser would.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python -m bench.dashboards --generate
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/thidua_bench_dash .venv/bin/python -m bench.dashboards --generate

--generate first fills the database with bench/generate.py's data set (--scale, 1 = about
1M score rows) unless it already holds it. An admin account "bench.admin" is created
(or gets a new random password). Then, --processes times for every dashboard:

1. a fresh app server (streamlit run app.py, production settings, DATABASE_URL as given):
   empty caches, nothing imported yet;
2. a session over Streamlit's websocket (bench/stclient.py) opens the login page and logs in
   with the password form, as a browser would;
3. cold: the dashboard is opened from the navigation, its first visit in this process;
4. warm: --changes filter changes, each to a value this process has not shown yet (so the
   dashboard's data cache misses, as on a real filter change);
5. revisit: back to the first value (served from the cache).

Per run: the time from sending the rerun to its script_finished (RunResult.elapsed), the
server process's CPU time during it, and the chart payload: the bytes of every Vega-Lite
element (spec and Arrow datasets) in the run's deltas. Raw lines, then medians against the
targets: cold ≤ 2 s, warm ≤ 300 ms, no chart above 1 MB.
"""

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from bench.appserver import AppServer, ensure_admin, serve_app
from bench.stclient import RunResult, StreamlitSession, Widget
from db.engine import database_url, make_engine, normalize_url
from locales import translate

COLD_TARGET_MS = 2000
WARM_TARGET_MS = 300
CHART_TARGET_BYTES = 1_000_000
CHART_KIND = "vega_lite_chart"  # st.altair_chart's element (Streamlit 1.67)


@dataclass(frozen=True)
class Dashboard:
    url_path: str
    change_key: str  # the st key of the filter a warm run changes


DASHBOARDS = {
    "bloc": Dashboard("tong-quan-khoi", "dash_bloc_year"),
    "heatmap": Dashboard("ban-do-nhiet", "dash_heatmap_year"),
    "unit": Dashboard("ho-so-don-vi", "dash_unit_unit"),
    "history": Dashboard("lich-su-khoi", "dash_history_bloc"),
    "province": Dashboard("tong-quan-tinh", "dash_province_year"),
}


@dataclass(frozen=True)
class Run:
    dashboard: str
    process: int
    phase: str  # "cold", "warm" or "revisit"
    value: str  # the filter value shown
    ms: float
    server_cpu_ms: float | None
    charts: int
    chart_bytes: int  # all charts of the run
    largest_chart: int
    errors: tuple[str, ...] = ()

    def line(self) -> str:
        cpu = "-" if self.server_cpu_ms is None else f"{self.server_cpu_ms:.0f}"
        errors = f" ERRORS={list(self.errors)}" if self.errors else ""
        return (
            f"{self.dashboard:<9} process={self.process} {self.phase:<7} ms={self.ms:7.1f} server_cpu_ms={cpu:>4} "
            f"charts={self.charts} chart_bytes={self.chart_bytes} largest_chart={self.largest_chart} "
            f"value={self.value!r}{errors}"
        )


def chart_sizes(run: RunResult) -> list[int]:
    """Bytes of each Vega-Lite element this run drew: the spec JSON plus its Arrow datasets."""
    sizes = []
    for message in run.messages:
        if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
            continue
        element = message.delta.new_element
        if element.WhichOneof("type") == CHART_KIND:
            sizes.append(element.vega_lite_chart.ByteSize())
    return sizes


async def log_in(session: StreamlitSession, username: str, password: str, *, language: str = "vi") -> RunResult:
    """The login page's password form, filled and submitted; the run that follows shows the home page."""
    run = await session.open()
    form = "login_password"
    user_box = run.widget(label=translate(language, "login.username"), form_id=form)
    password_box = run.widget(label=translate(language, "login.password"), form_id=form)
    submit = run.widget(label=translate(language, "login.submit"), form_id=form)
    run = await session.submit_form(submit, {user_box: username, password_box: password})
    if run.widgets("text_input") and any(w.form_id == form for w in run.widgets()):
        raise RuntimeError(f"login as {username!r} failed: {run.text(navigation=False)[:300]}")
    return run


def _record(name: str, process: int, phase: str, value: str, run: RunResult, cpu_ms: float | None) -> Run:
    sizes = chart_sizes(run)
    errors = tuple(run.exceptions()) + (() if run.finished_ok else (run.status_name,))
    return Run(name, process, phase, value, run.elapsed * 1000, cpu_ms, len(sizes), sum(sizes), max(sizes, default=0),
               errors)  # fmt: skip


async def visit(
    session: StreamlitSession,
    name: str,
    *,
    changes: int,
    process: int = 1,
    cpu: Callable[[], float] | None = None,
    report: Callable[[Run], None] = lambda run: None,
) -> list[Run]:
    """Cold visit, `changes` warm filter changes, one revisit of the first value, on a logged-in session."""
    dashboard = DASHBOARDS[name]
    runs: list[Run] = []

    async def measured(phase: str, step) -> RunResult:
        before = cpu() if cpu else None
        run = await step()
        spent = (cpu() - before) * 1000 if cpu and before is not None else None
        runs.append(_record(name, process, phase, _current(session, run.widget(key=dashboard.change_key)), run, spent))
        report(runs[-1])
        return run

    run = await measured("cold", lambda: session.switch_page(dashboard.url_path))
    widget = run.widget(key=dashboard.change_key)
    first = _current(session, widget)
    others = [option for option in widget.options if option != first]
    for value in others[:changes]:
        run = await measured("warm", lambda v=value, w=widget: session.set_values({w: v}))
        widget = run.widget(key=dashboard.change_key)
    await measured("revisit", lambda w=widget: session.set_values({w: first}))
    return runs


def _current(session: StreamlitSession, widget: Widget) -> str:
    """The option the selectbox shows: the value this session sent, else the element's default."""
    sent = session.widget_values.get(widget.id)
    if sent is not None and sent.HasField("string_value"):
        return sent.string_value
    return widget.options[widget.proto.default] if widget.proto.HasField("default") else widget.options[0]


async def one_process(
    server: AppServer, credentials: tuple[str, str], names: list[str], *, changes: int, process: int,
    report: Callable[[Run], None] = lambda run: None, measure_cpu: bool = True,
) -> tuple[list[Run], float, float]:  # fmt: skip
    """Log in on `server`, then visit each dashboard in turn. Returns the runs, and the
    elapsed ms of the process's first run (the login page) and of the login itself."""
    async with StreamlitSession(server.port, timeout=120) as session:
        first = await session.open()
        login = await log_in(session, *credentials)
        runs = []
        for name in names:
            runs += await visit(session, name, changes=changes, process=process, report=report,
                                cpu=server.cpu_seconds if measure_cpu else None)  # fmt: skip
    return runs, first.elapsed * 1000, login.elapsed * 1000


# ---------------------------------------------------------------- the command


def print_run(run: Run) -> None:
    print(run.line(), flush=True)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def score_rows(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM score")).scalar_one()
    finally:
        engine.dispose()


def ensure_generated(url: str, scale: float) -> None:
    from bench.generate import already_generated, generate, shape_for
    from db.migrate import upgrade_to_head

    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        done = already_generated(engine)
    finally:
        engine.dispose()
    if done:
        print("data set already generated", flush=True)
        return
    start = time.perf_counter()
    counts = generate(url, shape_for(scale))
    print(f"generated {counts['score']} score rows in {time.perf_counter() - start:.1f} s", flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(runs: list[Run], names: list[str]) -> str:
    header = (
        f"{'dashboard':<9} {'cold ms':>8} {'warm ms':>8} {'warm p95':>8} {'warm max':>8} {'revisit':>8} "
        f"{'cold cpu':>8} {'warm cpu':>8} {'charts':>6} {'max chart B':>11}  verdict (median cold ≤ 2 s, "
        "median warm ≤ 300 ms, every chart ≤ 1 MB)"
    )
    lines = [header]
    for name in names:
        mine = [r for r in runs if r.dashboard == name]
        cold = [r.ms for r in mine if r.phase == "cold"]
        warm = [r.ms for r in mine if r.phase == "warm"]
        revisit = [r.ms for r in mine if r.phase == "revisit"]
        cold_cpu = [r.server_cpu_ms for r in mine if r.phase == "cold" and r.server_cpu_ms is not None]
        warm_cpu = [r.server_cpu_ms for r in mine if r.phase == "warm" and r.server_cpu_ms is not None]
        largest = max((r.largest_chart for r in mine), default=0)
        misses = []
        if cold and statistics.median(cold) > COLD_TARGET_MS:
            misses.append("cold")
        if warm and statistics.median(warm) > WARM_TARGET_MS:
            misses.append("warm")
        if largest > CHART_TARGET_BYTES:
            misses.append("chart size")
        if any(r.errors for r in mine):
            misses.append("errors")
        lines.append(
            f"{name:<9} {_med(cold):>8} {_med(warm):>8} {_fmt(percentile(warm, 0.95) if warm else None):>8} "
            f"{_fmt(max(warm) if warm else None):>8} {_med(revisit):>8} {_med(cold_cpu):>8} {_med(warm_cpu):>8} "
            f"{max((r.charts for r in mine), default=0):>6} {largest:>11}  "
            f"{'all met' if not misses else 'MISSED: ' + ', '.join(misses)}"
        )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _med(values: list[float]) -> str:
    return _fmt(statistics.median(values) if values else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generate", action="store_true", help="generate the data set first unless it is there")
    parser.add_argument("--scale", type=float, default=1.0, help="for --generate (1 = about 1M score rows)")
    parser.add_argument("--processes", type=int, default=3, help="fresh app servers per dashboard")
    parser.add_argument("--changes", type=int, default=5, help="warm filter changes per process")
    parser.add_argument("--only", default=",".join(DASHBOARDS), help="comma-separated: " + ", ".join(DASHBOARDS))
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(names) - set(DASHBOARDS))
    if unknown:
        parser.error(f"unknown dashboards {unknown}")
    url = normalize_url(os.environ.get("DATABASE_URL") or database_url())
    if args.generate:
        ensure_generated(url, args.scale)
    credentials = ensure_admin(url)
    print(f"database {url.split('@')[-1]}: {score_rows(url)} score rows; python {platform.python_version()}; "
          f"{os.cpu_count()} CPUs; load {load()}", flush=True)  # fmt: skip

    runs: list[Run] = []
    log_dir = Path(tempfile.mkdtemp(prefix="bench-dashboards-"))
    for process in range(1, args.processes + 1):
        for name in names:
            with serve_app(url, log_path=log_dir / f"{name}-{process}.log") as server:
                found, first_ms, login_ms = asyncio.run(
                    one_process(server, credentials, [name], changes=args.changes, process=process, report=print_run)
                )
                print(f"{name:<9} process={process} first run (login page) ms={first_ms:.0f} "
                      f"login ms={login_ms:.0f} load {load()}", flush=True)  # fmt: skip
                runs += found
    print()
    print(summary(runs, names))
    print(f"load at the end: {load()}; server logs in {log_dir}")
    return 1 if any(r.errors for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
