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

from locales import translate

DEFAULT_LOCALE = "vi"
# Babel's locale for a decimal mark: "," reads like Vietnamese, "." like English.
_LOCALE_OF_MARK = {",": "vi", ".": "en"}
_SHAPE = re.compile(r"[+-]?[0-9][0-9.,]*")


class NumberError(ValueError):
    """Text that is not a number a person could mean unambiguously; `key` names the message
    and `params` its parameters (numbers as Decimals; `number_message` words them)."""

    def __init__(self, key: str, text: str, **params: object):
        super().__init__(f"{key}: {text!r}")
        self.key = key
        self.text = text
        self.params = params


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
        # 1.000 / 12,500: a thousand grouping or a decimal? Both readings go with the message.
        sign = "-" if cleaned.startswith("-") else ""
        raise NumberError(
            "number.ambiguous",
            text,
            grouped=Decimal(f"{sign}{whole}{fraction}"),
            decimal=Decimal(f"{sign}{whole}.{fraction}"),
        )
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


def format_for_input(value: int | float | Decimal, *, locale: str = DEFAULT_LOCALE, min_decimals: int = 0) -> str:
    """A number as a person would type it back: no thousands mark, so `parse_number` reads it
    again as the same number (1000 → "1000", not the ambiguous "1.000"); 18.50 → "18,5"."""
    pattern = "0." + "0" * min_decimals + "#" * max(0, 10 - min_decimals)
    return format_decimal(Decimal(str(value)) if isinstance(value, float) else value, format=pattern, locale=locale)


def decimal_places(value: Decimal) -> int:
    """Digits after the decimal mark that matter: 1.50 has one, 2026 none."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_number(
    text: str | None,
    *,
    minimum: int | Decimal | None = None,
    maximum: int | Decimal | None = None,
    decimals: int | None = None,
    required: bool = True,
    locale: str = DEFAULT_LOCALE,
) -> Decimal | None:
    """What a person typed into a number field, checked: an exact Decimal, or None for an
    empty field that is not required. Raises NumberError (`key`, `params`) when the text is
    empty but required, not a number, ambiguous, out of [minimum, maximum] or has more than
    `decimals` digits after the decimal mark (0: a whole number)."""
    whole_only = decimals == 0
    if not re.sub(r"[\s\u00a0\u202f]", "", text or ""):
        if required:
            raise NumberError("number.required_whole" if whole_only else "number.required", text or "")
        return None
    try:
        value = parse_number(text, locale=locale)
    except NumberError as error:
        if error.key == "number.not_a_number" and whole_only:
            raise NumberError("number.not_a_whole_number", text) from None
        if error.key == "number.ambiguous" and whole_only:  # 2.026 as a year: only one reading fits
            raise NumberError("number.ambiguous_whole", text, **error.params) from None
        too_long = decimals is not None and decimal_places(error.params.get("decimal", Decimal(0))) > decimals
        if error.key == "number.ambiguous" and too_long:
            # 1,125 in a two-decimal score: read as Vietnamese writes it, it has too many decimals.
            raise NumberError("number.decimals", text, decimals=decimals) from None
        raise
    too_low = minimum is not None and value < minimum
    too_high = maximum is not None and value > maximum
    if too_low or too_high:
        if minimum is not None and maximum is not None:
            raise NumberError("number.out_of_range", text, minimum=Decimal(minimum), maximum=Decimal(maximum))
        if too_low:
            raise NumberError("number.too_small", text, minimum=Decimal(minimum))
        raise NumberError("number.too_large", text, maximum=Decimal(maximum))
    if decimals is not None and decimal_places(value) > decimals:
        if whole_only:
            raise NumberError("number.whole", text)
        raise NumberError("number.decimals", text, decimals=decimals)
    return value


def number_message(
    error: NumberError, *, language: str = DEFAULT_LOCALE, key: str | None = None, grouping: bool = True
) -> str:
    """The problem in words, numbers written the language's way: "Điểm phải từ 0 đến 20."
    `key` replaces the message (with the same parameters), e.g. a score's own range wording;
    `grouping=False` writes numbers without a thousands mark (years: 2100, not 2.100)."""
    params: dict[str, object] = {"text": (error.text or "").strip()}
    for name, value in error.params.items():
        if isinstance(value, Decimal):
            value = format_number(value, locale=language) if grouping else format_for_input(value, locale=language)
        params[name] = value
    if error.key in ("number.ambiguous", "number.ambiguous_whole"):
        params["grouped_typed"] = format_for_input(error.params["grouped"], locale=language)
        params["decimal_typed"] = format_for_input(error.params["decimal"], locale=language, min_decimals=1)
    return translate(language, key or error.key, **params)
