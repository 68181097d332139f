"""t(): the UI's words in the user's language (Vietnamese unless they switch)."""

from typing import Any

import streamlit as st

from locales import DEFAULT_LANGUAGE, LANGUAGES, translate
from services.errors import ValidationFailed

LANGUAGE_KEY = "lang"


def current_language() -> str:
    lang = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: Any) -> str:
    return translate(current_language(), key, **params)


def language_switch() -> None:
    """Sidebar switch; the choice lives in the session so every page follows it."""
    st.session_state.setdefault(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    st.sidebar.segmented_control(
        t("app.language"),
        options=list(LANGUAGES),
        format_func=lambda code: translate(code, "app.language_name"),
        key=LANGUAGE_KEY,
        selection_mode="single",
        required=True,
    )


def show_errors(error: ValidationFailed, labels: dict[str, str] | None = None) -> None:
    """One Vietnamese (or English) line per problem, naming the field."""
    labels = labels or {}
    lines = [f"- **{labels.get(e.field, e.field)}**: {t(e.key, **e.params)}" for e in error.errors]
    st.error(t("error.form_has_errors") + "\n\n" + "\n".join(lines))
