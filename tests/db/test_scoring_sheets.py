"""Scoring sheets on both databases: totals, validation, the state machine and who may move it."""

from decimal import Decimal

import pytest

from db.models import ScoreAction, SheetState
from services.errors import ValidationFailed
from services.scoring.actions import Entry, lock_year, return_sheet, save_self_scores, save_verified_scores
from services.scoring.context import history
from services.scoring.queries import unit_totals
from services.scoring.sheets import sheet_view
from tests.db.scoring_world import build_world, snapshot


@pytest.fixture()
def world(session):
    return build_world(session)


def errors_of(call) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as info:
        call()
    return [(e.field, e.key) for e in info.value.errors]


def self_save(session, world, who="unit", unit="A1", submit=False, **values):
    """values: normal=, big=, bonus=, deduction= (points as str), note_normal= ..."""
    entries = {
        getattr(world, name).id: Entry(None if v is None else Decimal(v), values.get(f"note_{name}"))
        for name, v in values.items()
        if not name.startswith("note_")
    }
    return save_self_scores(
        session=session,
        principal=world.people[who],
        covenant_id=world.covenant_id,
        unit_id=world.units[unit],
        entries=entries,
        submit=submit,
    )


def view(session, world, unit="A1", who="admin"):
    return sheet_view(session, principal=world.people[who], covenant_id=world.covenant_id, unit_id=world.units[unit])


FULL = dict(normal="8.5", big="17.25", bonus="5", deduction="-1.5")


def test_the_unit_saves_and_gets_the_exact_total(session, world):
    total = self_save(session, world, **FULL, note_normal="Báo cáo số 12/BC")
    assert total == Decimal("8.5") + Decimal("17.25") + Decimal("5") - Decimal("1.5") == Decimal("29.25")
    sheet = view(session, world, who="unit")
    assert sheet.state == SheetState.DRAFT and sheet.self_total == Decimal("29.25")
    assert [line.note for line in sheet.lines] == ["Báo cáo số 12/BC", None, None, None]


def test_bad_points_are_all_reported_and_nothing_is_written(session, world):
    before = snapshot(session, world.covenant_id)
    found = errors_of(lambda: self_save(session, world, normal="10.5", big="-1", bonus="5.5", deduction="2"))
    assert found == [
        (f"c{world.normal.id}", "scoring_error.above_max"),
        (f"c{world.big.id}", "scoring_error.below_min"),
        (f"c{world.bonus.id}", "scoring_error.above_max"),
        (f"c{world.deduction.id}", "scoring_error.deduction_sign"),
    ]
    assert errors_of(lambda: self_save(session, world, normal="7.333", deduction="-3.5")) == [
        (f"c{world.normal.id}", "scoring_error.decimals"),
        (f"c{world.deduction.id}", "scoring_error.below_min"),
    ]
    assert snapshot(session, world.covenant_id) == before


def test_submitting_needs_every_normal_criterion_scored(session, world):
    found = errors_of(lambda: self_save(session, world, normal="9", submit=True))
    assert found == [(f"c{world.big.id}", "scoring_error.missing_score")]
    self_save(session, world, normal="9", big="18", submit=True)  # bonus and deduction may stay empty
    assert view(session, world).state == SheetState.SUBMITTED


def test_the_full_cycle_with_a_return_and_its_history(session, world):
    self_save(session, world, **FULL, submit=True)
    sheet_id = view(session, world).sheet_id
    assert errors_of(lambda: self_save(session, world, normal="9")) == [("sheet", "scoring_error.unit_cannot_edit")]
    secretary = world.people["secretary"]
    assert errors_of(lambda: return_sheet(session=session, principal=secretary, sheet_id=sheet_id, reason="  ")) == [
        ("reason", "error.required")
    ]
    return_sheet(session=session, principal=secretary, sheet_id=sheet_id, reason="Thiếu minh chứng tiêu chí 1.2")
    returned = view(session, world, who="unit")
    assert (returned.state, returned.return_reason) == (SheetState.RETURNED, "Thiếu minh chứng tiêu chí 1.2")
    self_save(session, world, normal="9", big="17.25", bonus="5", deduction="-1.5", submit=True)
    assert view(session, world).return_reason is None  # kept in the history instead
    values = {world.normal.id: Decimal("9"), world.big.id: Decimal("15")}
    total = save_verified_scores(session=session, principal=secretary, sheet_id=sheet_id, values=values, verify=True)
    assert total == Decimal("9") + Decimal("15")  # bonus and deduction left out: none granted
    events = [(e.action, e.actor, e.note) for e in reversed(history(session, sheet_id=sheet_id))]
    assert [a for a, _, _ in events] == [
        ScoreAction.SAVED,
        ScoreAction.SUBMITTED,
        ScoreAction.RETURNED,
        ScoreAction.SAVED,
        ScoreAction.SUBMITTED,
        ScoreAction.VERIFIED_SAVED,
        ScoreAction.VERIFIED,
    ]
    assert events[2] == (ScoreAction.RETURNED, "thuky1", "Thiếu minh chứng tiêu chí 1.2")
    assert events[3][2] == "1.1"  # the second save changed only criterion 1.1


def test_verifying_fills_empty_bonus_and_deduction_with_zero_but_not_normal_criteria(session, world):
    self_save(session, world, normal="9", big="18", submit=True)
    sheet_id = view(session, world).sheet_id
    secretary = world.people["secretary"]
    found = errors_of(
        lambda: save_verified_scores(
            session=session, principal=secretary, sheet_id=sheet_id, values={world.big.id: None}, verify=True
        )
    )
    assert found == [
        (f"c{world.normal.id}", "scoring_error.missing_verified"),
        (f"c{world.big.id}", "scoring_error.missing_verified"),
    ]
    save_verified_scores(
        session=session,
        principal=secretary,
        sheet_id=sheet_id,
        values={world.normal.id: Decimal(9), world.big.id: Decimal(18)},
        verify=True,
    )
    lines = view(session, world).lines
    assert [line.verified_score for line in lines] == [Decimal(9), Decimal(18), Decimal(0), Decimal(0)]


@pytest.mark.parametrize(
    ("who", "key"),
    [
        ("unit", "scoring_error.forbidden"),  # a unit never verifies
        ("other_secretary", "scoring_error.forbidden"),  # another bloc's secretary
        ("leader", "scoring_error.forbidden"),
        ("code", "scoring_error.code_session"),
    ],
)
def test_only_the_blocs_verifiers_verify(session, world, who, key):
    self_save(session, world, normal="9", big="18", submit=True)
    sheet_id = view(session, world).sheet_id
    call = lambda: save_verified_scores(  # noqa: E731
        session=session, principal=world.people[who], sheet_id=sheet_id, values={}, verify=True
    )
    assert errors_of(call) == [("sheet", key)]
    assert errors_of(
        lambda: return_sheet(session=session, principal=world.people[who], sheet_id=sheet_id, reason="x")
    ) == [("sheet", key)]


@pytest.mark.parametrize(
    ("who", "unit", "key"),
    [
        ("other_unit", "A1", "scoring_error.forbidden"),  # another unit's account
        ("leader", "A1", "scoring_error.forbidden"),
        ("other_secretary", "A1", "scoring_error.forbidden"),
        ("code", "A1", "scoring_error.code_session"),  # a conference access code cannot score
        ("admin", "X", "scoring_error.not_member"),  # not in the bloc that year
    ],
)
def test_who_may_enter_self_scores(session, world, who, unit, key):
    assert errors_of(lambda: self_save(session, world, who=who, unit=unit, normal="1")) == [("sheet", key)]


def test_a_secretary_may_score_on_the_units_behalf_and_is_named(session, world):
    self_save(session, world, who="secretary", normal="4")
    events = history(session, sheet_id=view(session, world).sheet_id)
    assert [(e.actor, e.actor_role.value) for e in events] == [("thuky1", "secretary")]


def test_transitions_out_of_order_are_refused(session, world):
    self_save(session, world, normal="9", big="18")
    sheet_id = view(session, world).sheet_id
    secretary = world.people["secretary"]
    assert errors_of(
        lambda: save_verified_scores(session=session, principal=secretary, sheet_id=sheet_id, values={}, verify=True)
    ) == [("sheet", "scoring_error.verifier_cannot_edit")]
    assert errors_of(lambda: return_sheet(session=session, principal=secretary, sheet_id=sheet_id, reason="x")) == [
        ("sheet", "scoring_error.cannot_returned")
    ]


def verify_all(session, world, units=("A1", "A2", "A3")):
    for unit in units:
        self_save(session, world, who="secretary", unit=unit, normal="9", big="18", submit=True)
        sheet_id = view(session, world, unit=unit).sheet_id
        save_verified_scores(
            session=session, principal=world.people["secretary"], sheet_id=sheet_id, values={}, verify=False
        )
        save_verified_scores(
            session=session,
            principal=world.people["secretary"],
            sheet_id=sheet_id,
            values={world.normal.id: Decimal(9), world.big.id: Decimal(18)},
            verify=True,
        )


def test_locking_the_year_waits_for_every_unit_and_names_the_missing(session, world):
    verify_all(session, world, units=("A1",))
    self_save(session, world, unit="A2", who="secretary", normal="1")
    secretary = world.people["secretary"]
    with pytest.raises(ValidationFailed) as info:
        lock_year(session=session, principal=secretary, covenant_id=world.covenant_id)
    error = info.value.errors[0]
    assert (error.key, error.params) == ("scoring_error.unverified", {"count": 2, "units": "A2, A3"})
    verify_all(session, world, units=("A2", "A3"))
    assert errors_of(
        lambda: lock_year(session=session, principal=world.people["other_secretary"], covenant_id=world.covenant_id)
    ) == [("sheet", "scoring_error.forbidden")]
    assert lock_year(session=session, principal=secretary, covenant_id=world.covenant_id) == 3
    assert {t.state for t in unit_totals(session, covenant=_covenant(session, world))} == {SheetState.LOCKED}
    # Locked: nobody changes anything any more.
    sheet_id = view(session, world).sheet_id
    assert errors_of(lambda: self_save(session, world, normal="1")) == [("sheet", "scoring_error.sheet_locked")]
    assert errors_of(
        lambda: save_verified_scores(session=session, principal=world.people["admin"], sheet_id=sheet_id, values={})
    ) == [("sheet", "scoring_error.sheet_locked")]
    assert errors_of(lambda: return_sheet(session=session, principal=secretary, sheet_id=sheet_id, reason="x")) == [
        ("sheet", "scoring_error.sheet_locked")
    ]
    assert errors_of(lambda: lock_year(session=session, principal=secretary, covenant_id=world.covenant_id)) == [
        ("sheet", "scoring_error.already_locked")
    ]


def _covenant(session, world):
    from db.models import Covenant

    return session.get(Covenant, world.covenant_id)


def test_rankings_sum_in_the_database_and_share_ranks_on_ties(session, world):
    verify_all(session, world)
    sheet_id = view(session, world, unit="A3").sheet_id
    return_sheet(session=session, principal=world.people["secretary"], sheet_id=sheet_id, reason="Xem lại")
    totals = unit_totals(session, covenant=_covenant(session, world))
    assert [(t.unit_name, t.rank, t.verified_total) for t in totals] == [
        ("Đơn vị A1", 1, Decimal("27.00")),
        ("Đơn vị A2", 1, Decimal("27.00")),
        ("Đơn vị A3", None, Decimal("27.00")),  # returned: not ranked until verified again
    ]
    assert totals[2].state == SheetState.RETURNED
