"""bench/generate.py at a tiny scale, on SQLite and PostgreSQL: counts, invariants, determinism."""

from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bench.generate import generate, shape_for
from db.engine import make_engine
from db.models import Province
from services.dashboards.bloc_overview import bloc_year
from tests.conftest import require_backend
from tests.databases import fresh_database

TINY = shape_for(provinces=2, blocs=2, units=4, years=4, criteria=9)


@pytest.fixture()
def generated(backend, tmp_path):
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        counts = generate(url, TINY, seed=7)
        engine = make_engine(url)
        yield url, engine, counts
        engine.dispose()


def one(engine: sa.Engine, sql: str):
    with engine.connect() as connection:
        return connection.execute(sa.text(sql)).one()


def column(engine: sa.Engine, sql: str) -> list:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(sa.text(sql))]


def test_counts_follow_the_shape(generated):
    _, engine, counts = generated
    assert TINY.scores == 2 * 2 * 4 * 4 * 9
    assert counts["score"] == TINY.scores == one(engine, "SELECT count(*) FROM score")[0]
    assert one(engine, "SELECT count(*) FROM scoresheet")[0] == 2 * 2 * 4 * 4
    assert one(engine, "SELECT count(*) FROM membership")[0] == 2 * 2 * 4 * 4
    assert one(engine, "SELECT count(*) FROM province")[0] == 2
    # Each bloc-year: units members, a chair and a deputy who are two different members.
    bad_years = one(
        engine,
        "SELECT count(*) FROM (SELECT t.bloc_id, t.year FROM leadershipterm t JOIN membership m "
        "ON m.unit_id = t.unit_id AND m.year = t.year AND m.bloc_id = t.bloc_id "
        "GROUP BY t.bloc_id, t.year HAVING count(DISTINCT t.unit_id) <> 2) AS x",
    )[0]
    assert bad_years == 0
    assert one(engine, "SELECT count(*) FROM leadershipterm")[0] == 2 * 2 * 4 * 2


def test_scores_respect_the_covenant(generated):
    _, engine, _ = generated
    over = one(
        engine,
        "SELECT count(*) FROM score s JOIN criterion c ON c.id = s.criterion_id WHERE "
        "(c.kind = 'normal' AND (s.verified_score < 0 OR s.verified_score > c.max_points)) OR "
        "(c.kind = 'deduction' AND s.verified_score > 0) OR s.self_score > c.max_points",
    )[0]
    assert over == 0
    # Normal criteria of a covenant are worth 100 points.
    scales = column(
        engine,
        "SELECT SUM(c.max_points) FROM criterion c JOIN criteriagroup g ON g.id = c.group_id "
        "WHERE c.kind = 'normal' GROUP BY g.covenant_id",
    )
    assert {Decimal(str(total)) for total in scales} == {Decimal(100)} and len(scales) == 2 * 2 * 4
    # Only verified or locked sheets carry verified scores; the last year has every state.
    leaked = one(
        engine,
        "SELECT count(*) FROM score s JOIN scoresheet ss ON ss.id = s.sheet_id "
        "WHERE ss.state NOT IN ('verified', 'locked') AND s.verified_score IS NOT NULL",
    )[0]
    assert leaked == 0
    last_year = TINY.first_year + TINY.years - 1
    states = column(
        engine,
        f"SELECT DISTINCT state FROM scoresheet JOIN covenant c ON c.id = covenant_id WHERE c.year = {last_year}",
    )
    assert sorted(states) == ["draft", "returned", "submitted", "verified"]  # four members, four states
    assert column(engine, f"SELECT DISTINCT state FROM scoresheet JOIN covenant c ON c.id = covenant_id "
                          f"WHERE c.year < {last_year}") == ["locked"]  # fmt: skip


def test_same_seed_same_rows_and_the_dashboards_read_them(generated, backend, tmp_path):
    _, engine, _ = generated
    checksum = "SELECT SUM(verified_score), SUM(self_score), count(*) FROM score"
    with fresh_database(backend, tmp_path / "again") as again_url:
        generate(again_url, TINY, seed=7)
        again = make_engine(again_url)
        assert one(again, checksum) == one(engine, checksum)
        again.dispose()
    with Session(engine) as session:
        bloc, year = one(engine, "SELECT bloc_id, year FROM covenant ORDER BY id LIMIT 1")
        ranking = bloc_year(session, bloc_id=bloc, year=year).ranking
        raw = column(
            engine,
            "SELECT SUM(s.verified_score) FROM score s JOIN scoresheet ss ON ss.id = s.sheet_id "
            f"JOIN covenant c ON c.id = ss.covenant_id WHERE c.bloc_id = {bloc} AND c.year = {year} "
            "GROUP BY ss.id ORDER BY SUM(s.verified_score) DESC",
        )
        assert [Decimal(str(v)) for v in ranking["verified"]] == [Decimal(str(v)) for v in raw]
        assert len(ranking) == TINY.units and ranking["rank"].iloc[0] == 1
        # Ids were given explicitly: the sequences (PostgreSQL) must continue after them.
        session.add(Province(code="NEW", name="Tỉnh mới"))
        session.commit()


def test_a_second_run_on_the_same_database_stops(generated):
    url, engine, _ = generated
    with pytest.raises(SystemExit):
        generate(url, TINY, seed=7)
    assert one(engine, "SELECT count(*) FROM province")[0] == 2
