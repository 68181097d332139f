"""Points as the covenant allows them: caps, negative deductions, bonus caps, two decimals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.models import CriterionKind
from services.errors import Checker
from services.scoring.points import NotANumber, as_text, check_points, parse_points, to_decimal

N, B, D = CriterionKind.NORMAL, CriterionKind.BONUS, CriterionKind.DEDUCTION


def outcome(raw, kind, cap="10"):
    check = Checker()
    value = parse_points(check, "x", raw, kind=kind, max_points=Decimal(cap))
    return value, [(e.key, e.params) for e in check.errors]


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("10", N, Decimal("10.00")),
        (0, N, Decimal("0.00")),
        (7.5, N, Decimal("7.50")),
        ("7,25", N, Decimal("7.25")),  # Vietnamese decimal comma
        (5, B, Decimal("5.00")),
        (-10, D, Decimal("-10.00")),
        ("-2.5", D, Decimal("-2.50")),
        (None, N, None),
        ("  ", N, None),
    ],
)
def test_valid_points_are_kept_exactly(raw, kind, expected):
    assert outcome(raw, kind) == (expected, [])


@pytest.mark.parametrize(
    ("raw", "kind", "error"),
    [
        ("10.01", N, ("scoring_error.above_max", {"max": "10"})),
        (-1, N, ("scoring_error.below_min", {"min": "0"})),
        (11, B, ("scoring_error.above_max", {"max": "10"})),  # a bonus has its own cap
        (-0.5, B, ("scoring_error.below_min", {"min": "0"})),
        (3, D, ("scoring_error.deduction_sign", {"min": "-10"})),  # deductions are negative
        (-10.5, D, ("scoring_error.below_min", {"min": "-10"})),
        ("7.125", N, ("scoring_error.decimals", {})),
        ("1.000", N, ("scoring_error.decimals", {})),  # never silently a thousand
        ("mười", N, ("scoring_error.not_a_number", {})),
        ("1e3", N, ("scoring_error.not_a_number", {})),
        (True, N, ("scoring_error.not_a_number", {})),
        (float("nan"), N, ("scoring_error.not_a_number", {})),
        (float("inf"), N, ("scoring_error.not_a_number", {})),
    ],
)
def test_invalid_points_name_the_problem(raw, kind, error):
    assert outcome(raw, kind) == (None, [error])


def test_floats_from_widgets_and_cells_read_as_displayed():
    assert to_decimal(0.1 + 0.2) == Decimal("0.3")  # 15 significant digits, as Excel shows
    assert to_decimal(7.1) == Decimal("7.1")
    with pytest.raises(NotANumber):
        to_decimal([1])


@given(st.decimals(min_value=-100, max_value=100, places=2))
def test_every_two_place_value_inside_the_bounds_is_accepted(value):
    check = Checker()
    for kind in (N, B, D):
        result = check_points(check, "x", value, kind=kind, max_points=Decimal(100))
        inside = value <= 0 if kind == D else value >= 0
        assert (result == value) is inside


def test_messages_show_points_without_trailing_zeros():
    assert [as_text(Decimal(v)) for v in ("10.00", "7.50", "-5.00", "0.00")] == ["10", "7.5", "-5", "0"]
