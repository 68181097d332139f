"""Altair chart builders: Vietnamese (or English) titles, axis labels and tooltips.

Data arrive aggregated (one row per unit, or units × criteria of one bloc-year).
Charts take the container's width and label units by short name, so they fit a
phone without horizontal scrolling; tooltips carry the full names.
"""

import textwrap

import altair as alt
import pandas as pd

from components.i18n import t
from services.dashboards.heatmap import group_code

PRIMARY = "#B3261E"  # the theme's flag red, for verified scores
MUTED = "#8C8C8C"  # self scores
ROW = alt.Step(26)
# Layers that share a data frame get it once, on the layer: with the frame on each layer,
# Altair hashes every layer's data (a DataFrame repr) to hoist it, ~1/4 of a heatmap run (py-spy).
# Streamlit's default autosize "fit" squeezes the plot into the given height minus
# titles and legends; "fit-x" fits the width only, so `height` is the plot's own.
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")


SUBTITLE_LINE = 46  # characters: Vega never wraps a subtitle, and a phone shows about this many


def title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    lines = textwrap.wrap(subtitle or "", SUBTITLE_LINE) or [""]
    return alt.TitleParams(text, subtitle=lines if len(lines) > 1 else lines[0], anchor="start", fontSize=15)


def tip(field: str, key: str, *, kind: str = "N", fmt: str | None = None) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:{kind}", title=t(key), **({"format": fmt} if fmt else {}))


def unit_axis(order: list[str]) -> alt.Y:
    return alt.Y("short_name:N", sort=order, title=t("dash.col.unit"), axis=alt.Axis(labelLimit=130))


def ranking_bar(ranking: pd.DataFrame) -> alt.LayerChart:
    data = ranking.dropna(subset=["verified"]).astype({"rank": "float64"})
    order = list(data["short_name"])
    base = alt.Chart().encode(
        x=alt.X("verified:Q", title=t("dash.col.verified")),
        y=unit_axis(order),
        tooltip=[
            tip("unit", "dash.col.unit"),
            tip("rank", "dash.col.rank", kind="Q", fmt="d"),
            tip("verified", "dash.col.verified", kind="Q"),
            tip("self", "dash.col.self", kind="Q"),
            tip("gap", "dash.col.gap", kind="Q"),
        ],
    )
    bars = base.mark_bar(color=PRIMARY)
    labels = base.mark_text(align="right", dx=-4, color="white", fontWeight="bold").encode(text="verified:Q")
    return alt.layer(bars, labels, data=data).properties(
        title=title(t("dash.chart.ranking"), t("dash.chart.ranking_note")),
        width="container",
        autosize=FIT_X,
        height=ROW,
    )


def self_vs_verified(ranking: pd.DataFrame) -> alt.LayerChart:
    self_label, verified_label = t("dash.col.self"), t("dash.col.verified")
    order = list(ranking["short_name"])
    long = ranking.melt(
        id_vars=["short_name", "unit"], value_vars=["self", "verified"], var_name="measure", value_name="points"
    ).dropna(subset=["points"])
    long["measure"] = long["measure"].map({"self": self_label, "verified": verified_label})
    rule = (
        alt.Chart(ranking.dropna(subset=["verified"]))
        .mark_rule(color="#BDBDBD", strokeWidth=3)
        .encode(x="verified:Q", x2="self:Q", y=unit_axis(order))
    )
    points = (
        alt.Chart(long)
        .mark_circle(size=110, opacity=1)
        .encode(
            x=alt.X("points:Q", title=t("dash.axis.points"), scale=alt.Scale(zero=False)),
            y=unit_axis(order),
            color=alt.Color(
                "measure:N",
                scale=alt.Scale(domain=[self_label, verified_label], range=[MUTED, PRIMARY]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                tip("unit", "dash.col.unit"),
                tip("measure", "dash.axis.measure"),
                tip("points", "dash.axis.points", kind="Q"),
            ],
        )
    )
    return (rule + points).properties(
        title=title(t("dash.chart.self_vs_verified"), t("dash.chart.self_vs_verified_note")),
        width="container",
        autosize=FIT_X,
        height=ROW,
    )


def _share_color(field: str) -> alt.Color:
    # Deductions are negative shares (red), bonuses and normal criteria positive (blue).
    return alt.Color(
        f"{field}:Q",
        title=t("dash.axis.share"),
        scale=alt.Scale(scheme="redblue", domain=[-1, 1], domainMid=0),
        legend=alt.Legend(format="%", orient="top", gradientLength=160),
    )


def criteria_heatmap(cells: pd.DataFrame, units: list[str], criteria: list[str], measure: str) -> alt.LayerChart:
    """`measure` is "verified" or "self": which score the colours show."""
    share, points = f"{measure}_share", measure
    tooltip = [
        tip("unit", "dash.col.unit"),
        tip("group", "dash.col.group"),
        tip("criterion", "dash.col.criterion"),
        tip(points, f"dash.col.{measure}", kind="Q"),
        tip("max_points", "dash.col.max_points", kind="Q"),
        tip(share, "dash.axis.share", kind="Q", fmt=".0%"),
    ]
    base = alt.Chart().encode(
        x=alt.X(
            "code:N",
            sort=criteria,
            title=t("dash.axis.criterion"),
            axis=alt.Axis(labelAngle=-90, orient="top", labelOverlap=False, labelFontSize=10),
        ),
        y=unit_axis(units),
    )
    missing = base.mark_rect(color="#C8C8C8", stroke="white").encode(
        tooltip=[tip("unit", "dash.col.unit"), tip("criterion", "dash.col.criterion")]
    )
    filled = (
        base.transform_filter(f"isValid(datum.{share})")
        .mark_rect(stroke="white")
        .encode(color=_share_color(share), tooltip=tooltip)
    )
    return alt.layer(missing, filled, data=cells).properties(
        title=title(t("dash.chart.heatmap"), t("dash.chart.heatmap_note")),
        width="container",
        autosize=FIT_X,
        height=ROW,
    )


def group_heatmap(groups: pd.DataFrame, units: list[str], measure: str) -> alt.LayerChart:
    data = groups.assign(
        code=groups["position"].map(group_code),
        share=(groups[measure] / groups["max_points"]).where(groups["max_points"] > 0),
    )
    base = alt.Chart().encode(
        x=alt.X(
            "code:N",
            sort=list(dict.fromkeys(data["code"])),
            title=t("dash.col.group"),
            axis=alt.Axis(labelAngle=0, orient="top"),
        ),
        y=unit_axis(units),
        tooltip=[
            tip("unit", "dash.col.unit"),
            tip("group", "dash.col.group"),
            tip(measure, f"dash.col.{measure}", kind="Q"),
            tip("max_points", "dash.col.max_points", kind="Q"),
        ],
    )
    missing = base.mark_rect(color="#C8C8C8", stroke="white")
    known = base.transform_filter(f"isValid(datum.{measure})")
    cells = known.mark_rect(stroke="white").encode(
        color=alt.Color("share:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=None)
    )
    text = known.mark_text(fontSize=11).encode(
        text=alt.Text(f"{measure}:Q", format=".1f"),
        color=alt.condition("datum.share > 0.6", alt.value("white"), alt.value("#1F2328")),
    )
    return alt.layer(missing, cells, text, data=data).properties(
        title=title(t("dash.chart.groups")), width="container", autosize=FIT_X, height=ROW
    )
