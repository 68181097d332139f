"""Which province and year a page of the province's stage shows (the proposals, the decision),
kept in the URL (tinh, nam): one picker for both pages.

Only the provinces whose stage the principal runs are offered (an officer: the one of the
account's scope, shown as text); a URL naming another province falls back to the first
allowed one, so a forged link shows nothing of it. The services check again. The year is the
app's one year picker (components/year_picker.py); each page says which years a province
offers and which one the list opens on.
"""

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from sqlmodel import Session

from components.database import db_session
from components.i18n import t
from components.text import plain
from components.year_picker import year_picker
from services.access.sessions import Principal
from services.province.proposals import stage_provinces

PROVINCE_PARAM = "tinh"

# (session, province id) → (the years offered, latest first; the one to open on, None: the usual start)
YearsOf = Callable[[Session, int], tuple[list[int], int | None]]


@dataclass(frozen=True)
class StageChoice:
    province_id: int
    province_name: str
    year: int | None  # None: the province offers no year yet


def _province_select(label: str, provinces: dict[int, tuple[str, str]], *, key: str) -> int:
    """The widget's province, else the URL's (by code), else the first; the URL follows."""
    choices, codes = list(provinces), {code: pid for pid, (code, _) in provinces.items()}
    current = st.session_state.get(key)
    if current not in choices:
        current = codes.get(st.query_params.get(PROVINCE_PARAM), choices[0])
    value = st.selectbox(label, choices, index=choices.index(current), key=key,
                         format_func=lambda pid: provinces[pid][1])  # fmt: skip
    if st.query_params.get(PROVINCE_PARAM) != provinces[value][0]:
        st.query_params[PROVINCE_PARAM] = provinces[value][0]
    return value


def stage_choice(principal: Principal, *, key: str, words: str, years_of: YearsOf) -> StageChoice | None:
    """Draw the pickers; None (with a message) when the principal runs no province's stage.
    `key` prefixes the widgets' keys, `words` the messages (province, no_province)."""
    with db_session() as session:
        provinces = stage_provinces(session, principal=principal)
    if not provinces:
        st.info(t(f"{words}.no_province"))
        return None
    names = {pid: name for pid, (_, name) in provinces.items()}
    left, right = st.columns(2)
    with left:
        if len(names) == 1:
            province_id = next(iter(names))
            st.markdown(f"**{t(f'{words}.province')}:** {plain(names[province_id])}")
            # The address names the province shown, whatever a link asked for.
            if st.query_params.get(PROVINCE_PARAM) != provinces[province_id][0]:
                st.query_params[PROVINCE_PARAM] = provinces[province_id][0]
        else:
            province_id = _province_select(t(f"{words}.province"), provinces, key=f"{key}_province")
    with db_session() as session:
        years, start = years_of(session, province_id)
    year = year_picker(years, key=f"{key}_year_{province_id}", where=right, start=start)
    return StageChoice(province_id, names[province_id], year)
