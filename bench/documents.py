"""Counting and documents: the tally of 100k ballots, the minutes PDF of a 40-unit round,
verifying an audit chain of 10k events. Targets: 200 ms, 1 s, 1 s.

    DATABASE_URL=sqlite:////tmp/docs.db .venv/bin/python -m bench.documents
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/thidua_bench_docs .venv/bin/python -m bench.documents

The database must hold no audit event yet (a fresh one): the chain verified is the
whole chain. It is migrated, then gets one province with one bloc of --units member
units, built through the services, and:
- a flag round with every member as candidate: check-in, open, one ballot per unit
  cast through services.voting.casting, closed (its frozen result feeds the minutes);
- a pick round and an approval round, each with --candidates chosen candidates and
  --ballots ballots stored in bulk in the format services.voting.casting.store_ballot
  writes (casting 100k ballots one by one would take minutes and is the hall
  benchmark's business, not this one's). Pick ballots name 0-2 candidates; approval
  ballots mark 85% of the names at random, 70% of marks "agree", so with 10 candidates
  about a quarter of the approval ballots differ (pick: about a hundred contents);
- audit events appended through services.voting.audit.append until there are --events.

Measured, --repeats times each, in a new session each time (raw lines, then medians):
- tally: services.voting.tally.tally() on --ballots ballots in memory, for a pick
  (flag: up to 2), an approval (agree/disagree/blank for each candidate) and a single
  (chair) round, with --candidates candidates and with --units candidates;
- count: services.voting.results.count_round() of each stored round (reads the
  ballots, parses them, tallies);
- minutes: services.voting.minutes.minutes_for_round() of the 40-unit round (reads it,
  draws the PDF);
- verify: services.voting.audit.verify_chain() over every event.
--profile NAME prints a pyinstrument profile of one more run of that measurement.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from db.engine import database_url, make_engine, normalize_url, session_scope
from db.migrate import upgrade_to_head
from db.models import BlocKind
from db.models.voting import Ballot, CheckIn, VotingRound
from services.registry.membership import set_membership
from services.registry.places import save_bloc, save_province
from services.registry.units import create_unit
from services.voting import audit
from services.voting.casting import Choice, cast_ballot
from services.voting.minutes import minutes_for_round
from services.voting.results import count_round
from services.voting.rounds import check_in, close_round, create_round, open_round
from services.voting.rules import PRESETS, BallotForm, CandidateSource, RoundKind, RoundSettings
from services.voting.tally import Ballot as TallyBallot
from services.voting.tally import Candidate, Mark, tally

TARGETS_MS = {"tally": 200, "count": 200, "minutes": 1000, "verify": 1000}
YEAR = 2025
DEPARTMENTS = [
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động – Thương binh và Xã hội", "Đài Phát thanh – Truyền hình",
    "Sở Giáo dục và Đào tạo", "Bảo hiểm xã hội", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ",
    "Trường Cao đẳng Cộng đồng", "Sở Y tế", "Sở Tài chính",
]  # fmt: skip
CLOCK = datetime(2025, 12, 20, 8, 0, tzinfo=UTC)
T = TypeVar("T")


@dataclass
class Bench:
    """Raw timings per measurement name: wall ms and CPU ms of this process."""

    times: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    facts: dict[str, object] = field(default_factory=dict)

    def add(self, name: str, ms: float, cpu_ms: float) -> None:
        self.times.setdefault(name, []).append(ms)
        self.cpu.setdefault(name, []).append(cpu_ms)

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])


def timed(call: Callable[..., T], *args: object, **kwargs: object) -> tuple[float, float, T]:
    """(wall ms, CPU ms of this process, value): on a shared machine the CPU time says what
    the code costs, the wall time what a user waits."""
    cpu, start = time.process_time(), time.perf_counter()
    value = call(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000, value


# ---------------------------------------------------------------- the world


@dataclass(frozen=True)
class World:
    bloc_id: int
    unit_ids: list[int]


def build_world(session: Session, *, units: int, tag: str) -> World:
    """One province, one bloc of `units` member units in YEAR, through the services."""
    province = save_province(session=session, code=f"BD{tag}", name=f"Tỉnh thử nghiệm {tag}")
    bloc = save_bloc(session=session, province_id=province.id, name="Khối Văn hóa – Xã hội", kind=BlocKind.BLOC)
    unit_ids = []
    for index in range(units):
        name = f"{DEPARTMENTS[index % len(DEPARTMENTS)]} tỉnh (đơn vị số {index + 1:02d})"
        unit = create_unit(session=session, province_id=province.id, name=name, short_name=f"ĐV{index + 1:02d}",
                           from_year=YEAR)  # fmt: skip
        set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=YEAR)
        unit_ids.append(unit.id)
    session.flush()
    return World(bloc.id, unit_ids)


def closed_round_of_all(session: Session, world: World) -> int:
    """A flag round with every member as candidate, voted by every member, closed."""
    round_ = create_round(session, bloc_id=world.bloc_id, year=YEAR, title="Bỏ phiếu suy tôn Cờ thi đua năm 2025",
                          settings=TALLY_FORMS["pick"], at=CLOCK)  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=world.unit_ids, at=CLOCK)
    open_round(session, round_id=round_.id, at=CLOCK, sealed=False)  # a documents benchmark: no cards
    rng = random.Random(40)
    favourites = world.unit_ids[:6]
    for voter in world.unit_ids:
        choices = rng.sample([u for u in favourites if u != voter], 2)
        choice = Choice(marks=tuple((u, Mark.AGREE) for u in choices))
        cast_ballot(session, round_id=round_.id, unit_id=voter, choice=choice, at=CLOCK)
    close_round(session, round_id=round_.id, at=CLOCK + timedelta(minutes=30))
    return round_.id


def random_marks(rng: random.Random, form: BallotForm, candidate_ids: list[int]) -> tuple[tuple[int, Mark], ...]:
    """A plausible ballot: a favourite or two in a pick round, most names marked in an approval round."""
    if form == BallotForm.SINGLE:
        return ((rng.choice(candidate_ids[:4]), Mark.AGREE),)
    if form == BallotForm.PICK:
        count = rng.choice([0, 1, 2, 2, 2])
        return tuple((c, Mark.AGREE) for c in rng.sample(candidate_ids, count))
    return tuple((c, Mark.AGREE if rng.random() < 0.7 else Mark.DISAGREE) for c in candidate_ids if rng.random() < 0.85)


def make_ballots(count: int, form: BallotForm, candidate_ids: list[int], *, seed: int = 7) -> list[TallyBallot]:
    rng = random.Random(seed)
    return [TallyBallot(valid=rng.random() > 0.02, marks=random_marks(rng, form, candidate_ids)) for _ in range(count)]


TALLY_FORMS = {
    "pick": replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=2),  # up to 2 of the candidates
    "approval": replace(PRESETS[RoundKind.CERTIFICATE_OF_MERIT], form=BallotForm.APPROVAL),
    "single": PRESETS[RoundKind.CHAIR],
}


def stored_round(session: Session, world: World, *, form: str, candidates: int, ballots: int) -> int:
    """A round of TALLY_FORMS[form] among `candidates` chosen members holding `ballots` stored ballots."""
    settings = replace(TALLY_FORMS[form], candidates=CandidateSource.CHOSEN)
    chosen = world.unit_ids[:candidates]
    round_ = create_round(session, bloc_id=world.bloc_id, year=YEAR, title=f"Bỏ phiếu ({form}, {ballots} phiếu)",
                          settings=settings, at=CLOCK, chosen=chosen)  # fmt: skip
    session.add_all([CheckIn(round_id=round_.id, unit_id=u) for u in world.unit_ids])
    session.flush()
    rows = []
    for ballot in make_ballots(ballots, settings.form, chosen):
        # The shape services.voting.casting.store_ballot writes.
        marks = ballot.marks if ballot.valid else ()  # an invalid paper ballot is stored without marks
        content = json.dumps({"marks": [[cid, Mark(mark).value] for cid, mark in marks]}, sort_keys=True)
        rows.append({"id": secrets.token_hex(16), "round_id": round_.id, "content_json": content,
                     "valid": ballot.valid, "invalid_reason": None if ballot.valid else "other",
                     "receipt_hash": None})  # fmt: skip
    for start in range(0, len(rows), 10_000):
        session.execute(sa.insert(Ballot), rows[start : start + 10_000])
    session.flush()
    return round_.id


def fill_audit_chain(engine: sa.Engine, *, events: int, batch: int = 1000) -> int:
    """Append events through audit.append until the chain holds `events`; returns how many were added."""
    added = 0
    while True:
        with session_scope(engine) as session:
            missing = events - audit.count_events(session)
            if missing <= 0:
                return added
            for index in range(min(batch, missing)):
                at = CLOCK + timedelta(seconds=added + index)
                audit.append(session, kind="ballot_accepted", at=at, round_id=None, note=f"bench {added + index}")
            added += min(batch, missing)


# ---------------------------------------------------------------- measurements


def bench_tally(bench: Bench, *, ballots: int, candidate_counts: list[int], repeats: int) -> None:
    for form_name, settings in TALLY_FORMS.items():
        for count in candidate_counts:
            candidates = [Candidate(i, f"Đơn vị {i:02d}") for i in range(1, count + 1)]
            box = make_ballots(ballots, settings.form, [c.id for c in candidates])
            name = f"tally {form_name} c={count}"
            for run in range(repeats):
                ms, cpu_ms, result = timed(tally, settings, candidates, box, members=count, issued=ballots)
                bench.add(name, ms, cpu_ms)
                print(f"{name} ballots={ballots} run={run + 1} ms={ms:.1f} cpu_ms={cpu_ms:.1f} valid={result.valid} "
                      f"winners={list(result.winners)}", flush=True)  # fmt: skip


def bench_count(bench: Bench, engine: sa.Engine, *, rounds: dict[str, int], repeats: int) -> None:
    for label, round_id in rounds.items():
        name = f"count {label}"
        for run in range(repeats):
            with Session(engine) as session:
                round_ = session.get(VotingRound, round_id)
                ms, cpu_ms, result = timed(count_round, session, round_)
            bench.add(name, ms, cpu_ms)
            print(f"{name} round={round_id} run={run + 1} ms={ms:.1f} cpu_ms={cpu_ms:.1f} "
                  f"collected={result.collected} valid={result.valid} winners={list(result.winners)}",
                  flush=True)  # fmt: skip


def pdf_pages(pdf: bytes) -> int:
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:  # pypdf is a test tool; without it, count page objects
        return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    return len(PdfReader(BytesIO(pdf)).pages)


def bench_minutes(bench: Bench, engine: sa.Engine, *, round_id: int, repeats: int) -> None:
    for run in range(repeats):
        with Session(engine) as session:
            ms, cpu_ms, pdf = timed(minutes_for_round, session, round_id=round_id)
            result = json.loads(session.get(VotingRound, round_id).result_json)
        bench.add("minutes", ms, cpu_ms)
        print(f"minutes round={round_id} candidates={len(result['candidates'])} run={run + 1} ms={ms:.1f} "
              f"cpu_ms={cpu_ms:.1f} "
              f"bytes={len(pdf)} pages={pdf_pages(pdf)}", flush=True)  # fmt: skip
        bench.facts["minutes_pdf"] = pdf


def bench_verify(bench: Bench, engine: sa.Engine, *, repeats: int) -> None:
    for run in range(repeats):
        with Session(engine) as session:
            ms, cpu_ms, check = timed(audit.verify_chain, session)
        bench.add("verify", ms, cpu_ms)
        bench.facts["chain"] = check
        print(f"verify run={run + 1} ms={ms:.1f} cpu_ms={cpu_ms:.1f} events={check.events} intact={check.intact}",
              flush=True)  # fmt: skip


def profile(call: Callable[[], object]) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    call()
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


# ---------------------------------------------------------------- the run


@dataclass(frozen=True)
class Plan:
    ballots: int = 100_000
    candidates: int = 10
    units: int = 40
    events: int = 10_000
    repeats: int = 7


def run(url: str, plan: Plan, *, profile_name: str | None = None) -> Bench:
    upgrade_to_head(url)
    engine = make_engine(url)
    bench = Bench()
    try:
        with Session(engine) as session:
            if audit.count_events(session):
                raise SystemExit("the database already holds audit events: use a fresh database")
        start = time.perf_counter()
        with session_scope(engine) as session:
            world = build_world(session, units=plan.units, tag=f"{random.randrange(10**6):06d}")
            minutes_round = closed_round_of_all(session, world)
            count_rounds = {
                f"{form} c={plan.candidates}": stored_round(
                    session, world, form=form, candidates=plan.candidates, ballots=plan.ballots
                )
                for form in ("pick", "approval")
            }
        added = fill_audit_chain(engine, events=plan.events)
        print(f"setup {time.perf_counter() - start:.1f} s: {plan.units} units, {plan.ballots} stored ballots, "
              f"{added} filler audit events", flush=True)  # fmt: skip

        bench_tally(bench, ballots=plan.ballots, candidate_counts=[plan.candidates, plan.units], repeats=plan.repeats)
        bench_count(bench, engine, rounds=count_rounds, repeats=plan.repeats)
        bench_minutes(bench, engine, round_id=minutes_round, repeats=plan.repeats)
        bench_verify(bench, engine, repeats=plan.repeats)
        if profile_name:
            _profile(profile_name, engine, plan, count_rounds, minutes_round)
    finally:
        engine.dispose()
    return bench


def _profile(name: str, engine: sa.Engine, plan: Plan, count_rounds: dict[str, int], minutes_round: int) -> None:
    print(f"\n--- pyinstrument profile: {name}")
    with Session(engine) as session:
        if name.startswith("tally"):
            form = name.partition(":")[2] or "approval"
            settings: RoundSettings = TALLY_FORMS[form]
            candidates = [Candidate(i, f"Đơn vị {i:02d}") for i in range(1, plan.candidates + 1)]
            box = make_ballots(plan.ballots, settings.form, [c.id for c in candidates])
            profile(lambda: tally(settings, candidates, box, members=plan.candidates, issued=plan.ballots))
        elif name.startswith("count"):
            form = name.partition(":")[2] or "pick"
            round_ = session.get(VotingRound, count_rounds[f"{form} c={plan.candidates}"])
            profile(lambda: count_round(session, round_))
        elif name == "minutes":
            profile(lambda: minutes_for_round(session, round_id=minutes_round))
        elif name == "verify":
            profile(lambda: audit.verify_chain(session))
        else:
            raise SystemExit(f"unknown profile {name!r}: tally[:form], count[:pick|approval], minutes, verify")


def summary(bench: Bench) -> str:
    """Medians against the targets; the verdict is on the wall-clock median."""
    lines = [f"{'measurement':<24} {'median ms':>10} {'min':>8} {'max':>8} {'CPU ms':>8} {'target':>7}  verdict"]
    for name, values in bench.times.items():
        target = TARGETS_MS.get(name.split()[0])
        median = statistics.median(values)
        verdict = "" if target is None else ("met" if median <= target else "MISSED")
        lines.append(
            f"{name:<24} {median:>10.1f} {min(values):>8.1f} {max(values):>8.1f} "
            f"{statistics.median(bench.cpu[name]):>8.1f} {target or '':>7}  {verdict}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = Plan()
    parser.add_argument("--ballots", type=int, default=defaults.ballots)
    parser.add_argument("--candidates", type=int, default=defaults.candidates, help="in the stored rounds")
    parser.add_argument("--units", type=int, default=defaults.units, help="members of the bloc; the minutes round")
    parser.add_argument("--events", type=int, default=defaults.events)
    parser.add_argument("--repeats", type=int, default=defaults.repeats)
    parser.add_argument("--profile", help="tally[:pick|approval|single], count[:pick|approval], minutes or verify")
    args = parser.parse_args(argv)
    plan = Plan(args.ballots, args.candidates, args.units, args.events, args.repeats)
    url = normalize_url(os.environ.get("DATABASE_URL") or database_url())
    print(f"database {url.split('@')[-1]} ({make_engine(url).dialect.name}), python {sys.version.split()[0]}")
    bench = run(url, plan, profile_name=args.profile)
    print()
    print(summary(bench))
    return 0


if __name__ == "__main__":
    sys.exit(main())
