"""Keeps this process's cached reads in step with changes saved by any app process.

`announce_change(kind)` after a write: clears this process's caches and tells the others
(services/change_feed). `sync_caches()` once per run from app.py: when the listener heard
a change since this process last cleared, clear now. One integer comparison per run.
"""

import threading

import streamlit as st

from components.database import get_engine
from components.score_cache import clear_score_caches
from services.change_feed import Change, ChangeListener, announce, is_postgres

_cleared_at = {"generation": 0}
_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def change_listener() -> ChangeListener | None:
    engine = get_engine()
    return ChangeListener(engine) if is_postgres(engine) else None


def sync_caches() -> None:
    listener = change_listener()
    if listener is None:
        return
    generation = listener.generation
    if generation == _cleared_at["generation"]:
        return
    with _lock:  # several sessions' runs may notice at once: clear once
        if generation != _cleared_at["generation"]:
            _cleared_at["generation"] = generation
            clear_score_caches()


def announce_change(kind: Change) -> None:
    clear_score_caches()
    announce(get_engine(), kind)
