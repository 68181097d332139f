"""What kind of database trouble an exception means, so the UI can say it plainly.

Two faults a conference day can meet, both temporary: the database cannot be
reached (restarting, network, pool exhausted) or it refuses writes (PostgreSQL
with default_transaction_read_only during maintenance, an SQLite file opened
read-only). Anything else is a bug and is not classified.
"""

import logging
from enum import StrEnum

import sqlalchemy as sa

READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "57P")  # connection exceptions; admin/crash shutdown
_log = logging.getLogger("thidua.db")


class DbFault(StrEnum):
    UNAVAILABLE = "unavailable"
    READ_ONLY = "read_only"


def _causes(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return seen


def classify(error: BaseException) -> DbFault | None:
    causes = _causes(error)
    for cause in causes:
        sqlstate = getattr(cause, "sqlstate", None) or ""
        if sqlstate == READ_ONLY_SQLSTATE or getattr(cause, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
            return DbFault.READ_ONLY
    for cause in causes:
        sqlstate = getattr(cause, "sqlstate", None) or ""
        if sqlstate.startswith(UNAVAILABLE_SQLSTATE_CLASSES):
            return DbFault.UNAVAILABLE
        if isinstance(cause, sa.exc.DBAPIError) and cause.connection_invalidated:
            return DbFault.UNAVAILABLE
        if isinstance(cause, sa.exc.OperationalError | sa.exc.InterfaceError | sa.exc.DisconnectionError):
            return DbFault.UNAVAILABLE
        if isinstance(cause, sa.exc.TimeoutError):  # no pooled connection came free in time
            return DbFault.UNAVAILABLE
    return None


def log_fault(fault: DbFault, error: BaseException) -> None:
    """The operator's side of the message the user reads: which fault, and the driver's words."""
    first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
    _log.warning("database fault (%s): %s", fault.value, first_line)
