"""Covenants on both databases: copying last year's, editing until scoring starts, and the lock's message."""

from decimal import Decimal

import pytest
from sqlmodel import select

from db.models import Bloc, Covenant, CriterionKind, Province
from services.errors import ValidationFailed
from services.scoring.actions import Entry, save_self_scores
from services.scoring.covenants import (
    CriterionRow,
    create_covenant,
    criteria,
    previous_covenant,
    replace_criteria,
    scoring_started,
)
from services.scoring.evidence import add_evidence
from tests.db.scoring_world import ROWS, YEAR, build_world


@pytest.fixture()
def world(session):
    return build_world(session)


def errors_of(call) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as info:
        call()
    return [(e.field, e.key) for e in info.value.errors]


def test_next_year_starts_as_a_copy_of_last_years_covenant(session, world):
    secretary = world.people["secretary"]
    source = previous_covenant(session, bloc_id=world.bloc.id, year=YEAR + 1)
    assert source.id == world.covenant_id
    new = create_covenant(
        session=session,
        principal=secretary,
        bloc_id=world.bloc.id,
        year=YEAR + 1,
        title="GU 2027",
        copy_from_id=source.id,
    )
    copied = [(c.code, c.group, c.name, c.kind, c.max_points) for c in criteria(session, covenant_id=new.id)]
    original = [(c.code, c.group, c.name, c.kind, c.max_points) for c in world.lines]
    assert copied == original and {c.id for c in criteria(session, covenant_id=new.id)}.isdisjoint(
        {c.id for c in world.lines}
    )
    assert errors_of(
        lambda: create_covenant(session=session, principal=secretary, bloc_id=world.bloc.id, year=YEAR + 1, title="x")
    ) == [("year", "scoring_error.covenant_exists")]


def test_only_the_blocs_secretary_or_an_admin_edits_its_covenant(session, world):
    for who, key in (("other_secretary", "scoring_error.forbidden"), ("leader", "scoring_error.forbidden")):
        assert errors_of(
            lambda who=who: replace_criteria(
                session=session, principal=world.people[who], covenant_id=world.covenant_id, title="x", rows=ROWS
            )
        ) == [("sheet", key)]
        assert errors_of(
            lambda who=who: create_covenant(
                session=session, principal=world.people[who], bloc_id=world.bloc.id, year=2030, title="x"
            )
        ) == [("sheet", key)]


def test_editing_groups_rows_in_order_and_codes_them(session, world):
    rows = [
        CriterionRow("A. Nhiệm vụ", " Tiêu chí  một ", "normal", Decimal(60)),
        CriterionRow("B. Cộng", "Cờ thi đua", CriterionKind.BONUS, Decimal("12.5")),
        CriterionRow("A. Nhiệm vụ", "Tiêu chí hai", CriterionKind.NORMAL, Decimal(40)),
        CriterionRow("", "", "", None),  # an empty row left at the bottom of the table
    ]
    replace_criteria(
        session=session, principal=world.people["secretary"], covenant_id=world.covenant_id, title="GU", rows=rows
    )
    lines = criteria(session, covenant_id=world.covenant_id)
    assert [(c.code, c.name, c.kind, c.max_points) for c in lines] == [
        ("1.1", "Tiêu chí một", CriterionKind.NORMAL, Decimal(60)),
        ("1.2", "Tiêu chí hai", CriterionKind.NORMAL, Decimal(40)),
        ("2.1", "Cờ thi đua", CriterionKind.BONUS, Decimal("12.5")),
    ]


def test_bad_rows_are_reported_by_row_and_nothing_changes(session, world):
    rows = [
        CriterionRow("A", "", CriterionKind.NORMAL, Decimal(10)),
        CriterionRow("A", "Tiêu chí", "khác", Decimal(10)),
        CriterionRow("A", "Tiêu chí", CriterionKind.NORMAL, Decimal("0")),
        CriterionRow("A", "Tiêu chí", CriterionKind.NORMAL, Decimal("2.555")),
    ]
    found = errors_of(
        lambda: replace_criteria(
            session=session, principal=world.people["admin"], covenant_id=world.covenant_id, title="", rows=rows
        )
    )
    assert found == [
        ("title", "error.required"),
        ("row_1", "error.required"),
        ("row_2", "error.invalid_choice"),
        ("row_3", "scoring_error.cap_range"),
        ("row_4", "scoring_error.decimals"),
    ]
    only_bonus = [CriterionRow("A", "Cộng", CriterionKind.BONUS, Decimal(5))]
    assert errors_of(
        lambda: replace_criteria(
            session=session, principal=world.people["admin"], covenant_id=world.covenant_id, title="x", rows=only_bonus
        )
    ) == [("rows", "scoring_error.no_normal_criteria")]
    assert [c.id for c in criteria(session, covenant_id=world.covenant_id)] == [c.id for c in world.lines]


@pytest.mark.parametrize("first_write", ["score", "note", "evidence"])
def test_the_covenant_locks_when_scoring_starts(session, world, first_write):
    assert not scoring_started(session, covenant_id=world.covenant_id)
    unit = world.people["unit"]
    if first_write == "evidence":
        add_evidence(
            session=session,
            principal=unit,
            covenant_id=world.covenant_id,
            unit_id=world.units["A1"],
            criterion_id=world.normal.id,
            filename="bao-cao.pdf",
            data=b"%PDF-1.4 minh chung",
        )
    else:
        entry = Entry(Decimal(5), None) if first_write == "score" else Entry(None, "Báo cáo số 1")
        save_self_scores(
            session=session,
            principal=unit,
            covenant_id=world.covenant_id,
            unit_id=world.units["A1"],
            entries={world.normal.id: entry},
        )
    assert scoring_started(session, covenant_id=world.covenant_id)
    assert errors_of(
        lambda: replace_criteria(
            session=session, principal=world.people["admin"], covenant_id=world.covenant_id, title="x", rows=ROWS
        )
    ) == [("sheet", "scoring_error.covenant_locked")]


def test_an_empty_save_does_not_start_scoring(session, world):
    save_self_scores(
        session=session,
        principal=world.people["unit"],
        covenant_id=world.covenant_id,
        unit_id=world.units["A1"],
        entries={line.id: Entry(None, "  ") for line in world.lines},
    )
    assert not scoring_started(session, covenant_id=world.covenant_id)


def test_demo_covenants_under_way_are_locked(demo_session):
    lai_chau = demo_session.exec(select(Province).where(Province.code == "LCU")).one()
    bloc = demo_session.exec(select(Bloc).where(Bloc.province_id == lai_chau.id)).first()
    covenant = demo_session.exec(select(Covenant).where(Covenant.bloc_id == bloc.id, Covenant.year == 2026)).one()
    assert scoring_started(demo_session, covenant_id=covenant.id)
    assert [c.code for c in criteria(demo_session, covenant_id=covenant.id)][:3] == ["1.1", "1.2", "1.3"]
