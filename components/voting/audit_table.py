"""The audit page's pieces: the round filter, one page of events (newest first) and the
digests of the closed rounds. Events show when, what, which round and who acted (role and
account); nothing of a ballot and no voter, since the chain records neither."""

import streamlit as st

from components.database import db_session
from components.i18n import current_language, t
from services.clock import local_time
from services.numbers import format_number
from services.voting.audit_list import (
    KINDS,
    EventLine,
    RoundOption,
    closed_round_digests,
    count_events,
    list_events,
    rounds_in_log,
)

PAGE_SIZE = 50


def round_filter() -> int | None:
    """A selectbox of the rounds in the log, "Tất cả" first; the chosen round id or None."""
    with db_session() as session:
        rounds: dict[int, RoundOption] = {r.id: r for r in rounds_in_log(session)}
    everything = t("audit_events.all_rounds")

    def label(round_id: int | None) -> str:
        if round_id is None:
            return everything
        r = rounds[round_id]
        return f"{r.title} · {r.bloc} · {r.province} · {r.year}"

    return st.selectbox(t("audit_events.round_filter"), [None, *rounds], format_func=label, key="audit_round")


def _kind(kind: str) -> str:
    return t(f"audit_events.kind.{kind}") if kind in KINDS else kind


def _who(line: EventLine) -> str:
    if not line.actor:
        return t("audit_events.nobody")
    role = t(f"role.{line.actor_role}") if line.actor_role else ""
    return f"{role} · {line.actor}" if role else line.actor


def events_table(round_id: int | None) -> None:
    lang = current_language()
    with db_session() as session:
        total = count_events(session, round_id=round_id)
    if not total:
        st.info(t("audit_events.none"))
        return
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    page = 1
    if pages > 1:
        # A list of the pages, not a typed number: nothing to mistype, no English stepper tooltips.
        page = st.selectbox(
            t("audit_events.page", pages=format_number(pages, locale=lang)),
            range(1, pages + 1),
            format_func=lambda number: format_number(number, locale=lang),
            key=f"audit_page_{round_id}",
        )
    with db_session() as session:
        lines = list_events(session, round_id=round_id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    first = (page - 1) * PAGE_SIZE + 1
    st.caption(
        t(
            "audit_events.showing",
            first=format_number(first, locale=lang),
            last=format_number(first + len(lines) - 1, locale=lang),
            total=format_number(total, locale=lang),
        )
    )
    st.dataframe(
        [
            {
                t("audit_events.col_number"): line.id,
                t("audit_events.col_time"): local_time(line.at, "%H:%M:%S %d/%m/%Y"),
                t("audit_events.col_kind"): _kind(line.kind),
                t("audit_events.col_round"): line.round_title or "—",
                t("audit_events.col_actor"): _who(line),
            }
            for line in lines
        ],
        hide_index=True,
        width="stretch",
    )


def round_digests(round_id: int | None) -> None:
    """The digest printed on each closed round's minutes (the hash of its close event)."""
    st.subheader(t("audit_events.digests_title"))
    st.caption(t("audit_events.digests_help"))
    with db_session() as session:
        digests = closed_round_digests(session, round_id=round_id)
    if round_id is not None:
        if digests:
            st.code(digests[0].digest, language=None)
        else:
            st.info(t("audit_events.not_closed"))
        return
    if not digests:
        st.info(t("audit_events.no_closed"))
        return
    st.dataframe(
        [{t("audit_events.col_round"): d.title, t("audit_events.col_digest"): d.digest} for d in digests],
        hide_index=True,
        width="stretch",
        column_config={
            t("audit_events.col_round"): st.column_config.TextColumn(width="medium"),
            t("audit_events.col_digest"): st.column_config.TextColumn(width="large"),
        },
    )
