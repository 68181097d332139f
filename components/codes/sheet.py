"""Issuing codes and the printable sheet. Codes exist in plain text only in this
browser session, right after issuing: the database keeps keyed hashes."""

import streamlit as st

from components.auth import secret_key
from components.database import db_session
from components.i18n import t
from db.models import Conference
from services.access.code_sheet import LABEL_KEYS, CodeSheetRow, code_sheet_pdf
from services.access.codes import IssuedCode, issue_codes, normalize, revoke_code
from services.clock import local_time, now
from services.errors import ValidationFailed

_ISSUED = "_issued_codes"


def _login_url(code: str) -> str:
    base = (st.context.url or "").split("?")[0].rsplit("/", 1)[0]
    return f"{base}/?code={normalize(code)}"


def _pdf(conference: Conference, issued: list[IssuedCode]) -> bytes:
    expires = local_time(conference.ends_at)
    return code_sheet_pdf(
        title=t("codes.sheet_title"),
        subtitle=conference.name,
        expires_text=t("codes.sheet_expires", when=expires),
        rows=[CodeSheetRow(i.unit_name, i.code, _login_url(i.code)) for i in issued],
        labels={key: t(f"codes.sheet_{key}") for key in LABEL_KEYS},
    )


def issue(conference: Conference, *, unit_ids: list[int] | None = None, reissue: bool = False) -> bool:
    """True when new codes were issued (they are then shown on the next run)."""
    try:
        with db_session() as session:
            issued = issue_codes(
                session=session, conference=conference, key=secret_key(), at=now(), unit_ids=unit_ids, reissue=reissue
            )
    except ValidationFailed:
        st.error(t("error.conference_ended"))
        return False
    if not issued:
        st.info(t("codes.nothing_to_issue"))
        return False
    st.session_state[_ISSUED] = (conference.id, issued, _pdf(conference, issued))
    return True


def show_issued(conference: Conference) -> None:
    """The codes just issued, once, with the PDF to print."""
    stored = st.session_state.get(_ISSUED)
    if not stored or stored[0] != conference.id:
        return
    _, issued, pdf = stored
    st.warning(t("codes.shown_once"), icon=":material/warning:")
    st.dataframe(
        [{t("codes.unit"): i.unit_name, t("codes.code"): i.code} for i in issued], hide_index=True, width="stretch"
    )
    st.download_button(
        t("codes.download_pdf"),
        data=pdf,
        file_name=f"ma-dai-bieu-{conference.id}.pdf",
        mime="application/pdf",
        type="primary",
        icon=":material/download:",
    )


def revoke(code_id: int) -> None:
    with db_session() as session:
        revoke_code(session=session, code_id=code_id, at=now())
