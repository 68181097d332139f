"""Time in one place: aware UTC datetimes inside (SQLite hands back naive ones), and one
display zone outside: the province's clock, not the server's, which is often UTC."""

import os
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def display_zone() -> ZoneInfo:
    return ZoneInfo(os.environ.get("THIDUA_TIMEZONE") or "Asia/Ho_Chi_Minh")


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(display_zone())


def local_time(moment: datetime | None, pattern: str = "%H:%M %d/%m/%Y") -> str:
    return local(moment).strftime(pattern) if moment else ""


def format_day(day: date | None) -> str:
    """A date as the app writes it on screen and in messages: dd/mm/yyyy ("" for none)."""
    return day.strftime("%d/%m/%Y") if day else ""


def from_local(day: date, at: time) -> datetime:
    """A date and time typed in the display zone, as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=display_zone()).astimezone(UTC)


def local_today() -> date:
    """Today in the display zone (the server's own date may still be yesterday's)."""
    return local(now()).date()
