"""The council's published rounds of the year and what each proposal got."""

import pandas as pd
import streamlit as st

from components.downloads import show_table
from components.i18n import t
from components.text import plain
from services.clock import format_day
from services.numbers import format_number
from services.province.decision import CouncilOutcome


def show_outcomes(outcomes: list[CouncilOutcome]) -> None:
    st.subheader(t("decision.rounds"))
    for outcome in outcomes:
        st.markdown(
            t(
                "decision.round_line",
                award=t(f"dash.award.{outcome.award.value}"),
                title=plain(outcome.title),
                date=format_day(outcome.held_on),
                approved=format_number(len(outcome.approved)),
                count=format_number(len(outcome.candidates)),
                rule=plain(outcome.rule),
            )
        )
        rows = [
            {
                "unit": c.name,
                "votes": f"{format_number(c.votes)}/{format_number(c.base)}",
                "outcome": t("decision.passed") if c.approved else t("decision.not_passed"),
            }
            for c in outcome.candidates
        ]
        show_table(
            pd.DataFrame(rows, columns=["unit", "votes", "outcome"]),
            {"unit": t("decision.col_unit"), "votes": t("decision.col_votes"), "outcome": t("decision.col_outcome")},
            name=f"hoi-dong-{outcome.round_id}",
            key=f"decision_round_{outcome.round_id}",
        )
