"""Messages that survive the rerun after a successful save, and error display."""

from collections.abc import Callable
from typing import Any

import streamlit as st

from components.change_sync import announce_change
from components.i18n import show_errors, t
from services.change_feed import Change
from services.errors import ValidationFailed

FLASH_KEY = "_flash"
# What a save changed, by the area of its success message (its key's first part).
_CHANGE_OF_AREA = {
    "rounds": Change.ROUNDS,
    "paper": Change.ROUNDS,
    "presets": Change.ROUNDS,
    "documents": Change.ROUNDS,
    "users": Change.USERS,
    "codes": Change.USERS,
    "scoring": Change.SCORES,
}


def change_of(success_key: str) -> Change:
    return _CHANGE_OF_AREA.get(success_key.split(".", 1)[0], Change.REGISTRY)


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
    # a new member): every process's cached reads start afresh (components/change_sync).
    announce_change(change_of(success_key))
    st.session_state[FLASH_KEY] = t(success_key)
    st.rerun()
