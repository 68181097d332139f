"""Creating the council's round on the rounds page: one award of the year, its proposals as
candidates, the province's rule (set with the province's stage rules, shown here, not edited)."""

import streamlit as st

from components.auth import PRINCIPAL_KEY
from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from components.text import plain
from components.voting.round_create import QUORUMS, fold_new_round, show_next
from components.voting.schedule import schedule_inputs
from db.models import Bloc
from services.clock import now
from services.numbers import format_number
from services.province.council import council_members
from services.registry.units import names_in_year
from services.voting.council_candidates import COUNCIL_KIND_OF_AWARD, proposed_units
from services.voting.council_round import council_settings, create_council_round
from services.voting.minutes_content import rule_text


def council_create_form(*, council_id: int, year: int) -> None:
    awards = list(COUNCIL_KIND_OF_AWARD)
    award = st.selectbox(t("council.award"), awards, format_func=lambda a: t(f"round_kind.{COUNCIL_KIND_OF_AWARD[a]}"))
    kind = COUNCIL_KIND_OF_AWARD[award]
    with db_session() as session:
        council = session.get(Bloc, council_id)
        unit_ids = proposed_units(session, province_id=council.province_id, year=year, kind=kind)
        names = names_in_year(session, year=year, unit_ids=unit_ids)
        proposals = [names[u].name if u in names else str(u) for u in unit_ids]
        members = len(council_members(session, council_id))
        rule = rule_text(council_settings(session, province_id=council.province_id, award=award, candidates=1))
    st.markdown(t("council.rule", rule=rule, members=format_number(members)))
    st.caption(t("council.rule_where"))
    if not proposals:
        st.info(t("council.no_proposals", year=year))
        return
    st.markdown(t("council.proposals", count=format_number(len(proposals))))
    st.markdown("\n".join(f"- {plain(name)}" for name in proposals))
    with st.form(f"create_council_round_{council_id}_{year}_{kind.value}"):
        title = st.text_input(t("rounds.title_field"), value=t(f"round_kind.{kind.value}") + f" {year}", max_chars=300)
        quorum = st.selectbox(t("rounds.quorum"), list(QUORUMS), format_func=lambda q: "—" if q == "0" else q)
        opens_at, closes_at = schedule_inputs()
        submitted = st.form_submit_button(t("rounds.create"), type="primary")
    if not submitted:
        return

    def create() -> None:
        with db_session() as session:
            round_ = create_council_round(session, council_id=council_id, year=year, award=award, title=title,
                                          at=now(), quorum=QUORUMS[quorum], opens_at=opens_at, closes_at=closes_at,
                                          principal=st.session_state.get(PRINCIPAL_KEY))  # fmt: skip
            show_next(round_.id)
        fold_new_round()

    labels = {"title": t("rounds.title_field"), "round": t("rounds.round"), "candidates": t("council.proposals_label"),
              "closes_at": t("schedule.closes"), "seats": t("rounds.seats")}  # fmt: skip
    save_then_rerun(create, success_key="rounds.created", labels=labels)
