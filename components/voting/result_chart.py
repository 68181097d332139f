"""The published result as the hall sees it: one bar per candidate, winners in the flag
red, and the line every candidate had to reach."""

import json

import altair as alt
import pandas as pd
import streamlit as st

from components.charts import FIT_X, MUTED, PRIMARY, title
from components.i18n import current_language, t


def result_chart(result_json: str) -> alt.LayerChart:
    """A published result never changes: its chart is built once per language, not on each
    of the projector's two-second refreshes (Altair validates every spec it builds)."""
    return _built(result_json, current_language())


@st.cache_resource(max_entries=64, show_spinner=False)
def _built(result_json: str, language: str) -> alt.LayerChart:  # language: part of the cache key
    data = json.loads(result_json)
    winners = set(data["winners"])
    frame = pd.DataFrame(
        {
            "name": c["name"],
            "votes": c["votes"],
            "outcome": t("rounds.elected_label") if c["id"] in winners else t("rounds.not_elected_label"),
        }
        for c in data["candidates"]
    )
    order = list(frame.sort_values("votes", ascending=False)["name"])
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("votes:Q", title=t("rounds.votes"), axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=160)),
            color=alt.Color(
                "outcome:N",
                scale=alt.Scale(
                    domain=[t("rounds.elected_label"), t("rounds.not_elected_label")], range=[PRIMARY, MUTED]
                ),
                legend=None,  # the subtitle says what red means: a legend does not fit a phone
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("rounds.candidate")),
                alt.Tooltip("votes:Q", title=t("rounds.votes")),
            ],
        )
    )
    line = (
        alt.Chart(pd.DataFrame({"required": [data["required"]]}))
        .mark_rule(strokeDash=[4, 4])
        .encode(x="required:Q", tooltip=[alt.Tooltip("required:Q", title=t("rounds.required"))])
    )
    return alt.layer(bars, line).properties(
        title=title(t("rounds.chart_title"), t("rounds.chart_subtitle", required=data["required"])),
        height=alt.Step(28),
        autosize=FIT_X,
    )
