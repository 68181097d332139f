"""RoundSettings to and from JSON (Fractions kept exact as "n/d")."""

import json
from dataclasses import asdict, fields
from enum import StrEnum
from fractions import Fraction

from services.voting import rules
from services.voting.rules import RoundSettings

_ENUMS = {
    "kind": rules.RoundKind,
    "form": rules.BallotForm,
    "comparison": rules.Comparison,
    "base": rules.ThresholdBase,
    "candidates": rules.CandidateSource,
    "when_none_passes": rules.WhenNonePasses,
}
_FRACTIONS = {"seats_share", "threshold", "quorum"}


def to_json(settings: RoundSettings) -> str:
    data = asdict(settings)
    for key in _FRACTIONS:
        data[key] = None if data[key] is None else f"{data[key].numerator}/{data[key].denominator}"
    data["tie_breaks"] = [t.value for t in settings.tie_breaks]
    return json.dumps({k: v.value if isinstance(v, StrEnum) else v for k, v in data.items()}, sort_keys=True)


def from_json(text: str) -> RoundSettings:
    data = json.loads(text)
    known = {f.name for f in fields(RoundSettings)}
    values = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key in _ENUMS:
            value = _ENUMS[key](value)
        elif key in _FRACTIONS and value is not None:
            value = Fraction(value)
        elif key == "tie_breaks":
            value = tuple(rules.TieBreak(v) for v in value)
        values[key] = value
    return RoundSettings(**values)
