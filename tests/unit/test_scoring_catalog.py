"""Every message the scoring services and pages build from a name exists in both languages."""

import re
from pathlib import Path

import pytest

from db.models import CriterionKind, ScoreAction, SheetState
from locales import catalog
from services.scoring.export import RANKING_KEYS, SCORE_KEYS
from services.scoring.rules import TRANSITIONS, Actor

ROOT = Path(__file__).resolve().parents[2]


def built_keys() -> set[str]:
    keys = {f"sheet_state.{s.value}" for s in SheetState}
    keys |= {f"scoring.kind.{k.value}" for k in CriterionKind}
    keys |= {f"scoring.range.{k.value}" for k in CriterionKind} | {f"verify.range.{k.value}" for k in CriterionKind}
    keys |= {f"scoring.event.{a.value}" for a in ScoreAction}
    keys |= {f"scoring_error.cannot_{a.value}" for a in TRANSITIONS}
    keys |= {f"scoring_error.{a.value}_cannot_edit" for a in Actor}
    keys |= {f"export.{k}" for k in (*RANKING_KEYS, *SCORE_KEYS)}
    keys |= {f"verify.section.{s}" for s in ("sheet", "lock", "excel", "export")}
    return keys


def service_keys() -> set[str]:
    """Message keys written as literals in services/scoring (errors and report reasons)."""
    pattern = re.compile(r'"((?:scoring_error|excel_error|error)\.[a-z_]+)"')
    return {k for path in (ROOT / "services" / "scoring").glob("*.py") for k in pattern.findall(path.read_text())}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_built_and_service_keys_exist(language):
    keys = built_keys() | service_keys()
    assert len(service_keys()) > 30
    assert not sorted(k for k in keys if k not in catalog(language))


def test_placeholders_match_between_languages():
    vi, en = catalog("vi"), catalog("en")
    for key in (
        k
        for k in vi
        if k.split(".")[0]
        in {"scoring", "covenant", "verify", "evidence", "excel", "lock", "export", "scoring_error", "excel_error"}
    ):
        assert set(re.findall(r"{(\w+)}", vi[key])) == set(re.findall(r"{(\w+)}", en[key])), key
