"""Archived years are read-only: every write to an archived bloc-year is refused with a
Vietnamese message and leaves the database as it was; other blocs and years go on."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlmodel import SQLModel, select

from db.models import Award, AwardKind, Covenant, LeadershipRole, ScoreSheet
from db.models.voting import RoundStatus, VotingRound
from locales import translate
from services.access.codes import create_conference
from services.archive import YearArchived, archive_states, archive_year
from services.clock import now
from services.errors import ValidationFailed
from services.registry.membership import set_leader, set_membership
from services.registry.units import rename_unit
from services.scoring.actions import Entry, return_sheet, save_self_scores, save_verified_scores
from services.scoring.covenants import create_covenant, replace_criteria
from services.scoring.evidence import add_evidence
from services.scoring.excel_apply import import_scores
from services.scoring.excel_template import template_bytes
from services.voting.casting import cast_ballot
from services.voting.rounds import cancel_round, check_in, close_round, create_round, open_round, publish_round
from services.voting.rules import PRESETS, RoundKind
from tests.db.records_world import agree, table_rows
from tests.db.scoring_world import ROWS, YEAR, build_world


def refusal(session, call) -> ValidationFailed | None:
    """Run `call` in a savepoint that is always undone; the refusal, or None if it went through."""
    savepoint = session.begin_nested()
    try:
        call()
        session.flush()
    except ValidationFailed as error:
        return error
    finally:
        savepoint.rollback()
    return None


def contents(session) -> dict[str, list[tuple]]:
    """Every row of every table (the test database is small)."""
    session.flush()
    connection = session.connection()
    return {name: table_rows(connection, table) for name, table in SQLModel.metadata.tables.items()}


def changes(session, call) -> bool:
    """Whether `call` went through and changed the database (undone afterwards)."""
    savepoint = session.begin_nested()
    try:
        before = contents(session)
        call()
        return contents(session) != before
    finally:
        savepoint.rollback()


@pytest.fixture()
def world(session):
    world = build_world(session)
    admin, unit = world.people["admin"], world.people["unit"]
    a1, a2, a3 = (world.units[k] for k in ("A1", "A2", "A3"))
    save_self_scores(session=session, principal=unit, covenant_id=world.covenant_id, unit_id=a1,
                     entries={world.normal.id: Entry(Decimal(6))})  # fmt: skip
    save_self_scores(session=session, principal=admin, covenant_id=world.covenant_id, unit_id=a2,
                     entries={line.id: Entry(Decimal(-1 if line.kind == "deduction" else 1)) for line in world.lines},
                     submit=True)  # fmt: skip
    world.next_covenant = create_covenant(session=session, principal=admin, bloc_id=world.bloc.id, year=YEAR + 1,
                                          title="GU 2027")  # fmt: skip
    draft = create_round(session, bloc_id=world.bloc.id, year=YEAR, title="Cờ", settings=PRESETS[RoundKind.CHAIR],
                         at=now())  # fmt: skip
    check_in(session, round_id=draft.id, unit_ids=[a1, a2], at=now())
    closed = create_round(session, bloc_id=world.bloc.id, year=YEAR, title="Bằng khen",
                          settings=PRESETS[RoundKind.CHAIR], at=now())  # fmt: skip
    check_in(session, round_id=closed.id, unit_ids=[a1, a2, a3], at=now())
    open_round(session, round_id=closed.id, at=now())
    for voter in (a1, a2, a3):
        cast_ballot(session, round_id=closed.id, unit_id=voter, choice=agree(a1 if voter != a1 else a2), at=now())
    close_round(session, round_id=closed.id, at=now())
    world.draft_round, world.closed_round = draft.id, closed.id
    return world


def writes(session, world) -> dict:
    """One call per write path into bloc A's years 2025-2027; each succeeds on an open year."""
    admin, secretary, unit = world.people["admin"], world.people["secretary"], world.people["unit"]
    a1, a2, a3, x = (world.units[k] for k in ("A1", "A2", "A3", "X"))
    sheet_a2 = session.exec(select(ScoreSheet).where(ScoreSheet.unit_id == a2)).one().id
    book = load_workbook(io.BytesIO(template_bytes(session, covenant=session.get(Covenant, world.covenant_id))))
    book["Điểm"].cell(3, 8, 4)  # a self score for the unit of the template's second row
    upload = io.BytesIO()
    book.save(upload)
    return {
        "self scores": lambda: save_self_scores(session=session, principal=unit, covenant_id=world.covenant_id,
                                                unit_id=a1, entries={world.normal.id: Entry(Decimal(7))}),
        "verified scores": lambda: save_verified_scores(session=session, principal=secretary, sheet_id=sheet_a2,
                                                        values={world.normal.id: Decimal(1)}),
        "return a sheet": lambda: return_sheet(session=session, principal=secretary, sheet_id=sheet_a2,
                                               reason="Thiếu minh chứng"),
        "excel import": lambda: import_scores(session=session, principal=secretary, covenant_id=world.covenant_id,
                                              data=upload.getvalue()),
        "evidence": lambda: add_evidence(session=session, principal=unit, covenant_id=world.covenant_id, unit_id=a1,
                                         criterion_id=world.normal.id, filename="mc.pdf", data=b"%PDF-1.4 x"),
        "covenant of another year": lambda: create_covenant(session=session, principal=admin, bloc_id=world.bloc.id,
                                                            year=YEAR - 1, title="GU 2025"),
        "criteria": lambda: replace_criteria(session=session, principal=admin, covenant_id=world.next_covenant.id,
                                             title="GU 2027", rows=ROWS),
        "new round": lambda: create_round(session, bloc_id=world.bloc.id, year=YEAR, title="Phó trưởng khối",
                                          settings=PRESETS[RoundKind.DEPUTY], at=now()),
        "check-in": lambda: check_in(session, round_id=world.draft_round, unit_ids=[a3], at=now()),
        "open a round": lambda: open_round(session, round_id=world.draft_round, at=now()),
        "cancel a round": lambda: cancel_round(session, round_id=world.draft_round, reason="Hoãn", at=now()),
        "publish a round": lambda: publish_round(session, round_id=world.closed_round, at=now()),
        "award": lambda: session.add(Award(year=YEAR, kind=AwardKind.CERTIFICATE_OF_MERIT, unit_id=a1)),
        "unit moved in": lambda: set_membership(session=session, unit_id=x, bloc_id=world.bloc.id, year=YEAR),
        "unit moved out": lambda: set_membership(session=session, unit_id=a3, bloc_id=world.other_bloc.id, year=YEAR),
        "unit removed": lambda: set_membership(session=session, unit_id=a3, bloc_id=None, year=YEAR),
        "chair": lambda: set_leader(session=session, bloc_id=world.bloc.id, year=YEAR, role=LeadershipRole.CHAIR,
                                    unit_id=a1),
        "rename from the year": lambda: rename_unit(session=session, unit_id=a1, name="Đơn vị A1 mới", short_name="",
                                                    from_year=YEAR),
        "conference": lambda: create_conference(session=session, bloc_id=world.bloc.id, year=YEAR, name="Hội nghị",
                                                ends_at=now() + timedelta(days=1), at=now()),
    }  # fmt: skip


def test_every_write_to_an_archived_bloc_year_is_refused_and_changes_nothing(session, world):
    before_archive = {name: changes(session, call) for name, call in writes(session, world).items()}
    assert before_archive == dict.fromkeys(before_archive, True)  # each write works while the year is open
    added = archive_year(session, principal=world.people["admin"], bloc_ids=[world.bloc.id],
                         year=YEAR, at=now())  # fmt: skip
    archive_year(session, principal=world.people["admin"], bloc_ids=[world.bloc.id, world.bloc.id],
                 year=YEAR - 1, at=now())  # fmt: skip
    archive_year(session, principal=world.people["admin"], bloc_ids=[world.bloc.id], year=YEAR + 1, at=now())
    assert added == 1
    stored = contents(session)
    for name, call in writes(session, world).items():
        error = refusal(session, call)
        assert isinstance(error, YearArchived), f"{name}: {error!r}"
        (problem,) = error.errors
        message = translate("vi", problem.key, **problem.params)
        assert message.startswith(f"Năm {problem.params['year']} của Khối A đã được lưu trữ"), name
    assert contents(session) == stored


def test_other_blocs_and_years_stay_writable(session, world):
    archive_year(session, principal=world.people["admin"], bloc_ids=[world.bloc.id], year=YEAR, at=now())
    b1, a1 = world.units["B1"], world.units["A1"]
    assert refusal(session, lambda: set_membership(session=session, unit_id=b1, bloc_id=world.other_bloc.id,
                                                   year=YEAR + 1)) is None  # fmt: skip
    assert refusal(session, lambda: set_leader(session=session, bloc_id=world.other_bloc.id, year=YEAR,
                                               role=LeadershipRole.CHAIR, unit_id=b1)) is None  # fmt: skip
    assert refusal(session, lambda: set_membership(session=session, unit_id=a1, bloc_id=world.bloc.id,
                                                   year=YEAR + 1)) is None  # fmt: skip
    states = {s.bloc: s.archived for s in archive_states(session, province_id=world.bloc.province_id, year=YEAR)}
    assert states == {"Khối A": True, "Khối B": False}


def test_only_admins_archive_and_never_while_a_round_is_open(session, world):
    secretary = world.people["secretary"]
    error = refusal(session, lambda: archive_year(session, principal=secretary, bloc_ids=[world.bloc.id],
                                                  year=YEAR, at=now()))  # fmt: skip
    assert error.errors[0].key == "archive_error.forbidden"
    open_round(session, round_id=world.draft_round, at=now())
    error = refusal(session, lambda: archive_year(session, principal=world.people["admin"],
                                                  bloc_ids=[world.bloc.id], year=YEAR, at=now()))  # fmt: skip
    assert translate("vi", error.errors[0].key, **error.errors[0].params) == (
        "Chưa lưu trữ được: vẫn còn vòng bỏ phiếu đang mở (Khối A). Hãy đóng vòng bỏ phiếu trước."
    )
    assert archive_states(session, province_id=world.bloc.province_id, year=YEAR)[0].archived is False


def test_a_ballot_into_an_archived_year_is_refused_even_in_a_round_forced_open(session, world):
    """On PostgreSQL a ballot's rows are written by one statement outside the ORM's flush
    (services/voting/audit.head_after); the event written after them is flushed and names the
    round, so the archive guard still refuses the whole ballot."""
    a1, a2 = world.units["A1"], world.units["A2"]
    archive_year(session, principal=world.people["admin"], bloc_ids=[world.bloc.id], year=YEAR, at=now())
    forced = sa.update(VotingRound).where(VotingRound.id == world.draft_round).values(status=RoundStatus.OPEN)
    session.execute(forced)  # what no service allows: a database administrator's hand
    stored = contents(session)
    error = refusal(session, lambda: cast_ballot(session, round_id=world.draft_round, unit_id=a1, choice=agree(a2),
                                                 at=now()))  # fmt: skip
    assert isinstance(error, YearArchived), repr(error)
    assert contents(session) == stored
