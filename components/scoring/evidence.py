"""Evidence files: upload (the unit, while it may edit), list and download (unit and verifiers).

Files are offered only through download buttons as application/octet-stream,
never shown in the page; file names are drawn with st.text (no Markdown, no HTML).
The bytes are read from the database only when someone clicks the button.
"""

from collections.abc import Callable

import streamlit as st

from components.database import db_session
from components.i18n import t
from components.scoring.common import criterion_label, error_labels, localize_uploader, run_and_flash
from components.text import plain
from services.access.sessions import Principal
from services.clock import local_time
from services.scoring.evidence import ALLOWED, MAX_BYTES, add_evidence, evidence_content, list_evidence, remove_evidence
from services.scoring.rules import Actor, can_edit
from services.scoring.sheets import SheetView


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _downloader(principal: Principal, evidence_id: int) -> Callable[[], bytes]:
    # Runs when the button is clicked, on another thread: the permission is checked again there.
    def load() -> bytes:
        with db_session() as session:
            return evidence_content(session=session, principal=principal, evidence_id=evidence_id)[1]

    return load


def evidence_section(principal: Principal, view: SheetView, *, manage: bool = True) -> None:
    """manage=False: downloads only (the verifier's view), even for someone who could upload."""
    editable = manage and can_edit(view.state, view.actors, Actor.UNIT)
    st.subheader(t("evidence.title"))
    files = []
    if view.sheet_id is not None:
        with db_session() as session:
            files = list_evidence(session, sheet_id=view.sheet_id)
    codes = {line.criterion.id: line.criterion.code for line in view.lines}
    if not files:
        st.caption(t("evidence.none"))
    for info in files:
        uploaded = local_time(info.uploaded_at)
        text, download, remove = st.columns([5, 2, 2], vertical_alignment="center")
        code = codes.get(info.criterion_id, "?")
        text.text(f"{code} · {info.filename} · {_size(info.size)}\n{info.uploaded_by}, {uploaded}")
        download.download_button(
            t("evidence.download"),
            data=_downloader(principal, info.id),
            file_name=info.filename,
            mime="application/octet-stream",
            on_click="ignore",
            key=f"evidence_get_{info.id}",
            icon=":material/download:",
        )
        if editable and remove.button(t("evidence.remove"), key=f"evidence_del_{info.id}", icon=":material/delete:"):
            _remove(principal, info.id)
    if editable:
        _upload_form(principal, view)


def _remove(principal: Principal, evidence_id: int) -> None:
    def action():
        with db_session() as session:
            remove_evidence(session=session, principal=principal, evidence_id=evidence_id)

    run_and_flash(action, lambda _: t("evidence.removed"), error_labels())


def _upload_form(principal: Principal, view: SheetView) -> None:
    lines = {line.criterion.id: criterion_label(line.criterion) for line in view.lines}
    with st.form(f"evidence_{view.covenant_id}_{view.unit_id}", clear_on_submit=True):
        st.markdown(f"**{t('evidence.add')}**")
        st.caption(t("evidence.rules", mb=MAX_BYTES // (1024 * 1024), types=", ".join(ALLOWED)))
        criterion_id = st.selectbox(t("scoring.criterion"), list(lines), format_func=lines.get)
        localize_uploader()
        upload = st.file_uploader(t("evidence.file"), type=list(ALLOWED), max_upload_size=MAX_BYTES // (1024 * 1024))
        if not st.form_submit_button(t("evidence.upload"), icon=":material/upload:"):
            return
    if upload is None:
        st.warning(t("evidence.pick_file"))
        return

    def action():
        with db_session() as session:
            info = add_evidence(
                session=session,
                principal=principal,
                covenant_id=view.covenant_id,
                unit_id=view.unit_id,
                criterion_id=criterion_id,
                filename=upload.name,
                data=upload.getvalue(),
            )
            return info.filename

    labels = error_labels([line.criterion for line in view.lines])
    run_and_flash(action, lambda name: t("evidence.added", name=plain(name)), labels)
