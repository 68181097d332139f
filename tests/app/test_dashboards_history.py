"""Unit profile, bloc history and province overview through app.py, against raw SQL."""

from manage.demo import facts
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
    # Dissolved in the 2025 reorganisation: its years end in 2024 and it names its successor.
    assert list(years.index) == list(range(facts.MERGER_YEAR - 1, facts.FIRST_YEAR - 1, -1))
    assert any("Đơn vị này đã sáp nhập vào **Sở Nội vụ**" in i.value for i in at.info)
    for year in range(facts.FIRST_YEAR, facts.MERGER_YEAR):
        raw = totals(app_db, bloc, year)
        assert as_points(years.loc[year, "Điểm thẩm định"]) == raw[LABOUR]["verified"], year
        higher = sum(1 for sheet in raw.values() if sheet["verified"] > raw[LABOUR]["verified"])
        assert int(years.loc[year, "Hạng"]) == 1 + higher, year
    assert years.loc[2024, "Số đơn vị"] == 9

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
    went = {LABOUR: "Sở Nội vụ", "Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ"}
    went["Đài Phát thanh – Truyền hình tỉnh"] = "Báo Lai Châu"  # each merged into the unit named
    gone = list(went)
    assert history.loc[2025, "Rời khối"] == "; ".join(gone)  # the 2025 reorganisation
    for year in (2017, 2024):
        raw = totals(app_db, bloc, year)
        top = max(raw, key=lambda n: raw[n]["verified"])
        assert history.loc[year, "Đơn vị dẫn đầu"] == top
        assert as_points(history.loc[year, "Điểm cao nhất"]) == raw[top]["verified"]
    changes = at.dataframe[1].value
    assert sorted(changes.to_dict("records"), key=lambda r: (r["Thay đổi"], r["Đơn vị"])) == [
        *(
            {"Năm": 2025, "Đơn vị": name, "Thay đổi": "Rời khối", "Sáp nhập vào": to}
            for name, to in sorted(went.items())
        ),
        {"Năm": 2025, "Đơn vị": "Báo Lai Châu", "Thay đổi": "Vào khối", "Sáp nhập vào": ""},
        {"Năm": 2025, "Đơn vị": "Sở Nội vụ", "Thay đổi": "Vào khối", "Sáp nhập vào": ""},
    ]


def test_the_successor_profile_lists_the_history_of_the_unit_it_absorbed(make_app, app_db):
    bloc, home_affairs = bloc_id(app_db, facts.LAI_CHAU), unit_id(app_db, facts.LAI_CHAU, "Sở Nội vụ")
    labour = unit_id(app_db, facts.LAI_CHAU, "Sở LĐ-TB&XH")
    at = open_dashboard(make_app, "ho-so-don-vi", tinh="LCU", khoi=bloc, nam=2026, donvi=home_affairs)
    assert at.subheader[0].value == "Sở Nội vụ"
    assert not [i for i in at.info if "sáp nhập vào" in i.value]  # it was merged into nothing
    assert "Đơn vị đã sáp nhập vào đơn vị này" in [s.value for s in at.subheader]
    [absorbed] = [
        d.value for d in at.dataframe if "Tên đơn vị năm đó" in d.value and LABOUR in set(d.value["Tên đơn vị năm đó"])
    ]
    expected = [
        y for (y,) in query(app_db, "SELECT year FROM membership WHERE unit_id = :u ORDER BY year DESC", u=labour)
    ]
    assert list(absorbed["Năm"]) == expected == list(range(2024, 2014, -1))


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
