"""The bloc's operating rules (quy chế hoạt động), edited under the bloc they belong to:
the vote-count minutes cite them by number, date and title."""

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from db.models import Bloc
from services.clock import format_day
from services.registry.bloc_rules import save_bloc_rules


def rules_form(bloc: Bloc) -> None:
    st.markdown(f"**{t('blocrules.title')}**")
    st.caption(t("blocrules.help"))
    with st.form(f"bloc_rules_{bloc.id}"):
        left, right = st.columns([2, 1])
        number = left.text_input(
            t("blocrules.number"), value=bloc.rules_number or "", max_chars=100, placeholder="01/QC-KTĐ"
        )
        issued = right.text_input(
            t("blocrules.date"), value=format_day(bloc.rules_date), max_chars=10, placeholder="dd/mm/yyyy"
        )
        title = st.text_input(t("blocrules.rules_title"), value=bloc.rules_title or "", max_chars=300)
        if st.form_submit_button(t("blocrules.save")):

            def action() -> None:
                with db_session() as session:
                    save_bloc_rules(session=session, bloc_id=bloc.id, number=number, issued=issued, title=title)

            save_then_rerun(
                action,
                success_key="blocrules.saved",
                labels={
                    "rules_number": t("blocrules.number"),
                    "rules_date": t("blocrules.date"),
                    "rules_title": t("blocrules.rules_title"),
                },
            )
