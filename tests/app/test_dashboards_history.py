"""Unit profile, bloc history and province overview through app.py, against raw SQL."""

from db.demo import facts
from tests.app.dashboard_helpers import (
    as_points,
    bloc_id,
    fresh_dashboard_cache,  # noqa: F401 (autouse fixture)
    open_dashboard,
    query,
    totals,
    unit_id,
)

LABOUR = "Sở Lao động – Thương binh và Xã hội"


def test_unit_profile_totals_ranks_awards_and_chair_terms(make_app, app_db):
    bloc, labour = bloc_id(app_db, facts.LAI_CHAU), unit_id(app_db, facts.LAI_CHAU, "Sở LĐ-TB&XH")
    at = open_dashboard(make_app, "ho-so-don-vi", tinh="LCU", khoi=bloc, nam=2017, donvi=labour)
    assert at.selectbox(key="dash_unit_unit").value == labour
    assert at.subheader[0].value == LABOUR
    years = at.dataframe[0].value.set_index("Năm")
    assert list(years.index) == list(range(facts.CURRENT_YEAR, facts.FIRST_YEAR - 1, -1))
    for year in range(facts.FIRST_YEAR, facts.LAST_YEAR + 1):
        raw = totals(app_db, bloc, year)
        assert as_points(years.loc[year, "Điểm thẩm định"]) == raw[LABOUR]["verified"], year
        higher = sum(1 for sheet in raw.values() if sheet["verified"] > raw[LABOUR]["verified"])
        assert int(years.loc[year, "Hạng"]) == 1 + higher, year
    assert years.loc[2026, "Điểm thẩm định"] == "chưa thẩm định"  # still a draft in 2026
    assert years.loc[2025, "Số đơn vị"] == 8 and years.loc[2024, "Số đơn vị"] == 9  # after the merger

    awards = at.dataframe[1].value
    flag_2017 = awards[(awards["Năm"] == 2017) & (awards["Hình thức khen thưởng"] == "Cờ thi đua UBND tỉnh")]
    assert list(flag_2017["Tình trạng"]) == ["Đề nghị"]
    (count,) = query(app_db, "SELECT count(*) FROM award WHERE unit_id = :u", u=labour)[0]
    assert len(awards) == count
    terms = at.dataframe[2].value
    chair_years = [
        y for (y,) in query(app_db, "SELECT year FROM leadershipterm WHERE unit_id = :u AND role = 'chair'", u=labour)
    ]
    assert sorted(terms[terms["Vai trò"] == "Trưởng khối"]["Năm"]) == sorted(chair_years)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Số năm làm Trưởng khối"] == str(len(chair_years))


def test_unit_profile_lists_individual_titles(make_app, app_db):
    bloc, health = bloc_id(app_db, facts.DIEN_BIEN), unit_id(app_db, facts.DIEN_BIEN, "Sở Y tế")
    at = open_dashboard(make_app, "ho-so-don-vi", role="admin", tinh="DBN", khoi=bloc, nam=2017, donvi=health)
    awards = at.dataframe[1].value
    doctors = awards[awards["Hình thức khen thưởng"] == "Thầy thuốc ưu tú"]
    assert len(doctors) == 7 and set(doctors["Năm"]) == {2017}
    assert all(name.startswith("Cá nhân") for name in doctors["Cá nhân"])


def test_bloc_history_shows_the_rotation_awards_and_the_merger(make_app, app_db):
    bloc = bloc_id(app_db, facts.LAI_CHAU)
    at = open_dashboard(make_app, "lich-su-khoi", tinh="LCU", khoi=bloc)
    assert "nam" not in at.query_params
    history = at.dataframe[0].value.set_index("Năm")
    assert history.loc[2017, "Trưởng khối"] == LABOUR
    assert history.loc[2018, "Trưởng khối"] == "Đài Phát thanh – Truyền hình tỉnh"
    assert set(history.loc[2017, "Cờ thi đua UBND tỉnh"].split("; ")) == {LABOUR, "Đài Phát thanh – Truyền hình tỉnh"}
    assert history.loc[2025, "Rời khối"] == "Sở Thông tin và Truyền thông"
    for year in (2017, 2024):
        raw = totals(app_db, bloc, year)
        top = max(raw, key=lambda n: raw[n]["verified"])
        assert history.loc[year, "Đơn vị dẫn đầu"] == top
        assert as_points(history.loc[year, "Điểm cao nhất"]) == raw[top]["verified"]
    changes = at.dataframe[1].value
    assert changes.to_dict("records") == [
        {"Năm": 2025, "Đơn vị": "Sở Thông tin và Truyền thông", "Thay đổi": "Rời khối"}
    ]


def test_dien_bien_history_names_its_2017_chair(make_app, app_db):
    at = open_dashboard(make_app, "lich-su-khoi", role="admin", tinh="DBN", khoi=bloc_id(app_db, facts.DIEN_BIEN))
    assert at.dataframe[0].value.set_index("Năm").loc[2017, "Trưởng khối"] == "Bảo hiểm xã hội tỉnh"


def test_province_overview_counts_awards_and_names_unlocked_blocs(make_app, app_db):
    at = open_dashboard(make_app, "tong-quan-tinh", tinh="LCU", nam=2017)
    blocs = at.dataframe[0].value.set_index("Khối thi đua")
    for name in (facts.VHXH, facts.KINH_TE):
        bloc = bloc_id(app_db, facts.LAI_CHAU, name)
        (flags,) = query(
            app_db, "SELECT count(*) FROM award WHERE bloc_id = :b AND year = 2017 AND kind = 'provincial_flag'", b=bloc
        )[0]
        assert blocs.loc[name, "Cờ thi đua UBND tỉnh"] == flags
        raw = totals(app_db, bloc, 2017)
        assert blocs.loc[name, "Đơn vị dẫn đầu"] == max(raw, key=lambda n: raw[n]["verified"])
    assert set(blocs["Chấm điểm"]) == {"Đã khóa"}
    assert [s.value for s in at.success] == ["Tất cả các khối đã khóa kết quả chấm điểm."]

    at.selectbox(key="dash_province_year").set_value(2026).run()
    assert at.query_params["nam"] == "2026"
    assert at.warning[0].value.startswith("2 khối chưa khóa kết quả chấm điểm")
    assert set(at.dataframe[0].value["Chấm điểm"]) == {"Chưa khóa"}


def test_a_secretary_sees_only_the_blocs_in_scope(make_app):
    at = open_dashboard(make_app, "tong-quan-tinh", role="secretary", tinh="LCU", nam=2017)
    assert list(at.dataframe[0].value["Khối thi đua"]) == [facts.VHXH]
    at = open_dashboard(make_app, "tong-quan-khoi", role="secretary")
    assert at.selectbox(key="dash_bloc_bloc").options == [facts.VHXH]


def test_an_admin_picks_among_every_province(make_app):
    at = open_dashboard(make_app, "tong-quan-tinh", role="admin")
    assert at.selectbox(key="dash_province_province").options == ["Lai Châu", "Điện Biên"]
