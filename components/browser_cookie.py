"""Cookies written by a line of the page's own script (st.html), not by a component frame.

A component frame (extra_streamlit_components' CookieManager) loads in the browser and
reports back, and each report is one more run of the whole app: on a delegate's phone
that is one or two extra runs per login, and a quick click can land in them. A script
line runs when its element arrives, costs the server one small element, and starts no
run. The server cannot see the result (st.context.cookies is the one sent when the page
was opened), so callers draw it again on every run that needs it; writing the same
cookie twice is harmless.
"""

import json
import re
from datetime import UTC, datetime

import streamlit as st

# JWTs and the like: letters, digits, "-", "_" and dots, nothing a cookie or script could misread.
_SAFE_VALUE = re.compile(r"[A-Za-z0-9._-]*")


def cookie_line(name: str, value: str, *, expires_at: datetime | None = None, max_age: int | None = None) -> str:
    """The `document.cookie` assignment: path /, SameSite=Strict (as the component wrote it)."""
    if not _SAFE_VALUE.fullmatch(value) or not _SAFE_VALUE.fullmatch(name):
        raise ValueError("cookie names and values are token characters only")
    parts = [f"{name}={value}", "path=/"]
    if max_age is not None:
        parts.append(f"max-age={max_age}")
    if expires_at is not None:
        parts.append(f"expires={expires_at.astimezone(UTC).strftime('%a, %d %b %Y %H:%M:%S GMT')}")
    parts.append("SameSite=Strict")
    return f"<script>document.cookie = {json.dumps('; '.join(parts))};</script>"


def write_cookie(name: str, value: str, *, expires_at: datetime | None = None, max_age: int | None = None,
                 where=None) -> None:  # fmt: skip
    """Draw the line (in the sidebar by default: it takes no room on a phone's page)."""
    line = cookie_line(name, value, expires_at=expires_at, max_age=max_age)
    (where or st.sidebar).html(line, unsafe_allow_javascript=True)


def delete_cookie(name: str, *, where=None) -> None:
    write_cookie(name, "", max_age=0, where=where)
