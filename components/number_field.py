"""The app's one number field: a text box that reads numbers the Vietnamese way.

st.number_input drops a decimal comma ("1,5" becomes 15) and refuses an out-of-range value
with only a red icon and an English tooltip. This field is an st.text_input: it shows the
value as people write it ("18,5"), reads what was typed with services.numbers.check_number
("1,5" and "1.5" are one and a half, "1.000" is refused as ambiguous), and says what is
wrong in the user's language right under the field. In a form, `NumberForm` also lists
every problem at the top when the form is submitted, and the caller saves nothing.
"""

from decimal import Decimal
from typing import Any

import streamlit as st

from components.i18n import current_language, t
from components.text import plain
from services.errors import YEAR_MAX, YEAR_MIN
from services.numbers import NumberError, check_number, format_for_input, number_message

Number = int | Decimal
# A year typed freely (a unit added or renamed from 2010): whole, within the years the app keeps.
# `field(..., **YEAR)`. The year being worked on or viewed is chosen from a list instead:
# components/year_picker.py.
YEAR = {"minimum": YEAR_MIN, "maximum": YEAR_MAX, "decimals": 0, "range_key": "number.year_range", "grouping": False}


def _draw(
    where: Any,
    label: str,
    *,
    key: str | None,
    value: int | float | Decimal | None,
    minimum: Number | None,
    maximum: Number | None,
    decimals: int | None,
    required: bool,
    range_key: str | None,
    help: str | None,
    placeholder: str | None,
    grouping: bool = True,
) -> tuple[Decimal | None, str | None]:
    """Draw the field and its problem (if any); the value, or None and the problem."""
    language = current_language()
    shown = "" if value is None else format_for_input(value, locale=language)
    if placeholder is None and decimals != 0:
        placeholder = t("number.example")
    text = where.text_input(label, value=shown, key=key, help=help, placeholder=placeholder)
    try:
        number = check_number(
            text, minimum=minimum, maximum=maximum, decimals=decimals, required=required, locale=language
        )
    except NumberError as error:
        wording = range_key if error.key == "number.out_of_range" else None
        problem = number_message(error, language=language, key=wording, grouping=grouping)
        where.error(plain(problem), icon=":material/error:")
        return None, problem
    return number, None


def number_field(
    label: str,
    *,
    key: str | None,
    value: int | float | Decimal | None = None,
    minimum: Number | None = None,
    maximum: Number | None = None,
    decimals: int | None = None,
    required: bool = True,
    range_key: str | None = None,
    help: str | None = None,
    placeholder: str | None = None,
    where: Any = None,
    grouping: bool = True,
) -> Decimal | None:
    """A number typed outside a form: the checked value, or None while what is typed is
    refused (the reason is shown under the field)."""
    number, _ = _draw(
        where or st,
        label,
        key=key,
        value=value,
        minimum=minimum,
        maximum=maximum,
        decimals=decimals,
        required=required,
        range_key=range_key,
        help=help,
        placeholder=placeholder,
        grouping=grouping,
    )
    return number


class NumberForm:
    """The number fields of one st.form. Create it first thing inside the form (it keeps the
    top of the form for the summary), draw each field with `field`, and after the submit
    button call `accepted()`: False means a field is wrong, the summary is shown, and the
    caller must save nothing."""

    def __init__(self) -> None:
        self._summary = st.container()
        self.problems: list[tuple[str, str]] = []

    def field(
        self,
        label: str,
        *,
        key: str | None = None,
        value: int | float | Decimal | None = None,
        minimum: Number | None = None,
        maximum: Number | None = None,
        decimals: int | None = None,
        required: bool = True,
        range_key: str | None = None,
        name: str | None = None,
        help: str | None = None,
        placeholder: str | None = None,
        where: Any = None,
        grouping: bool = True,
    ) -> Decimal | None:
        """`name` is how the summary names the field (defaults to its label)."""
        number, problem = _draw(
            where or st,
            label,
            key=key,
            value=value,
            minimum=minimum,
            maximum=maximum,
            decimals=decimals,
            required=required,
            range_key=range_key,
            help=help,
            placeholder=placeholder,
            grouping=grouping,
        )
        if problem is not None:
            self.problems.append((name or label, problem))
        return number

    def accepted(self) -> bool:
        """Call once the form was submitted: True when every field holds a valid number;
        otherwise the summary at the top of the form lists each field and its problem."""
        if not self.problems:
            return True
        show_problems(self.problems, where=self._summary)
        return False


def show_problems(problems: list[tuple[str, str]], *, where: Any = None) -> None:
    """ "Nothing was saved", then each field (or table cell) by name with its problem."""
    lines = "\n".join(f"- **{plain(name)}**: {plain(problem)}" for name, problem in problems)
    (where or st).error(t("number.form_has_errors") + "\n\n" + lines, icon=":material/error:")


def read_number(text: object, **limits: Any) -> tuple[Decimal | None, str | None]:
    """A number typed where no field can show its own problem (a table cell): the value, or
    None and the problem in the user's language. `limits` as for check_number, plus range_key."""
    language = current_language()
    range_key = limits.pop("range_key", None)
    try:
        return check_number(None if text is None else str(text), locale=language, **limits), None
    except NumberError as error:
        wording = range_key if error.key == "number.out_of_range" else None
        return None, number_message(error, language=language, key=wording)
