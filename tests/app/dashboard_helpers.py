"""Shared by the dashboard AppTests: open a dashboard by URL and answer questions
independently of the app, with raw SQL on the test's own database."""

from collections import defaultdict
from decimal import Decimal

import pytest
import sqlalchemy as sa

from components.dashboard_data import clear_dashboard_caches
from manage.demo import facts
from tests.app.conftest import open_page


@pytest.fixture(autouse=True)
def fresh_dashboard_cache():
    # st.cache_data lives as long as the process; every test has its own database.
    clear_dashboard_caches()
    yield
    clear_dashboard_caches()


def query(url: str, sql: str, **params) -> list[tuple]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = list(connection.execute(sa.text(sql), params))
    engine.dispose()
    return rows


def bloc_id(url: str, province: str, name: str = facts.VHXH) -> int:
    return query(
        url,
        "SELECT b.id FROM bloc b JOIN province p ON p.id = b.province_id WHERE p.code = :p AND b.name = :n",
        p=province,
        n=name,
    )[0][0]


def unit_id(url: str, province: str, short_name: str) -> int:
    return query(
        url,
        "SELECT DISTINCT n.unit_id FROM unitname n JOIN unit u ON u.id = n.unit_id JOIN province p "
        "ON p.id = u.province_id WHERE p.code = :p AND n.short_name = :s",
        p=province,
        s=short_name,
    )[0][0]


def totals(url: str, bloc: int, year: int) -> dict[str, dict]:
    """Per unit name: state and the verified/self totals summed here from the score rows."""
    found: dict[str, dict] = defaultdict(lambda: {"verified": Decimal(0), "self": Decimal(0)})
    for name, state, verified, own in query(
        url,
        "SELECT n.name, ss.state, s.verified_score, s.self_score FROM score s "
        "JOIN scoresheet ss ON ss.id = s.sheet_id JOIN covenant c ON c.id = ss.covenant_id "
        "JOIN unitname n ON n.unit_id = ss.unit_id WHERE c.bloc_id = :b AND c.year = :y",
        b=bloc,
        y=year,
    ):
        found[name]["state"] = state
        found[name]["verified"] += Decimal(str(verified or 0))
        found[name]["self"] += Decimal(str(own or 0))
    return dict(found)


def open_dashboard(make_app, path: str, *, role: str = "leader", lang: str = "vi", **params):
    """The dashboard at /path?params, as a browser opening a shared link would ask for it."""
    at = make_app(role=role, lang=lang)
    at.query_params.update({k: str(v) for k, v in params.items()})
    at = open_page(at, path)
    assert not at.exception, at.exception
    return at


def as_points(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
