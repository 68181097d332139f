"""Excel: the pre-filled template, and importing a filled one after showing every problem."""

from collections.abc import Callable

import streamlit as st

from components.database import db_session
from components.i18n import t
from components.scoring.common import error_labels, localize_uploader, run_and_flash, translated
from components.text import plain
from db.models import Covenant
from services.access.sessions import Principal
from services.scoring.excel_apply import import_scores, preview_import
from services.scoring.excel_import import Report
from services.scoring.excel_read import MAX_FILE_BYTES, Problem
from services.scoring.excel_template import template_bytes
from services.scoring.queries import CovenantRef

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _template(covenant_id: int) -> Callable[[], bytes]:
    # Built only when clicked (on another thread, without the session): no work on every run.
    def build() -> bytes:
        with db_session() as session:
            return template_bytes(session, covenant=session.get(Covenant, covenant_id))

    return build


def excel_section(principal: Principal, covenant: CovenantRef) -> None:
    st.download_button(
        t("excel.template"),
        data=_template(covenant.covenant_id),
        file_name=f"mau-cham-diem-{covenant.year}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(t("excel.template_help"))
    counter_key = f"excel_upload_n_{covenant.covenant_id}"
    localize_uploader()
    upload = st.file_uploader(
        t("excel.upload"),
        type=["xlsx"],
        max_upload_size=MAX_FILE_BYTES >> 20,
        key=f"excel_upload_{covenant.covenant_id}_{st.session_state.get(counter_key, 0)}",
    )
    if upload is None:
        return
    data = upload.getvalue()
    with db_session() as session:
        report = preview_import(session, principal=principal, covenant_id=covenant.covenant_id, data=data)
    _report(report)
    if report.ok:
        st.success(t("excel.all_valid", rows=report.row_count))
        if st.button(t("excel.import_all"), type="primary"):
            _import(principal, covenant, data, valid_only=False, counter_key=counter_key)
    elif report.rows:
        only_valid = st.checkbox(t("excel.confirm_valid_only", rows=len(report.rows)))
        if st.button(t("excel.import_valid"), disabled=not only_valid):
            _import(principal, covenant, data, valid_only=True, counter_key=counter_key)


def where(problem: Problem) -> str:
    """ "Điểm, dòng 7, cột H (Điểm tự chấm)": where to look in the file."""
    column = f"{problem.letter} ({problem.column})" if problem.letter and problem.column else problem.column
    if problem.row and column:
        return t("excel.at_cell", sheet=problem.sheet, row=problem.row, column=column)
    if problem.row:
        return t("excel.at_row", sheet=problem.sheet, row=problem.row)
    return t("excel.at_sheet", sheet=problem.sheet) + (f" ({column})" if column else "")


def about(problem: Problem) -> str:
    """ "(Sở Y tế, tiêu chí 1.2 …)": the unit and criterion of the row, when its ids say them."""
    if problem.unit and problem.criterion:
        return " " + t("excel_rows.about", unit=problem.unit, criterion=problem.criterion)
    if problem.unit or problem.criterion:
        return " " + t(
            "excel_rows.about_one", what=problem.unit or t("excel_rows.criterion", criterion=problem.criterion)
        )
    return ""


def _report(report: Report) -> None:
    """One line per problem: a list wraps on a phone, where a wide table would need scrolling."""
    if not report.problems:
        return
    if not any(p.row for p in report.problems):  # the file as a whole (unreadable, empty...): say it plainly
        reasons = " ".join(t(p.key, **translated(p.params)) for p in report.problems)
        st.error(plain(t("excel_rows.file_refused", reasons=reasons)))
        return
    bad_rows = len({p.row for p in report.problems if p.row})
    st.error(t("excel.problems", problems=len(report.problems), rows=bad_rows, valid=len(report.rows)))
    lines = [
        f"- **{plain(where(p))}**{plain(about(p))}: {plain(t(p.key, **translated(p.params)))}" for p in report.problems
    ]
    box = st.container(height=420) if len(lines) > 12 else st.container()
    box.markdown("\n".join(lines))


def _import(principal: Principal, covenant: CovenantRef, data: bytes, *, valid_only: bool, counter_key: str) -> None:
    def action():
        with db_session() as session:
            result = import_scores(
                session=session, principal=principal, covenant_id=covenant.covenant_id, data=data, valid_only=valid_only
            )
        # A new uploader key empties it: the same file is not offered for import twice.
        st.session_state[counter_key] = st.session_state.get(counter_key, 0) + 1
        return result

    run_and_flash(action, lambda r: t("excel.imported", rows=r.written_rows, sheets=r.sheets), error_labels())
