"""A leader sees decided awards apart from proposals on the dashboards (the demo's 2025:
decided with an illustrative decision; 2017: proposals)."""

from manage.demo import facts
from tests.app.dashboard_helpers import (
    bloc_id,
    fresh_dashboard_cache,  # noqa: F401 (autouse fixture)
    open_dashboard,
    unit_id,
)

DECIDED = "18/QĐ-UBND (minh họa) ngày 20/01/2026"
REFUSED = "Sở Nông nghiệp và Môi trường"


def test_the_bloc_dashboard_shows_the_decision_or_the_councils_reason(make_app, app_db):
    at = open_dashboard(make_app, "tong-quan-khoi", tinh="LCU", khoi=bloc_id(app_db, facts.LAI_CHAU, facts.KINH_TE),
                        nam=2025)  # fmt: skip
    awards = at.dataframe[-1].value.set_index("Đơn vị")
    assert awards.loc["Sở Tư pháp", "Tình trạng"] == "Đã có quyết định"
    assert awards.loc["Sở Tư pháp", "Quyết định"] == DECIDED
    assert awards.loc[REFUSED, "Tình trạng"] == "Không được khen thưởng"
    assert awards.loc[REFUSED, "Quyết định"].startswith("Hội đồng: 5/9 phiếu đồng ý, chưa đạt từ 2/3")


def test_the_unit_profile_tells_a_decided_award_from_a_proposal(make_app, app_db):
    bloc, unit = bloc_id(app_db, facts.LAI_CHAU), unit_id(app_db, facts.LAI_CHAU, "Sở KH&CN")
    at = open_dashboard(make_app, "ho-so-don-vi", tinh="LCU", khoi=bloc, nam=2025, donvi=unit)
    awards = at.dataframe[1].value
    flag_2025 = awards[(awards["Năm"] == 2025) & (awards["Hình thức khen thưởng"] == "Cờ thi đua UBND tỉnh")]
    assert list(flag_2025["Tình trạng"]) == ["Đã có quyết định"] and list(flag_2025["Quyết định"]) == [DECIDED]


def test_the_bloc_history_lists_the_decision_and_the_refusal(make_app, app_db):
    economy = bloc_id(app_db, facts.LAI_CHAU, facts.KINH_TE)
    at = open_dashboard(make_app, "lich-su-khoi", tinh="LCU", khoi=economy)
    years = at.dataframe[0].value.set_index("Năm")
    assert years.loc[2025, "Quyết định khen thưởng"] == "18/QĐ-UBND (minh họa) (20/01/2026)"
    assert years.loc[2025, "Không được khen thưởng"] == REFUSED
    culture = open_dashboard(make_app, "lich-su-khoi", tinh="LCU", khoi=bloc_id(app_db, facts.LAI_CHAU))
    seeds = culture.dataframe[0].value.set_index("Năm")
    assert seeds.loc[2017, "Đề nghị chưa có quyết định"] == 4 and seeds.loc[2017, "Quyết định khen thưởng"] == ""
