"""The covenant (scoring sheet) of a bloc-year and the units' scores against it.

A unit's scores for a year form a ScoreSheet: the state (draft → submitted →
verified → locked, or returned with a reason) belongs to the sheet as a whole,
because a verifier returns or verifies a unit's sheet, not a single line.
"""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, points_field
from db.models.enums import CriterionKind, SheetState, enum_type


class Covenant(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("bloc_id", "year", name="uq_covenant_bloc_year"),)

    id: int | None = Field(default=None, primary_key=True)
    bloc_id: int = Field(foreign_key="bloc.id")
    year: int = Field(index=True)
    title: str = Field(max_length=300)


class CriteriaGroup(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    covenant_id: int = Field(foreign_key="covenant.id", index=True)
    position: int = 0
    name: str = Field(max_length=300)


class Criterion(SQLModel, table=True):
    """max_points is the cap: of the score (normal), of the bonus, or of the deduction."""

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="criteriagroup.id", index=True)
    position: int = 0
    name: str = Field(max_length=500)
    kind: CriterionKind = Field(default=CriterionKind.NORMAL, sa_type=enum_type(CriterionKind))
    max_points: Decimal = points_field()


class ScoreSheet(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("unit_id", "covenant_id", name="uq_sheet_unit_covenant"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    covenant_id: int = Field(foreign_key="covenant.id", index=True)
    state: SheetState = Field(default=SheetState.DRAFT, sa_type=enum_type(SheetState))
    return_reason: str | None = Field(default=None, max_length=1000)
    updated_at: datetime = created_at_field()


class Score(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("sheet_id", "criterion_id", name="uq_score_sheet_criterion"),)

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="scoresheet.id")
    criterion_id: int = Field(foreign_key="criterion.id", index=True)
    self_score: Decimal | None = points_field(nullable=True)
    verified_score: Decimal | None = points_field(nullable=True)
    evidence_note: str | None = Field(default=None, max_length=2000)
