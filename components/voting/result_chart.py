"""The published result as the hall sees it: one bar per candidate, winners in the flag
red, and the line every candidate had to reach."""

import json
import textwrap

import altair as alt
import pandas as pd
import streamlit as st

from components.charts import FIT_X, MUTED, PRIMARY, title
from components.i18n import current_language
from components.voting.round_words import round_t

NAME_LINE = 28  # characters per line of a unit's name on the axis: Vega cuts long labels
BIG_NAME_LINE = 24  # on the big screen the name sits above its bar, in large type, and must fit a phone
LINE_BREAK = "|"  # joins the wrapped lines; Vega splits on it (a name's own "|" becomes "/")


def wrap_name(name: str, width: int = NAME_LINE) -> str:
    return LINE_BREAK.join(textwrap.wrap(name.replace(LINE_BREAK, "/"), width)) or name


def result_chart(result_json: str, *, big: bool = False, council: bool = False) -> alt.LayerChart:
    """A published result never changes: its chart is built once per language, not on each
    of the projector's two-second refreshes (Altair validates every spec it builds).
    `big`: the hall's screen; unit names are shown whole, wrapped, in large type.
    `council`: a council round's lines are proposals passed or not (components/voting/round_words.py)."""
    return _built(result_json, current_language(), big, council)


@st.cache_resource(max_entries=64, show_spinner=False)
def _built(result_json: str, language: str, big: bool, council: bool) -> alt.LayerChart:  # language: cache key
    def t(key: str, **params) -> str:
        return round_t(key, council=council, **params)

    data = json.loads(result_json)
    winners = set(data["winners"])
    frame = pd.DataFrame(
        {
            "name": c["name"],
            "label": wrap_name(c["name"], BIG_NAME_LINE if big else NAME_LINE),
            "votes": c["votes"],
            "outcome": t("rounds.elected_label") if c["id"] in winners else t("rounds.not_elected_label"),
        }
        for c in data["candidates"]
    )
    order = list(frame.sort_values("votes", ascending=False)["label"])
    heading = title(t("rounds.chart_title"), t("rounds.chart_subtitle", required=data["required"]))
    x = alt.X("votes:Q", title=t("rounds.votes"), axis=alt.Axis(tickMinStep=1))
    color = alt.Color(
        "outcome:N",
        scale=alt.Scale(domain=[t("rounds.elected_label"), t("rounds.not_elected_label")], range=[PRIMARY, MUTED]),
        legend=None,  # the subtitle says what red means: a legend does not fit a phone
    )
    tooltip = [alt.Tooltip("name:N", title=t("rounds.candidate")), alt.Tooltip("votes:Q", title=t("rounds.votes"))]
    line = (
        alt.Chart(pd.DataFrame({"required": [data["required"]]}))
        .mark_rule(strokeDash=[4, 4])
        .encode(x="required:Q", tooltip=[alt.Tooltip("required:Q", title=t("rounds.required"))])
    )
    if big:
        return _big(frame, order, heading, x, color, tooltip, line)
    y = alt.Y(
        "label:N", sort=order, title=None, axis=alt.Axis(labelLimit=0, labelExpr=f"split(datum.label, '{LINE_BREAK}')")
    )
    bars = alt.Chart(frame).mark_bar().encode(x=x, y=y, color=color, tooltip=tooltip)
    return alt.layer(bars, line).properties(title=heading, height=alt.Step(40), autosize=FIT_X)


def _big(frame, order, heading, x, color, tooltip, line) -> alt.LayerChart:
    """Each candidate's whole name above its bar (no axis labels to cut on a phone), the votes
    at the bar's end; large type from the back of the room."""
    lines = int(frame["label"].str.count(f"\\{LINE_BREAK}").max()) + 1
    font, line_height, bar = 28, 34, 34
    step = 22 + line_height * lines + bar
    bar_middle = step / 2 - 6 - bar / 2  # from the band's middle: the bar at the band's foot
    # Vega draws a multi-line text downwards from its first line: names with fewer lines get
    # empty lines first, so every name's last line sits just above its bar.
    frame = frame.assign(
        padded=[LINE_BREAK * (lines - 1 - label.count(LINE_BREAK)) + label for label in frame["label"]]
    )
    x = x.axis(tickMinStep=1, labelFontSize=22, titleFontSize=22)  # the vote scale, readable from the back
    y = alt.Y("label:N", sort=order, title=None, axis=None)
    base = alt.Chart(frame).encode(y=y)
    bars = base.mark_bar(size=bar, yOffset=bar_middle).encode(x=x, color=color, tooltip=tooltip)
    names = base.mark_text(
        align="left", baseline="top", lineBreak=LINE_BREAK, lineHeight=line_height, fontSize=font,
        yOffset=bar_middle - bar / 2 - 4 - line_height * lines, x=0,
    ).encode(text="padded:N")  # fmt: skip
    votes = base.mark_text(
        align="left", baseline="middle", dx=8, fontSize=font, fontWeight="bold", yOffset=bar_middle
    ).encode(x="votes:Q", text="votes:Q")
    subtitle = heading.subtitle if isinstance(heading.subtitle, str) else " ".join(heading.subtitle)
    big_heading = alt.TitleParams(
        heading.text, subtitle=textwrap.wrap(subtitle, 30), anchor="start", fontSize=34, subtitleFontSize=22
    )  # fmt: skip (30 characters of 22 px fit a phone)
    return alt.layer(bars, names, votes, line).properties(title=big_heading, height=alt.Step(step), autosize=FIT_X)
