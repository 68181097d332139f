"""The results table of a counted round, as the minutes print it: TT numbers the rows 1..n,
Hạng keeps tied ranks, percentages the Vietnamese way, winners said in words (a screen reader
reads "Trúng", not a symbol)."""

from fractions import Fraction

from components.i18n import current_language, t
from components.voting.round_words import round_t
from services.numbers import format_percent


def result_rows(data: dict, *, council: bool = False) -> list[dict]:
    """`council`: a council round's lines are proposals, passed or not, by agree votes."""
    winners = set(data["winners"])
    lang = current_language()
    return [
        {
            t("rounds_page.row_number"): number,
            t("rounds.rank"): c["rank"],
            round_t("rounds.candidate", council=council): c["name"],
            round_t("rounds.votes", council=council): c["votes"],
            t("rounds.percent"): format_percent(Fraction(c["share"]), locale=lang),
            t("rounds.passed"): t("rounds.yes") if c["passed"] else t("rounds.no"),
            round_t("rounds.elected", council=council): (
                round_t("rounds.elected_label", council=council) if c["id"] in winners else ""
            ),
        }
        for number, c in enumerate(data["candidates"], start=1)
    ]
