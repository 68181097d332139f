"""Delegate access codes for a conference: one per member unit, shown once, stored
only as an HMAC keyed with the app's secret key, revocable, expiring with the
conference. Checking one costs a hash and an indexed lookup (no bcrypt), so a
hall of 200 delegates can log in at once."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import AccessCode, Bloc, Conference
from locales import translate
from services.clock import as_utc
from services.errors import Checker
from services.registry.membership import members

# Crockford's base32 alphabet: no I, L, O, U to misread on paper.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 bits: with rate limiting, far beyond guessing in a conference's lifetime


@dataclass(frozen=True)
class IssuedCode:
    unit_id: int
    unit_name: str
    code: str  # plain text, shown once (sheet, screen), never stored


@dataclass(frozen=True)
class CodeStatus:
    unit_id: int
    unit_name: str
    code_id: int | None
    issued_at: datetime | None


def normalize(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(code: str, *, key: str) -> str:
    return hmac.new(key.encode(), normalize(code).encode(), hashlib.sha256).hexdigest()


def create_conference(
    *, session: Session, bloc_id: int, year: int, name: str, ends_at: datetime, at: datetime
) -> Conference:
    """A blank `name` gets the default: the year and the bloc (two blocs' conferences of one
    year must not look alike in a list)."""
    check = Checker()
    year = check.year("year", year)
    bloc = session.get(Bloc, bloc_id)
    if bloc is None:
        check.add("bloc", "error.not_found")
    if not (name or "").strip() and bloc is not None and isinstance(year, int):
        name = default_conference_name(year=year, bloc_name=bloc.name)
    name = check.text("name", name, max_len=300)
    if as_utc(ends_at) <= at:
        check.add("ends_at", "error.ends_in_past")
    check.raise_if_any()
    # Stored in UTC: SQLite keeps only the wall time of an aware datetime, so 18:00+07:00 stored
    # as is would read back as 18:00 UTC (01:00 in Vietnam).
    conference = Conference(bloc_id=bloc_id, year=year, name=name, ends_at=as_utc(ends_at))
    session.add(conference)
    session.flush()
    return conference


def default_conference_name(*, year: int, bloc_name: str) -> str:
    """Stored in Vietnamese, the language of the bloc's papers."""
    return translate("vi", "conference_name.default", year=year, bloc=bloc_name)


def _active_code(session: Session, conference_id: int, unit_id: int) -> AccessCode | None:
    query = select(AccessCode).where(
        AccessCode.conference_id == conference_id, AccessCode.unit_id == unit_id, AccessCode.revoked_at.is_(None)
    )
    return session.exec(query).first()


def code_statuses(session: Session, *, conference: Conference) -> list[CodeStatus]:
    result = []
    for member in members(session, bloc_id=conference.bloc_id, year=conference.year):
        active = _active_code(session, conference.id, member.unit_id)
        result.append(
            CodeStatus(member.unit_id, member.name, active.id if active else None, active and active.created_at)
        )
    return result


def issue_codes(*, session: Session, conference: Conference, key: str, at: datetime, unit_ids: list[int] | None = None,
                reissue: bool = False) -> list[IssuedCode]:  # fmt: skip
    """New codes for the given units (default: every member without an active code).
    reissue=True revokes a unit's current code first: the unit is still one voter,
    so a reissued code never means a second ballot."""
    if as_utc(conference.ends_at) <= at:
        check = Checker()
        check.add("conference", "error.conference_ended")
        check.raise_if_any()
    issued = []
    for member in members(session, bloc_id=conference.bloc_id, year=conference.year):
        if unit_ids is not None and member.unit_id not in unit_ids:
            continue
        current = _active_code(session, conference.id, member.unit_id)
        if current and not reissue:
            continue
        if current:
            current.revoked_at = at
            session.add(current)
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        session.add(
            AccessCode(
                conference_id=conference.id, unit_id=member.unit_id, code_hash=code_hash(code, key=key), created_at=at
            )
        )
        issued.append(IssuedCode(member.unit_id, member.name, display(code)))
    session.flush()
    return issued


def revoke_code(*, session: Session, code_id: int, at: datetime) -> None:
    code = session.get(AccessCode, code_id)
    if code and code.revoked_at is None:
        code.revoked_at = at
        session.add(code)
        session.flush()


# The code with its conference in one read, the statement built once: a hall logs in at once.
_CODE_WITH_CONFERENCE = (
    select(AccessCode, Conference)
    .join(Conference, Conference.id == AccessCode.conference_id)
    .where(AccessCode.code_hash == sa.bindparam("code_hash"))
)


def find_valid_code(session: Session, *, code: str, key: str, at: datetime) -> AccessCode | None:
    """The active, unexpired code row for what the delegate typed, else None (no reason given).
    Its conference is loaded with it (session.get finds it without another read)."""
    if len(normalize(code)) != CODE_LENGTH:
        return None
    found = session.execute(_CODE_WITH_CONFERENCE, {"code_hash": code_hash(code, key=key)}).first()
    if found is None:
        return None
    row, conference = found
    if row.revoked_at is not None:
        return None
    return row if as_utc(conference.ends_at) > at else None


def list_conferences(session: Session) -> list[Conference]:
    return list(session.exec(select(Conference).order_by(Conference.ends_at.desc())))
