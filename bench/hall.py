"""The hall: N delegates voting at once, over Streamlit's own websocket protocol.

Each simulated delegate does what a phone in the hall does: opens the QR link
(``/?code=...``), presses "Vào hội nghị", opens "Phiếu bầu" from the navigation,
ticks candidates, presses "Xem lại phiếu", then "Xác nhận bỏ phiếu", and reads its
receipt. Widgets are found by the labels a user reads (from the vi catalog), never by
a test-only door. The floor is a bare Streamlit form (bench/floor_app.py) given the
same number of sessions and round trips in the same arrival pattern.

Patterns: ``burst`` (everyone logs in and reaches the review step at once, then all
N confirm at the same instant) and ``hall`` (arrivals at random over --spread
seconds, each delegate going straight through).

    .venv/bin/python -m bench.hall --n 40 200 --pattern burst hall --backend sqlite postgresql --repeat 3
    .venv/bin/python -m bench.hall --n 200 --pattern burst --backend postgresql --processes 1 2 --no-floor

Every run gets a fresh database (migrated, then a bloc of N units, a conference with
N codes and an open round, all through services/) and fresh servers. Ballots landed
are counted in the database afterwards. Server CPU and RSS are read from /proc for
the app's process groups (PostgreSQL's own processes are not included).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select
from streamlit.proto.AppPage_pb2 import AppPage

from bench.procs import UsageSampler, running, streamlit_command
from bench.stclient import RunResult, StreamlitSession
from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from db.models import BlocKind
from db.models.voting import Ballot, Participation, SealedBallot
from locales import translate
from serve import GC_THRESHOLDS
from services.access.codes import create_conference, issue_codes, normalize
from services.clock import now
from services.registry.membership import set_membership
from services.registry.places import save_bloc, save_province
from services.registry.units import create_unit
from services.voting.rounds import check_in, create_round, open_round
from services.voting.rules import PRESETS, CandidateSource, RoundKind

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_ADMIN_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
SEATS_KIND = RoundKind.CERTIFICATE_OF_MERIT  # "tick up to 3"


def label(key: str, **params: str) -> str:
    return translate("vi", key, **params)


RECEIPT_PREFIX = label("ballot.receipt", code="\x00").split("\x00")[0]  # the text before the code
RECEIPT_CODE = re.compile(re.escape(RECEIPT_PREFIX) + r"([0-9A-Z]{5}-[0-9A-Z]{5})")


# ---------------------------------------------------------------- set-up through the services


@dataclass(frozen=True)
class Hall:
    round_id: int
    codes: list[str]  # one per delegate, normalized (as the QR link carries it)
    seats: int


def prepare_database(url: str, *, delegates: int, candidates: int, key: str) -> Hall:
    """A fresh schema, one bloc of N units, a conference with N codes, an open round, all checked in."""
    upgrade_to_head(url)
    engine = make_engine(url)
    at = now()
    year = at.year
    with session_scope(engine) as session:
        province = save_province(session=session, code="HT", name="Tỉnh Hội trường")
        bloc = save_bloc(session=session, province_id=province.id, name="Khối thi đua Hội trường", kind=BlocKind.BLOC)
        unit_ids = []
        for number in range(1, delegates + 1):
            unit = create_unit(session=session, province_id=province.id, name=f"Sở thử nghiệm số {number:03d}",
                               short_name=f"Sở TN{number:03d}", from_year=year)  # fmt: skip
            set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=year)
            unit_ids.append(unit.id)
        conference = create_conference(session=session, bloc_id=bloc.id, year=year, name="Hội nghị bình xét (bench)",
                                       ends_at=at + timedelta(days=1), at=at)  # fmt: skip
        issued = issue_codes(session=session, conference=conference, key=key, at=at)
        settings = replace(PRESETS[SEATS_KIND], candidates=CandidateSource.CHOSEN)
        seats = min(settings.seat_count(delegates), candidates)
        settings = replace(settings, seats=seats)
        round_ = create_round(session, bloc_id=bloc.id, year=year, title="Bằng khen (bench)", settings=settings, at=at,
                              chosen=unit_ids[:candidates], conference_id=conference.id)  # fmt: skip
        check_in(session, round_id=round_.id, unit_ids=unit_ids, at=at)
        open_round(session, round_id=round_.id, at=at)
        hall = Hall(round_.id, [normalize(code.code) for code in issued], seats)
    engine.dispose()
    return hall


def landed(url: str, round_id: int) -> tuple[int, int]:
    """(ballots, participation rows) stored for the round: counted in the database itself."""
    engine = make_engine(url)
    with Session(engine) as session:
        ballots = session.exec(select(sa.func.count()).select_from(Ballot).where(Ballot.round_id == round_id)).one()
        ballots += session.exec(  # a sealed round's ballots wait in the box until the close
            select(sa.func.count()).select_from(SealedBallot).where(SealedBallot.round_id == round_id)
        ).one()
        voters = session.exec(
            select(sa.func.count()).select_from(Participation).where(Participation.round_id == round_id)
        ).one()
    engine.dispose()
    return ballots, voters


@contextmanager
def fresh_database(backend: str, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{directory / f'hall_{secrets.token_hex(4)}.db'}"
        return
    admin = sa.engine.make_url(
        (os.environ.get("TEST_DATABASE_URL") or PG_ADMIN_DEFAULT).replace("postgresql://", "postgresql+psycopg://", 1)
    )
    name = f"thidua_hall_{secrets.token_hex(6)}"
    admin_engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


# ---------------------------------------------------------------- one delegate


@dataclass
class Trace:
    """One simulated person: when each step ended (seconds since the run started) and how long it took."""

    arrival: float = 0.0
    login: float | None = None  # open + code submit, until the logged-in page is drawn
    logged_in_at: float | None = None
    page: float | None = None  # ballot page (or the floor's equivalent rerun)
    review: float | None = None
    submit: float | None = None  # the confirmation that casts the ballot, until the receipt is drawn
    submit_sent_at: float | None = None
    done_at: float | None = None
    receipt: str = ""
    error: str = ""


class Gate:
    """Burst: nobody confirms until everyone is ready (or has failed)."""

    def __init__(self, parties: int) -> None:
        self.parties = parties
        self.arrived = 0
        self.open = asyncio.Event()
        self.opened_at = 0.0

    async def wait(self, clock: float) -> None:
        self.arrived += 1
        if self.arrived >= self.parties:
            self.opened_at = time.perf_counter() - clock
            self.open.set()
        await self.open.wait()


def _checked(run: RunResult, step: str) -> RunResult:
    if not run.finished_ok or run.exceptions():
        raise RuntimeError(f"{step}: {run.status_name} {run.exceptions()}")
    return run


def _ballot_link(run: RunResult) -> AppPage | None:
    """The navigation's "Phiếu bầu" entry (None: not offered, i.e. not logged in: a logged-out
    visitor gets every path only as a hidden stand-in). Found by its title, as a person finds it."""
    pages = run.navigation.app_pages if run.navigation is not None else []
    title = label("nav.ballot")
    return next((page for page in pages if page.page_name == title and not page.is_hidden), None)


async def delegate(port: int, code: str, seats: int, *, clock: float, gate: Gate | None, rng: random.Random,
                   trace: Trace, timeout: float) -> None:  # fmt: skip
    """The ballot flow, as a phone in the hall does it."""
    try:
        async with StreamlitSession(port, timeout=timeout) as session:
            run = _checked(await session.open("", f"code={code}"), "open")
            started = run.elapsed
            field_ = run.widget(label=label("login.code"), kind="text_input")
            enter = run.widget(label=label("login.code_submit"), kind="button")
            run = _checked(await session.submit_form(enter, {field_: code}), "login")
            link = _ballot_link(run)
            if link is None:
                raise RuntimeError(f"login refused: {run.text(navigation=False)[:200]}")
            trace.login = started + run.elapsed
            trace.logged_in_at = time.perf_counter() - clock
            if link.page_script_hash != run.page_script_hash:  # landed elsewhere (home): click "Phiếu bầu"
                run = _checked(await session.switch_page(link.url_pathname), "ballot page")
                trace.page = run.elapsed
            review = run.widget(label=label("ballot.review"), kind="button")
            boxes = [w for w in run.widgets("checkbox") if w.form_id == review.form_id and not w.proto.disabled]
            ticked = rng.sample(boxes, rng.randint(0, min(seats, len(boxes))))
            run = _checked(await session.submit_form(review, dict.fromkeys(ticked, True)), "review")
            trace.review = run.elapsed
            confirm = run.widget(label=label("ballot.confirm"), kind="button")
            if gate is not None:
                await gate.wait(clock)
            trace.submit_sent_at = time.perf_counter() - clock
            run = _checked(await session.click(confirm), "confirm")
            trace.submit = run.elapsed
            trace.done_at = time.perf_counter() - clock
            found = RECEIPT_CODE.search(run.text(navigation=False))
            if found is None:
                raise RuntimeError(f"no receipt: {run.text(navigation=False)[:300]}")
            trace.receipt = found.group(1)
    except Exception as error:  # recorded per delegate: one failure must not hide the others' figures
        trace.error = f"{type(error).__name__}: {error}"[:500]
        if gate is not None and not gate.open.is_set() and trace.submit_sent_at is None:
            await gate.wait(clock)


async def floor_visitor(port: int, code: str, seats: int, *, clock: float, gate: Gate | None, rng: random.Random,
                        trace: Trace, timeout: float) -> None:  # fmt: skip
    """The same round trips against the bare form: open, then four submits (login, page, review, confirm)."""
    try:
        async with StreamlitSession(port, timeout=timeout) as session:
            run = _checked(await session.open(), "open")
            started = run.elapsed
            submit = run.widget(label="Gửi", kind="button")
            text = run.widget(label="Mã", kind="text_input")
            run = _checked(await session.submit_form(submit, {text: code}), "login")
            trace.login = started + run.elapsed
            trace.logged_in_at = time.perf_counter() - clock
            run = _checked(await session.submit_form(submit), "page")
            trace.page = run.elapsed
            boxes = [w for w in run.widgets("checkbox")]
            ticked = rng.sample(boxes, rng.randint(0, min(seats, len(boxes))))
            run = _checked(await session.submit_form(submit, dict.fromkeys(ticked, True)), "review")
            trace.review = run.elapsed
            if gate is not None:
                await gate.wait(clock)
            trace.submit_sent_at = time.perf_counter() - clock
            run = _checked(await session.submit_form(submit), "confirm")
            trace.submit = run.elapsed
            trace.done_at = time.perf_counter() - clock
            if "Đã nhận" not in run.text():
                raise RuntimeError("the floor form did not answer")
            trace.receipt = "floor"
    except Exception as error:
        trace.error = f"{type(error).__name__}: {error}"[:500]
        if gate is not None and not gate.open.is_set() and trace.submit_sent_at is None:
            await gate.wait(clock)


# ---------------------------------------------------------------- one run


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (p95 of 40 values is the 38th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class RunReport:
    target: str  # "app" or "floor"
    backend: str
    processes: int
    n: int
    pattern: str
    repeat: int
    completed: int  # sessions that saw their receipt (or the floor's answer)
    ballots_landed: int | None  # counted in the database (app only)
    participation_rows: int | None
    submit_p50: float | None
    submit_p95: float | None
    submit_max: float | None
    throughput: float | None  # completed submits per second of the submit phase (burst: from the gate)
    flow_throughput: float | None  # delegates served per second, first arrival to last receipt
    login_total: float | None  # first arrival to the last delegate logged in
    login_p95: float | None
    page_p95: float | None
    review_p95: float | None
    wall: float
    cpu_seconds: float
    cpu_percent: float  # of one core, over the run's wall time
    peak_rss_mib: float
    client_cpu_seconds: float = 0.0  # the load driver's own CPU time: it shares the 2 cores
    errors: list[str] = field(default_factory=list)


def summarize(traces: list[Trace], *, gate: Gate | None, wall: float) -> dict:
    done = [t for t in traces if t.submit is not None and not t.error]
    submits = [t.submit for t in done]
    logins = [t.login for t in traces if t.login is not None]
    if done:
        phase_start = gate.opened_at if gate is not None else min(t.arrival for t in traces)
        phase = max(t.done_at for t in done) - phase_start
        throughput = len(done) / phase if phase > 0 else None
    else:
        throughput = None
    # The whole visit, first arrival to the last receipt: what a process can serve end to end.
    flow = max((t.done_at for t in done), default=0.0) - min(t.arrival for t in traces)
    logged_in = [t.logged_in_at for t in traces if t.logged_in_at is not None]
    login_total = max(logged_in) - min(t.arrival for t in traces) if len(logged_in) == len(traces) else None
    return {
        "completed": len(done),
        "submit_p50": percentile(submits, 0.50),
        "submit_p95": percentile(submits, 0.95),
        "submit_max": max(submits, default=None),
        "throughput": throughput,
        "flow_throughput": len(done) / flow if done and flow > 0 else None,
        "login_total": login_total,
        "login_p95": percentile(logins, 0.95),
        "page_p95": percentile([t.page for t in traces if t.page is not None], 0.95),
        "review_p95": percentile([t.review for t in traces if t.review is not None], 0.95),
        "wall": wall,
        "errors": sorted({t.error for t in traces if t.error})[:5],
    }


async def drive(port: int, pgids: list[int], codes: list[str], seats: int, *, pattern: str, spread: float,
                seed: int, floor: bool, timeout: float) -> tuple[dict, UsageSampler]:  # fmt: skip
    rng = random.Random(seed)
    traces = [Trace() for _ in codes]
    if pattern == "hall":
        for trace in traces:
            trace.arrival = rng.uniform(0, spread)
    gate = Gate(len(codes)) if pattern == "burst" else None
    person = floor_visitor if floor else delegate

    async def arrive(code: str, trace: Trace, own_rng: random.Random, clock: float) -> None:
        await asyncio.sleep(trace.arrival)
        await person(port, code, seats, clock=clock, gate=gate, rng=own_rng, trace=trace, timeout=timeout)

    async with UsageSampler(pgids) as usage:
        clock = time.perf_counter()
        client_cpu = time.process_time()
        await asyncio.gather(
            *(arrive(c, t, random.Random(rng.random()), clock) for c, t in zip(codes, traces, strict=True))
        )
        wall = time.perf_counter() - clock
        client_cpu = time.process_time() - client_cpu
    return {**summarize(traces, gate=gate, wall=wall), "client_cpu_seconds": client_cpu}, usage


async def warm_up(port: int, *, floor: bool) -> None:
    """One visit before the hall opens (the organiser's own check): imports and caches are warm."""
    async with StreamlitSession(port, timeout=120) as session:
        _checked(await session.open(), "warm-up")


# ---------------------------------------------------------------- servers


def app_env(url: str, key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"THIDUA_DEMO", "DATABASE_URL"}}
    return {**env, "DATABASE_URL": url, "THIDUA_SECRET_KEY": key, "PYTHONUNBUFFERED": "1"}


@contextmanager
def app_servers(url: str, key: str, *, processes: int, workdir: Path) -> Iterator[tuple[int, list[int]]]:
    """(port to connect to, process groups): one Streamlit process directly, or K behind nginx."""
    if processes == 1 and not CLUSTER_ALWAYS[0]:
        port = free_port()
        command = streamlit_command(PYTHON, "app.py", port)
        with running(command, port=port, cwd=ROOT, env=app_env(url, key), log_path=workdir / "app.log") as pgid:
            yield port, [pgid]
        return
    from deploy.local_cluster import local_cluster

    with local_cluster(processes=processes, env=app_env(url, key), workdir=workdir) as cluster:
        for app_port in cluster.app_ports:  # each process directly: nginx would pick one at random
            asyncio.run(warm_up(app_port, floor=False))
        yield cluster.port, [*cluster.pgids, cluster.nginx_pgid]


CLUSTER_ALWAYS = [False]  # --processes given: every process count goes through nginx, for a fair comparison


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def floor_server(workdir: Path, checkboxes: int) -> Iterator[tuple[int, list[int]]]:
    port = free_port()
    command = streamlit_command(PYTHON, "bench/floor_app.py", port)
    thresholds = ",".join(str(value) for value in GC_THRESHOLDS)  # the app server's (serve.py)
    env = {**os.environ, "FLOOR_CHECKBOXES": str(checkboxes), "FLOOR_GC_THRESHOLDS": thresholds,
           "PYTHONUNBUFFERED": "1"}  # fmt: skip
    with running(command, port=port, cwd=ROOT, env=env, log_path=workdir / "floor.log") as pgid:
        yield port, [pgid]


# ---------------------------------------------------------------- profiling (py-spy)


def start_profiler(
    directory: Path | None, pgids: list[int], name: str, *, waits: bool = False
) -> tuple[subprocess.Popen, Path] | None:
    """py-spy sampling the server while the hall votes: only the thread holding the GIL, i.e. where
    the one core Python can use goes (raw collapsed stacks)."""
    if directory is None:
        return None
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.txt"
    mode = ["--idle"] if waits else ["--gil"]  # waits: every thread, waiting ones too (locks, I/O)
    py_spy = shutil.which("py-spy") or str(Path(PYTHON).with_name("py-spy"))
    command = [py_spy, "record", *mode, "--nonblocking", "--rate", "200", "--format", "raw", "-o", str(path)]
    process = subprocess.Popen([*command, "--pid", str(pgids[0])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # py-spy attaches before the first arrival
    return process, path


def stop_profiler(profiler: tuple[subprocess.Popen, Path] | None) -> None:
    if profiler is None:
        return
    process, path = profiler
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    print(f"# profile: {path}")
    for line in profile_top(path):
        print(f"#   {line}")


IDLE_FRAMES = ("threading.py", "selectors.py", "base_events.py", "runners.py", "queue.py")


def profile_top(path: Path, *, top: int = 25) -> list[str]:
    """Inclusive share of the samples per function (ours and the libraries'), busiest first."""
    inclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        total += int(count)
        seen = set()
        for frame in stack.split(";"):
            name = re.sub(r":\d+\)$", ")", frame).replace(str(ROOT) + "/", "")
            name = re.sub(r"\(.*site-packages/", "(", name)
            if name not in seen and not any(idle in name for idle in IDLE_FRAMES):
                seen.add(name)
                inclusive[name] = inclusive.get(name, 0) + int(count)
    ranked = sorted(inclusive.items(), key=lambda item: -item[1])[:top]
    return [f"{100 * count / max(total, 1):5.1f}% {name}" for name, count in ranked]


# ---------------------------------------------------------------- the benchmark


@dataclass(frozen=True)
class Options:
    ns: list[int]
    patterns: list[str]
    backends: list[str]
    processes: list[int]
    repeat: int
    spread: float
    candidates: int
    floor: bool
    timeout: float
    seed: int
    profile: Path | None = None
    profile_waits: bool = False


def one_run(options: Options, *, backend: str, n: int, pattern: str, processes: int, repeat: int,
            workdir: Path) -> list[RunReport]:  # fmt: skip
    key = secrets.token_urlsafe(32)
    seed = options.seed + 1000 * repeat + n
    reports = []
    order = ["app", "floor"] if repeat % 2 == 0 else ["floor", "app"]  # alternate: drift hits both alike
    for target in order:
        if target == "floor" and not options.floor:
            continue
        with ExitStack() as stack:
            if target == "app":
                url = stack.enter_context(fresh_database(backend, workdir))
                hall = prepare_database(url, delegates=n, candidates=options.candidates, key=key)
                port, pgids = stack.enter_context(app_servers(url, key, processes=processes, workdir=workdir))
                codes, seats = hall.codes, hall.seats
            else:
                port, pgids = stack.enter_context(floor_server(workdir, min(options.candidates, n)))
                codes = [f"FLOOR{number:07d}" for number in range(n)]
                seats = min(3, n)
            asyncio.run(warm_up(port, floor=target == "floor"))
            profiler = start_profiler(
                options.profile, pgids, f"{target}-{backend}-{n}-{pattern}-{repeat}", waits=options.profile_waits
            )
            summary, usage = asyncio.run(
                drive(port, pgids, codes, seats, pattern=pattern, spread=options.spread, seed=seed,
                      floor=target == "floor", timeout=options.timeout)
            )  # fmt: skip
            stop_profiler(profiler)
            ballots, voters = landed(url, hall.round_id) if target == "app" else (None, None)
        reports.append(
            RunReport(
                target=target,
                backend=backend,  # the floor: the run it was measured with
                processes=processes,
                n=n,
                pattern=pattern,
                repeat=repeat,
                ballots_landed=ballots,
                participation_rows=voters,
                cpu_seconds=usage.cpu_seconds,
                cpu_percent=100 * usage.cpu_seconds / summary["wall"],
                peak_rss_mib=usage.peak_rss / 2**20,
                **summary,
            )
        )
    return reports


def fmt(value: float | None, unit: str = "", digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def print_report(report: RunReport) -> None:
    landed_text = f"{report.ballots_landed}/{report.n}" if report.target == "app" else f"{report.completed}/{report.n}"
    print(
        f"{report.target:5} {report.backend:10} k={report.processes} n={report.n:<4} {report.pattern:5} "
        f"#{report.repeat} landed={landed_text:8} submit p50={fmt(report.submit_p50)} "
        f"p95={fmt(report.submit_p95)} max={fmt(report.submit_max)} thr={fmt(report.throughput, '/s', 1)} "
        f"flow={fmt(report.flow_throughput, '/s', 1)} "
        f"login_total={fmt(report.login_total, 's', 2)} cpu={report.cpu_seconds:.1f}s "
        f"({report.cpu_percent:.0f}%) rss={report.peak_rss_mib:.0f}MiB client_cpu={report.client_cpu_seconds:.1f}s "
        f"wall={report.wall:.1f}s" + (f" ERRORS={report.errors}" if report.errors else ""),
        flush=True,
    )


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def print_medians(reports: list[RunReport]) -> None:
    """Per configuration: medians over the repeats, and the p95 ratio to the floor of the same run."""
    print("\nmedians over repeats (ratio = app p95 / floor p95 of the same repeat, then the median)")
    groups: dict[tuple, list[RunReport]] = {}
    for report in reports:
        if report.target == "app":
            groups.setdefault((report.backend, report.processes, report.n, report.pattern), []).append(report)
    floors = {(r.backend, r.n, r.pattern, r.repeat): r for r in reports if r.target == "floor"}
    for (backend, processes, n, pattern), runs in groups.items():
        ratios = []
        floor_p95 = []
        for run in runs:
            floor = floors.get((backend, n, run.pattern, run.repeat))
            if floor and floor.submit_p95 and run.submit_p95:
                ratios.append(run.submit_p95 / floor.submit_p95)
                floor_p95.append(floor.submit_p95)
        all_landed = all(r.ballots_landed == n for r in runs)
        print(
            f"{backend:10} k={processes} n={n:<4} {pattern:5} runs={len(runs)} all_landed={all_landed} "
            f"p50={fmt(median([r.submit_p50 for r in runs]))} p95={fmt(median([r.submit_p95 for r in runs]))} "
            f"max={fmt(median([r.submit_max for r in runs]))} thr={fmt(median([r.throughput for r in runs]), '/s', 1)} "
            f"flow={fmt(median([r.flow_throughput for r in runs]), '/s', 1)} "
            f"login_total={fmt(median([r.login_total for r in runs]), 's', 2)} "
            f"cpu={fmt(median([r.cpu_seconds for r in runs]), 's', 1)} "
            f"rss={fmt(median([r.peak_rss_mib for r in runs]), 'MiB', 0)} "
            f"floor_p95={fmt(median(floor_p95))} ratio={fmt(median(ratios), '', 2)}"
        )


def run_all(options: Options, workdir: Path) -> list[RunReport]:
    reports = []
    for repeat in range(options.repeat):
        for backend in options.backends:
            for n in options.ns:
                for pattern in options.patterns:
                    for processes in options.processes:
                        for report in one_run(options, backend=backend, n=n, pattern=pattern,
                                              processes=processes, repeat=repeat, workdir=workdir):  # fmt: skip
                            print_report(report)
                            reports.append(report)
    return reports


def parse_args(argv: list[str] | None = None) -> tuple[Options, argparse.Namespace]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[40, 200], help="delegates (default: 40 200)")
    parser.add_argument("--pattern", nargs="+", choices=["burst", "hall"], default=["burst", "hall"])
    parser.add_argument("--backend", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument(
        "--processes",
        type=int,
        nargs="+",
        help="app processes behind nginx (deploy/local_cluster.py); default 1, direct",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of every configuration (report medians)")
    parser.add_argument("--spread", type=float, default=60.0, help="hall pattern: arrivals over this many seconds")
    parser.add_argument("--candidates", type=int, default=10, help="candidates on the ballot (default 10)")
    parser.add_argument("--no-floor", action="store_true", help="skip the bare-form floor")
    parser.add_argument("--timeout", type=float, default=180.0, help="per request, seconds")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write every run's figures to this file")
    parser.add_argument("--profile", type=Path, help="py-spy the servers during each run; raw stacks in this folder")
    parser.add_argument("--profile-waits", action="store_true", help="profile every thread, waiting too (not --gil)")
    args = parser.parse_args(argv)
    if args.processes:
        CLUSTER_ALWAYS[0] = True
    options = Options(
        ns=args.n, patterns=args.pattern, backends=args.backend, processes=args.processes or [1],
        repeat=args.repeat, spread=args.spread, candidates=args.candidates, floor=not args.no_floor,
        timeout=args.timeout, seed=args.seed, profile=args.profile, profile_waits=args.profile_waits,
    )  # fmt: skip
    return options, args


def main(argv: list[str] | None = None) -> int:
    options, args = parse_args(argv)
    # A plain `kill` must still stop the servers and drop the databases (the with-blocks unwind).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"# bench.hall {' '.join(argv if argv is not None else sys.argv[1:])}")
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S %z')} load: {os.getloadavg()} cpus: {os.cpu_count()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="thidua-hall-") as workdir:
        reports = run_all(options, Path(workdir))
    print_medians(reports)
    print(f"# load after: {os.getloadavg()}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in reports], indent=1))
    bad = [r for r in reports if r.target == "app" and r.ballots_landed != r.n]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
