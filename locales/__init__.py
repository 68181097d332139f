"""Message catalogs: Vietnamese (the default) and English.

Each language is `<lang>.toml` plus any `<lang>.<area>.toml` (one per feature area,
so areas can be edited independently); a key defined twice is an error.
Keys are dotted names (`home.title`); values may hold str.format fields.
"""

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in [LOCALES_DIR / f"{language}.toml", *sorted(LOCALES_DIR.glob(f"{language}.*.toml"))]:
        with open(path, "rb") as handle:
            entries = _flatten(tomllib.load(handle))
        if clash := merged.keys() & entries.keys():
            raise ValueError(f"{path.name} defines keys again: {sorted(clash)[:5]}")
        merged.update(entries)
    return merged


def translate(language: str, key: str, **params: Any) -> str:
    """The message for `key`; falls back to Vietnamese, then to the key itself (visible in tests)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    text = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**params) if params else text
