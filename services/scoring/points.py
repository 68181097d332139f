"""Points: exact decimals with at most two places, checked against a criterion's cap.

A normal criterion scores 0..max, a bonus item 0..its own max, a deduction is
entered as a negative number -max..0 (so a sheet's total is a plain sum).
"""

import re
from decimal import Decimal, InvalidOperation

from db.models import CriterionKind
from services.errors import Checker

PLACES = 2
MAX_CAP = Decimal("100000")  # a covenant item is never worth more; also keeps Numeric(9, 2) safe
_NUMBER_TEXT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


class NotANumber(ValueError):
    pass


def to_decimal(value: object) -> Decimal | None:
    """Decimal from what a widget or a spreadsheet cell holds; None for empty.

    Floats come from number widgets and Excel cells: read them as the 15
    significant digits Excel shows, so 7.1 stays 7.1 and not 7.0999999….
    Text is accepted only as a plain number, with "," or "." before the decimals
    (Vietnamese writes 7,5); "1.000" then reads as 1.000 and fails the
    two-places check instead of silently meaning a thousand.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise NotANumber(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(format(value, ".15g"))
    elif isinstance(value, str) and _NUMBER_TEXT.match(value.strip()):
        number = Decimal(value.strip().replace(",", "."))
    else:
        raise NotANumber(value)
    if not number.is_finite():
        raise NotANumber(value)
    return number


def as_text(value: Decimal) -> str:
    """7.50 → "7.5", 10.00 → "10": for messages and cells."""
    normalized = value.normalize()
    return format(normalized if normalized.as_tuple().exponent <= 0 else value.quantize(Decimal(1)), "f")


def bounds(kind: CriterionKind, max_points: Decimal) -> tuple[Decimal, Decimal]:
    return (-max_points, Decimal(0)) if kind == CriterionKind.DEDUCTION else (Decimal(0), max_points)


def has_too_many_places(value: Decimal) -> bool:
    # Places as written: "1.000" has three, so it is refused rather than read as 1 (or 1000).
    return not value.is_finite() or value.as_tuple().exponent < -PLACES


def check_points(
    check: Checker, field: str, value: Decimal | None, *, kind: CriterionKind, max_points: Decimal
) -> Decimal | None:
    """The value rounded to two places if it is valid, else None with the problem added to `check`."""
    if value is None:
        return None
    if has_too_many_places(value):
        check.add(field, "scoring_error.decimals")
        return None
    low, high = bounds(kind, max_points)
    if kind == CriterionKind.DEDUCTION and value > 0:
        check.add(field, "scoring_error.deduction_sign", min=as_text(low))
    elif value > high:
        check.add(field, "scoring_error.above_max", max=as_text(high))
    elif value < low:
        check.add(field, "scoring_error.below_min", min=as_text(low))
    else:
        return value.quantize(Decimal("0.01"))
    return None


def parse_points(check: Checker, field: str, raw: object, **criterion) -> Decimal | None:
    """to_decimal + check_points, reporting text that is not a number."""
    try:
        value = to_decimal(raw)
    except (NotANumber, InvalidOperation):
        check.add(field, "scoring_error.not_a_number")
        return None
    return check_points(check, field, value, **criterion)


def check_cap(check: Checker, field: str, value: Decimal | None) -> Decimal | None:
    """A criterion's max points when editing the covenant: positive, two places, not absurd."""
    if value is None:
        check.add(field, "error.required")
    elif has_too_many_places(value):
        check.add(field, "scoring_error.decimals")
    elif not (Decimal(0) < value <= MAX_CAP):
        check.add(field, "scoring_error.cap_range", max=as_text(MAX_CAP))
    else:
        return value.quantize(Decimal("0.01"))
    return None
