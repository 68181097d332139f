"""The optional voting hours of a round: typed by the admin, shown to everyone."""

import datetime as dt

import streamlit as st

from components.i18n import t
from db.models.voting import RoundStatus, VotingRound
from services.clock import as_utc, from_local, local, local_time, now


def schedule_text(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> str:
    if opens_at and closes_at:
        return t("schedule.shown", opens=local_time(opens_at), closes=local_time(closes_at))
    if opens_at:
        return t("schedule.opens_only", opens=local_time(opens_at))
    if closes_at:
        return t("schedule.closes_only", closes=local_time(closes_at))
    return ""


def schedule_note(round_: VotingRound) -> None:
    if text := schedule_text(round_.opens_at, round_.closes_at):
        st.caption(text)
    over = round_.closes_at and as_utc(round_.closes_at) <= now()
    if round_.status == RoundStatus.OPEN and over:
        st.warning(t("schedule.over"))


def schedule_inputs() -> tuple[dt.datetime | None, dt.datetime | None]:
    """Inside the round-creation form: an optional window on one day, in Vietnam time."""
    today = local(now())
    use = st.checkbox(t("schedule.set"), help=t("schedule.help"))
    day_column, opens_column, closes_column = st.columns([2, 1, 1])
    day = day_column.date_input(t("schedule.day"), value=today.date(), format="DD/MM/YYYY")
    opens = opens_column.time_input(t("schedule.opens"), value=dt.time(8, 0), step=300)
    closes = closes_column.time_input(t("schedule.closes"), value=dt.time(11, 30), step=300)
    if not use:
        return None, None
    return from_local(day, opens), from_local(day, closes)
