"""The province's proposals: every bloc's proposals of the year, with checks and dossiers."""

import streamlit as st

from components.database import db_session
from components.downloads import XLSX_MIME, file_slug, lazy_download
from components.feedback import show_flash
from components.guards import require_page
from components.i18n import t
from components.province.export import proposal_sheets
from components.province.picker import stage_choice
from components.province.proposal_list import checks_summary, proposal_groups
from components.province.stage_rules_form import stage_rules_form
from services.province.checks import check_proposals
from services.province.proposals import proposal_years, province_proposals
from services.province.stage_rules import stage_rules
from services.spreadsheet import write_xlsx


def render() -> None:
    principal = require_page("province_proposals")
    st.title(t("province.proposals.title"))
    st.caption(t("province.proposals.intro"))
    show_flash()

    def years_of(session, province_id: int) -> tuple[list[int], None]:  # latest first, opening on the latest
        return proposal_years(session, principal=principal, province_id=province_id), None

    choice = stage_choice(principal, key="proposals", words="province_proposals", years_of=years_of)
    if choice is None:
        return
    with st.expander(t("province_proposals.rules.title"), icon=":material/tune:"):
        stage_rules_form(principal, province_id=choice.province_id)
    if choice.year is None:
        st.info(t("province_proposals.none_yet"))
        return
    with db_session() as session:
        proposals = province_proposals(session, principal=principal, province_id=choice.province_id, year=choice.year)
        report = check_proposals(proposals, cap_share=stage_rules(session, choice.province_id).government_flag_cap)
    checks_summary(report, year=choice.year, total=len(proposals))
    name = file_slug(f"de-nghi-khen-thuong-{choice.province_name}-{choice.year}")
    sheets = proposal_sheets(proposals, report, province=choice.province_name, year=choice.year)
    lazy_download(st, t("province_proposals.export"), lambda: write_xlsx(sheets), file_name=f"{name}.xlsx",
                  mime=XLSX_MIME, key="proposals_xlsx", icon=":material/table_view:")  # fmt: skip
    proposal_groups(proposals, report)
