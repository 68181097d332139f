"""Create or edit a user: role, unit, scope, active; and reset a password."""

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import enum_labels, t
from db.models import Role, User
from services.access.accounts import (
    ONE_PROVINCE_ROLES,
    AccountInput,
    create_user,
    province_of_account,
    reset_password,
    scope_of,
    update_user,
)
from services.clock import local_today
from services.registry.places import list_blocs, list_provinces
from services.registry.units import all_units


def _labels() -> dict[str, str]:
    keys = ["username", "full_name", "role", "unit", "scope", "password"]
    return {k: t(f"users.{k}") for k in keys} | {"position": t("province_accounts.position")}


def _choices() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    with db_session() as session:
        provinces = {p.id: p.name for p in list_provinces(session)}
        blocs = {b.id: f"{provinces.get(b.province_id, '')} · {b.name}" for b in list_blocs(session)}
        units = all_units(session, year=local_today().year)
    return provinces, blocs, units


def user_form(user: User | None) -> None:
    provinces, blocs, units = _choices()
    scope = ((), ())
    if user is not None:
        with db_session() as session:
            scope = scope_of(session, user_id=user.id)
            if user.role in ONE_PROVINCE_ROLES:  # a council member's scope is its council body
                province = province_of_account(session, user_id=user.id)
                scope = ((province,) if province is not None else (), ())
    roles = [r.value for r in Role]
    with st.form(f"user_form_{user.id if user else 'new'}"):
        username = st.text_input(t("users.username"), value=user.username if user else "", max_chars=64)
        full_name = st.text_input(t("users.full_name"), value=user.full_name if user else "", max_chars=200)
        position = st.text_input(
            t("province_accounts.position"),
            value=(user.position or "") if user else "",
            max_chars=300,
            help=t("province_accounts.position_help"),
        )
        role = st.radio(
            t("users.role"),
            roles,
            index=roles.index(user.role.value) if user else roles.index(Role.SECRETARY.value),
            format_func=enum_labels("role"),
            horizontal=True,
        )
        unit_options = [None, *units]
        unit_id = st.selectbox(
            t("users.unit"),
            unit_options,
            index=unit_options.index(user.unit_id) if user and user.unit_id in units else 0,
            format_func=lambda u: "—" if u is None else units[u],
            help=t("users.unit_help"),
        )
        province_ids = st.multiselect(
            t("users.scope_provinces"),
            list(provinces),
            scope[0],
            format_func=provinces.get,
            placeholder=t("common.choose"),
            select_all=False,
            help=t("province_accounts.province_help"),
        )
        bloc_ids = st.multiselect(
            t("users.scope_blocs"),
            list(blocs),
            scope[1],
            format_func=blocs.get,
            placeholder=t("common.choose"),
            select_all=False,
        )
        active = st.checkbox(t("users.active"), value=user.is_active if user else True)
        password = "" if user else st.text_input(t("users.password"), type="password", help=t("users.password_help"))
        submitted = st.form_submit_button(t("registry.save"), type="primary")
    if not submitted:
        return
    data = AccountInput(
        username=username,
        full_name=full_name,
        role=Role(role),
        unit_id=unit_id,
        province_ids=tuple(province_ids),
        bloc_ids=tuple(bloc_ids),
        is_active=active,
        position=position,
    )

    def save() -> None:
        with db_session() as session:
            if user is None:
                create_user(session=session, data=data, password=password)
            else:
                update_user(session=session, user_id=user.id, data=data)

    save_then_rerun(save, success_key="users.saved", labels=_labels())


def reset_password_form(user: User) -> None:
    with st.form(f"reset_{user.id}", clear_on_submit=True):
        st.markdown(f"**{t('users.reset_password')}**")
        password = st.text_input(t("users.new_password"), type="password", help=t("users.password_help"))
        confirmed = st.checkbox(t("users.reset_confirm"))
        submitted = st.form_submit_button(t("users.reset_button"))
    if not submitted:
        return
    if not confirmed:
        st.warning(t("users.confirm_first"))
        return

    def reset() -> None:
        with db_session() as session:
            reset_password(session=session, user_id=user.id, new_password=password)

    save_then_rerun(reset, success_key="users.password_reset", labels=_labels())
