"""Province / bloc / year / unit pickers for the dashboards, kept in the URL.

The choices are written to st.query_params (tinh, khoi, nam, donvi) so a view
can be shared by link, and read back from it when a session opens that link.
Only what the principal may see is offered (services.access.scope.visible_bloc_ids);
a URL naming anything else falls back to the first allowed option.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from components.database import db_session
from components.i18n import t
from components.year_picker import year_picker
from services.access.scope import visible_bloc_ids
from services.access.sessions import Principal
from services.dashboards import options

PARAMS = {"province": "tinh", "bloc": "khoi", "year": "nam", "unit": "donvi"}
_REMEMBERED = "_dashboard_choices"  # carries the choices from one dashboard to the next


@dataclass(frozen=True)
class Selection:
    province_id: int
    province_name: str
    bloc_id: int | None = None
    bloc_name: str = ""
    year: int | None = None
    unit_id: int | None = None
    unit_name: str = ""
    visible: frozenset[int] = field(default_factory=frozenset)  # every bloc the principal may see


def _parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _synced(
    where: Any,
    label: str,
    labels: dict[Any, str],
    *,
    name: str,
    page: str,
    to_param: Callable[[Any], str] = str,
    from_param: Callable[[str | None], Any] = _parse_int,
) -> Any:
    """A selectbox whose value starts from the URL (else the last choice) and is written back to it.

    The choice is passed as `index`, never written into session state: a value set
    through session state reaches the browser only with the run that set it, and a
    run cut short by a rerun (the login cookie's, for one) left the box showing the
    first option while the page showed the chosen one.
    """
    choices = list(labels)
    key = f"dash_{page}_{name}"
    current = st.session_state.get(key)
    if current not in choices:
        wanted = from_param(st.query_params.get(PARAMS[name]))
        remembered = st.session_state.get(_REMEMBERED, {}).get(name)
        current = next((v for v in (wanted, remembered) if v in choices), choices[0])
    value = where.selectbox(label, choices, index=choices.index(current), key=key, format_func=labels.get)
    if st.query_params.get(PARAMS[name]) != to_param(value):
        st.query_params[PARAMS[name]] = to_param(value)
    st.session_state.setdefault(_REMEMBERED, {})[name] = value
    return value


def dashboard_filters(
    principal: Principal, *, page: str, bloc: bool = True, year: bool = True, unit: bool = False
) -> Selection | None:
    """Draw the pickers the page needs; None (with a message) when nothing is visible."""
    with db_session() as session:
        visible = visible_bloc_ids(session, principal=principal)
        provinces = options.provinces(session, bloc_ids=visible)
    if not provinces:
        st.info(t("dash.nothing_visible"))
        return None
    columns = st.columns(1 + bloc + year + unit)
    by_code = {code: pid for pid, (code, _) in provinces.items()}
    province_id = _synced(
        columns[0],
        t("dash.filter.province"),
        {pid: name for pid, (_, name) in provinces.items()},
        name="province",
        page=page,
        to_param=lambda pid: provinces[pid][0],
        from_param=by_code.get,
    )
    chosen: dict[str, Any] = {"province_id": province_id, "province_name": provinces[province_id][1]}
    with db_session() as session:
        blocs = options.blocs(session, province_id=province_id, bloc_ids=visible)
        if bloc:
            chosen["bloc_id"] = _synced(columns[1], t("dash.filter.bloc"), blocs, name="bloc", page=page)
            chosen["bloc_name"] = blocs[chosen["bloc_id"]]
        if year:
            years = options.years(session, bloc_ids={chosen["bloc_id"]} if bloc else set(blocs))
            if not years:
                st.info(t("dash.no_years"))
                return None
            # The one year picker (same words and look as the other pages), shared by the dashboards.
            chosen["year"] = year_picker(years, key=f"dash_{page}_year", memory="dashboards", where=columns[1 + bloc])
        if unit:
            units = options.units(session, bloc_id=chosen["bloc_id"], year=chosen["year"])
            if not units:
                st.info(t("dash.no_members"))
                return None
            chosen["unit_id"] = _synced(columns[-1], t("dash.filter.unit"), units, name="unit", page=page)
            chosen["unit_name"] = units[chosen["unit_id"]]
    return Selection(**chosen, visible=frozenset(visible))
