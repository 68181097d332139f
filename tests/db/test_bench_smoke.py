"""The benchmarks' database-facing parts at a tiny scale, on SQLite and PostgreSQL, so they cannot rot.

No timing is asserted: only that each measurement ran and produced what it claims to measure.
The websocket dashboard driver has its own smoke test in tests/e2e/test_bench_dashboards_smoke.py.
"""

import pytest
from sqlmodel import Session, select

from bench import documents
from bench.appserver import BENCH_ADMIN, ensure_admin
from bench.dashboards import score_rows
from bench.generate import generate, shape_for
from db.engine import make_engine
from db.models import User
from services.access.passwords import check_password
from tests.conftest import require_backend
from tests.databases import fresh_database

TINY = documents.Plan(ballots=300, candidates=4, units=6, events=120, repeats=1)


@pytest.fixture()
def url(backend, tmp_path):
    require_backend(backend)
    with fresh_database(backend, tmp_path) as database_url:
        yield database_url


def test_documents_benchmark_counts_prints_verifies_and_runs_once(url, capsys):
    bench = documents.run(url, TINY)
    names = set(bench.times)
    forms = ("pick", "approval", "single")
    assert {f"tally {form} c={count}" for form in forms for count in (4, 6)} <= names
    assert {"count pick c=4", "count approval c=4", "minutes", "verify"} <= names
    assert all(len(values) == 1 and values[0] >= 0 for values in bench.times.values())

    output = capsys.readouterr().out
    # Both stored rounds were counted in full: every ballot collected, about 2% invalid.
    count_lines = [line for line in output.splitlines() if line.startswith("count ")]
    assert len(count_lines) == 2 and all("collected=300 " in line for line in count_lines)
    # The minutes of the 6-unit round: a real PDF naming every candidate's row.
    pdf = bench.facts["minutes_pdf"]
    assert pdf.startswith(b"%PDF") and documents.pdf_pages(pdf) >= 1
    assert "candidates=6 " in next(line for line in output.splitlines() if line.startswith("minutes "))
    # The chain holds exactly the events asked for, and is intact.
    chain = bench.facts["chain"]
    assert chain.intact and chain.events == TINY.events
    assert "verify" in documents.summary(bench)
    # A second run would verify a chain twice as long: it refuses instead.
    with pytest.raises(SystemExit, match="fresh database"):
        documents.run(url, TINY)


def test_dashboard_benchmark_data_and_admin(url):
    shape = shape_for(provinces=1, blocs=2, units=3, years=2, criteria=5)
    generate(url, shape, seed=3)
    assert score_rows(url) == shape.scores
    first = ensure_admin(url)
    again = ensure_admin(url)  # a second run gets a new password for the same account
    assert first[0] == again[0] == BENCH_ADMIN and first[1] != again[1]
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            admins = session.exec(select(User).where(User.username == BENCH_ADMIN)).all()
            assert len(admins) == 1 and admins[0].role.value == "admin"
            assert check_password(again[1], admins[0].password_hash)
            assert not check_password(first[1], admins[0].password_hash)
    finally:
        engine.dispose()
