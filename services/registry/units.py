"""Units and their names over time. Renaming adds a row; the past keeps its names."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Province, Unit, UnitName
from services.errors import Checker


@dataclass(frozen=True)
class UnitView:
    id: int
    name: str
    short_name: str
    merged_into_id: int | None


def _name_as_of(year: int):
    """Per unit, the UnitName row in force in `year` (latest from_year ≤ year)."""
    latest = select(UnitName.unit_id, sa.func.max(UnitName.from_year).label("from_year")).where(
        UnitName.from_year <= year
    )
    latest = latest.group_by(UnitName.unit_id).subquery()
    return select(UnitName).join(
        latest, sa.and_(UnitName.unit_id == latest.c.unit_id, UnitName.from_year == latest.c.from_year)
    )


# The same for given units, the grouping itself limited to them (a ballot's candidates, a
# delegate logging in: not a GROUP BY over every unit of every province), built once: a
# hall's 200 logins ask for it at once, and building the statement cost more than running it.
_LATEST_OF = (
    select(UnitName.unit_id, sa.func.max(UnitName.from_year).label("from_year"))
    .where(UnitName.from_year <= sa.bindparam("year"), UnitName.unit_id.in_(sa.bindparam("unit_ids", expanding=True)))
    .group_by(UnitName.unit_id)
    .subquery()
)
_NAMES_OF = select(UnitName).join(
    _LATEST_OF, sa.and_(UnitName.unit_id == _LATEST_OF.c.unit_id, UnitName.from_year == _LATEST_OF.c.from_year)
)


def names_in_year(session: Session, *, year: int, unit_ids: list[int] | None = None) -> dict[int, UnitName]:
    if unit_ids is not None:
        rows = session.scalars(_NAMES_OF, {"year": year, "unit_ids": list(unit_ids)})
    else:
        rows = session.exec(_name_as_of(year))
    return {row.unit_id: row for row in rows}


def list_units(session: Session, *, province_id: int, year: int) -> list[UnitView]:
    """Units of a province with the names they had in `year` (the earliest name if newer)."""
    units = list(session.exec(select(Unit).where(Unit.province_id == province_id)))
    names = names_in_year(session, year=year, unit_ids=[u.id for u in units])
    views = []
    for unit in units:
        name = names.get(unit.id) or name_history(session, unit_id=unit.id)[0]
        views.append(UnitView(unit.id, name.name, name.short_name, unit.merged_into_id))
    return sorted(views, key=lambda v: v.name)


def name_history(session: Session, *, unit_id: int) -> list[UnitName]:
    return list(session.exec(select(UnitName).where(UnitName.unit_id == unit_id).order_by(UnitName.from_year)))


def _check_names(check: Checker, name: str, short_name: str) -> tuple[str, str]:
    name = check.text("name", name, max_len=200)
    short_name = check.text("short_name", short_name, max_len=80, required=False) or name[:80]
    return name, short_name


def create_unit(*, session: Session, province_id: int, name: str, short_name: str, from_year: int) -> Unit:
    check = Checker()
    name, short_name = _check_names(check, name, short_name)
    from_year = check.year("from_year", from_year)
    if session.get(Province, province_id) is None:
        check.add("province", "error.not_found")
    check.raise_if_any()
    unit = Unit(province_id=province_id)
    session.add(unit)
    session.flush()
    session.add(UnitName(unit_id=unit.id, from_year=from_year, name=name, short_name=short_name))
    session.flush()
    return unit


def rename_unit(*, session: Session, unit_id: int, name: str, short_name: str, from_year: int) -> UnitName:
    """Record a new name from `from_year` on; names before that year stay as they were."""
    check = Checker()
    name, short_name = _check_names(check, name, short_name)
    from_year = check.year("from_year", from_year)
    if session.get(Unit, unit_id) is None:
        check.add("unit", "error.not_found")
    check.raise_if_any()
    row = session.exec(
        select(UnitName).where(UnitName.unit_id == unit_id, UnitName.from_year == from_year)
    ).first() or UnitName(unit_id=unit_id, from_year=from_year, name=name, short_name=short_name)
    row.name, row.short_name = name, short_name
    session.add(row)
    session.flush()
    return row


def all_units(session: Session, *, year: int) -> dict[int, str]:
    """Every unit as "Province · name in `year`", for pickers that span provinces."""
    result = {}
    for province in session.exec(select(Province).order_by(Province.name)):
        for unit in list_units(session, province_id=province.id, year=year):
            result[unit.id] = f"{province.name} · {unit.name}"
    return result
