"""Casting alone, without Streamlit: N threads of one process cast their ballot at the same
instant, as a hall's confirmations do in one app process. The round's lock serialises them,
so the wall time per ballot is what the lock is held for (statements, and the interpreter
lock won back after each one). Same database as bench/hall.py's (a bloc of N, an open round
of 10 candidates, everyone checked in).

    .venv/bin/python -m bench.cast_burst --backend sqlite postgresql --n 200
"""

import argparse
import random
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from bench.hall import fresh_database, prepare_database
from db.engine import make_engine, session_scope
from db.models import Unit
from db.models.voting import RoundCandidate
from services.clock import now
from services.voting.casting import Choice, cast_with_retry
from services.voting.tally import Mark

KEY = "cast-burst-bench-key-" + "x" * 32


def burst(url: str, n: int, seed: int) -> str:
    hall = prepare_database(url, delegates=n, candidates=10, key=KEY)
    engine = make_engine(url)
    with session_scope(engine) as session:
        units = list(session.execute(sa.select(Unit.id).order_by(Unit.id)).scalars())
        query = sa.select(RoundCandidate.unit_id).where(RoundCandidate.round_id == hall.round_id)
        candidates = list(session.execute(query).scalars())
    rng = random.Random(seed)
    choices = {unit: [c for c in rng.sample(candidates, 3) if c != unit][:2] for unit in units}
    gate, times, lock = threading.Barrier(n), [], threading.Lock()

    def cast(unit: int) -> None:
        choice = Choice(marks=tuple((c, Mark.AGREE) for c in choices[unit]))
        gate.wait()
        started = time.perf_counter()
        cast_with_retry(lambda: session_scope(engine), round_id=hall.round_id, unit_id=unit, choice=choice, at=now())
        with lock:
            times.append(time.perf_counter() - started)

    threads = [threading.Thread(target=cast, args=(unit,)) for unit in units]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    engine.dispose()
    times.sort()
    p50, p95 = times[len(times) // 2], times[int(0.95 * len(times)) - 1]
    per_ballot = 1000 * wall / n
    return f"n={n} landed={len(times)} wall={wall:.2f}s per_ballot={per_ballot:.1f}ms p50={p50:.3f}s p95={p95:.3f}s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", nargs="+", default=["sqlite"], choices=["sqlite", "postgresql"])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        for backend in options.backend:
            with fresh_database(backend, Path(directory)) as url:
                print(f"{backend:10} {burst(url, options.n, options.seed)}", flush=True)


if __name__ == "__main__":
    main()
