"""Errors that carry message keys, so the UI can say them in the user's language."""

import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

_log = logging.getLogger("thidua.errors")


@dataclass(frozen=True)
class FieldError:
    field: str
    key: str  # a message key in locales/*.toml
    params: dict[str, Any] = field(default_factory=dict)


class ValidationFailed(Exception):
    """Bad input: nothing was written. Carries every problem found, not just the first."""

    def __init__(self, errors: list[FieldError]):
        super().__init__(", ".join(f"{e.field}: {e.key}" for e in errors))
        self.errors = errors


class Checker:
    """Collects field errors, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field_name: str, key: str, **params: Any) -> None:
        self.errors.append(FieldError(field_name, key, params))

    def text(self, field_name: str, value: str | None, *, max_len: int, required: bool = True) -> str:
        cleaned = " ".join((value or "").split())
        if required and not cleaned:
            self.add(field_name, "error.required")
        elif len(cleaned) > max_len:
            self.add(field_name, "error.too_long", max=max_len)
        return cleaned

    def year(self, field_name: str, value: int | None) -> int:
        if value is None or not (YEAR_MIN <= int(value) <= YEAR_MAX):
            self.add(field_name, "error.year_range", min=YEAR_MIN, max=YEAR_MAX)
            return 0
        return int(value)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(list(self.errors))


YEAR_MIN = 2000
YEAR_MAX = 2100


def log_unexpected(error: BaseException) -> str:
    """An unexpected error (a bug) in the log with its traceback, under a short reference the
    user is shown and can give the operator."""
    reference = secrets.token_hex(4).upper()
    _log.error("unexpected error, reference %s", reference, exc_info=error)
    return reference
