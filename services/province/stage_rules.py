"""The province's own rules for its stage, read with their defaults and checked on save."""

from dataclasses import dataclass
from fractions import Fraction

from sqlmodel import Session

from db.models import ProvinceStageRules
from services.errors import Checker
from services.voting.rules import Comparison, ThresholdBase


@dataclass(frozen=True)
class StageRules:
    government_flag_cap: Fraction  # of the year's provincial-flag holders in the province
    council_comparison: Comparison
    council_threshold: Fraction
    council_base: ThresholdBase
    council_rules_text: str | None
    decision_signer: str | None


def stage_rules(session: Session, province_id: int) -> StageRules:
    row = session.get(ProvinceStageRules, province_id) or ProvinceStageRules(province_id=province_id)
    return StageRules(
        government_flag_cap=Fraction(row.government_flag_cap),
        council_comparison=Comparison(row.council_comparison),
        council_threshold=Fraction(row.council_threshold),
        council_base=ThresholdBase(row.council_base),
        council_rules_text=row.council_rules_text,
        decision_signer=row.decision_signer,
    )


def save_stage_rules(session: Session, province_id: int, rules: StageRules) -> None:
    """Raises ValidationFailed (message keys) when a share is outside (0, 1]."""
    check = Checker()
    if not 0 < rules.government_flag_cap <= 1:
        check.add("government_flag_cap", "province.error.share_range")
    if not 0 < rules.council_threshold <= 1:
        check.add("council_threshold", "province.error.share_range")
    check.raise_if_any()
    row = session.get(ProvinceStageRules, province_id) or ProvinceStageRules(province_id=province_id)
    row.government_flag_cap = str(rules.government_flag_cap)
    row.council_comparison = rules.council_comparison.value
    row.council_threshold = str(rules.council_threshold)
    row.council_base = rules.council_base.value
    row.council_rules_text = (rules.council_rules_text or "").strip() or None
    row.decision_signer = (rules.decision_signer or "").strip() or None
    session.add(row)
    session.flush()
