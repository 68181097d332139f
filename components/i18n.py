"""t(): the UI's words in the user's language (Vietnamese unless they switch)."""

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

import streamlit as st

from components.text import plain, plain_params
from locales import DEFAULT_LANGUAGE, LANGUAGES, translate
from services.errors import ValidationFailed

LANGUAGE_KEY = "lang"
_SWITCH_KEY = "lang_switch"


def current_language() -> str:
    lang = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: Any) -> str:
    return translate(current_language(), key, **params)


def bound_t() -> Callable[..., str]:
    """t() fixed to the current language, for format_func callbacks.

    Widgets may call format_func outside the script run (AppTest does), where
    session state is not available; a bound function does not need it.
    """
    language = current_language()
    return lambda key, **params: translate(language, key, **params)


def enum_labels(prefix: str) -> Callable[[str], str]:
    """format_func for enum values: `role` + "admin" → t("role.admin")."""
    tt = bound_t()
    return lambda value: tt(f"{prefix}.{value}")


def enum_radio(label: str, members: Iterable[Enum], current: Enum | None, prefix: str, *, where=None,
               **options) -> str:  # fmt: skip
    """A radio of enum members labelled from the catalogue (`prefix`.value), on `current`
    (else the first); returns the chosen member's value."""
    values = [member.value for member in members]
    index = values.index(current.value) if current is not None else 0
    return (where or st).radio(label, values, index=index, format_func=enum_labels(prefix), **options)


def language_switch() -> None:
    """Sidebar switch; the choice lives in the session so every page follows it.

    The label is the same in both languages: a widget whose label changed with
    its own value would be a new widget each time and lose the choice.
    """
    names = {translate(code, "app.language_name"): code for code in LANGUAGES}
    st.session_state.setdefault(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    st.session_state.setdefault(_SWITCH_KEY, translate(current_language(), "app.language_name"))

    def remember() -> None:
        st.session_state[LANGUAGE_KEY] = names.get(st.session_state[_SWITCH_KEY], DEFAULT_LANGUAGE)

    st.sidebar.segmented_control(
        translate(DEFAULT_LANGUAGE, "app.language"),
        options=list(names),
        key=_SWITCH_KEY,
        on_change=remember,
        required=True,
    )


def show_errors(error: ValidationFailed, labels: dict[str, str] | None = None) -> None:
    """One Vietnamese (or English) line per problem, naming the field; names in labels and
    parameters (a unit, a bloc, a criterion) are shown as typed, never as Markdown."""
    labels = labels or {}
    lines = []
    for e in error.errors:
        message = t(e.key, **plain_params(e.params))
        # A field the form has no label for (a rule about the year, the round...) is an internal
        # name: never show it, say the message alone.
        lines.append(f"- **{plain(labels[e.field])}**: {message}" if e.field in labels else f"- {message}")
    st.error(t("error.form_has_errors") + "\n\n" + "\n".join(lines))
