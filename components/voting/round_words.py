"""A round's words on the hall's screens and its result table: a bloc's round elects units
("Đơn vị trúng"); a council round's voters are the council's members and each of its lines
is a proposal (a unit for an award) that the council passes or not, as its minutes say."""

from components.i18n import t
from services.voting.rules import COUNCIL_KINDS

# The bloc's key → the council round's own (locales/*.council.toml, [council_words]).
_COUNCIL = {
    "projector.winners": "council_words.winners",
    "projector.nobody": "council_words.nobody",
    "projector.turnout": "council_words.turnout",
    "rounds.elected_label": "council_words.passed_label",
    "rounds.not_elected_label": "council_words.not_passed_label",
    "rounds.elected": "council_words.passed_column",
    "rounds.chart_subtitle": "council_words.chart_subtitle",
    "rounds.candidate": "council_words.candidate",
    "rounds.votes": "council_words.votes",
    "rounds.counts": "council_words.counts",
}


def is_council_kind(kind: str) -> bool:
    return kind in COUNCIL_KINDS


def round_t(key: str, *, council: bool, **params) -> str:
    """t(key), or the council round's own wording of it."""
    return t(_COUNCIL.get(key, key) if council else key, **params)
