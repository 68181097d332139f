"""The bloc-year as a whole: exports of rankings and scores, and locking the year."""

from collections.abc import Callable

import streamlit as st

from components.database import db_session
from components.i18n import enum_labels, t
from components.score_cache import cached_unit_totals
from components.scoring.common import error_labels, missing_confirmation, run_and_flash
from components.text import plain
from db.models import Covenant, CriterionKind, SheetState
from services.access.sessions import Principal
from services.scoring.actions import lock_year
from services.scoring.export import RANKING_KEYS, SCORE_KEYS, Words, export_files
from services.scoring.queries import CovenantRef

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _words() -> Words:
    headers = {key: t(f"export.{key}") for key in {*RANKING_KEYS, *SCORE_KEYS}}
    state, kind = enum_labels("sheet_state"), enum_labels("scoring.kind")
    return Words(
        headers=headers,
        states={s.value: state(s.value) for s in SheetState},
        kinds={k.value: kind(k.value) for k in CriterionKind},
        ranking_sheet=t("export.ranking_sheet"),
        scores_sheet=t("export.scores_sheet"),
    )


def export_section(covenant: CovenantRef) -> None:
    words = _words()

    def build(name: str) -> Callable[[], bytes]:
        def make() -> bytes:
            with db_session() as session:
                return export_files(session, covenant=session.get(Covenant, covenant.covenant_id), words=words)[name]

        return make

    year = covenant.year
    buttons = [
        ("ranking.csv", t("export.ranking_csv"), "text/csv", f"xep-hang-{year}.csv"),
        ("scores.csv", t("export.scores_csv"), "text/csv", f"diem-{year}.csv"),
        ("all.xlsx", t("export.xlsx"), XLSX_MIME, f"ket-qua-{year}.xlsx"),
    ]
    for column, (name, label, mime, file_name) in zip(st.columns(3), buttons, strict=True):
        column.download_button(
            label, data=build(name), file_name=file_name, mime=mime, on_click="ignore", icon=":material/download:"
        )


def lock_section(principal: Principal, covenant: CovenantRef) -> None:
    totals = cached_unit_totals(covenant.covenant_id)
    if totals and all(total.state == SheetState.LOCKED for total in totals):
        st.success(t("lock.locked", year=covenant.year))
        return
    waiting = [total.unit_name for total in totals if total.state not in (SheetState.VERIFIED, SheetState.LOCKED)]
    if waiting:
        st.warning(t("lock.waiting", count=len(waiting), units=plain(", ".join(waiting))))
    st.caption(t("lock.help"))
    confirm = st.checkbox(t("lock.confirm", year=covenant.year), key=f"lock_confirm_{covenant.covenant_id}")
    if not st.button(t("lock.lock"), type="primary", icon=":material/lock:", key=f"lock_{covenant.covenant_id}"):
        return
    if not confirm:
        missing_confirmation(error_labels())
        return

    def action():
        with db_session() as session:
            return lock_year(session=session, principal=principal, covenant_id=covenant.covenant_id)

    run_and_flash(action, lambda count: t("lock.done", count=count, year=covenant.year), error_labels())
