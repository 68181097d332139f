"""Voting rounds of a bloc-year: create from a preset, check in, open, close, publish."""

import streamlit as st

from components.database import db_session
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import enum_labels, t
from components.voting.council_round_create import council_create_form
from components.voting.round_create import create_form, new_round_expander, round_picker_key, take_next
from components.voting.round_manage import manage
from components.year_picker import year_picker
from db.models import Bloc, BlocKind, Role
from services.access.scope import visible_bloc_ids
from services.clock import local_today
from services.province.council import is_council
from services.registry.places import list_blocs, list_provinces
from services.voting.queries import rounds_of
from services.year_choices import bloc_years, offered_years


def render() -> None:
    principal = require_page("rounds")
    st.title(t("rounds.page_title"))
    show_flash()
    with db_session() as session:
        allowed = visible_bloc_ids(session, principal=principal)
        provinces = {p.id: p.name for p in list_provinces(session)}
        # Two provinces may both have a "Khối Văn hóa – Xã hội": always say whose.
        # The province's council votes here too (councils=True): its rounds are bloc rounds.
        # Each province's council after its blocs: a secretary's or admin's first choice stays a bloc.
        listed = sorted(list_blocs(session, councils=True), key=lambda b: b.kind == BlocKind.COUNCIL)
        blocs = {b.id: f"{provinces.get(b.province_id, '')} · {b.name}" for b in listed if b.id in allowed}
    if not blocs:
        st.info(t("rounds.no_blocs"))
        return
    left, right = st.columns([3, 1])
    bloc_id = left.selectbox(t("rounds.bloc"), list(blocs), format_func=blocs.get)
    with db_session() as session:
        years = offered_years(bloc_years(session, bloc_id=bloc_id), today=local_today(), new_years=True)
        council = is_council(session.get(Bloc, bloc_id))
    year = year_picker(years, key="rounds_year", where=right)
    # The province officer runs the council's rounds (the council is in their province: listed above).
    can_admin = principal.role == Role.ADMIN or (council and principal.role == Role.PROVINCE_OFFICER)
    if can_admin:
        with new_round_expander():
            if council:
                council_create_form(council_id=bloc_id, year=year)
            else:
                create_form(bloc_id=bloc_id, year=year)
    with db_session() as session:
        rounds = {r.id: r for r in rounds_of(session, bloc_id=bloc_id, year=year)}
    if not rounds:
        st.info(t("rounds.none_yet"))
        return
    take_next(bloc_id, year, list(rounds))
    status = enum_labels("round_status")
    # Keyed: its labels carry the status, and an unkeyed widget whose labels change would
    # jump back to the newest round right after the admin closed this one.
    chosen = st.selectbox(
        t("rounds.round"),
        list(rounds),
        format_func=lambda i: f"{rounds[i].title} · {status(rounds[i].status.value)}",
        key=round_picker_key(bloc_id, year),
    )
    manage(rounds[chosen], can_admin=can_admin)
