"""Check-in of the council's members: persons, by name and position, no substitutes (a member
votes in person). "Tất cả có mặt" and the absent named, as for a bloc's units."""

from collections.abc import Callable

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from components.text import plain
from components.voting.check_in_all import all_present_button, save_present
from db.models.voting import VotingRound
from services.voting.electorate import electorate_of


def council_check_in(round_: VotingRound, *, seen: int, principal, saw: Callable[[int, int], None]) -> None:
    with db_session() as session:
        electorate = electorate_of(session, round_)
        roll = electorate.roll(session)
        present = electorate.present(session)
    names = {v.id: f"{v.name} – {v.position}" if v.position else v.name for v in roll}
    with st.form(f"council_checkin_{round_.id}"):
        chosen = st.multiselect(
            t("council.present_members"),
            list(names),
            sorted(p for p in present if p in names),
            format_func=names.get,
            placeholder=t("common.choose"),
            select_all=False,
        )
        submitted = st.form_submit_button(t("rounds.check_in"))
    all_present_button(round_, seen=seen, principal=principal, saw=saw)
    st.caption(t("council.present_count", present=len(present), members=len(roll)))
    absent = [names[v.id] for v in roll if v.id not in present]
    if present and absent:
        st.markdown(t("council.absent", count=len(absent), names="; ".join(plain(n) for n in absent)))
    if present:
        st.dataframe(
            [{t("council.col_member"): v.name, t("council.col_position"): v.position or ""} for v in roll
             if v.id in present],
            hide_index=True,
            width="stretch",
        )  # fmt: skip
    if submitted:
        save_then_rerun(
            lambda: save_present(
                round_, unit_ids=list(chosen), seen=seen, substitutes={}, principal=principal, saw=saw
            ),
            success_key="rounds.checked_in",
            labels={"round": t("rounds.round")},
        )
