"""Archived bloc-years: once the province has taken its decisions on a year, that
year's records of the bloc (covenant, scores, rounds, ballots, awards, membership,
chairs) become read-only. A row here is the whole switch; services.archive
enforces it on every write."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field


class ArchivedYear(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("bloc_id", "year", name="uq_archivedyear_bloc_year"),)

    id: int | None = Field(default=None, primary_key=True)
    bloc_id: int = Field(foreign_key="bloc.id", index=True)
    year: int
    archived_at: datetime = created_at_field()
    archived_by: str = Field(max_length=200)  # the admin's username
