"""Thẩm định điểm: the secretary's desk for a bloc-year (verify, return, import, export, lock)."""

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import show_errors, t
from components.scoring.common import error_labels
from components.scoring.evidence import evidence_section
from components.scoring.excel import excel_section
from components.scoring.pickers import pick_bloc_covenant, pick_member
from components.scoring.tables import history_table, lines_table, sheet_status, totals_table
from components.scoring.verify import return_form, verify_form
from components.scoring.year import export_section, lock_section
from services.access.sessions import Principal
from services.errors import ValidationFailed
from services.scoring.queries import CovenantRef
from services.scoring.sheets import sheet_view

SECTIONS = ("sheet", "lock", "excel", "export")


def render() -> None:
    principal = require_page("verification")
    st.title(t("verify.title"))
    st.caption(t("verify.intro"))
    show_flash()
    covenant = pick_bloc_covenant(principal, key="verify")
    if covenant is None:
        return
    totals_table(covenant.covenant_id)
    labels = {s: t(f"verify.section.{s}") for s in SECTIONS}
    section = st.segmented_control(
        t("verify.section_label"),
        SECTIONS,
        format_func=labels.get,
        default="sheet",
        required=True,
        key="verify_section",
    )
    if section == "sheet":
        _unit_sheet(principal, covenant)
    elif section == "lock":
        lock_section(principal, covenant)
    elif section == "excel":
        excel_section(principal, covenant)
    else:
        export_section(covenant)


def _unit_sheet(principal: Principal, covenant: CovenantRef) -> None:
    unit_id = pick_member(covenant, key=f"verify_unit_{covenant.covenant_id}")
    if unit_id is None:
        return
    try:
        with db_session() as session:
            view = sheet_view(session, principal=principal, covenant_id=covenant.covenant_id, unit_id=unit_id)
    except ValidationFailed as error:
        show_errors(error, error_labels())
        return
    sheet_status(view)
    if not verify_form(principal, view):
        lines_table(view)
    return_form(principal, view)
    evidence_section(principal, view, manage=False)
    history_table(view.sheet_id)
