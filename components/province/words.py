"""The proposals page's words for a finding, a status, a score: one place, used on screen
and in the Excel file alike."""

from components.i18n import current_language, t
from components.text import plain
from db.models import AwardKind, AwardStatus
from services.numbers import format_number, format_percent
from services.province.checks import CapCount, Finding
from services.province.proposals import Proposal


def kind_label(kind: AwardKind) -> str:
    return t(f"dash.award.{kind.value}")


def status_label(status: AwardStatus) -> str:
    return t(f"province_proposals.status.{status.value}")


def sheet_label(state: str) -> str:
    return t("province_proposals.no_sheet") if state == "none" else t(f"sheet_state.{state}")


def finding_text(finding: Finding, *, markdown: bool = True) -> str:
    """markdown: for an element that reads Markdown (bloc names escaped); False for a file."""
    params = dict(finding.params)
    if "blocs" in params and markdown:
        params["blocs"] = plain(params["blocs"])
    if "state" in params:
        params["state"] = sheet_label(params["state"])
    for name in ("count", "seats", "nominees", "cap"):
        if name in params:
            params[name] = format_number(params[name], locale=current_language())
    return t(f"province_proposals.check.{finding.problem.value}", **params)


def score_text(proposal: Proposal) -> str:
    language = current_language()
    if proposal.verified is None:
        return t("province_proposals.not_verified")
    return t(
        "province_proposals.score_rank",
        score=format_number(proposal.verified, locale=language),
        rank=format_number(proposal.rank or 0, locale=language),
        of=format_number(proposal.ranked_of, locale=language),
    )


def cap_text(cap: CapCount, *, year: int) -> str:
    language = current_language()
    return t(
        "province_proposals.cap_rule",
        # 20 % reads as "20 %", a share like 1/6 keeps its two decimals (16,67 %).
        share=format_percent(cap.share, decimals=0 if (cap.share * 100).denominator == 1 else 2, locale=language),
        holders=format_number(cap.holders, locale=language),
        year=year,
        cap=format_number(cap.cap, locale=language),
        nominees=format_number(cap.nominees, locale=language),
    )
