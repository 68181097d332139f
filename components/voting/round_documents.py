"""A counted round's documents: the minutes details (place, committee), the minutes on
screen, and the downloads (minutes as PDF and Word, the draft proposal letter).

Files are built only when their button is clicked: building them on every rerun of
the rounds page would be waste.
"""

import json

import streamlit as st

from components.database import db_session
from components.feedback import save_then_rerun
from components.i18n import t
from db.models.voting import RoundStatus, VotingRound
from services.clock import now
from services.voting.document_parts import Header, Para, Signature, SignatureRows, Table
from services.voting.documents_docx import minutes_docx, proposal_docx
from services.voting.export import export_round
from services.voting.minutes import minutes_for_round
from services.voting.minutes_content import Minutes, minutes_of_round
from services.voting.proposal import has_proposal, proposal_of_round
from services.voting.rounds import set_minutes_details

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def details_form(round_: VotingRound, *, expanded: bool = False) -> None:
    """Place and committee: asked for before the count, editable until publication."""
    if round_.status in (RoundStatus.PUBLISHED, RoundStatus.CANCELLED):
        return
    with st.expander(t("documents.details"), expanded=expanded), st.form(f"minutes_details_{round_.id}"):
        place = st.text_input(t("documents.place"), value=round_.place or "", max_chars=300)
        committee = st.text_area(
            t("documents.committee"), value="\n".join(json.loads(round_.committee_json or "[]")), height=110
        )
        if st.form_submit_button(t("documents.save_details")):

            def save() -> None:
                with db_session() as session:
                    set_minutes_details(
                        session, round_id=round_.id, place=place, committee=committee.splitlines(), at=now()
                    )

            labels = {"place": t("documents.place"), "committee": t("documents.committee"), "round": t("rounds.round")}
            save_then_rerun(save, success_key="documents.details_saved", labels=labels)


def documents(round_: VotingRound) -> None:
    st.subheader(t("documents.heading"))
    with st.expander(t("documents.preview")):
        with db_session() as session:
            minutes = minutes_of_round(session, round_id=round_.id)
        minutes_view(minutes)
    _downloads(round_)


def minutes_view(minutes: Minutes) -> None:
    """The minutes as the printed page reads, from the same header and blocks as the PDF
    and Word files (TT numbered 1, 2, 3…, Vietnamese numbers); st.text never interprets
    markup in names."""
    st.caption(t("documents.preview_note"))
    with st.container(border=True):
        _header_view(minutes.header)
        for block in minutes.blocks:
            if isinstance(block, Para):
                st.text(block.text, width="stretch", text_alignment="center" if block.align == "C" else "left")
            elif isinstance(block, Table):
                rows = [dict(zip(block.headings, row, strict=True)) for row in block.rows]
                st.dataframe(rows, hide_index=True)
            else:
                _signatures_view(block)


def _header_view(header: Header) -> None:
    issuer, nation = st.columns([2, 3])
    for column, lines in ((issuer, (header.parent, header.issuer, header.number)),
                          (nation, (header.national, header.motto, header.place_date))):  # fmt: skip
        with column:
            for line in lines:
                st.text(line, width="stretch", text_alignment="center")
    for line in (header.title, header.subject):
        st.text(line, width="stretch", text_alignment="center")


def _signatures_view(rows: SignatureRows) -> None:
    for pair in rows.rows:
        for column, block in zip(st.columns(2), pair, strict=True):
            if isinstance(block, Signature):
                with column:
                    for line in (*block.titles, block.hint, block.name):
                        st.text(line, width="stretch", text_alignment="center")


def _downloads(round_: VotingRound) -> None:
    def built(make):
        def build() -> bytes:
            with db_session() as session:
                return make(session)

        return build

    buttons = [
        ("documents.pdf", lambda s: minutes_for_round(s, round_id=round_.id), "pdf", "application/pdf", "bien-ban"),
        ("documents.docx", lambda s: minutes_docx(minutes_of_round(s, round_id=round_.id)), "docx", DOCX, "bien-ban"),
    ]
    if has_proposal(round_):
        buttons.append(
            (
                "documents.proposal_docx",
                lambda s: proposal_docx(proposal_of_round(s, round_id=round_.id)),
                "docx",
                DOCX,
                "to-trinh",
            )
        )
    if round_.status == RoundStatus.PUBLISHED:
        buttons.append(
            (
                "rounds.export_json",
                lambda s: export_round(s, round_id=round_.id).encode(),
                "json",
                "application/json",
                "phieu-bau",
            )
        )
    for label, make, extension, mime, stem in buttons:
        st.download_button(
            t(label),
            data=built(make),
            on_click="ignore",
            file_name=f"{stem}-vong-{round_.id}.{extension}",
            mime=mime,
            icon=":material/download:",
            help=t("rounds.export_help") if extension == "json" else None,
            key=f"{stem}_{extension}_{round_.id}",
        )
