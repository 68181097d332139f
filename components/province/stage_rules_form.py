"""The province's stage rules (services/province/stage_rules.py): the Government-flag cap, the
council's threshold and base, the rules text its minutes cite, the decision's signer.

Shares are typed as percentages in the app's number field ("20", "66,67"). A share shown
rounded (2/3 as 66,67 %) and left as it was keeps its exact value: saving the form without
touching it must not turn 2/3 into 6667/10000.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import enum_radio, t
from components.number_field import NumberForm
from services.access.sessions import Principal
from services.province.proposals import check_stage_access
from services.province.stage_rules import StageRules, save_stage_rules, stage_rules
from services.voting.rules import Comparison, ThresholdBase

HUNDRED = Decimal(100)


def shown_percent(share: Fraction) -> Decimal:
    """The share as the field shows it: a percentage to two decimals."""
    exact = Decimal(share.numerator) * HUNDRED / Decimal(share.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()


def typed_share(typed: Decimal, previous: Fraction) -> Fraction:
    """The share typed; the exact previous one when the field still shows it."""
    return previous if typed == shown_percent(previous) else Fraction(typed) / 100


def stage_rules_form(principal: Principal, *, province_id: int) -> None:
    with db_session() as session:
        current = stage_rules(session, province_id)
    with st.form(f"stage_rules_{province_id}"):
        numbers = NumberForm()
        cap = numbers.field(
            t("province_proposals.rules.cap"),
            key=f"rules_cap_{province_id}",
            value=shown_percent(current.government_flag_cap),
            minimum=Decimal("0.01"),
            maximum=HUNDRED,
            decimals=2,
            range_key="province_proposals.rules.percent_range",
            help=t("province_proposals.rules.cap_help"),
        )
        left, middle, right = st.columns(3)
        comparison = enum_radio(t("province_proposals.rules.comparison"), Comparison, current.council_comparison,
                                "comparison", where=left)  # fmt: skip
        threshold = numbers.field(
            t("province_proposals.rules.threshold"),
            key=f"rules_threshold_{province_id}",
            value=shown_percent(current.council_threshold),
            minimum=Decimal("0.01"),
            maximum=HUNDRED,
            decimals=2,
            range_key="province_proposals.rules.percent_range",
            where=middle,
        )
        base = enum_radio(t("province_proposals.rules.base"), ThresholdBase, current.council_base, "threshold_base",
                          where=right)  # fmt: skip
        text = st.text_area(
            t("province_proposals.rules.text"),
            value=current.council_rules_text or "",
            max_chars=4000,
            help=t("province_proposals.rules.text_help"),
        )
        signer = st.text_input(t("province_proposals.rules.signer"), value=current.decision_signer or "", max_chars=200)
        submitted = st.form_submit_button(t("province_proposals.rules.save"), type="primary")
    if not submitted or not numbers.accepted():
        return
    rules = StageRules(
        government_flag_cap=typed_share(cap, current.government_flag_cap),
        council_comparison=Comparison(comparison),
        council_threshold=typed_share(threshold, current.council_threshold),
        council_base=ThresholdBase(base),
        council_rules_text=text,
        decision_signer=signer,
    )

    def save() -> None:
        with db_session() as session:
            check_stage_access(session, principal=principal, province_id=province_id)
            save_stage_rules(session, province_id, rules)

    labels = {
        "government_flag_cap": t("province_proposals.rules.cap"),
        "council_threshold": t("province_proposals.rules.threshold"),
    }
    save_then_rerun(save, success_key="province_proposals.rules.saved", labels=labels)
