"""One table of status words (issue 13, item 8): a score sheet's and a round's states are named
in locales/<lang>.status.toml only, so every page says the same word for the same state."""

import re
import tomllib
from pathlib import Path

import pytest

from db.models import SheetState
from db.models.voting import RoundStatus
from locales import LANGUAGES, LOCALES_DIR, catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_state_has_one_word_in_the_status_table(lang):
    with open(LOCALES_DIR / f"{lang}.status.toml", "rb") as handle:
        table = tomllib.load(handle)
    assert set(table["sheet_state"]) == {s.value for s in SheetState}
    assert set(table["round_status"]) == {s.value for s in RoundStatus}
    words = catalog(lang)
    # No second table of the same states under another name.
    for prefix in ("scoring.state.", "dash.state."):
        assert not [k for k in words if k.startswith(prefix)], prefix


def test_vietnamese_words_are_the_agreed_ones():
    words = catalog("vi")
    assert [words[f"sheet_state.{s}"] for s in ("draft", "submitted", "verified", "returned", "locked")] == [
        "Bản nháp",
        "Đã gửi, chờ thẩm định",
        "Đã thẩm định",
        "Bị trả lại",
        "Đã khóa",
    ]


def test_no_code_asks_for_the_old_tables():
    pattern = re.compile(r"(scoring\.state|dash\.state)[\"'.]")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("components", "pages", "services")
        for path in (ROOT / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
