"""Which province and year the proposals page shows, kept in the URL (tinh, nam).

Only the provinces whose stage the principal runs are offered (an officer: the one of the
account's scope, shown as text); a URL naming another province falls back to the first
allowed one, so a forged link shows nothing of it. The services check again.
"""

from dataclasses import dataclass

import streamlit as st

from components.database import db_session
from components.i18n import t
from components.text import plain
from services.access.sessions import Principal
from services.province.proposals import proposal_years, stage_provinces

PROVINCE_PARAM, YEAR_PARAM = "tinh", "nam"


@dataclass(frozen=True)
class StageChoice:
    province_id: int
    province_name: str
    year: int | None  # None: the province has no proposal yet


def _from_url(name: str, choices: list, parse) -> object | None:
    try:
        wanted = parse(st.query_params.get(name))
    except (TypeError, ValueError):
        return None
    return wanted if wanted in choices else None


def _synced_select(label: str, labels: dict, *, key: str, param: str, to_param, parse) -> object:
    choices = list(labels)
    current = st.session_state.get(key)
    if current not in choices:
        current = _from_url(param, choices, parse) or choices[0]
    value = st.selectbox(label, choices, index=choices.index(current), key=key, format_func=labels.get)
    if st.query_params.get(param) != to_param(value):
        st.query_params[param] = to_param(value)
    return value


def stage_choice(principal: Principal) -> StageChoice | None:
    """Draw the pickers; None (with a message) when the principal runs no province's stage."""
    with db_session() as session:
        provinces = stage_provinces(session, principal=principal)
    if not provinces:
        st.info(t("province_proposals.no_province"))
        return None
    names = {pid: name for pid, (_, name) in provinces.items()}
    codes = {code: pid for pid, (code, _) in provinces.items()}
    left, right = st.columns(2)
    with left:
        if len(names) == 1:
            province_id = next(iter(names))
            st.markdown(f"**{t('province_proposals.province')}:** {plain(names[province_id])}")
            # The address names the province shown, whatever a link asked for.
            if st.query_params.get(PROVINCE_PARAM) != provinces[province_id][0]:
                st.query_params[PROVINCE_PARAM] = provinces[province_id][0]
        else:
            province_id = _synced_select(t("province_proposals.province"), names, key="proposals_province",
                                         param=PROVINCE_PARAM, to_param=lambda pid: provinces[pid][0],
                                         parse=codes.get)  # fmt: skip
    with db_session() as session:
        years = proposal_years(session, principal=principal, province_id=province_id)
    if not years:
        return StageChoice(province_id, names[province_id], None)
    with right:
        year = _synced_select(t("province_proposals.year"), {y: str(y) for y in years}, key="proposals_year",
                              param=YEAR_PARAM, to_param=str, parse=int)  # fmt: skip
    return StageChoice(province_id, names[province_id], year)
