"""The published result as the hall sees it: one bar per candidate, winners in the flag
red, and the line every candidate had to reach."""

import json
import textwrap

import altair as alt
import pandas as pd
import streamlit as st

from components.charts import FIT_X, MUTED, PRIMARY, title
from components.i18n import current_language, t

NAME_LINE = 28  # characters per line of a unit's name: Vega cuts long labels, so they are wrapped
LINE_BREAK = "|"  # joins the wrapped lines; the axis splits on it (names never contain it: see wrap_name)


def wrap_name(name: str) -> str:
    return LINE_BREAK.join(textwrap.wrap(name.replace(LINE_BREAK, "/"), NAME_LINE)) or name


def result_chart(result_json: str, *, big: bool = False) -> alt.LayerChart:
    """A published result never changes: its chart is built once per language, not on each
    of the projector's two-second refreshes (Altair validates every spec it builds).
    `big`: the hall's screen, large type; unit names are shown whole, wrapped."""
    return _built(result_json, current_language(), big)


@st.cache_resource(max_entries=64, show_spinner=False)
def _built(result_json: str, language: str, big: bool) -> alt.LayerChart:  # language: part of the cache key
    data = json.loads(result_json)
    winners = set(data["winners"])
    frame = pd.DataFrame(
        {
            "name": c["name"],
            "label": wrap_name(c["name"]),
            "votes": c["votes"],
            "outcome": t("rounds.elected_label") if c["id"] in winners else t("rounds.not_elected_label"),
        }
        for c in data["candidates"]
    )
    order = list(frame.sort_values("votes", ascending=False)["label"])
    font = 22 if big else 11
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "votes:Q",
                title=t("rounds.votes"),
                axis=alt.Axis(tickMinStep=1, labelFontSize=font, titleFontSize=font),
            ),
            y=alt.Y(
                "label:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelLimit=0, labelFontSize=font, labelExpr=f"split(datum.label, '{LINE_BREAK}')"),
            ),
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
        height=alt.Step(90 if big else 40),
        autosize=FIT_X,
    )
