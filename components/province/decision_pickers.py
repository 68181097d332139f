"""The decision page's province and year: an officer sees only the province of their scope."""

from dataclasses import dataclass

import streamlit as st

from components.database import db_session
from components.i18n import t
from services.access.sessions import Principal
from services.clock import local_today
from services.province.decision import council_years, decision_years, provinces_for


@dataclass(frozen=True)
class DecisionChoice:
    province_id: int
    province_name: str
    year: int


def decision_pickers(principal: Principal) -> DecisionChoice | None:
    with db_session() as session:
        provinces = provinces_for(session, principal)
        if not provinces:
            st.info(t("decision.no_province"))
            return None
        left, right = st.columns(2)
        province_id = left.selectbox(t("decision.province"), list(provinces), format_func=provinces.get,
                                     key="decision_province")  # fmt: skip
        voted = council_years(session, province_id=province_id)
        years = sorted(set(voted) | set(decision_years(session, province_id=province_id)), reverse=True)
    years = years or [local_today().year]
    # Opens on the latest year the council has voted on: the one whose decision is due.
    start = years.index(voted[0]) if voted else 0
    year = right.selectbox(t("decision.year"), years, index=start, key=f"decision_year_{province_id}")
    return DecisionChoice(province_id, provinces[province_id], year)
