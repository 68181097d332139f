"""An unexpected error (a bug) told in the user's language, never Streamlit's English box.

Wrapped around every run in app.py, outside the database guard: the user reads that
something went wrong, that what they were doing may not have been saved, and a short
reference; the log holds the same reference with the traceback. In demo mode the
traceback is shown as well (the demo is for people trying the app and its developers).
Streamlit's own control flow (st.rerun, st.stop, st.switch_page) derives from
BaseException, not Exception, so it passes through untouched.
"""

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from components.i18n import t
from services.settings import demo_mode

log = logging.getLogger("thidua.errors")


@contextmanager
def error_guard() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        reference = secrets.token_hex(4).upper()
        log.error("unexpected error, reference %s", reference, exc_info=error)
        st.error(t("app_error.unexpected", reference=reference), icon=":material/error:")
        if demo_mode():
            st.exception(error)
