"""One place that turns a database outage into a plain message instead of a stack trace.

Wrapped around every run in app.py: when the database is restarting or refuses
writes, the user reads what happened and that nothing was saved, and retries.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import streamlit as st

from components.i18n import t
from services.db_faults import classify, log_fault


@contextmanager
def database_guard() -> Iterator[None]:
    try:
        yield
    except sa.exc.SQLAlchemyError as error:
        fault = classify(error)
        if fault is None:
            raise
        log_fault(fault, error)
        st.error(t(f"db_fault.{fault.value}"), icon=":material/cloud_off:")
        st.button(t("db_fault.retry"), key="_db_fault_retry", icon=":material/refresh:")  # a click is a rerun
        st.stop()
