"""Keyed pickers whose labels carry a state ("Sở Y tế · Đã gửi", "Cờ thi đua · Đang bỏ phiếu").

The browser shows the label it last received for the chosen option; the server sends the
chosen value again only when it was set from the script. So, before drawing such a picker,
set its value to itself: the current label then reaches the browser on every run.
"""

from collections.abc import Iterable
from typing import Any

import streamlit as st


def refresh_choice(key: str, options: Iterable[Any]) -> None:
    """Call before the widget with this key is drawn; a value no longer offered is left alone."""
    if key in st.session_state and st.session_state[key] in list(options):
        st.session_state[key] = st.session_state[key]
