"""Small shared pieces of the scoring pages: numbers, names, error labels, save-and-say-the-total."""

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import streamlit as st

from components.change_sync import announce_change
from components.feedback import FLASH_KEY
from components.i18n import current_language, show_errors, t
from components.text import plain_params
from services.change_feed import Change
from services.errors import FieldError, ValidationFailed
from services.scoring.covenants import CriterionLine
from services.scoring.points import as_text
from services.scoring.rules import NotAllowed


def points(value: Decimal | None) -> str:
    """85.50 → "85,5" in Vietnamese, "85.5" in English; None → "—"."""
    if value is None:
        return "—"
    text = as_text(value)
    return text.replace(".", ",") if current_language() == "vi" else text


def state_name(state: Any) -> str:
    return t(f"sheet_state.{getattr(state, 'value', state)}")


def criterion_label(line: CriterionLine) -> str:
    return f"{line.code}. {line.name}"


def error_labels(lines: list[CriterionLine] = ()) -> dict[str, str]:
    labels = {
        "sheet": t("scoring.sheet"),
        "reason": t("verify.reason"),
        "file": t("evidence.file"),
        "criterion": t("scoring.criterion"),
        "confirm": t("scoring.confirm"),
    }
    labels.update({f"c{line.id}": criterion_label(line) for line in lines})
    return labels


def translated(error_params: dict[str, Any]) -> dict[str, Any]:
    """Message parameters that name a sheet state, in the user's language."""
    params = dict(error_params)
    if "state" in params:
        params["state"] = state_name(params["state"])
    return params


def run_and_flash(action: Callable[[], Any], message: Callable[[Any], str], labels: dict[str, str]) -> None:
    """Run one write; on success clear the score caches, keep `message(result)` for after the rerun."""
    try:
        result = action()
    except NotAllowed as error:  # a rule said no: say why, without "fix these fields"
        said = " ".join(t(e.key, **plain_params(translated(e.params))) for e in error.errors)
        st.error(said, icon=":material/block:")
        return
    except ValidationFailed as error:
        show_errors(error, labels)
        return
    announce_change(Change.SCORES)  # this process's score caches, and every other process's
    st.session_state[FLASH_KEY] = message(result)
    st.rerun()


def missing_confirmation(labels: dict[str, str]) -> None:
    show_errors(ValidationFailed([FieldError("confirm", "scoring_error.confirm_first")]), labels)


def localize_uploader() -> None:
    """st.file_uploader's own words ("Upload", "5MB per file • …") are English in every
    language; swap the button text for ours and hide the hint (our caption states the limits)."""
    label = json.dumps(t("evidence.choose_file"), ensure_ascii=False)  # a valid CSS string literal
    st.html(
        "<style>"
        "[data-testid=stFileUploaderDropzoneInstructions]{display:none}"
        "[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p{font-size:0}"
        f"[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p::after{{content:{label};"
        "font-size:0.875rem}"
        "</style>"
    )
