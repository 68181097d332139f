"""Closing a sealed round: k of the committee's cards, typed. They go straight to the
close (services.voting.rounds.close_round), which rebuilds the key in memory, opens the
box, counts and forgets the key; the fields are cleared after a successful close."""

import streamlit as st

from components.i18n import t
from db.models.voting import RoundStatus, VotingRound
from services.voting import sealing

PREFIX = "seal_card_"


def card_inputs(round_: VotingRound) -> list[str]:
    """The typed cards (blank ones left out); [] for an unsealed round."""
    if not round_.seal_public_key:
        st.caption(t("sealing_ui.unsealed"))
        return []
    st.markdown(f"**{t('sealing_ui.close_title', threshold=round_.seal_threshold)}**")
    st.caption(t("sealing_ui.close_note"))
    if sealing.demo_cards():
        st.warning(t("sealing_ui.demo_close"), icon=":material/science:")
    typed = []
    for number in range(1, round_.seal_threshold + 1):
        typed.append(
            st.text_area(
                t("sealing_ui.card_field", number=number),
                key=f"{PREFIX}{round_.id}_{number}",
                height=68,
                help=t("sealing_ui.card_help"),
                max_chars=400,
            )
        )
    return [card for card in typed if card.strip()]


def labels(round_: VotingRound) -> dict[str, str]:
    """Field labels for the close's errors: 'Thẻ thứ 2' names the wrong card."""
    return {f"card_{n}": t("sealing_ui.card_field", number=n) for n in range(1, (round_.seal_threshold or 0) + 1)} | {
        "cards": t("sealing_ui.cards")
    }


def forget_typed(round_id: int) -> None:
    for key in [k for k in st.session_state if str(k).startswith(f"{PREFIX}{round_id}_")]:
        del st.session_state[key]


def after_publication(round_: VotingRound, *, others_pending: bool) -> None:
    if round_.status == RoundStatus.PUBLISHED and round_.seal_public_key:
        st.info(t("sealing_ui.keep_cards" if others_pending else "sealing_ui.destroy"), icon=":material/delete:")
