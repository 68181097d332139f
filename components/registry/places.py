"""Provinces and blocs: tables and add/edit forms."""

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import enum_radio, t
from components.registry.bloc_rules import rules_form
from db.models import Bloc
from services.clock import format_day
from services.registry.places import ORDINARY_KINDS, list_blocs, list_provinces, save_bloc, save_province


def _pick_existing(label: str, items: dict[int, str], key: str) -> int | None:
    """A selectbox whose first option means 'add a new one'."""
    options = [None, *items]
    new_label = t("registry.new")
    return st.selectbox(label, options, format_func=lambda i: new_label if i is None else items[i], key=key)


def provinces_tab() -> None:
    with db_session() as session:
        provinces = list_provinces(session)
    st.dataframe(
        [{t("registry.code"): p.code, t("registry.name"): p.name} for p in provinces],
        hide_index=True,
        width="stretch",
    )
    chosen = _pick_existing(t("registry.edit_province"), {p.id: p.name for p in provinces}, "province_pick")
    current = next((p for p in provinces if p.id == chosen), None)
    with st.form(f"province_form_{chosen}"):
        code = st.text_input(t("registry.code"), value=current.code if current else "", max_chars=16)
        name = st.text_input(t("registry.name"), value=current.name if current else "", max_chars=120)
        if st.form_submit_button(t("registry.save"), type="primary"):

            def action() -> None:
                with db_session() as session:
                    save_province(session=session, province_id=chosen, code=code, name=name)

            save_then_rerun(
                action,
                success_key="registry.saved",
                labels={"code": t("registry.code"), "name": t("registry.name")},
            )


def blocs_tab(province_id: int) -> None:
    with db_session() as session:
        blocs = list_blocs(session, province_id=province_id)
    st.dataframe(
        [
            {
                t("registry.name"): b.name,
                t("registry.kind"): t(f"bloc_kind.{b.kind.value}"),
                t("blocrules.col_rules"): _rules_text(b),
            }
            for b in blocs
        ],
        hide_index=True,
        width="stretch",
    )
    chosen = _pick_existing(t("registry.edit_bloc"), {b.id: b.name for b in blocs}, f"bloc_pick_{province_id}")
    current = next((b for b in blocs if b.id == chosen), None)
    with st.form(f"bloc_form_{province_id}_{chosen}"):
        name = st.text_input(t("registry.name"), value=current.name if current else "", max_chars=200)
        kind = enum_radio(t("registry.kind"), ORDINARY_KINDS, current.kind if current else None, "bloc_kind",
                          horizontal=True)  # fmt: skip
        if st.form_submit_button(t("registry.save"), type="primary"):

            def action() -> None:
                with db_session() as session:
                    save_bloc(session=session, bloc_id=chosen, province_id=province_id, name=name, kind=kind)

            save_then_rerun(
                action, success_key="registry.saved", labels={"name": t("registry.name"), "kind": t("registry.kind")}
            )
    if current is not None:
        rules_form(current)


def _rules_text(bloc: Bloc) -> str:
    parts = [bloc.rules_number, format_day(bloc.rules_date), bloc.rules_title]
    return " · ".join(p for p in parts if p) or t("blocrules.none")
