"""Synthetic data set for the dashboard speed benchmark: about 1M score rows.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python -m bench.generate
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.generate --scale 0.1

At --scale 1: 34 provinces × 15 blocs × 10 member units × 10 years (2016–2025) ×
20 criteria = 1,020,000 scores in 51,000 sheets. --scale multiplies the number of
provinces (at least one); --provinces, --blocs, --units, --years and --criteria set
a dimension directly. The same arguments and --seed give the same rows.

The database is migrated first; rows are added next to whatever it holds (ids
continue after the largest ones), once: a second run on the same database stops.
Every year is locked except the last, where sheets are in every state (verified
scores only on verified sheets). Each bloc changes one member in the middle year
(a merger), one unit per bloc is renamed, chairs rotate, the top unit of each
locked year gets the flag and the next two the Bằng khen.
Rows go in with COPY on PostgreSQL and executemany on SQLite, one province per
transaction.
"""

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass, replace

import sqlalchemy as sa

from bench.synthetic import Rows, province_rows
from db.engine import database_url, make_engine, normalize_url
from db.migrate import upgrade_to_head

CODE_PREFIX = "BN"  # bench provinces: BN01, BN02, …
TABLES = [  # insertion order (foreign keys)
    "province", "bloc", "unit", "unitname", "membership", "leadershipterm", "covenant", "criteriagroup",
    "criterion", "scoresheet", "score", "award",
]  # fmt: skip


@dataclass(frozen=True)
class Shape:
    provinces: int = 34
    blocs: int = 15
    units: int = 10
    years: int = 10
    criteria: int = 20
    first_year: int = 2016

    @property
    def scores(self) -> int:
        return self.provinces * self.blocs * self.units * self.years * self.criteria


def shape_for(scale: float = 1.0, **dimensions: int | None) -> Shape:
    shape = Shape(provinces=max(1, round(Shape.provinces * scale)))
    return replace(shape, **{k: v for k, v in dimensions.items() if v is not None})


class _Writer:
    def __init__(self, engine: sa.Engine):
        self.raw = engine.raw_connection()
        self.connection = self.raw.driver_connection
        self.postgres = engine.dialect.name == "postgresql"
        if not self.postgres:
            # Safe for a throwaway benchmark database; a crash means generating again.
            self.connection.execute("PRAGMA synchronous=OFF")

    def max_ids(self) -> dict[str, int]:
        cursor = self.connection.cursor()
        ids = {}
        for table in TABLES:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            ids[table] = cursor.fetchone()[0]
        return ids

    def write(self, rows: Rows) -> None:
        cursor = self.connection.cursor()
        for table in TABLES:
            columns, values = rows.columns[table], rows.values[table]
            if not values:
                continue
            names = ", ".join(columns)
            if self.postgres:
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
        self.connection.commit()

    def close(self) -> None:
        cursor = self.connection.cursor()
        if self.postgres:  # ids were given explicitly: move the sequences past them
            for table in TABLES:
                last = f"(SELECT COALESCE(MAX(id), 1) FROM {table})"
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")
        # Fresh planner statistics: without them PostgreSQL picks plans 5× slower
        # on this data until autovacuum gets round to it.
        cursor.execute("ANALYZE")
        self.connection.commit()
        self.raw.close()


def already_generated(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        query = sa.text("SELECT 1 FROM province WHERE code = :code")
        return connection.execute(query, {"code": f"{CODE_PREFIX}01"}).first() is not None


def generate(url: str, shape: Shape, *, seed: int = 2016, progress=None) -> dict[str, int]:
    """Add the data set to the database at `url`; returns the number of rows per table."""
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        if already_generated(engine):
            raise SystemExit(f"{url.split('@')[-1]} already holds the bench data set (province {CODE_PREFIX}01)")
        writer = _Writer(engine)
        next_ids = {table: last + 1 for table, last in writer.max_ids().items()}
        counts = dict.fromkeys(TABLES, 0)
        try:
            for index in range(shape.provinces):
                rng = random.Random(seed * 1000 + index)  # per province: any subset is reproducible
                rows = province_rows(index, shape, rng, next_ids, code=f"{CODE_PREFIX}{index + 1:02d}")
                writer.write(rows)
                for table in TABLES:
                    counts[table] += len(rows.values[table])
                if progress:
                    progress(index + 1, shape.provinces, counts["score"])
        finally:
            writer.close()
        return counts
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    for name in ("provinces", "blocs", "units", "years", "criteria"):
        parser.add_argument(f"--{name}", type=int)
    parser.add_argument("--first-year", type=int, default=Shape.first_year)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args(argv)
    shape = shape_for(
        args.scale, provinces=args.provinces, blocs=args.blocs, units=args.units, years=args.years,
        criteria=args.criteria, first_year=args.first_year,
    )  # fmt: skip
    url = normalize_url(os.environ.get("DATABASE_URL") or database_url())
    print(f"{shape} → {shape.scores:,} score rows into {url.split('@')[-1]}", flush=True)
    started = time.perf_counter()

    def progress(done: int, total: int, scores: int) -> None:
        print(f"  {done}/{total} provinces, {scores:,} scores, {time.perf_counter() - started:.1f} s", flush=True)

    counts = generate(url, shape, seed=args.seed, progress=progress)
    print(", ".join(f"{table} {n:,}" for table, n in counts.items()))
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
