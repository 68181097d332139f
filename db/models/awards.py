"""Awards to units (flags, Bằng khen) and to individuals (titles, orders)."""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.enums import AwardKind, AwardStatus, enum_type


class Award(SQLModel, table=True):
    """An award for `year`. person_name set means an individual of unit_id's staff."""

    __table_args__ = (sa.Index("ix_award_unit_year", "unit_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    kind: AwardKind = Field(sa_type=enum_type(AwardKind))
    status: AwardStatus = Field(default=AwardStatus.PROPOSED, sa_type=enum_type(AwardStatus))
    unit_id: int = Field(foreign_key="unit.id")
    person_name: str | None = Field(default=None, max_length=200)
    # The bloc that proposed it, when it came from a bloc's vote.
    bloc_id: int | None = Field(default=None, foreign_key="bloc.id")
    decision_ref: str | None = Field(default=None, max_length=200)  # e.g. "125/QĐ-UBND"
    decision_date: date | None = None
    # The council round that decided it, and for NOT_APPROVED the council's result in words.
    council_round_id: int | None = Field(default=None, foreign_key="votinground.id")
    status_reason: str | None = Field(default=None, max_length=1000)
    note: str | None = Field(default=None, max_length=1000)
