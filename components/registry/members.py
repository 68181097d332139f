"""Membership of units in blocs per year, and each bloc's chair and deputy terms."""

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import enum_labels, t
from db.models import LeadershipRole
from services.registry.membership import leadership_history, members, set_leader, set_membership
from services.registry.places import list_blocs
from services.registry.units import list_units


def _labels() -> dict[str, str]:
    return {
        "unit": t("registry.unit"),
        "bloc": t("registry.bloc"),
        "year": t("registry.year"),
        "role": t("registry.role"),
    }


def _bloc_names(province_id: int) -> dict[int, str]:
    with db_session() as session:
        return {b.id: b.name for b in list_blocs(session, province_id=province_id)}


def membership_tab(province_id: int, year: int) -> None:
    blocs = _bloc_names(province_id)
    if not blocs:
        st.info(t("registry.no_blocs"))
        return
    bloc_id = st.selectbox(t("registry.bloc"), list(blocs), format_func=blocs.get, key=f"members_bloc_{province_id}")
    with db_session() as session:
        current = members(session, bloc_id=bloc_id, year=year)
        units = {u.id: u.name for u in list_units(session, province_id=province_id, year=year)}
    st.caption(t("registry.members_in", count=len(current), year=year))
    st.dataframe(
        [{t("registry.name"): m.name, t("registry.short_name"): m.short_name} for m in current],
        hide_index=True,
        width="stretch",
    )
    with st.form(f"membership_{province_id}_{year}"):
        st.markdown(f"**{t('registry.move_unit', year=year)}**")
        unit_id = st.selectbox(t("registry.unit"), list(units), format_func=units.get)
        no_bloc = t("registry.no_bloc")
        target = st.selectbox(
            t("registry.bloc"),
            [None, *blocs],
            format_func=lambda b: no_bloc if b is None else blocs[b],
        )
        if st.form_submit_button(t("registry.save"), type="primary"):

            def move() -> None:
                with db_session() as session:
                    set_membership(session=session, unit_id=unit_id, bloc_id=target, year=year)

            save_then_rerun(move, success_key="registry.saved", labels=_labels())


def leaders_tab(province_id: int, year: int) -> None:
    blocs = _bloc_names(province_id)
    if not blocs:
        st.info(t("registry.no_blocs"))
        return
    bloc_id = st.selectbox(t("registry.bloc"), list(blocs), format_func=blocs.get, key=f"leaders_bloc_{province_id}")
    with db_session() as session:
        history = leadership_history(session, bloc_id=bloc_id)
        current = {m.unit_id: m.name for m in members(session, bloc_id=bloc_id, year=year)}
    st.dataframe(
        [
            {
                t("registry.year"): h.year,
                t("registry.role"): t(f"leader_role.{h.role.value}"),
                t("registry.unit"): h.unit_name,
            }
            for h in history
        ],
        hide_index=True,
        width="stretch",
    )
    with st.form(f"leader_{bloc_id}_{year}"):
        st.markdown(f"**{t('registry.set_leader', year=year)}**")
        role = st.radio(
            t("registry.role"),
            [r.value for r in LeadershipRole],
            format_func=enum_labels("leader_role"),
            horizontal=True,
        )
        unit_id = st.selectbox(
            t("registry.unit"), list(current), format_func=current.get, placeholder=t("registry.no_members")
        )
        if st.form_submit_button(t("registry.save"), type="primary"):

            def save() -> None:
                with db_session() as session:
                    set_leader(session=session, bloc_id=bloc_id, year=year, role=LeadershipRole(role), unit_id=unit_id)

            save_then_rerun(save, success_key="registry.saved", labels=_labels())
