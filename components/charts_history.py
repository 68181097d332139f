"""Altair charts over the years (unit profile, bloc history) and across a province."""

import altair as alt
import pandas as pd

from components.charts import FIT_X, MUTED, PRIMARY, ROW, tip, title
from components.i18n import t

STATE_COLORS = {
    "locked": "#1B5E20",
    "verified": "#66BB6A",
    "submitted": "#42A5F5",
    "returned": "#FFA726",
    "draft": "#BDBDBD",
}
ROLE_COLORS = {"chair": PRIMARY, "deputy": "#F2A9A4"}
AWARD_COLORS = {"provincial_flag": PRIMARY, "government_flag": "#6A1B9A", "certificate_of_merit": "#F9A825"}


def _labelled_scale(colors: dict[str, str], prefix: str, present) -> tuple[dict[str, str], alt.Scale]:
    """Labels in the user's language and fixed colours, for the values in the data only
    (a legend entry for something that never happens is noise, and costs room on a phone)."""
    shown = {key: color for key, color in colors.items() if key in set(present)}
    labels = {key: t(f"{prefix}.{key}") for key in colors}
    return labels, alt.Scale(domain=[labels[k] for k in shown], range=list(shown.values()))


def totals_over_years(years: pd.DataFrame) -> alt.Chart:
    self_label, verified_label = t("dash.col.self"), t("dash.col.verified")
    long = years.melt(id_vars=["year", "bloc"], value_vars=["verified", "self"], var_name="m", value_name="points")
    long = long.dropna(subset=["points"]).assign(
        measure=lambda d: d["m"].map({"self": self_label, "verified": verified_label})
    )
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=t("dash.col.year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("points:Q", title=t("dash.axis.points"), scale=alt.Scale(zero=False)),
            color=alt.Color(
                "measure:N",
                scale=alt.Scale(domain=[verified_label, self_label], range=[PRIMARY, MUTED]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                tip("year", "dash.col.year"),
                tip("bloc", "dash.col.bloc"),
                tip("measure", "dash.axis.measure"),
                tip("points", "dash.axis.points", kind="Q"),
            ],
        )
        .properties(title=title(t("dash.chart.totals_over_years")), width="container", autosize=FIT_X, height=240)
    )


def rank_over_years(years: pd.DataFrame) -> alt.Chart:
    data = years.dropna(subset=["rank"]).astype({"rank": "float64"})
    return (
        alt.Chart(data)
        .mark_line(point=True, color=PRIMARY)
        .encode(
            x=alt.X("year:O", title=t("dash.col.year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "rank:Q",
                title=t("dash.col.rank"),
                scale=alt.Scale(reverse=True, domainMin=1, nice=False),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            tooltip=[
                tip("year", "dash.col.year"),
                tip("rank", "dash.col.rank", kind="Q", fmt="d"),
                tip("members", "dash.col.members", kind="Q"),
                tip("bloc", "dash.col.bloc"),
            ],
        )
        .properties(
            title=title(t("dash.chart.rank_over_years"), t("dash.chart.rank_note")),
            width="container",
            autosize=FIT_X,
            height=200,
        )
    )


def groups_over_years(groups: pd.DataFrame) -> alt.Chart:
    data = groups.dropna(subset=["verified"])
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=t("dash.col.year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(verified):Q", title=t("dash.col.verified")),
            color=alt.Color(
                "group:N",
                sort=list(dict.fromkeys(data.sort_values("position")["group"])),
                legend=alt.Legend(title=None, orient="bottom", columns=1, labelLimit=340),
            ),
            order=alt.Order("position:Q"),
            tooltip=[
                tip("year", "dash.col.year"),
                tip("group", "dash.col.group"),
                tip("verified", "dash.col.verified", kind="Q"),
                tip("self", "dash.col.self", kind="Q"),
            ],
        )
        .properties(title=title(t("dash.chart.groups_over_years")), width="container", autosize=FIT_X, height=260)
    )


def _unit_year_grid(events: pd.DataFrame, colors: dict[str, str], prefix: str, key: str, shape: str) -> alt.Chart:
    labels, scale = _labelled_scale(colors, prefix, events["event"])
    data = events[events["event"].isin(list(colors))].assign(label=lambda d: d["event"].map(labels))
    order = list(dict.fromkeys(data.sort_values(["short_name"])["short_name"]))
    return (
        alt.Chart(data)
        .mark_point(filled=True, size=150, shape=shape, opacity=1)
        .encode(
            x=alt.X("year:O", title=t("dash.col.year"), axis=alt.Axis(labelAngle=-90)),
            y=alt.Y("short_name:N", sort=order, title=t("dash.col.unit"), axis=alt.Axis(labelLimit=130)),
            color=alt.Color(
                "label:N", scale=scale, legend=alt.Legend(title=None, orient="top", columns=1, labelLimit=260)
            ),
            tooltip=[tip("year", "dash.col.year"), tip("unit", "dash.col.unit"), tip("label", key)],
        )
        .properties(width="container", autosize=FIT_X, height=ROW)
    )


def rotation_chart(events: pd.DataFrame) -> alt.Chart:
    chart = _unit_year_grid(events, ROLE_COLORS, "leader_role", "dash.col.role", "square")
    return chart.properties(title=title(t("dash.chart.rotation")))


def awards_grid(events: pd.DataFrame) -> alt.Chart:
    chart = _unit_year_grid(events, AWARD_COLORS, "dash.award", "dash.col.award", "diamond")
    return chart.properties(title=title(t("dash.chart.awards_by_year")))


def scoring_progress(states: pd.DataFrame) -> alt.Chart:
    data = states[states["count"] > 0]
    labels, scale = _labelled_scale(STATE_COLORS, "sheet_state", data["state"])
    data = data.assign(label=data["state"].map(labels))
    data = data.assign(order=data["state"].map({s: i for i, s in enumerate(STATE_COLORS)}))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title=t("dash.axis.sheets"), axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("bloc:N", title=t("dash.col.bloc"), axis=alt.Axis(labelLimit=150)),
            color=alt.Color(
                "label:N", scale=scale, legend=alt.Legend(title=None, orient="top", columns=1, labelLimit=260)
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                tip("bloc", "dash.col.bloc"),
                tip("label", "dash.col.state"),
                tip("count", "dash.axis.sheets", kind="Q"),
            ],
        )
        .properties(title=title(t("dash.chart.progress")), width="container", autosize=FIT_X, height=ROW)
    )


def awards_by_bloc(blocs: pd.DataFrame) -> alt.Chart:
    columns = {"flags": "provincial_flag", "government_flags": "government_flag", "merits": "certificate_of_merit"}
    long = blocs.melt(id_vars=["bloc"], value_vars=list(columns), var_name="column", value_name="count")
    long = long[long["count"] > 0].assign(kind=lambda d: d["column"].map(columns))
    labels, scale = _labelled_scale(AWARD_COLORS, "dash.award", long["kind"])
    long = long.assign(label=long["kind"].map(labels))
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title=t("dash.axis.awards"), axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("bloc:N", title=t("dash.col.bloc"), axis=alt.Axis(labelLimit=150)),
            color=alt.Color(
                "label:N", scale=scale, legend=alt.Legend(title=None, orient="top", columns=1, labelLimit=260)
            ),
            tooltip=[
                tip("bloc", "dash.col.bloc"),
                tip("label", "dash.col.award"),
                tip("count", "dash.axis.awards", kind="Q"),
            ],
        )
        .properties(title=title(t("dash.chart.awards_by_bloc")), width="container", autosize=FIT_X, height=ROW)
    )
