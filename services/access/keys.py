"""The application's secret key: signs login cookies and keys the access-code hashes.

It comes from `.streamlit/secrets.toml` ([auth] cookie_key) or THIDUA_SECRET_KEY.
Outside demo mode a missing, short or well-known key stops the app.
"""

import os

DEMO_KEY = "thidua-demo-mode-only-key-not-secret-0000"
WELL_KNOWN = {"", "some_key", "changeme", "change-me", "secret", DEMO_KEY}
MIN_LENGTH = 32
ENV_VAR = "THIDUA_SECRET_KEY"


class MissingSecretKey(RuntimeError):
    """Raised at start-up outside demo mode when no usable key is configured."""


def resolve_secret_key(*, configured: str | None, demo: bool) -> str:
    """configured: the value from secrets.toml, if any; the environment wins over it."""
    key = (os.environ.get(ENV_VAR) or configured or "").strip()
    if key in WELL_KNOWN or len(key) < MIN_LENGTH:
        if demo:
            return key if len(key) >= MIN_LENGTH else DEMO_KEY
        raise MissingSecretKey(ENV_VAR)
    return key
