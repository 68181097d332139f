"""Evidence files (minh chứng) of a unit's scores, kept in the database.

Files are only ever offered as downloads (application/octet-stream), never
rendered; the type is decided from the extension and checked against the
file's first bytes, not taken from the browser.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from db.models import EvidenceFile, Score, ScoreAction, ScoreSheet
from services.access.sessions import Principal
from services.errors import Checker
from services.scoring.context import actors_on, covenant_or_fail, log_event, sheet_or_new
from services.scoring.covenants import criteria
from services.scoring.rules import Actor, NotAllowed, require_actor, require_edit

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES_PER_CRITERION = 10
_ZIP, _OLE = (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# extension → (MIME type, accepted first bytes)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
}


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    criterion_id: int
    filename: str
    size: int
    uploaded_at: datetime
    uploaded_by: str


def clean_filename(name: str) -> str:
    """The last path part, without control characters, at most 255 characters (extension kept)."""
    name = unicodedata.normalize("NFC", re.split(r"[\\/]", name or "")[-1])
    name = " ".join("".join(ch for ch in name if unicodedata.category(ch)[0] != "C").split())
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 254 - len(ext)]}.{ext}" if dot and len(ext) <= 10 else name[:255]
    return name


def extension(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def add_evidence(
    *, session: Session, principal: Principal, covenant_id: int, unit_id: int, criterion_id: int, filename: str,
    data: bytes,
) -> EvidenceInfo:  # fmt: skip
    covenant = covenant_or_fail(session, covenant_id)
    actors = actors_on(session, principal, covenant=covenant, unit_id=unit_id)
    require_actor(principal, actors, Actor.UNIT)
    check = Checker()
    name = clean_filename(filename)
    kind = ALLOWED.get(extension(name))
    if not name or kind is None:
        check.add("file", "scoring_error.file_type", allowed=", ".join(ALLOWED))
    elif not data:
        check.add("file", "scoring_error.file_empty")
    elif len(data) > MAX_BYTES:
        check.add("file", "scoring_error.file_too_big", mb=MAX_BYTES // (1024 * 1024))
    elif not data.startswith(kind[1]):
        check.add("file", "scoring_error.file_content", ext=extension(name))
    if criterion_id not in {line.id for line in criteria(session, covenant_id=covenant_id)}:
        check.add("criterion", "error.not_found")
    check.raise_if_any()
    sheet = sheet_or_new(session, covenant=covenant, unit_id=unit_id)
    require_edit(sheet.state, Actor.UNIT)
    query = select(Score).where(Score.sheet_id == sheet.id, Score.criterion_id == criterion_id)
    score = session.exec(query).first() or Score(sheet_id=sheet.id, criterion_id=criterion_id)
    session.add(score)
    session.flush()
    existing = session.exec(select(EvidenceFile.id).where(EvidenceFile.score_id == score.id)).all()
    if len(existing) >= MAX_FILES_PER_CRITERION:
        raise NotAllowed("scoring_error.too_many_files", max=MAX_FILES_PER_CRITERION)
    row = EvidenceFile(
        score_id=score.id,
        filename=name,
        mime=kind[0],
        size=len(data),
        content=data,
        uploaded_by=principal.username or principal.display_name,
    )
    session.add(row)
    session.flush()
    log_event(session, sheet=sheet, principal=principal, action=ScoreAction.EVIDENCE_ADDED, note=name)
    return EvidenceInfo(row.id, criterion_id, row.filename, row.size, row.uploaded_at, row.uploaded_by)


def list_evidence(session: Session, *, sheet_id: int) -> list[EvidenceInfo]:
    """Every file of the sheet, without the bytes (those load only when downloaded)."""
    query = (
        select(
            EvidenceFile.id,
            Score.criterion_id,
            EvidenceFile.filename,
            EvidenceFile.size,
            EvidenceFile.uploaded_at,
            EvidenceFile.uploaded_by,
        )
        .join(Score, Score.id == EvidenceFile.score_id)
        .where(Score.sheet_id == sheet_id)
        .order_by(Score.criterion_id, EvidenceFile.id)
    )
    return [EvidenceInfo(*row) for row in session.exec(query)]


def _file_and_sheet(session: Session, principal: Principal, evidence_id: int):
    row = session.get(EvidenceFile, evidence_id)
    if row is None:
        raise NotAllowed("error.not_found")
    sheet = session.get(ScoreSheet, session.get(Score, row.score_id).sheet_id)
    covenant = covenant_or_fail(session, sheet.covenant_id)
    actors = actors_on(session, principal, covenant=covenant, unit_id=sheet.unit_id)
    return row, sheet, actors


def evidence_content(*, session: Session, principal: Principal, evidence_id: int) -> tuple[str, bytes]:
    """(file name, bytes) for a download, for the unit itself and the bloc's verifiers."""
    row, _, actors = _file_and_sheet(session, principal, evidence_id)
    if principal.user_id is None or not actors:
        raise NotAllowed("scoring_error.forbidden")
    return row.filename, row.content


def remove_evidence(*, session: Session, principal: Principal, evidence_id: int) -> None:
    row, sheet, actors = _file_and_sheet(session, principal, evidence_id)
    require_actor(principal, actors, Actor.UNIT)
    require_edit(sheet.state, Actor.UNIT)
    session.delete(row)
    session.flush()
    log_event(session, sheet=sheet, principal=principal, action=ScoreAction.EVIDENCE_REMOVED, note=row.filename)
