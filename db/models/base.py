"""Shared column helpers."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field


def utcnow() -> datetime:
    return datetime.now(UTC)


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True), nullable=False)


def points_field(*, nullable: bool = False, default: Decimal | None = None) -> Any:
    # Points are exact decimals (e.g. 2.5): floats would make totals drift.
    return Field(default=default, sa_type=sa.Numeric(9, 2, asdecimal=True), nullable=nullable)
