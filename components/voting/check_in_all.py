"""Check-in of a whole hall: "Tất cả có mặt" in one click, then the absent taken out of the
list; the units still absent are named under it."""

from collections.abc import Callable

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from components.text import plain
from db.models.voting import VotingRound
from services.clock import now
from services.voting.attendance import all_members, set_present


def all_present_button(round_: VotingRound, *, seen: int, principal, saw: Callable[[int, int], None]) -> None:
    if not st.button(
        t("rounds_page.all_present"), key=f"all_present_{round_.id}", help=t("rounds_page.all_present_help")
    ):
        return

    def save() -> None:
        with db_session() as session:
            units = all_members(session, round_id=round_.id)
            set_present(session, round_id=round_.id, unit_ids=units, at=now(), expected_version=seen,
                        principal=principal)  # fmt: skip
            saw(round_.id, session.get(VotingRound, round_.id).version)

    save_then_rerun(save, success_key="rounds.checked_in", labels={"round": t("rounds.round")})


def save_present(round_: VotingRound, *, unit_ids: list[int], seen: int, substitutes: dict[int, str], principal,
                 saw: Callable[[int, int], None]) -> None:  # fmt: skip
    """The list as the form shows it: units taken out of it are absent again."""
    with db_session() as session:
        set_present(session, round_id=round_.id, unit_ids=unit_ids, at=now(), expected_version=seen,
                    substitutes=substitutes, principal=principal)  # fmt: skip
        saw(round_.id, session.get(VotingRound, round_.id).version)


def absent_note(units: dict[int, str], present: set[int]) -> None:
    """Names the member units not checked in (nothing once everyone is present)."""
    absent = sorted((name for u, name in units.items() if u not in present))
    if present and absent:
        st.markdown(t("rounds_page.absent", count=len(absent), names="; ".join(plain(n) for n in absent)))
