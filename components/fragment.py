"""st.fragment with the app's two guards around the fragment's own reruns.

A fragment's rerun (a click inside it) runs the fragment alone: app.py's guards are not
around it. Without them a database restart or a bug would show Streamlit's English error
box on a delegate's phone (tests/e2e/test_faults_db_restart.py caught it)."""

import functools
from collections.abc import Callable

import streamlit as st

from components.db_guard import database_guard
from components.error_guard import error_guard


def guarded_fragment(render: Callable[..., None]) -> Callable[..., None]:
    @st.fragment
    @functools.wraps(render)
    def fragment(*args, **kwargs) -> None:
        with error_guard(), database_guard():
            render(*args, **kwargs)

    return fragment
