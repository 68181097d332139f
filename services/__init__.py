"""Domain logic. Never imports streamlit: every rule here runs under plain pytest and a CLI."""

# Archived years are read-only for every session, whichever service writes.
from services import archive as _archive  # noqa: F401
