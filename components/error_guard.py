"""An unexpected error (a bug) told in the user's language, never Streamlit's English box.

Wrapped around every run in app.py, outside the database guard: the user reads that
something went wrong, that what they were doing may not have been saved, and a short
reference; the log holds the same reference with the traceback. In demo mode the
traceback is shown as well (the demo is for people trying the app and its developers).
Streamlit's own control flow (st.rerun, st.stop, st.switch_page) derives from
BaseException, not Exception, so it passes through untouched.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from components.i18n import t
from services.errors import log_unexpected
from services.settings import demo_mode


@contextmanager
def error_guard() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        reference = log_unexpected(error)
        st.error(t("app_error.unexpected", reference=reference), icon=":material/error:")
        if demo_mode():
            st.exception(error)
