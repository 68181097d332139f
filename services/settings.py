"""Process-wide settings read from the environment."""

import os

TRUE_VALUES = {"1", "true", "yes", "on"}


def demo_mode() -> bool:
    """Demo mode shows demo data and accounts. Never on in production."""
    return os.environ.get("THIDUA_DEMO", "").strip().lower() in TRUE_VALUES
