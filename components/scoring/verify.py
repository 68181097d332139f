"""The verifier's forms on one unit's sheet: verified scores (save or verify), and returning it."""

import streamlit as st

from components.database import db_session
from components.i18n import t
from components.number_field import NumberForm
from components.scoring.common import criterion_label, error_labels, missing_confirmation, points, run_and_flash
from components.scoring.self_form import version_of
from components.text import plain
from db.models import ScoreAction
from services.access.sessions import Principal
from services.scoring.actions import return_sheet, save_verified_scores
from services.scoring.points import PLACES, bounds
from services.scoring.rules import Actor, can_do, can_edit
from services.scoring.sheets import SheetView


def verify_form(principal: Principal, view: SheetView) -> bool:
    """Verified scores start from the unit's own: confirming is one click, correcting is typing.

    Returns whether the form was shown (the sheet is open to verification).
    """
    if not can_edit(view.state, view.actors, Actor.VERIFIER):
        return False
    form_key = f"verify_{view.sheet_id}_{version_of(view)}"
    values = {}
    with st.form(form_key):
        numbers = NumberForm()
        for line in view.lines:
            criterion = line.criterion
            low, high = bounds(criterion.kind, criterion.max_points)
            st.markdown(f"**{plain(criterion_label(criterion))}**")
            left, right = st.columns([1, 3], vertical_alignment="center")
            facts = t("verify.self_was", score=points(line.self_score), evidence=line.evidence_count)
            right.caption(facts + (f" · {plain(line.note)}" if line.note else ""))
            start = line.verified_score if line.verified_score is not None else line.self_score
            values[criterion.id] = numbers.field(
                t(f"verify.range.{criterion.kind.value}", low=points(low), high=points(high)),
                value=start,
                minimum=low,
                maximum=high,
                decimals=PLACES,
                required=False,  # an empty verified score is allowed until verifying (the service says so)
                range_key="number.score_range",
                name=criterion_label(criterion),
                key=f"{form_key}_v{criterion.id}",
                where=left,
            )
        verifiable = can_do(view.state, ScoreAction.VERIFIED, view.actors)
        confirm = st.checkbox(t("verify.confirm_verify")) if verifiable else False
        left, right = st.columns(2)
        save = left.form_submit_button(t("verify.save"), width="stretch")
        verify = right.form_submit_button(t("verify.verify"), type="primary", width="stretch") if verifiable else False
    if not (save or verify):
        return True
    if not numbers.accepted():  # a wrong number: say so at the top and under the field, save nothing
        return True
    labels = error_labels([line.criterion for line in view.lines])
    if verify and not confirm:
        missing_confirmation(labels)
        return True

    def action():
        with db_session() as session:
            return save_verified_scores(
                session=session,
                principal=principal,
                sheet_id=view.sheet_id,
                values=values,
                verify=bool(verify),
            )

    key = "verify.verified_total" if verify else "verify.saved_total"
    run_and_flash(action, lambda total: t(key, total=points(total)), labels)
    return True


def return_form(principal: Principal, view: SheetView) -> None:
    if view.sheet_id is None or not can_do(view.state, ScoreAction.RETURNED, view.actors):
        return
    with st.form(f"return_{view.sheet_id}_{version_of(view)}", clear_on_submit=False):
        st.markdown(f"**{t('verify.return_title')}**")
        reason = st.text_area(t("verify.reason"), max_chars=1000, placeholder=t("verify.reason_hint"))
        confirm = st.checkbox(t("verify.confirm_return"))
        if not st.form_submit_button(t("verify.return"), icon=":material/undo:"):
            return
    labels = error_labels()
    if not confirm:
        missing_confirmation(labels)
        return

    def action():
        with db_session() as session:
            return_sheet(session=session, principal=principal, sheet_id=view.sheet_id, reason=reason)

    run_and_flash(action, lambda _: t("verify.returned", unit=plain(view.unit_name)), labels)
