"""Creating a conference (the span of time its delegates' codes are valid)."""

import datetime as dt

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from components.year_picker import year_picker
from db.models import Conference
from services.access.codes import create_conference
from services.clock import from_local, local_today, now
from services.registry.places import list_blocs, list_provinces
from services.year_choices import conference_years, offered_years


def conference_form() -> None:
    with db_session() as session:
        provinces = {p.id: p.name for p in list_provinces(session)}
        blocs = {b.id: f"{provinces.get(b.province_id, '')} · {b.name}" for b in list_blocs(session)}
        years = offered_years(conference_years(session), today=local_today(), new_years=True)
    today = local_today()
    with st.form("conference_form"):
        bloc_id = st.selectbox(t("codes.bloc"), list(blocs), format_func=blocs.get)
        # In a form the choice counts only once sent: not written to the address bar.
        year = year_picker(years, key="conference_year", in_url=False)
        # Empty: the service names it by the year and bloc chosen above (a form cannot refill it).
        name = st.text_input(
            t("codes.name"),
            max_chars=300,
            placeholder=t("conference_name.placeholder"),
            help=t("conference_name.help"),
        )
        left, right = st.columns(2)
        end_date = left.date_input(t("codes.ends_on"), value=today + dt.timedelta(days=1), format="DD/MM/YYYY")
        end_time = right.time_input(t("codes.ends_at"), value=dt.time(18, 0))
        submitted = st.form_submit_button(t("codes.create"), type="primary")
    if not submitted:
        return
    # Typed in Vietnam time (THIDUA_TIMEZONE), whatever the server's own zone: 18:00 stays 18:00.
    ends_at = from_local(end_date, end_time)

    def create() -> None:
        with db_session() as session:
            create_conference(session=session, bloc_id=bloc_id, year=year, name=name, ends_at=ends_at, at=now())

    labels = {
        "name": t("codes.name"),
        "year": t("year_picker.label"),
        "bloc": t("codes.bloc"),
        "ends_at": t("codes.ends_at"),
    }
    save_then_rerun(create, success_key="codes.created", labels=labels)


def conference_labels(conferences: dict[int, Conference]) -> dict[int, str]:
    """The picker's words: the name, then the province and the bloc unless the name says it."""
    with db_session() as session:
        provinces = {p.id: p.name for p in list_provinces(session)}
        blocs = {b.id: b for b in list_blocs(session)}
    labels = {}
    for i, c in conferences.items():
        bloc = blocs.get(c.bloc_id)
        parts = [c.name, provinces.get(bloc.province_id, "") if bloc else ""]
        if bloc and bloc.name not in c.name:
            parts.append(bloc.name)
        labels[i] = " · ".join(p for p in parts if p)
    return labels
