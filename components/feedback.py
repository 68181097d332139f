"""Messages that survive the rerun after a successful save, and error display."""

from collections.abc import Callable
from typing import Any

import streamlit as st

from components.i18n import show_errors, t
from components.score_cache import clear_score_caches
from services.errors import ValidationFailed

FLASH_KEY = "_flash"


def show_flash() -> None:
    # Always one slot, message or not: the elements below keep their place between runs,
    # so an expander the user opened does not fold up when the message goes away.
    slot = st.empty()
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        slot.success(message, icon=":material/check_circle:")


def save_then_rerun(action: Callable[[], Any], *, success_key: str, labels: dict[str, str]) -> None:
    """Run a service call; on bad input show every error and keep the form as typed."""
    try:
        action()
    except ValidationFailed as error:
        show_errors(error, labels)
        return
    # Any saved change may show on a dashboard (a published round's awards, next year's chair,
    # a new member): this process's cached reads start afresh; other processes within their ttl.
    clear_score_caches()
    st.session_state[FLASH_KEY] = t(success_key)
    st.rerun()
