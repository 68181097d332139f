"""Independent answers for the dashboard tests: raw SQL and Python sums over Score rows."""

from collections import defaultdict
from decimal import Decimal

import sqlalchemy as sa

from manage.demo import facts

VERIFIED = {"verified", "locked"}


def rows(session, sql: str, **params) -> list[tuple]:
    return list(session.connection().execute(sa.text(sql), params))


def bloc_id(session, province_code: str, bloc_name: str) -> int:
    return rows(
        session,
        "SELECT b.id FROM bloc b JOIN province p ON p.id = b.province_id WHERE p.code = :code AND b.name = :name",
        code=province_code,
        name=bloc_name,
    )[0][0]


def culture(session, province_code: str) -> int:
    return bloc_id(session, province_code, facts.VHXH)


def unit_id(session, province_code: str, short_name: str) -> int:
    return rows(
        session,
        "SELECT DISTINCT n.unit_id FROM unitname n JOIN unit u ON u.id = n.unit_id JOIN province p "
        "ON p.id = u.province_id WHERE p.code = :code AND n.short_name = :short",
        code=province_code,
        short=short_name,
    )[0][0]


def raw_sheets(session, bloc: int, year: int) -> dict[int, dict]:
    """Per unit: state, verified and self totals summed in Python from every Score row."""
    found: dict[int, dict] = defaultdict(lambda: {"state": None, "verified": Decimal(0), "self": Decimal(0)})
    for unit, state, verified, own in rows(
        session,
        "SELECT ss.unit_id, ss.state, s.verified_score, s.self_score FROM score s "
        "JOIN scoresheet ss ON ss.id = s.sheet_id JOIN covenant c ON c.id = ss.covenant_id "
        "WHERE c.bloc_id = :bloc AND c.year = :year",
        bloc=bloc,
        year=year,
    ):
        sheet = found[unit]
        sheet["state"] = state
        sheet["verified"] += Decimal(str(verified or 0))
        sheet["self"] += Decimal(str(own or 0))
    for sheet in found.values():
        if sheet["state"] not in VERIFIED:
            sheet["verified"] = None
    return dict(found)


def independent_ranks(totals: dict[int, Decimal | None]) -> dict[int, int]:
    """1 + the number of units with a strictly higher verified total."""
    known = {u: v for u, v in totals.items() if v is not None}
    return {u: 1 + sum(1 for other in known.values() if other > v) for u, v in known.items()}


def short_names(session, year: int, unit_ids) -> dict[int, str]:
    from services.registry.units import names_in_year

    return {u: n.short_name for u, n in names_in_year(session, year=year, unit_ids=list(unit_ids)).items()}
