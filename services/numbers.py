"""Numbers as Vietnamese people write and read them: one place to format and to parse.

Vietnamese uses a decimal comma and a thousands dot (66,67 %; 1.020.000). Every number
a screen shows or a document prints goes through `format_number` / `format_percent`,
and every number a person types goes through `parse_number`, so "1,5" is one and a
half everywhere. Babel's CLDR data does the locale work; this module only decides
what is ambiguous.
"""

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from babel.numbers import format_percent as _babel_percent

DEFAULT_LOCALE = "vi"
# Babel's locale for a decimal mark: "," reads like Vietnamese, "." like English.
_LOCALE_OF_MARK = {",": "vi", ".": "en"}
_SHAPE = re.compile(r"[+-]?[0-9][0-9.,]*")


class NumberError(ValueError):
    """Text that is not a number a person could mean unambiguously; `key` names the message."""

    def __init__(self, key: str, text: str):
        super().__init__(f"{key}: {text!r}")
        self.key = key
        self.text = text


def _pattern(decimals: int | None) -> str:
    if decimals is None:
        return "#,##0.###"
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def format_number(value: int | float | Decimal | Fraction, *, decimals: int | None = None,
                  locale: str = DEFAULT_LOCALE) -> str:  # fmt: skip
    """1020000.5 → "1.020.000,5" (vi) or "1,020,000.5" (en); decimals fixes the digits shown."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return format_decimal(value, format=_pattern(decimals), locale=locale)


def format_percent(share: Fraction | Decimal | float, *, decimals: int = 2, locale: str = DEFAULT_LOCALE) -> str:
    """A share of one as a percentage: Fraction(2, 3) → "66,67 %" (vi), "66.67%" (en)."""
    if isinstance(share, Fraction):
        share = Decimal(share.numerator) / Decimal(share.denominator)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + " %"
    text = _babel_percent(share, format=pattern, locale=locale)
    return text if locale == "vi" else text.replace(" %", "%")


def parse_number(text: str, *, locale: str = DEFAULT_LOCALE) -> Decimal:
    """What a person typed, as an exact Decimal; raises NumberError when it is empty, not a
    number, or could mean two numbers ("1.000" is one thousand or one).

    Accepted: "1,5" and "1.5" (one and a half), "  2 ", "1.000,5" and "1,000.5" (with both
    marks the last one is the decimal mark and the other must group by threes), "1.000.000".
    """
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not cleaned:
        raise NumberError("number.empty", text)
    if not _SHAPE.fullmatch(cleaned):
        raise NumberError("number.not_a_number", text)
    dots, commas = cleaned.count("."), cleaned.count(",")
    if dots and commas:
        mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        return _strict(cleaned, _LOCALE_OF_MARK[mark], text)
    if not dots and not commas:
        return _decimal(cleaned, text)
    separator = "." if dots else ","
    if dots + commas > 1:  # the same mark several times can only group thousands: 1.000.000
        grouping_locale = "vi" if separator == "." else "en"
        return _strict(cleaned, grouping_locale, text)
    whole, fraction = cleaned.lstrip("+-").split(separator)
    if len(fraction) == 3 and re.fullmatch(r"[1-9][0-9]{0,2}", whole):
        raise NumberError("number.ambiguous", text)  # 1.000 / 12,500: a thousand grouping or a decimal?
    if not whole or not fraction:
        raise NumberError("number.not_a_number", text)
    return _decimal(cleaned.replace(separator, "."), text)


def _strict(cleaned: str, locale: str, text: str) -> Decimal:
    try:
        return parse_decimal(cleaned, locale=locale, strict=True)
    except NumberFormatError:
        raise NumberError("number.not_a_number", text) from None


def _decimal(cleaned: str, text: str) -> Decimal:
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise NumberError("number.not_a_number", text) from None
