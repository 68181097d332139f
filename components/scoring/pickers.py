"""Choosing what to work on: a bloc in the viewer's scope, a covenant year, a member unit."""

import streamlit as st

from components.current_label import refresh_choice
from components.database import db_session
from components.i18n import t
from components.score_cache import cached_unit_totals
from components.scoring.common import state_name
from components.year_picker import year_picker
from db.models import Role
from services.access.scope import visible_bloc_ids
from services.access.sessions import Principal
from services.scoring.queries import CovenantRef, bloc_choices, covenants_of_bloc, covenants_of_unit


def pick_bloc(principal: Principal, *, key: str) -> int | None:
    with db_session() as session:
        blocs = bloc_choices(session, bloc_ids=visible_bloc_ids(session, principal=principal))
    if not blocs:
        st.info(t("scoring.no_blocs"))
        return None
    return st.selectbox(t("scoring.bloc"), list(blocs), format_func=blocs.get, key=key)


def pick_covenant(covenants: list[CovenantRef], *, key: str) -> CovenantRef | None:
    if not covenants:
        st.info(t("scoring.no_covenant"))
        return None
    by_year = {c.year: c for c in sorted(covenants, key=lambda c: c.year, reverse=True)}
    return by_year[year_picker(list(by_year), key=key)]


def pick_bloc_covenant(principal: Principal, *, key: str) -> CovenantRef | None:
    left, right = st.columns([3, 1])
    with left:
        bloc_id = pick_bloc(principal, key=f"{key}_bloc")
    if bloc_id is None:
        return None
    with db_session() as session:
        covenants = covenants_of_bloc(session, bloc_id=bloc_id)
    with right:
        return pick_covenant(covenants, key=f"{key}_year")


def pick_member(covenant: CovenantRef, *, key: str) -> int | None:
    totals = {total.unit_id: total for total in cached_unit_totals(covenant.covenant_id)}
    if not totals:
        st.info(t("scoring.no_members"))
        return None
    labels = {u: f"{total.unit_name} · {state_name(total.state)}" for u, total in totals.items()}
    refresh_choice(key, labels)  # the label carries the state: show the new one at once
    return st.selectbox(t("scoring.unit"), list(labels), format_func=labels.get, key=key)


def pick_own_sheet(principal: Principal) -> tuple[CovenantRef, int] | None:
    """The unit account's own unit and a year; secretaries and admins pick a bloc and a unit."""
    if principal.role == Role.DELEGATE:
        with db_session() as session:
            covenants = covenants_of_unit(session, unit_id=principal.unit_id)
        with st.columns([1, 3])[0]:
            covenant = pick_covenant(covenants, key="own_year")
        return (covenant, principal.unit_id) if covenant else None
    covenant = pick_bloc_covenant(principal, key="own")
    if covenant is None:
        return None
    unit_id = pick_member(covenant, key=f"own_unit_{covenant.covenant_id}")
    return (covenant, unit_id) if unit_id is not None else None
