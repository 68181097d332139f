"""Small facts for the home page."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Bloc, Membership, Province
from services.registry.places import ordinary


@dataclass(frozen=True)
class RegistryCounts:
    provinces: int
    blocs: int
    member_units: int
    latest_year: int | None


def registry_counts(session: Session) -> RegistryCounts:
    latest_year = session.exec(select(sa.func.max(Membership.year))).one()
    members = 0
    if latest_year is not None:
        members = session.exec(select(sa.func.count()).where(Membership.year == latest_year)).one()
    return RegistryCounts(
        provinces=session.exec(select(sa.func.count()).select_from(Province)).one(),
        blocs=session.exec(ordinary(select(sa.func.count()).select_from(Bloc))).one(),
        member_units=members,
        latest_year=latest_year,
    )
