"""Units: the list as named in a year, adding a unit, renaming from a year on."""

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from components.number_field import YEAR, NumberForm
from services.registry.units import create_unit, list_units, name_history, rename_unit


def _labels() -> dict[str, str]:
    return {
        "name": t("registry.name"),
        "short_name": t("registry.short_name"),
        "from_year": t("registry.from_year"),
        "province": t("registry.province"),
        "unit": t("registry.unit"),
    }


def units_tab(province_id: int, year: int) -> None:
    with db_session() as session:
        units = list_units(session, province_id=province_id, year=year)
    names = {u.id: u.name for u in units}
    st.caption(t("registry.units_named_in", year=year))
    st.dataframe(
        [
            {
                t("registry.name"): u.name,
                t("registry.short_name"): u.short_name,
                t("registry.merged_into"): names.get(u.merged_into_id, "") if u.merged_into_id else "",
            }
            for u in units
        ],
        hide_index=True,
        width="stretch",
    )
    left, right = st.columns(2)
    with left, st.form(f"unit_add_{province_id}"):
        numbers = NumberForm()
        st.markdown(f"**{t('registry.add_unit')}**")
        name = st.text_input(t("registry.name"), max_chars=200)
        short = st.text_input(t("registry.short_name"), max_chars=80)
        from_year = numbers.field(t("registry.from_year"), value=year, key=f"unit_add_year_{province_id}", **YEAR)
        if st.form_submit_button(t("registry.save"), type="primary") and numbers.accepted():

            def add() -> None:
                with db_session() as session:
                    create_unit(
                        session=session, province_id=province_id, name=name, short_name=short, from_year=int(from_year)
                    )

            save_then_rerun(add, success_key="registry.saved", labels=_labels())
    with right:
        _rename_form(province_id, year, names)


def _rename_form(province_id: int, year: int, names: dict[int, str]) -> None:
    if not names:
        return
    unit_id = st.selectbox(t("registry.unit"), list(names), format_func=names.get, key=f"rename_pick_{province_id}")
    with db_session() as session:
        history = name_history(session, unit_id=unit_id)
    st.caption(t("registry.name_history"))
    st.dataframe(
        [{t("registry.from_year"): h.from_year, t("registry.name"): h.name} for h in history],
        hide_index=True,
        width="stretch",
    )
    with st.form(f"unit_rename_{unit_id}"):
        numbers = NumberForm()
        st.markdown(f"**{t('registry.rename_unit')}**")
        name = st.text_input(t("registry.new_name"), max_chars=200)
        short = st.text_input(t("registry.short_name"), max_chars=80)
        from_year = numbers.field(t("registry.from_year"), value=year, key=f"unit_rename_year_{unit_id}", **YEAR)
        if st.form_submit_button(t("registry.save"), type="primary") and numbers.accepted():

            def rename() -> None:
                with db_session() as session:
                    rename_unit(session=session, unit_id=unit_id, name=name, short_name=short, from_year=int(from_year))

            save_then_rerun(rename, success_key="registry.saved", labels=_labels())
