"""Reading a ballot export strictly (docs/ballot-export.md): every field present, of its type,
and nothing else. A file that fails here is not a ballot export the recount can read (exit 2).

Stored settings are read leniently by services.voting.settings_codec (old rounds stay
readable); the export is held to the documented format instead: fractions exactly "n/d"
(or a whole number) as strings, exactly one of `seats` and `seats_share`, no defaults.
"""

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from services.voting import rules
from services.voting.rules import RoundSettings

FORMAT = "thidua.ballot-export"
VERSIONS = {1}
TOP = ("format", "version", "round", "settings", "members", "issued", "draw_seed", "candidates", "ballots",
       "receipt_hashes", "result")  # fmt: skip
ROUND = ("id", "title", "kind", "bloc", "year", "status")
ENUMS: dict[str, type[StrEnum]] = {
    "kind": rules.RoundKind,
    "form": rules.BallotForm,
    "comparison": rules.Comparison,
    "base": rules.ThresholdBase,
    "candidates": rules.CandidateSource,
    "when_none_passes": rules.WhenNonePasses,
}
SETTINGS = (*ENUMS, "seats", "seats_share", "max_choices", "min_choices", "threshold", "quorum", "top_n",
            "self_vote", "tie_breaks")  # fmt: skip
_FRACTION = re.compile(r"([0-9]{1,18})(?:/([0-9]{1,18}))?")
_DECIMAL = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,30})?([eE][-+]?[0-9]{1,4})?")


@dataclass(frozen=True)
class Message:
    """A message key of locales/*.recount.toml with its parameters (a parameter may be a Message)."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()


def message(key: str, **params: Any) -> Message:
    return Message(key, tuple(params.items()))


class RecountError(ValueError):
    """The data is not a ballot export this program can read."""

    def __init__(self, key: str, **params: Any):
        self.message = message(key, **params)
        super().__init__(key)


@dataclass(frozen=True)
class Export:
    data: dict  # the parsed file, every field checked
    settings: RoundSettings
    candidate_ids: tuple[int, ...]


def read_export(data: Any) -> Export:
    """The export checked field by field; raises RecountError naming the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecountError("recount.fail.not_export", format=FORMAT)
    version = data.get("version")
    if not _is_int(version) or version not in VERSIONS:
        raise RecountError("recount.fail.version", version=shown(version), known=", ".join(map(str, VERSIONS)))
    _fields(data, "", TOP)
    round_ = _fields(data["round"], "round", ROUND)
    for key in ("id", "bloc", "year"):
        _int(round_[key], f"round.{key}")
    _str(round_["title"], "round.title")
    _enum(round_["kind"], "round.kind", rules.RoundKind)
    if round_["status"] != "published":
        raise RecountError("recount.fail.not_published")
    members = _int(data["members"], "members", minimum=0)
    _int(data["issued"], "issued", minimum=0)
    _str(data["draw_seed"], "draw_seed")
    settings = _settings(data["settings"], members)
    ids = _candidates(data["candidates"])
    for index, ballot in enumerate(_list(data["ballots"], "ballots")):
        _ballot(ballot, f"ballots[{index}]")
    for index, receipt in enumerate(_list(data["receipt_hashes"], "receipt_hashes")):
        _str(receipt, f"receipt_hashes[{index}]")
    return Export(data, settings, ids)


def _settings(value: Any, members: int) -> RoundSettings:
    data = _fields(value, "settings", SETTINGS)
    values: dict[str, Any] = {key: _enum(data[key], f"settings.{key}", enum) for key, enum in ENUMS.items()}
    for key in ("threshold", "quorum"):
        values[key] = _fraction(data[key], f"settings.{key}")
    if (data["seats"] is None) == (data["seats_share"] is None):
        raise RecountError("recount.fail.seats_one_of")
    values["seats"] = None if data["seats"] is None else _int(data["seats"], "settings.seats", minimum=1)
    share = None if data["seats_share"] is None else _fraction(data["seats_share"], "settings.seats_share")
    values["seats_share"] = share
    values["max_choices"] = _optional_int(data["max_choices"], "settings.max_choices", minimum=1)
    values["min_choices"] = _int(data["min_choices"], "settings.min_choices", minimum=0)
    values["top_n"] = _optional_int(data["top_n"], "settings.top_n", minimum=1)
    values["self_vote"] = _bool(data["self_vote"], "settings.self_vote")
    breaks = _list(data["tie_breaks"], "settings.tie_breaks")
    values["tie_breaks"] = tuple(_enum(v, f"settings.tie_breaks[{i}]", rules.TieBreak) for i, v in enumerate(breaks))
    if not breaks or len(set(values["tie_breaks"])) != len(breaks):
        raise RecountError("recount.fail.tie_breaks")
    for key, low, high in (("threshold", 0, 1), ("quorum", 0, 1), ("seats_share", 0, 1)):
        if values[key] is not None and not (low < values[key] <= high or (key == "quorum" and values[key] == 0)):
            raise RecountError("recount.fail.range", path=f"settings.{key}", value=shown(data[key]))
    settings = RoundSettings(**values)
    if settings.seat_count(members) < 1:
        raise RecountError("recount.fail.no_seats", members=members)
    return settings


def _candidates(value: Any) -> tuple[int, ...]:
    ids: list[int] = []
    for index, candidate in enumerate(_list(value, "candidates")):
        path = f"candidates[{index}]"
        candidate = _fields(candidate, path, ("id", "name", "score"))
        ids.append(_int(candidate["id"], f"{path}.id"))
        _str(candidate["name"], f"{path}.name")
        if candidate["score"] is not None:
            _decimal(candidate["score"], f"{path}.score")
    if len(set(ids)) != len(ids):
        raise RecountError("recount.fail.candidate_twice", id=next(i for i in ids if ids.count(i) > 1))
    return tuple(ids)


def _ballot(value: Any, path: str) -> None:
    ballot = _fields(value, path, ("valid", "invalid_reason", "marks"))
    _bool(ballot["valid"], f"{path}.valid")
    if ballot["invalid_reason"] is not None:
        _str(ballot["invalid_reason"], f"{path}.invalid_reason")
    for index, mark in enumerate(_list(ballot["marks"], f"{path}.marks")):
        if not (isinstance(mark, list) and len(mark) == 2):
            pair = message("recount.want.pair")
            raise RecountError("recount.fail.type", path=f"{path}.marks[{index}]", expected=pair)
        _int(mark[0], f"{path}.marks[{index}][0]")
        _str(mark[1], f"{path}.marks[{index}][1]")


def _fields(value: Any, path: str, names: tuple[str, ...]) -> dict:
    where = f"{path}." if path else ""
    if not isinstance(value, dict):
        raise RecountError("recount.fail.type", path=path or "/", expected=message("recount.want.object"))
    if missing := [name for name in names if name not in value]:
        raise RecountError("recount.fail.missing", path=", ".join(where + m for m in missing))
    if unknown := sorted(str(key) for key in value if key not in names):
        names = (json.dumps(u, ensure_ascii=False)[1:-1][:30] for u in unknown[:3])  # one line, no quotes
        raise RecountError("recount.fail.unknown", path=", ".join(where + n for n in names))
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int(value: Any, path: str, *, minimum: int | None = None) -> int:
    if not _is_int(value):
        raise RecountError("recount.fail.type", path=path, expected=message("recount.want.int"))
    if minimum is not None and value < minimum:
        raise RecountError("recount.fail.minimum", path=path, value=shown(value), minimum=minimum)
    return value


def _optional_int(value: Any, path: str, *, minimum: int) -> int | None:
    return None if value is None else _int(value, path, minimum=minimum)


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise RecountError("recount.fail.type", path=path, expected=message("recount.want.str"))
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise RecountError("recount.fail.type", path=path, expected=message("recount.want.bool"))
    return value


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise RecountError("recount.fail.type", path=path, expected=message("recount.want.list"))
    return value


def _enum(value: Any, path: str, enum: type[StrEnum]) -> StrEnum:
    if not isinstance(value, str) or value not in {e.value for e in enum}:
        raise RecountError("recount.fail.enum", path=path, value=shown(value), choices=", ".join(e.value for e in enum))
    return enum(value)


def _fraction(value: Any, path: str) -> Fraction:
    """Exactly "n/d" or "n" (digits only): "0.7", "70%", 0.7 and "7/0" are refused."""
    match = _FRACTION.fullmatch(value) if isinstance(value, str) else None
    if match is None or (match[2] is not None and int(match[2]) == 0):
        raise RecountError("recount.fail.fraction", path=path, value=shown(value))
    return Fraction(int(match[1]), int(match[2] or 1))


def _decimal(value: Any, path: str) -> Decimal:
    if not (isinstance(value, str) and _DECIMAL.fullmatch(value)):
        raise RecountError("recount.fail.type", path=path, expected=message("recount.want.decimal"))
    return Decimal(value)


def shown(value: Any, limit: int = 40) -> str:
    """A value as the file wrote it, cut short: a message stays one line."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
