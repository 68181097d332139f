"""Tự chấm điểm: a unit scores itself against its bloc's covenant, attaches evidence, submits."""

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import show_errors, t
from components.scoring.common import error_labels
from components.scoring.evidence import evidence_section
from components.scoring.pickers import pick_own_sheet
from components.scoring.self_form import self_score_form
from components.scoring.tables import history_table, lines_table, sheet_status
from components.text import plain
from services.errors import ValidationFailed
from services.scoring.rules import Actor, can_edit
from services.scoring.sheets import sheet_view


def render() -> None:
    principal = require_page("self_scoring")
    st.title(t("scoring.title"))
    if principal.user_id is None:
        # Access codes are for voting at the conference; scoring needs the unit's own account.
        st.info(t("scoring.code_session"), icon=":material/key:")
        return
    st.caption(t("scoring.intro"))
    show_flash()
    chosen = pick_own_sheet(principal)
    if chosen is None:
        return
    covenant, unit_id = chosen
    try:
        with db_session() as session:
            view = sheet_view(session, principal=principal, covenant_id=covenant.covenant_id, unit_id=unit_id)
    except ValidationFailed as error:
        show_errors(error, error_labels())
        return
    st.subheader(plain(f"{view.unit_name} · {covenant.title}"))
    sheet_status(view)
    self_score_form(principal, view)  # or, when the sheet cannot be edited, why not
    if not can_edit(view.state, view.actors, Actor.UNIT):
        lines_table(view)
    evidence_section(principal, view)
    history_table(view.sheet_id)
