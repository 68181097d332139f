"""Opening a sealed round: how many cards, then the committee's cards (once) and the
confirmation that they were handed out, before electronic voting starts.

The shares live only in this browser session's memory, from the opening's response until
the admin confirms the hand-out; then they are dropped. In demo mode the app also keeps
them in its process memory (services.voting.sealing.process_keeper) and says so.
"""

import json

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from db.models.voting import RoundStatus, VotingRound
from services.clock import now
from services.voting import sealing
from services.voting.ballot_box import confirm_cards_handed_out, key_round
from services.voting.cards import CardRow, cards_pdf, check_code
from services.voting.rounds import open_round

_CARDS = "_seal_cards"  # {round_id: (public_key, threshold, shares)}: this session only


def card_settings(round_: VotingRound) -> tuple[int, int]:
    """The k of n inputs (2 of 3 by default), or a note that the conference's cards serve."""
    with db_session() as session:
        earlier = key_round(session, round_)
    if earlier is not None:
        st.info(t("sealing_ui.uses_existing"), icon=":material/key:")
        return earlier.seal_threshold, earlier.seal_cards
    committee = json.loads(round_.committee_json or "[]")
    left, right = st.columns(2)
    cards = left.number_input(t("sealing_ui.cards"), 1, sealing.MAX_SHARES,
                              max(len(committee), sealing.DEFAULT_SHARES), key=f"seal_n_{round_.id}")  # fmt: skip
    threshold = right.number_input(t("sealing_ui.threshold"), 1, sealing.MAX_SHARES, sealing.DEFAULT_THRESHOLD,
                                   key=f"seal_k_{round_.id}")  # fmt: skip
    st.caption(t("sealing_ui.intro", threshold=int(threshold), cards=int(cards)))
    return int(threshold), int(cards)


def open_sealed(session, round_: VotingRound, *, seen: int, principal, threshold: int, cards: int) -> None:
    """The opening itself; a new key's shares go to this session (and nowhere else)."""
    keeper = sealing.MemoryKeeper()
    opened = open_round(session, round_id=round_.id, at=now(), expected_version=seen, principal=principal,
                        threshold=threshold, cards=cards, keeper=keeper, handed_out=sealing.demo_cards())  # fmt: skip
    shares = keeper.shares(opened.seal_public_key)
    if shares:
        st.session_state.setdefault(_CARDS, {})[round_.id] = (opened.seal_public_key, opened.seal_threshold, shares)


def hand_out(round_: VotingRound, *, principal) -> None:
    """While the cards are not confirmed handed out: the warning, the PDF, the confirmation.
    In demo mode (confirmed at opening) the cards show on screen instead."""
    if round_.status != RoundStatus.OPEN or not round_.seal_public_key:
        return
    held = st.session_state.get(_CARDS, {}).get(round_.id)
    if sealing.demo_cards():
        keeper = sealing.process_keeper()
        shares = (held[2] if held else None) or (keeper.shares(round_.seal_public_key) if keeper else None)
        if shares:
            with st.expander(t("sealing_ui.download")):
                st.warning(t("sealing_ui.demo_cards"), icon=":material/science:")
                for number, share in enumerate(shares, start=1):
                    st.code(f"{t('sealing_ui.card_field', number=number)}: {share}", language=None, wrap_lines=True)
    if round_.cards_handed_out:
        return
    st.warning(t("sealing_ui.warning", threshold=round_.seal_threshold), icon=":material/key:")
    st.info(t("sealing_ui.waiting"))
    if held and held[0] == round_.seal_public_key:
        st.download_button(t("sealing_ui.download"), _pdf(round_, held[2]), file_name=f"the-kiem-phieu-{round_.id}.pdf",
                           mime="application/pdf", key=f"cards_pdf_{round_.id}", icon=":material/print:")  # fmt: skip
        st.caption(t("sealing_ui.shown_once"))
    else:
        st.error(t("sealing_ui.lost"))
    confirmed = st.checkbox(t("sealing_ui.confirm_handed"), key=f"confirm_cards_{round_.id}")
    if st.button(t("sealing_ui.do_confirm"), key=f"do_cards_{round_.id}", type="primary", disabled=not confirmed):

        def confirm() -> None:
            with db_session() as session:
                confirm_cards_handed_out(session, round_id=round_.id, at=now(), principal=principal)
            st.session_state.get(_CARDS, {}).pop(round_.id, None)  # the shares leave the session

        save_then_rerun(confirm, success_key="sealing_ui.done_confirm", labels={"cards": t("sealing_ui.cards")})


def _pdf(round_: VotingRound, shares: list[str]) -> bytes:
    committee = json.loads(round_.committee_json or "[]")
    labels = {
        "title": t("sealing_ui.card_title"),
        "member": t("sealing_ui.card_member"),
        "round": t("sealing_ui.card_round"),
        "number": t("sealing_ui.card_number", number="{number}", cards=len(shares)),
        "rule": t("sealing_ui.card_rule", threshold=round_.seal_threshold, cards=len(shares)),
        "checksum": t("sealing_ui.card_checksum"),
    }
    rows = [CardRow(member=committee[i] if i < len(committee) else "", share=s) for i, s in enumerate(shares)]
    return cards_pdf(round_title=round_.title, rows=rows, labels=labels)


__all__ = ["card_settings", "check_code", "hand_out", "open_sealed"]
