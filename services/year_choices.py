"""Which years a page's year picker offers, and which one it starts on.

A year is chosen from a list, never typed, wherever it is the year being worked on or
viewed (components/year_picker.py draws it). The list holds the years that have something
in the database, plus, where a new year's records are legitimately created (memberships,
chair terms, covenants, rounds, conferences), the current and the next year: a bloc sets
up next year's covenant and membership in December, and the year-end conference may vote
on next year's chair.
"""

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import (
    ArchivedYear,
    Bloc,
    Conference,
    Covenant,
    LeadershipTerm,
    Membership,
    Unit,
    UnitName,
    VotingRound,
)
from services.errors import YEAR_MAX, YEAR_MIN


def offered_years(data_years: Iterable[int], *, today: date, new_years: bool) -> list[int]:
    """The picker's list, newest first: the years with data, and with `new_years` also this
    year and the next (within the years the app keeps)."""
    years = set(data_years)
    if new_years:
        years |= {today.year, today.year + 1}
    return sorted((y for y in years if YEAR_MIN <= y <= YEAR_MAX), reverse=True)


def starting_year(years: Iterable[int], *, today: date) -> int | None:
    """The year a picker starts on: this year when offered; else the latest past year (the
    bloc's last year of data); else the earliest offered (every year is still to come)."""
    years = sorted(set(years))
    if not years:
        return None
    if today.year in years:
        return today.year
    past = [y for y in years if y < today.year]
    return past[-1] if past else years[0]


def bloc_years(session: Session, *, bloc_id: int) -> set[int]:
    """Years the bloc has members, a covenant, rounds, a conference or a chair in."""
    queries = (
        select(Membership.year).where(Membership.bloc_id == bloc_id),
        select(Covenant.year).where(Covenant.bloc_id == bloc_id),
        select(VotingRound.year).where(VotingRound.bloc_id == bloc_id),
        select(Conference.year).where(Conference.bloc_id == bloc_id),
        select(LeadershipTerm.year).where(LeadershipTerm.bloc_id == bloc_id),
    )
    return {year for query in queries for year in session.exec(query.distinct())}


def conference_years(session: Session) -> set[int]:
    """Years any bloc has members or a conference in (the conference form picks its bloc
    in the same form, so the list cannot wait for that choice)."""
    members = set(session.exec(select(Membership.year).distinct()))
    return members | set(session.exec(select(Conference.year).distinct()))


def province_years(session: Session, *, province_id: int) -> set[int]:
    """Every year from the first one the province's registry records (a unit's first name,
    a membership, a chair, an archived year) to the last: a gap year can still be filled in,
    and a unit added "from 2010" opens 2010 to its memberships."""
    blocs = select(Bloc.id).where(Bloc.province_id == province_id)
    units = select(Unit.id).where(Unit.province_id == province_id)
    queries = (
        select(sa.func.min(UnitName.from_year), sa.func.max(UnitName.from_year)).where(UnitName.unit_id.in_(units)),
        select(sa.func.min(Membership.year), sa.func.max(Membership.year)).where(Membership.bloc_id.in_(blocs)),
        select(sa.func.min(LeadershipTerm.year), sa.func.max(LeadershipTerm.year)).where(
            LeadershipTerm.bloc_id.in_(blocs)
        ),
        select(sa.func.min(ArchivedYear.year), sa.func.max(ArchivedYear.year)).where(ArchivedYear.bloc_id.in_(blocs)),
    )
    ends = [year for query in queries for year in session.exec(query).one() if year is not None]
    return set(range(min(ends), max(ends) + 1)) if ends else set()
