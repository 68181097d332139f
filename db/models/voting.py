"""Voting rounds, attendance, and the two tables that keep a secret ballot secret.

Participation says THAT a unit voted in a round (unique per round and unit, so
the database itself refuses a second ballot, even two arriving at once). Ballot
says WHAT was voted, with no unit, no user, no timestamp and a random id: on
SQLite it is stored WITHOUT ROWID, so not even the storage order links the two.
Both rows are written in one transaction. In a sealed round the ballot is first
written to SealedBallot as ciphertext and reaches Ballot only when the round closes.
"""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, points_field
from db.models.enums import enum_type


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class VotingRound(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    bloc_id: int = Field(foreign_key="bloc.id", index=True)
    year: int  # the emulation year being assessed
    conference_id: int | None = Field(default=None, foreign_key="conference.id")
    kind: str = Field(max_length=32)  # services.voting.rules.RoundKind
    title: str = Field(max_length=300)
    settings_json: str = Field(sa_type=sa.Text)  # RoundSettings, frozen when the round opens
    status: RoundStatus = Field(default=RoundStatus.DRAFT, sa_type=enum_type(RoundStatus))
    cancel_reason: str | None = Field(default=None, max_length=1000)
    runoff_of_id: int | None = Field(default=None, foreign_key="votinground.id")
    draw_seed: str = Field(max_length=64)
    result_json: str | None = Field(default=None, sa_type=sa.Text)  # the tally, frozen at close
    # Optional schedule: electronic ballots are accepted only between these times.
    opens_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True), nullable=True)
    closes_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True), nullable=True)
    # What the minutes say about the count itself (editable until publication).
    place: str | None = Field(default=None, max_length=300)
    committee_json: str | None = Field(default=None, sa_type=sa.Text)  # ["Name – role", ...]
    # Bumped by every transition: two admins acting at once cannot both win.
    version: int = 0
    created_at: datetime = created_at_field()
    # Sealed ballots (services.voting.sealing): the public key every ballot is sealed with
    # (shared by a conference's rounds), how many of the committee's cards open it and how
    # many were made, and whether the admin confirmed the cards were handed out. Null key:
    # a round opened before sealed ballots, counted as before. The private key is nowhere.
    seal_public_key: str | None = Field(default=None, max_length=64)
    seal_threshold: int | None = None
    seal_cards: int | None = None
    cards_handed_out: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # A council round's roll, frozen when it opens: [[account id, name, position], ...]. It is
    # "all members" for the count and the minutes' present and absent, whoever is disabled or
    # appointed during the vote (services/voting/electorate.py). Null: a bloc round (its roll is
    # the year's membership), a draft, or a council round opened before this column.
    roll_json: str | None = Field(default=None, sa_type=sa.Text)


class RoundCandidate(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("round_id", "unit_id", name="uq_candidate_round_unit"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="votinground.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    position: int = 0
    # The verified total when the round opened: a tie broken by score stays reproducible
    # from the export even if scores are corrected afterwards.
    score: Decimal | None = points_field(nullable=True)


class CheckIn(SQLModel, table=True):
    """A member unit present at the round (its delegate or a named substitute)."""

    __table_args__ = (sa.UniqueConstraint("round_id", "unit_id", name="uq_checkin_round_unit"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="votinground.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    substitute_name: str | None = Field(default=None, max_length=200)


class Participation(SQLModel, table=True):
    __table_args__ = (sa.PrimaryKeyConstraint("round_id", "unit_id", name="pk_participation"),)

    round_id: int = Field(foreign_key="votinground.id")
    unit_id: int = Field(foreign_key="unit.id")


class Ballot(SQLModel, table=True):
    __tablename__ = "ballot"
    __table_args__ = {"sqlite_with_rowid": False}

    id: str = Field(primary_key=True, max_length=32)  # random, not ordered
    round_id: int = Field(foreign_key="votinground.id", index=True)
    content_json: str = Field(sa_type=sa.Text)
    valid: bool = True
    invalid_reason: str | None = Field(default=None, max_length=300)
    receipt_hash: str | None = Field(default=None, max_length=64, unique=True)


class SealedBallot(SQLModel, table=True):
    """A ballot as it waits in the box while its round is open: ciphertext only (no unit, no
    time, a random id; WITHOUT ROWID on SQLite). Opened, shuffled and written to `ballot`
    when the round closes with k cards; deleted when the round is published or cancelled."""

    __tablename__ = "sealed_ballot"
    __table_args__ = {"sqlite_with_rowid": False}

    id: str = Field(primary_key=True, max_length=32)  # random, not ordered
    round_id: int = Field(foreign_key="votinground.id", index=True)
    ciphertext: str = Field(sa_type=sa.Text)


class AuditEvent(SQLModel, table=True):
    """Append-only; each event carries the hash of the one before it."""

    id: int | None = Field(default=None, primary_key=True)
    round_id: int | None = Field(default=None, foreign_key="votinground.id", index=True)
    at: datetime = created_at_field()
    kind: str = Field(max_length=40)
    payload_json: str = Field(sa_type=sa.Text)
    # Unique: two writers that read the same chain head cannot both append (no fork).
    prev_hash: str = Field(max_length=64, unique=True)
    hash: str = Field(max_length=64, unique=True)


class PersonCheckIn(SQLModel, table=True):
    """A council member present at a council round (voters are persons there, not units)."""

    __table_args__ = (sa.UniqueConstraint("round_id", "user_id", name="uq_personcheckin_round_user"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="votinground.id", index=True)
    user_id: int = Field(foreign_key="app_user.id")


class PersonParticipation(SQLModel, table=True):
    """THAT a council member voted in a round: the person-ballot's Participation. The primary
    key refuses a second ballot from the same member, even two arriving at once."""

    __table_args__ = (sa.PrimaryKeyConstraint("round_id", "user_id", name="pk_personparticipation"),)

    round_id: int = Field(foreign_key="votinground.id")
    user_id: int = Field(foreign_key="app_user.id")
