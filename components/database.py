"""One engine per process (thread-safe, shared by every session)."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import streamlit as st
from sqlmodel import Session

from db.engine import make_engine, session_scope
from services.bootstrap import ensure_first_admin


@st.cache_resource(show_spinner=False)
def get_engine() -> sa.Engine:
    return make_engine()


@st.cache_resource(show_spinner=False)
def bootstrap() -> str | None:
    """Once per process: the first admin from the environment, if configured."""
    with session_scope(get_engine()) as session:
        return ensure_first_admin(session)


@contextmanager
def db_session() -> Iterator[Session]:
    with session_scope(get_engine()) as session:
        yield session
