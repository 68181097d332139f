"""The year's proposals grouped by award, each with its checks beside it and its dossier one
click away (an expander): the checks, the score and rank, the proposing round's result and
minutes, the unit's earlier awards."""

import streamlit as st

from components.database import db_session
from components.downloads import file_slug, lazy_download
from components.i18n import current_language, t
from components.province.words import cap_text, finding_text, kind_label, score_text, sheet_label, status_label
from components.text import plain
from services.numbers import format_number, format_percent
from services.province.checks import CheckReport, Problem
from services.province.proposals import Proposal, ProposingRound, by_kind
from services.voting.minutes import minutes_for_round

PDF_MIME = "application/pdf"


def checks_summary(report: CheckReport, *, year: int, total: int) -> None:
    """How many proposals each check flags, then the cap and which count it uses."""
    language = current_language()
    st.subheader(t("province_proposals.summary"))
    columns = st.columns(len(Problem))
    for column, problem in zip(columns, Problem, strict=True):
        column.metric(t(f"province_proposals.problem.{problem.value}"), format_number(report.flagged(problem),
                      locale=language))  # fmt: skip
    flagged = len(report.findings)
    if flagged:
        st.warning(t("province_proposals.flagged", count=format_number(flagged, locale=language),
                     total=format_number(total, locale=language)), icon=":material/warning:")  # fmt: skip
    else:
        st.success(t("province_proposals.all_clear"), icon=":material/check_circle:")
    cap = cap_text(report.cap, year=year)
    (st.error if report.cap.over else st.info)(cap, icon=":material/flag:")
    st.caption(t("province_proposals.cap_counts"))


def _round_part(round_: ProposingRound, award_id: int) -> None:
    language = current_language()
    st.markdown(f"**{t('province_proposals.round')}:** {plain(round_.title)}")
    st.caption(t("province_proposals.round_facts", seats=format_number(round_.seats, locale=language),
                 members=format_number(round_.members, locale=language),
                 collected=format_number(round_.collected, locale=language)))  # fmt: skip
    st.dataframe(
        [
            {
                t("province_proposals.col.unit"): line.unit,
                t("province_proposals.col.votes"): format_number(line.votes, locale=language),
                t("province_proposals.col.share"): format_percent(line.share, locale=language),
                t("province_proposals.col.result"): t("province_proposals.winner") if line.winner else "",
            }
            for line in round_.lines
        ],
        hide_index=True,
        width="stretch",
    )

    def minutes() -> bytes:
        with db_session() as session:
            return minutes_for_round(session, round_id=round_.round_id)

    lazy_download(st, t("province_proposals.minutes"), minutes, mime=PDF_MIME, icon=":material/picture_as_pdf:",
                  file_name=f"bien-ban-{file_slug(round_.title)}-{round_.round_id}.pdf",
                  key=f"minutes_{award_id}")  # one round proposes several units  # fmt: skip


def _earlier_part(proposal: Proposal) -> None:
    st.markdown(f"**{t('province_proposals.earlier')}**")
    if not proposal.earlier:
        st.caption(t("province_proposals.no_earlier"))
        return
    lines = []
    for award in proposal.earlier:
        ref = f" ({plain(award.decision_ref)})" if award.decision_ref else ""
        lines.append(f"- {award.year}: {kind_label(award.kind)} · {status_label(award.status)}{ref}")
    st.markdown("\n".join(lines))


def dossier(proposal: Proposal, report: CheckReport) -> None:
    for finding in report.of(proposal.award_id):
        st.warning(finding_text(finding), icon=":material/warning:")
    left, right = st.columns(2)
    left.markdown(f"**{t('province_proposals.score')}:** {score_text(proposal)}")
    state = proposal.sheet_state.value if proposal.sheet_state else "none"
    right.markdown(f"**{t('province_proposals.sheet')}:** {sheet_label(state)}")
    if proposal.decision_ref:
        st.markdown(f"**{t('province_proposals.decision_ref')}:** {plain(proposal.decision_ref)}")
    if proposal.status_reason:
        st.markdown(f"**{t('province_proposals.reason')}:** {plain(proposal.status_reason)}")
    if proposal.round is None:
        st.info(t("province_proposals.no_round"))
    else:
        _round_part(proposal.round, proposal.award_id)
    _earlier_part(proposal)


def _label(proposal: Proposal, report: CheckReport) -> str:
    found = report.of(proposal.award_id)
    mark = f"⚠ {len(found)}" if found else "✓"
    return f"{mark} · {plain(proposal.unit)} · {plain(proposal.bloc)} · {status_label(proposal.status)}"


def proposal_groups(proposals: list[Proposal], report: CheckReport) -> None:
    for kind, group in by_kind(proposals).items():
        st.subheader(t("province_proposals.group", award=kind_label(kind),
                       count=format_number(len(group), locale=current_language())))  # fmt: skip
        for proposal in group:
            with st.expander(_label(proposal, report)):
                dossier(proposal, report)
