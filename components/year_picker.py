"""The app's one year picker: the year being worked on or viewed is chosen from a list.

Every page that has such a year draws it with `year_picker`, so it looks and reads the same
everywhere: a selectbox labelled "Năm" ("Year"), newest year first, starting on the current
year in Vietnam time (services.clock) when it is offered, and kept in the address bar as
`?nam=2017` so a reload or a shared link keeps it. A list, not a typed number, because only
a few years make sense on each page and a typed one could name a year with nothing in it
(services/year_choices.py says which years each list holds):

- Vòng bỏ phiếu (rounds), Giao ước thi đua (covenant): the bloc's years with data, plus
  this year and the next, whose rounds and covenant are legitimately created ahead.
- Danh mục (registry): every year from the province's first recorded year, plus this year
  and the next (memberships and chair terms are set up for the coming year).
- Mã truy cập (access codes), the new-conference form: the years any bloc has members or a
  conference in, plus this year and the next. Inside a form the choice only counts when the
  form is sent, so this one is not written to the address bar.
- Tự chấm điểm, Thẩm định điểm (scoring): only the years that have a covenant (a sheet
  cannot exist without one).
- Dashboards (bloc, heatmap, unit, province): only the years the blocs had members; the
  choice carries from one dashboard to the next.

A year that must be typed freely, such as the year a unit is added or renamed from (which
may lie far in the past), stays the app's number field (components/number_field.py, YEAR).
"""

from collections.abc import Sequence
from typing import Any

import streamlit as st

from components.i18n import t
from services.clock import local_today
from services.year_choices import starting_year

PARAM = "nam"  # the dashboards' name for it since their first links: kept
_MEMORY = "_year_choices"  # the last year chosen on a page (or group of pages), by memory name


def _from_url() -> int | None:
    try:
        return int(st.query_params.get(PARAM, ""))
    except ValueError:
        return None


def year_picker(
    years: Sequence[int],
    *,
    key: str,
    memory: str | None = None,
    in_url: bool = True,
    where: Any = None,
    start: int | None = None,
) -> int | None:
    """Draw the picker over `years` (newest first) and return the chosen year; None when
    there is no year to offer (the caller says why).

    It starts on the year in the URL, else the last one chosen under `memory` (default: the
    key; the dashboards share one), else the page's own `start` when offered (the decision
    page: the year whose decision is due), else services.year_choices.starting_year. The choice is
    passed as `index`, never written into session state: a value set through session state
    reaches the browser only with the run that set it, and a run cut short by a rerun (the
    login cookie's, for one) left the box showing another year than the page.
    """
    choices = list(years)
    if not choices:
        return None
    memory = memory or key
    current = st.session_state.get(key)
    if current not in choices:
        wanted = _from_url() if in_url else None
        remembered = st.session_state.get(_MEMORY, {}).get(memory)
        fallback = starting_year(choices, today=local_today())
        current = next((y for y in (wanted, remembered, start) if y in choices), fallback)
    year = (where or st).selectbox(
        t("year_picker.label"), choices, index=choices.index(current), key=key, format_func=str
    )
    if in_url and st.query_params.get(PARAM) != str(year):
        st.query_params[PARAM] = str(year)
    st.session_state.setdefault(_MEMORY, {})[memory] = year
    return year
