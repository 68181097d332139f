"""What happened to a scoring sheet, and the evidence files (minh chứng) behind its scores.

ScoreEvent is the sheet's visible history ("who changed what"), appended by the
services on every write; it is never edited. EvidenceFile keeps the bytes in
the database itself so every app process behind the load balancer serves the
same files without a shared disk.
"""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field
from db.models.enums import Role, enum_type


class ScoreAction(StrEnum):
    SAVED = "saved"  # self scores or notes changed
    SUBMITTED = "submitted"
    VERIFIED_SAVED = "verified_saved"  # verified scores changed, state unchanged
    VERIFIED = "verified"
    RETURNED = "returned"
    LOCKED = "locked"
    IMPORTED = "imported"  # rows written from an Excel file
    EVIDENCE_ADDED = "evidence_added"
    EVIDENCE_REMOVED = "evidence_removed"


class ScoreEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="scoresheet.id", index=True)
    at: datetime = created_at_field()
    actor: str = Field(max_length=200)  # username, or the display name of a code session
    actor_role: Role = Field(sa_type=enum_type(Role))
    action: ScoreAction = Field(sa_type=enum_type(ScoreAction))
    # The return reason, the criteria codes changed, a file name, or a row count.
    note: str | None = Field(default=None, max_length=1000)


class EvidenceFile(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    score_id: int = Field(foreign_key="score.id", index=True)
    filename: str = Field(max_length=255)
    mime: str = Field(max_length=100)
    size: int
    content: bytes = Field(sa_type=sa.LargeBinary)
    uploaded_at: datetime = created_at_field()
    uploaded_by: str = Field(max_length=200)
