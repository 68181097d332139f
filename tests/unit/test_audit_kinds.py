"""Every kind of event the services append has its words on the audit page, in both languages."""

import re
from pathlib import Path

from locales import catalog
from services.voting.audit_list import KINDS

SERVICES = Path(__file__).resolve().parents[2] / "services"


def appended_kinds() -> set[str]:
    kinds = set()
    for path in SERVICES.rglob("*.py"):
        kinds |= set(re.findall(r'audit\.append\([^)]*?kind="([a-z_]+)"', path.read_text(), flags=re.S))
    return kinds


def test_every_appended_kind_is_listed_and_named():
    kinds = appended_kinds()
    assert {"round_opened", "ballot_accepted", "round_closed"} <= kinds  # the scan finds the calls
    assert kinds <= set(KINDS), kinds - set(KINDS)
    for language in ("vi", "en"):
        missing = [k for k in KINDS if f"audit_events.kind.{k}" not in catalog(language)]
        assert not missing, (language, missing)
