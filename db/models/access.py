"""Login bookkeeping: throttling, login events, open sessions, delegate access codes."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field
from db.models.enums import LoginMethod, enum_type


def _timestamp(nullable: bool = True):
    return Field(default=None, sa_type=sa.DateTime(timezone=True), nullable=nullable)


class LoginThrottle(SQLModel, table=True):
    """Failed attempts per key ("user:<name>" or "code:<client>"), known names or not,
    so a lockout message cannot tell whether a username exists."""

    key: str = Field(primary_key=True, max_length=200)
    failures: int = 0
    window_started_at: datetime | None = _timestamp()
    locked_until: datetime | None = _timestamp()


class LoginEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = created_at_field()
    method: LoginMethod = Field(sa_type=enum_type(LoginMethod))
    success: bool
    username: str | None = Field(default=None, max_length=64)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    access_code_id: int | None = Field(default=None, foreign_key="accesscode.id")


class ActiveSession(SQLModel, table=True):
    """One browser session after login, for the admin's list of who is connected."""

    id: str = Field(primary_key=True, max_length=64)
    user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    access_code_id: int | None = Field(default=None, foreign_key="accesscode.id")
    started_at: datetime = created_at_field()
    last_seen_at: datetime = created_at_field()
    ended_at: datetime | None = _timestamp()


class Conference(SQLModel, table=True):
    """A year-end conference of a bloc: the access codes of its delegates expire with it."""

    id: int | None = Field(default=None, primary_key=True)
    bloc_id: int = Field(foreign_key="bloc.id", index=True)
    year: int
    name: str = Field(max_length=300)
    ends_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    created_at: datetime = created_at_field()


class AccessCode(SQLModel, table=True):
    """A delegate's code for one unit at one conference, kept only as a keyed hash."""

    __table_args__ = (sa.Index("ix_accesscode_conference_unit", "conference_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    conference_id: int = Field(foreign_key="conference.id")
    unit_id: int = Field(foreign_key="unit.id")
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    revoked_at: datetime | None = _timestamp()
