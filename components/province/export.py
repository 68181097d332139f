"""The year's proposals with their check results as an Excel file (services/spreadsheet.py
writes it: no cell typed by a person can become a formula).

The rows are worded during the page's run (t() needs the session's language); only writing
the file is left to the download's click, which runs off the script thread."""

from components.i18n import t
from components.province.words import cap_text, finding_text, kind_label, sheet_label, status_label
from services.province.checks import CheckReport, Problem
from services.province.proposals import Proposal
from services.spreadsheet import write_xlsx

COLUMNS = (
    "kind",
    "unit",
    "bloc",
    "status",
    "votes",
    "seats",
    "score",
    "rank",
    "sheet",
    "checks",
    "decision_ref",
    "decision_date",
    "status_reason",
)


def proposal_sheets(proposals: list[Proposal], report: CheckReport, *, province: str, year: int) -> dict[str, list]:
    """One row per proposal (numbers stay numbers), then a sheet with the summary and the cap."""
    rows: list[list] = [[t(f"province_proposals.col.{c}") for c in COLUMNS]]
    for p in proposals:
        rows.append(
            [
                kind_label(p.kind),
                p.unit,
                p.bloc,
                status_label(p.status),
                p.votes,
                p.round.seats if p.round else None,
                p.verified,
                p.rank,
                sheet_label(p.sheet_state.value if p.sheet_state else "none"),
                "; ".join(finding_text(f, markdown=False) for f in report.of(p.award_id)) or t("province_proposals.ok"),
                p.decision_ref or "",
                p.decision_date,  # a date cell: Excel shows it in the reader's own format
                p.status_reason or "",
            ]
        )
    summary: list[list] = [[t("province_proposals.col.check"), t("province_proposals.col.flagged")]]
    summary += [[t(f"province_proposals.problem.{problem.value}"), report.flagged(problem)] for problem in Problem]
    summary += [[t("province_proposals.province"), province], [t("province_proposals.year"), year]]
    summary += [[cap_text(report.cap, year=year), None], [t("province_proposals.cap_counts"), None]]
    return {t("province_proposals.sheet_list", year=year): rows, t("province_proposals.sheet_summary"): summary}


def proposals_xlsx(proposals: list[Proposal], report: CheckReport, *, province: str, year: int) -> bytes:
    return write_xlsx(proposal_sheets(proposals, report, province=province, year=year))
