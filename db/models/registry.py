"""Who is who: provinces, blocs, units, and the per-year facts that tie them.

History is never overwritten: a unit's name changes are rows in UnitName, its
bloc for each year is a Membership row, and chairs/deputies are per bloc-year.
"""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.enums import BlocKind, LeadershipRole, enum_type


class Province(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    name: str = Field(max_length=120, unique=True)


class Bloc(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("province_id", "name", name="uq_bloc_province_name"),)

    id: int | None = Field(default=None, primary_key=True)
    province_id: int = Field(foreign_key="province.id", index=True)
    name: str = Field(max_length=200)
    kind: BlocKind = Field(default=BlocKind.BLOC, sa_type=enum_type(BlocKind))
    # The bloc's operating rules (quy chế hoạt động), which the vote-count minutes cite as
    # the basis of a round's threshold: number, date of issue and title, as printed on them.
    rules_number: str | None = Field(default=None, max_length=100)
    rules_date: date | None = Field(default=None)
    rules_title: str | None = Field(default=None, max_length=300)


class Unit(SQLModel, table=True):
    """A member unit's stable identity. Its names over time live in UnitName."""

    id: int | None = Field(default=None, primary_key=True)
    province_id: int = Field(foreign_key="province.id", index=True)
    # Set when the unit is merged into another one; its own history stays.
    merged_into_id: int | None = Field(default=None, foreign_key="unit.id")


class UnitName(SQLModel, table=True):
    """The unit's name from `from_year` on, until a later row replaces it."""

    __table_args__ = (sa.UniqueConstraint("unit_id", "from_year", name="uq_unitname_unit_year"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    from_year: int
    name: str = Field(max_length=200)
    short_name: str = Field(max_length=80)


class Membership(SQLModel, table=True):
    """Unit U belonged to bloc B in year Y. A unit sits in one bloc a year."""

    __table_args__ = (
        sa.UniqueConstraint("unit_id", "year", name="uq_membership_unit_year"),
        sa.Index("ix_membership_bloc_year", "bloc_id", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    bloc_id: int = Field(foreign_key="bloc.id")
    unit_id: int = Field(foreign_key="unit.id")
    year: int


class LeadershipTerm(SQLModel, table=True):
    """The chair (Trưởng khối) or deputy of a bloc for one year."""

    __table_args__ = (sa.UniqueConstraint("bloc_id", "year", "role", name="uq_leadership_bloc_year_role"),)

    id: int | None = Field(default=None, primary_key=True)
    bloc_id: int = Field(foreign_key="bloc.id")
    unit_id: int = Field(foreign_key="unit.id", index=True)
    year: int
    role: LeadershipRole = Field(sa_type=enum_type(LeadershipRole))
