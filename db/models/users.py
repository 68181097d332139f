"""Application users and their scope.

session_version is the server-side revocation switch: every open session
remembers the version it started with and is ended at its next run when the
version moved (logout, password change, role change, disabling).
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field
from db.models.enums import Role, enum_type


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    full_name: str = Field(max_length=200)
    # A council member's office, printed beside the name on the council's minutes.
    position: str | None = Field(default=None, max_length=300)
    password_hash: str = Field(max_length=200)
    role: Role = Field(sa_type=enum_type(Role))
    # A delegate (and a unit's own scorer) is bound to one unit.
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    is_active: bool = True
    # Demo accounts log in only while the app runs in demo mode.
    is_demo: bool = False
    session_version: int = 0
    # Login cookies issued before this instant are refused.
    tokens_valid_after: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    created_at: datetime = created_at_field()


class UserScope(SQLModel, table=True):
    """What a secretary or leader may see: a whole province, or one bloc (several rows allowed)."""

    __table_args__ = (
        sa.CheckConstraint("(province_id IS NULL) <> (bloc_id IS NULL)", name="ck_userscope_province_xor_bloc"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    province_id: int | None = Field(default=None, foreign_key="province.id")
    bloc_id: int | None = Field(default=None, foreign_key="bloc.id")
