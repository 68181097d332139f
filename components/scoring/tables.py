"""Read-only tables: a sheet's lines, its history, the bloc-year's units with totals."""

from collections.abc import Sequence
from decimal import Decimal

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from components.database import db_session
from components.i18n import current_language, t
from components.score_cache import cached_unit_totals
from components.scoring.common import points, state_name
from components.text import plain
from db.models import CriterionKind
from services.clock import local_time
from services.numbers import format_number
from services.scoring.context import history
from services.scoring.queries import UnitTotal
from services.scoring.sheets import SheetView


def _when(moment) -> str:
    return local_time(moment)


def score_table(rows: list[dict], score_columns: Sequence[str]) -> Styler:
    """Rows whose score columns stay numbers (so they sort as numbers) but are shown the
    reader's way: 85,5 and 1.000 in Vietnamese, 85.5 and 1,000 in English; empty is "—"."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame.style
    for column in score_columns:
        frame[column] = pd.to_numeric(frame[column].map(lambda v: None if v is None else float(v)))
    for column in frame.columns.difference(list(score_columns)):
        if pd.api.types.is_float_dtype(frame[column]):  # whole numbers with gaps (a rank): not "1.000000"
            frame[column] = frame[column].astype("Int64")
    language = current_language()

    def shown(value: float) -> str:
        return format_number(Decimal(repr(value)), decimals=None, locale=language)

    return frame.style.format(shown, subset=list(score_columns), na_rep="—")


def sheet_status(view: SheetView) -> None:
    """State, totals and, when returned, the verifier's reason: what the unit needs to see first."""
    row = st.container(horizontal=True, gap="medium")  # wraps on a phone instead of stacking
    row.metric(t("scoring.state_label"), state_name(view.state), width=170)
    row.metric(t("scoring.self_total"), points(view.self_total), width=150)
    has_verified = any(line.verified_score is not None for line in view.lines)
    verified = points(view.verified_total) if has_verified else "—"
    criteria = [line for line in view.lines if line.criterion.kind == CriterionKind.NORMAL]
    if has_verified and any(line.verified_score is None for line in criteria):  # a sum of some criteria only
        verified = t("partial_sum.partial", total=verified)
    row.metric(t("scoring.verified_total"), verified, width=150)
    if view.return_reason:
        st.warning(t("scoring.returned_reason", reason=plain(view.return_reason)), icon=":material/undo:")


def lines_table(view: SheetView) -> None:
    scores = (t("scoring.max"), t("scoring.self"), t("scoring.verified"))
    rows = score_table(
        [
            {
                t("scoring.code"): line.criterion.code,
                t("scoring.criterion"): line.criterion.name,
                t("scoring.kind_label"): t(f"scoring.kind.{line.criterion.kind.value}"),
                t("scoring.max"): line.criterion.max_points,
                t("scoring.self"): line.self_score,
                t("scoring.verified"): line.verified_score,
                t("scoring.note"): line.note or "",
                t("scoring.files"): line.evidence_count,
            }
            for line in view.lines
        ],
        scores,
    )
    st.dataframe(rows, hide_index=True, width="stretch", placeholder="—")


def history_table(sheet_id: int | None) -> None:
    st.subheader(t("scoring.history"))
    if sheet_id is None:
        st.caption(t("scoring.no_history"))
        return
    with db_session() as session:
        events = history(session, sheet_id=sheet_id)
    if not events:
        st.caption(t("scoring.no_history"))
        return
    st.dataframe(
        [
            {
                t("scoring.at"): _when(e.at),
                t("scoring.who"): f"{e.actor} ({t(f'role.{e.actor_role.value}')})",
                t("scoring.action"): t(f"scoring.event.{e.action.value}"),
                t("scoring.detail"): e.note or "",
            }
            for e in events
        ],
        hide_index=True,
        width="stretch",
        placeholder="—",
    )


def _partial_note(total: UnitTotal) -> str:
    """Beside a verified sum that is not yet a total: how far verification has got."""
    if not total.verified_partial:
        return ""
    return t("partial_sum.note", done=total.verified_lines, all=total.criteria_lines)


def totals_table(covenant_id: int) -> None:
    """The bloc-year at a glance. Numbers stay numbers so the columns sort as numbers;
    short titles and a pinned unit column keep it readable on a phone."""
    unit = t("scoring.unit")
    rows = score_table(
        [
            {
                t("scoring.rank"): total.rank,
                unit: total.unit_name,
                t("scoring.state_label"): state_name(total.state),
                t("scoring.self"): total.self_total if total.sheet_id else None,
                t("scoring.verified"): total.verified_total,
                t("partial_sum.column"): _partial_note(total),
            }
            for total in cached_unit_totals(covenant_id)
        ],
        (t("scoring.self"), t("scoring.verified")),
    )
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config={unit: st.column_config.TextColumn(pinned=True)},
    )
