"""How an award's standing reads on the dashboards: a decided award names its decision
("QĐ 125/QĐ-UBND ngày 20/01/2026"), a proposal not approved the council's result, a
proposal nothing yet."""

from datetime import date

import pandas as pd

from components.i18n import bound_t
from services.clock import format_day


def decision_notes(awards: pd.DataFrame) -> pd.Series:
    """One note per row of a frame with status, decision_ref, decision_date, status_reason."""
    tt = bound_t()

    def note(row) -> str:
        if row["status"] == "approved" and row["decision_ref"]:
            day = row["decision_date"]
            if isinstance(day, date):
                return tt("decision.note.dated", ref=row["decision_ref"], date=format_day(day))
            return tt("decision.note.undated", ref=row["decision_ref"])
        if row["status"] == "not_approved":
            return row["status_reason"] or ""
        return ""

    return awards.apply(note, axis=1) if not awards.empty else pd.Series([], dtype=str)


def status_labels(awards: pd.DataFrame) -> pd.Series:
    tt = bound_t()
    return awards["status"].map(lambda s: tt(f"dash.award_status.{s}"))
