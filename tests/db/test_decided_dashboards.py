"""The dashboards tell a decided award from a proposal (the demo's 2025, decided in January
2026 with an illustrative number; 2017 still proposals): the bloc's year and the unit's
profile carry the decision and its date or the council's reason, the counts leave out a
proposal the council turned down, and the bloc's history lists it apart."""

from datetime import date

from manage.demo import facts
from services.dashboards.bloc_history import bloc_history
from services.dashboards.bloc_overview import bloc_year
from services.dashboards.province_overview import province_year
from services.dashboards.unit_profile import unit_profile
from tests.db.dashboard_helpers import bloc_id, culture, rows, unit_id

DECISION = "18/QĐ-UBND (minh họa)"
REFUSED = "Sở Nông nghiệp và Môi trường"  # its 2025 Bằng khen got 5 of 9 council votes (6 needed)


def economy(session) -> int:
    return bloc_id(session, facts.LAI_CHAU, facts.KINH_TE)


def test_the_bloc_year_shows_each_award_decided_or_not(demo_session):
    awards = bloc_year(demo_session, bloc_id=economy(demo_session), year=2025).awards.set_index("unit")
    assert awards.loc["Sở Tư pháp", "status"] == "approved"
    assert awards.loc["Sở Tư pháp", "decision_ref"] == DECISION
    assert awards.loc["Sở Tư pháp", "decision_date"] == date(2026, 1, 20)
    assert awards.loc[REFUSED, "status"] == "not_approved" and awards.loc[REFUSED, "decision_ref"] == ""
    assert awards.loc[REFUSED, "status_reason"].startswith("Hội đồng: 5/9 phiếu đồng ý")


def test_the_unit_profile_carries_the_reason_of_a_proposal_not_approved(demo_session):
    refused = unit_profile(demo_session, unit_id=unit_id(demo_session, facts.LAI_CHAU, "Sở NN&MT")).awards
    row = refused[refused["year"] == 2025].iloc[0]
    assert (row["kind"], row["status"]) == ("certificate_of_merit", "not_approved")
    assert "chưa đạt từ 2/3 tổng số thành viên trở lên" in row["status_reason"]


def test_the_bloc_history_lists_decisions_and_refusals_apart_from_proposals(demo_session):
    history = bloc_history(demo_session, bloc_id=economy(demo_session)).years.set_index("year")
    assert history.loc[2025, "decided"] == f"{DECISION} (20/01/2026)"
    assert history.loc[2025, "not_awarded"] == REFUSED
    assert history.loc[2025, "merits"] == "Sở Tài chính"  # the refused Bằng khen is not counted as one
    assert history.loc[2025, "proposed"] == 0
    seeds = bloc_history(demo_session, bloc_id=culture(demo_session, facts.LAI_CHAU)).years.set_index("year")
    assert (seeds.loc[2017, "proposed"], seeds.loc[2017, "decided"]) == (4, "")
    events = bloc_history(demo_session, bloc_id=economy(demo_session)).events
    assert set(events[events["year"] == 2025]["event"]) >= {"provincial_flag", "certificate_of_merit", "not_awarded"}


def test_the_province_counts_leave_out_a_proposal_not_approved(demo_session):
    lai_chau = rows(demo_session, "SELECT id FROM province WHERE code = 'LCU'")[0][0]
    overview = province_year(demo_session, province_id=lai_chau, year=2025).blocs.set_index("bloc")
    assert (overview.loc[facts.KINH_TE, "flags"], overview.loc[facts.KINH_TE, "merits"]) == (1, 1)
    assert (overview.loc[facts.VHXH, "flags"], overview.loc[facts.VHXH, "merits"]) == (1, 2)
