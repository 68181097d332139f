"""The unit's own scoring form: a self score and an evidence note per criterion, one rerun per save."""

import streamlit as st

from components.database import db_session
from components.i18n import t
from components.number_field import NumberForm
from components.scoring.common import criterion_label, error_labels, missing_confirmation, points, run_and_flash
from components.text import plain
from db.models import ScoreAction
from services.access.sessions import Principal
from services.scoring.actions import Entry, save_self_scores
from services.scoring.points import PLACES, bounds
from services.scoring.rules import Actor, can_do, can_edit
from services.scoring.sheets import SheetView


def version_of(view: SheetView) -> str:
    """Part of the widget keys: after anyone's write the form shows the database again, not old input."""
    return str(int(view.updated_at.timestamp() * 1_000_000)) if view.updated_at else "new"


def self_score_form(principal: Principal, view: SheetView) -> None:
    if not can_edit(view.state, view.actors, Actor.UNIT):
        st.info(t("scoring.not_editable", state=t(f"sheet_state.{view.state.value}")))
        return
    form_key = f"self_{view.covenant_id}_{view.unit_id}_{version_of(view)}"
    entries: dict[int, tuple] = {}
    with st.form(form_key):
        numbers = NumberForm()
        group = None
        for line in view.lines:
            criterion = line.criterion
            if criterion.group != group:
                group = criterion.group
                st.markdown(f"##### {plain(group)}")
            st.markdown(f"**{plain(criterion_label(criterion))}**")
            low, high = bounds(criterion.kind, criterion.max_points)
            left, right = st.columns([1, 3])
            value = numbers.field(
                t(f"scoring.range.{criterion.kind.value}", low=points(low), high=points(high)),
                value=line.self_score,
                minimum=low,
                maximum=high,
                decimals=PLACES,
                required=False,  # a draft may leave criteria empty; submitting checks completeness
                range_key="number.score_range",
                name=criterion_label(criterion),
                key=f"{form_key}_s{criterion.id}",
                where=left,
            )
            note = right.text_input(
                t("scoring.note"), value=line.note or "", max_chars=2000, key=f"{form_key}_n{criterion.id}"
            )
            entries[criterion.id] = (value, note)
        submittable = can_do(view.state, ScoreAction.SUBMITTED, view.actors)
        confirm = st.checkbox(t("scoring.confirm_submit")) if submittable else False
        left, right = st.columns(2)
        save = left.form_submit_button(t("scoring.save"), width="stretch")
        send = right.form_submit_button(t("scoring.save_submit"), type="primary", width="stretch")
    if not (save or send):
        return
    if not numbers.accepted():  # a wrong number: say so at the top and under the field, save nothing
        return
    labels = error_labels([line.criterion for line in view.lines])
    if send and not confirm:
        missing_confirmation(labels)
        return

    def action():
        values = {cid: Entry(value, note) for cid, (value, note) in entries.items()}
        with db_session() as session:
            return save_self_scores(
                session=session,
                principal=principal,
                covenant_id=view.covenant_id,
                unit_id=view.unit_id,
                entries=values,
                submit=send,
            )

    key = "scoring.submitted_total" if send else "scoring.saved_total"
    run_and_flash(action, lambda total: t(key, total=points(total)), labels)
