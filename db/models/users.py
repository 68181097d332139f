"""Application users. Login details (lockouts, sessions) come with the access issue."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from db.models.base import created_at_field
from db.models.enums import Role, enum_type


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    full_name: str = Field(max_length=200)
    password_hash: str = Field(max_length=200)
    role: Role = Field(sa_type=enum_type(Role))
    # A delegate (and a unit's own scorer) is bound to one unit.
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    is_active: bool = True
    created_at: datetime = created_at_field()
