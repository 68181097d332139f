"""Upgrading from every earlier migration to head keeps the data, on SQLite and PostgreSQL.

For each revision R that exists (read from db/migrations, never a fixed list):
migrate to head, downgrade to R, insert a representative row into every table
R has (as R's schema allows), upgrade to head, and find every value still there,
readable by the models and the services, with the audit chain verifying.

Rows are built from the schema reflected at R: curated, meaningful values for
the columns known today (enum columns need them), and values by column type for
columns added later, so a new migration is covered without editing this file,
unless it adds an enum-checked column: then add its value to CURATED.
"""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlmodel import Session, SQLModel, select

import db.models  # noqa: F401  (every table on SQLModel.metadata)
from db.engine import make_engine, session_scope
from db.migrate import alembic_config, upgrade_to_head
from services.clock import as_utc
from services.records import summarize
from services.registry.places import save_province
from services.voting import audit
from services.voting.rules import PRESETS, RoundKind
from services.voting.settings_codec import from_json, to_json
from tests.conftest import require_backend
from tests.databases import fresh_database

AT = datetime(2025, 12, 20, 8, 30, tzinfo=UTC)
Ids = dict[str, Any]

# Values by table and column. A callable gets the primary keys inserted so far.
CURATED: dict[str, dict[str, Any]] = {
    "province": {"code": "LCU", "name": "Lai Châu"},
    "bloc": {"name": "Khối Văn hóa – Xã hội", "kind": "bloc"},
    "unit": {"merged_into_id": None},
    "unitname": {"from_year": 2017, "name": "Sở Lao động – Thương binh và Xã hội", "short_name": "Sở LĐ-TB&XH"},
    "membership": {"year": 2025},
    "leadershipterm": {"year": 2025, "role": "chair"},
    "covenant": {"year": 2025, "title": "Giao ước thi đua năm 2025"},
    "criteriagroup": {"position": 1, "name": "Thực hiện nhiệm vụ chuyên môn"},
    "criterion": {"position": 1, "name": "Hoàn thành kế hoạch", "kind": "normal", "max_points": Decimal("20.00")},
    "scoresheet": {"state": "verified", "return_reason": None},
    "score": {"self_score": Decimal("18.50"), "verified_score": Decimal("17.25"), "evidence_note": "Báo cáo số 12"},
    "award": {"year": 2025, "kind": "provincial_flag", "status": "proposed", "person_name": None},
    "app_user": {"username": "thuky.lcu", "full_name": "Nguyễn Thị Thư Ký", "role": "secretary", "is_demo": False},
    "userscope": {"province_id": None},  # exactly one of province and bloc
    "loginthrottle": {"key": "user:thuky.lcu", "failures": 2},
    "loginevent": {"method": "password", "success": True, "username": "thuky.lcu"},
    "activesession": {"id": "s" * 32},
    "conference": {"year": 2025, "name": "Hội nghị tổng kết 2025"},
    "accesscode": {"code_hash": "c" * 64},
    "scoreevent": {"actor": "thuky.lcu", "actor_role": "secretary", "action": "verified", "note": "TC1"},
    "evidencefile": {"filename": "minh-chung.pdf", "mime": "application/pdf", "size": 9, "content": b"%PDF-1.4\n"},
    "votinground": {
        "year": 2025,
        "kind": "provincial_flag",
        "title": "Cờ thi đua 2025",
        "settings_json": to_json(PRESETS[RoundKind.PROVINCIAL_FLAG]),
        "status": "draft",
        "runoff_of_id": None,
        "draw_seed": "5eed5eed5eed5eed",
        "result_json": None,
        "version": 0,
    },
    "roundcandidate": {"position": 0},
    "checkin": {"substitute_name": "Phó giám đốc"},
    "ballot": {
        "id": "b" * 32,
        "content_json": lambda ids: json.dumps({"marks": [[ids["unit"], "agree"]]}),
        "valid": True,
        "receipt_hash": "r" * 64,
    },
    "auditevent": {"kind": "round_configured", "at": AT},
    "archivedyear": {"year": 2024, "archived_by": "quantri"},  # the chain's hashes are filled in by _chain
}


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]


def _by_type(column: sa.Column) -> Any:
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Integer):
        return 3
    if isinstance(kind, sa.Numeric):
        return Decimal("4.50")
    if isinstance(kind, sa.DateTime):
        return AT
    if isinstance(kind, sa.Date):
        return date(2025, 12, 20)
    if isinstance(kind, sa.LargeBinary):
        return b"\x00\x01bytes"
    if isinstance(kind, sa.Text):
        return "{}"
    if isinstance(kind, sa.String):
        return "Giá trị thử <b>*ĐB*</b>"[: kind.length or 40]
    if column.nullable:
        return None
    raise AssertionError(f"no representative value for {column.table.name}.{column.name}: add it to CURATED")


def _row(table: sa.Table, ids: Ids) -> dict[str, Any]:
    curated = CURATED.get(table.name, {})
    row = {}
    for column in table.columns:
        if column.name in curated:
            value = curated[column.name]
            row[column.name] = value(ids) if callable(value) else value
        elif column.foreign_keys:
            row[column.name] = ids[next(iter(column.foreign_keys)).column.table.name]
        elif column.primary_key and column.autoincrement in (True, "auto") and isinstance(column.type, sa.Integer):
            continue  # the database numbers it (and keeps PostgreSQL's sequence right for later inserts)
        else:
            row[column.name] = _by_type(column)
    return row


def _chain(row: dict[str, Any], previous: str) -> dict[str, Any]:
    payload = json.dumps({"step": previous[:8]}, sort_keys=True)
    digest = audit._digest(
        prev_hash=previous, kind=row["kind"], round_id=row.get("round_id"), at=AT, payload_json=payload
    )
    return {**row, "payload_json": payload, "prev_hash": previous, "hash": digest}


def insert_representative_rows(connection: sa.Connection) -> dict[str, list[dict[str, Any]]]:
    """One row in every table of the current schema (two in the audit chain), parents first."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    ids: Ids = {}
    written: dict[str, list[dict[str, Any]]] = {}
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        rows = [_row(table, ids)]
        if table.name == "auditevent":
            rows = [_chain(rows[0], audit.GENESIS)]
            rows.append(_chain({**rows[0], "kind": "round_opened"}, rows[0]["hash"]))
        for row in rows:
            try:
                result = connection.execute(table.insert().values(**row))
            except sa.exc.IntegrityError as error:  # e.g. an enum's CHECK refused a value made up by type
                raise AssertionError(f"{table.name}: add valid values to CURATED ({error.orig})") from error
            key = result.inserted_primary_key
            ids.setdefault(table.name, key[0] if key and len(key) == 1 else None)
            pk = {c.name: (key[i] if key else row[c.name]) for i, c in enumerate(table.primary_key.columns)}
            written.setdefault(table.name, []).append({**row, **pk})
    return written


def _same(stored: Any, inserted: Any) -> bool:
    if isinstance(inserted, datetime):
        return as_utc(stored) == as_utc(inserted)
    if isinstance(inserted, Decimal):
        return Decimal(str(stored)) == inserted
    if isinstance(inserted, bytes):
        return bytes(stored) == inserted
    return stored == inserted


def survivors(connection: sa.Connection, written: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Every inserted value that is no longer there, as 'table.column: before → after'."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    lost = []
    for name, rows in written.items():
        table = metadata.tables[name]
        for row in rows:
            where = [table.c[c.name] == row[c.name] for c in table.primary_key.columns]
            found = connection.execute(sa.select(table).where(*where)).mappings().first()
            if found is None:
                lost.append(f"{name}: row {[row[c.name] for c in table.primary_key.columns]} is gone")
                continue
            lost += [
                f"{name}.{column}: {value!r} → {found[column]!r}"
                for column, value in row.items()
                if column in found and not _same(found[column], value)
            ]
    return lost


def _upgrade_test(backend: str, tmp_path, revision: str, check_app: Callable[[str], None]) -> None:
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        config = alembic_config(url)
        upgrade_to_head(url)
        command.downgrade(config, revision)  # every downgrade on the way must work too
        engine = make_engine(url)
        with engine.begin() as connection:
            written = insert_representative_rows(connection)
        assert written, f"revision {revision} has no tables"
        upgrade_to_head(url)
        with engine.connect() as connection:
            assert survivors(connection, written) == []
        check_app(url)
        engine.dispose()


def _app_still_works(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        for table in SQLModel.metadata.sorted_tables:  # every row loads through the models (enums checked)
            model = next(m for m in SQLModel.__subclasses__() if getattr(m, "__table__", None) is table)
            session.exec(select(model)).all()
        summary = summarize(session)
        assert summary.counts["provinces"] == 1
        if summary.counts["audit_events"]:
            assert summary.chain_intact and summary.counts["audit_events"] == 2
        if summary.counts["rounds"]:
            from db.models.voting import VotingRound

            round_ = session.exec(select(VotingRound)).one()
            assert from_json(round_.settings_json).kind == RoundKind.PROVINCIAL_FLAG
    with session_scope(engine) as session:  # and new rows can be added (ids and sequences are right)
        save_province(session=session, code="DBN", name="Điện Biên")
    engine.dispose()


@pytest.mark.parametrize("revision", revisions()[:-1])
def test_upgrade_from_each_earlier_revision_keeps_the_data(backend, tmp_path, revision):
    _upgrade_test(backend, tmp_path, revision, _app_still_works)


def test_the_representative_rows_cover_every_table_of_head(backend, tmp_path):
    """So the upgrade tests above really exercise every table that exists."""
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        with engine.begin() as connection:
            written = insert_representative_rows(connection)
        assert set(written) == set(SQLModel.metadata.tables)
        _app_still_works(url)
        engine.dispose()
