"""The admin's warning on the codes page when wrong codes exceed the conference's ceiling."""

import streamlit as st

from components.database import db_session
from components.i18n import current_language, t
from db.models import Conference
from services.access.code_alerts import code_alert
from services.clock import local_time, now
from services.numbers import format_number


def code_alert_warning(conference: Conference) -> None:
    with db_session() as session:
        alert = code_alert(session, conference=conference, at=now())
    if alert is None:
        return
    lang = current_language()

    def number(value: int) -> str:
        return format_number(value, locale=lang)

    minutes = "\n".join(
        f"- {t('code_alert.minute', time=local_time(s.minute, '%H:%M %d/%m'), count=number(s.failures))}"
        for s in alert.latest
    )
    body = t(
        "code_alert.body",
        minutes=number(alert.minutes),
        ceiling=number(alert.ceiling),
        peak=number(alert.peak.failures),
        peak_time=local_time(alert.peak.minute, "%H:%M %d/%m"),
        total=number(alert.total),
    )
    st.warning(
        f"**{t('code_alert.title')}**\n\n{body}\n\n{minutes}\n\n{t('code_alert.scope')}", icon=":material/warning:"
    )
