"""Creating a conference (the span of time its delegates' codes are valid)."""

import datetime as dt

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from services.access_codes import create_conference
from services.clock import now
from services.places import list_blocs, list_provinces


def conference_form() -> None:
    with db_session() as session:
        provinces = {p.id: p.name for p in list_provinces(session)}
        blocs = {b.id: f"{provinces.get(b.province_id, '')} · {b.name}" for b in list_blocs(session)}
    today = dt.date.today()
    with st.form("conference_form"):
        bloc_id = st.selectbox(t("codes.bloc"), list(blocs), format_func=blocs.get)
        year = st.number_input(t("codes.year"), min_value=2000, max_value=2100, value=today.year, step=1)
        name = st.text_input(t("codes.name"), value=t("codes.default_name", year=today.year), max_chars=300)
        left, right = st.columns(2)
        end_date = left.date_input(t("codes.ends_on"), value=today + dt.timedelta(days=1), format="DD/MM/YYYY")
        end_time = right.time_input(t("codes.ends_at"), value=dt.time(18, 0))
        submitted = st.form_submit_button(t("codes.create"), type="primary")
    if not submitted:
        return
    ends_at = dt.datetime.combine(end_date, end_time).astimezone()  # the server's local time zone

    def create() -> None:
        with db_session() as session:
            create_conference(session=session, bloc_id=bloc_id, year=int(year), name=name, ends_at=ends_at, at=now())

    labels = {"name": t("codes.name"), "year": t("codes.year"), "bloc": t("codes.bloc"), "ends_at": t("codes.ends_at")}
    save_then_rerun(create, success_key="codes.created", labels=labels)
