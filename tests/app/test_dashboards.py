"""Bloc overview and heatmap through app.py: the numbers a leader sees, the URL, the scope."""

import json
import re

import pytest

from manage.demo import facts
from tests.app.conftest import open_page
from tests.app.dashboard_helpers import (
    as_points,
    bloc_id,
    fresh_dashboard_cache,  # noqa: F401 (autouse fixture)
    open_dashboard,
    query,
    totals,
)

DASHBOARDS = {
    "tong-quan-khoi": "Tổng quan khối thi đua",
    "ban-do-nhiet": "Bản đồ nhiệt tiêu chí",
    "ho-so-don-vi": "Hồ sơ đơn vị",
    "lich-su-khoi": "Lịch sử khối thi đua",
    "tong-quan-tinh": "Tổng quan tỉnh",
}


def texts(at) -> str:
    return "\n".join(str(e.value) for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.success))


def test_bloc_overview_ranks_units_by_totals_summed_in_the_test(make_app, app_db):
    bloc = bloc_id(app_db, facts.LAI_CHAU)
    at = open_dashboard(make_app, "tong-quan-khoi", tinh="LCU", khoi=bloc, nam=2017)
    assert at.title[0].value == "Tổng quan khối thi đua"
    raw = totals(app_db, bloc, 2017)
    expected = sorted(raw, key=lambda name: raw[name]["verified"], reverse=True)
    ranking = at.dataframe[0].value
    assert list(ranking["Đơn vị"]) == expected
    assert list(ranking["Đơn vị"][:2]) == ["Đài Phát thanh – Truyền hình tỉnh", "Sở Lao động – Thương binh và Xã hội"]
    for row in ranking.to_dict("records"):
        assert as_points(row["Điểm thẩm định"]) == raw[row["Đơn vị"]]["verified"]
        assert as_points(row["Chênh lệch"]) == raw[row["Đơn vị"]]["self"] - raw[row["Đơn vị"]]["verified"]
    assert list(ranking["Hạng"]) == list(range(1, 10))  # no ties in 2017
    assert "**Trưởng khối:** Sở Lao động – Thương binh và Xã hội" in texts(at)
    awards = at.dataframe[1].value
    flags = awards[awards["Hình thức khen thưởng"] == "Cờ thi đua UBND tỉnh"]["Đơn vị"]
    assert set(flags) == {"Sở Lao động – Thương binh và Xã hội", "Đài Phát thanh – Truyền hình tỉnh"}
    assert set(awards["Tình trạng"]) == {"Đề nghị"}


def test_units_not_verified_yet_read_chua_tham_dinh_not_zero(make_app, app_db):
    bloc = bloc_id(app_db, facts.LAI_CHAU)
    at = open_dashboard(make_app, "tong-quan-khoi", tinh="LCU", khoi=bloc, nam=2026)
    raw = totals(app_db, bloc, 2026)
    waiting = {name for name, sheet in raw.items() if sheet["state"] not in {"verified", "locked"}}
    ranking = at.dataframe[0].value
    shown = dict(zip(ranking["Đơn vị"], ranking["Điểm thẩm định"], strict=True))
    assert waiting and all(shown[name] == "chưa thẩm định" for name in waiting)
    assert all(as_points(shown[name]) == raw[name]["verified"] for name in set(raw) - waiting)
    assert "0" not in set(ranking["Điểm thẩm định"])
    assert list(ranking["Đơn vị"][-len(waiting) :]) == sorted(waiting)  # after the ranked ones
    assert f"Đã thẩm định {len(raw) - len(waiting)}/{len(raw)} bảng điểm." in texts(at)


def test_filters_go_to_the_url_and_changing_one_updates_the_view(make_app, app_db):
    at = open_dashboard(make_app, "tong-quan-khoi")
    assert at.query_params["tinh"] == "LCU" and at.query_params["nam"] == "2026"
    assert int(at.query_params["khoi"]) in {
        bloc_id(app_db, facts.LAI_CHAU),
        bloc_id(app_db, facts.LAI_CHAU, facts.KINH_TE),
    }
    at.selectbox(key="dash_bloc_bloc").set_value(bloc_id(app_db, facts.LAI_CHAU)).run()
    at.selectbox(key="dash_bloc_year").set_value(2018).run()
    assert at.query_params["nam"] == "2018" and at.query_params["khoi"] == str(bloc_id(app_db, facts.LAI_CHAU))
    assert "**Trưởng khối:** Đài Phát thanh – Truyền hình tỉnh" in texts(at)  # elected for 2018 (seed)


def test_a_shared_link_opens_the_same_view(make_app, app_db):
    economy = bloc_id(app_db, facts.LAI_CHAU, facts.KINH_TE)
    at = open_dashboard(make_app, "tong-quan-khoi", tinh="LCU", khoi=economy, nam=2019)
    assert at.selectbox(key="dash_bloc_bloc").value == economy
    assert at.selectbox(key="dash_bloc_year").value == 2019
    raw = totals(app_db, economy, 2019)
    assert set(at.dataframe[0].value["Đơn vị"]) == set(raw)


def test_the_leader_of_lai_chau_cannot_pick_dien_bien(make_app, app_db):
    dien_bien_bloc = bloc_id(app_db, facts.DIEN_BIEN)
    at = open_dashboard(make_app, "tong-quan-khoi", tinh="DBN", khoi=dien_bien_bloc, nam=2017)
    assert at.selectbox(key="dash_bloc_province").options == ["Lai Châu"]
    assert sorted(at.selectbox(key="dash_bloc_bloc").options) == sorted([facts.KINH_TE, facts.VHXH])
    shown_bloc = at.selectbox(key="dash_bloc_bloc").value
    assert shown_bloc != dien_bien_bloc and at.query_params == {"tinh": "LCU", "khoi": str(shown_bloc), "nam": "2017"}
    assert set(at.dataframe[0].value["Đơn vị"]) == set(totals(app_db, shown_bloc, 2017))


@pytest.mark.parametrize("path", list(DASHBOARDS))
def test_a_delegate_cannot_open_dashboards(make_app, path):
    at = open_page(make_app(role="delegate").run(), path)
    assert not at.exception
    assert DASHBOARDS[path] not in [t.value for t in at.title]
    assert not at.dataframe and not at.selectbox


@pytest.mark.parametrize("role", ["admin", "secretary", "leader"])
def test_each_dashboard_opens_for_admin_secretary_and_leader(make_app, role):
    for path, title in DASHBOARDS.items():
        at = open_page(make_app(role=role).run(), path)
        assert not at.exception, (path, at.exception)
        assert at.title[0].value == title
        assert at.dataframe, path


def test_heatmap_group_totals_follow_the_score_rows(make_app, app_db):
    bloc = bloc_id(app_db, facts.LAI_CHAU)
    at = open_dashboard(make_app, "ban-do-nhiet", tinh="LCU", khoi=bloc, nam=2017)
    rows = query(
        app_db,
        "SELECT n.name, g.position, SUM(s.verified_score), SUM(s.self_score) FROM score s "
        "JOIN scoresheet ss ON ss.id = s.sheet_id JOIN covenant c ON c.id = ss.covenant_id "
        "JOIN criterion cr ON cr.id = s.criterion_id JOIN criteriagroup g ON g.id = cr.group_id "
        "JOIN unitname n ON n.unit_id = ss.unit_id WHERE c.bloc_id = :b AND c.year = 2017 "
        "GROUP BY n.name, g.position",
        b=bloc,
    )
    codes = ["1", "2", "3", "4", "5"]  # the covenant's group numbers, as its editor prints them
    table = at.dataframe[0].value.set_index("Đơn vị")
    assert list(table.columns) == [*codes, "Tổng điểm"]
    for name, position, verified, _ in rows:
        assert as_points(table.loc[name, codes[position]]) == as_points(verified)
    raw = totals(app_db, bloc, 2017)
    assert list(table.index) == sorted(raw, key=lambda n: raw[n]["verified"], reverse=True)
    assert all(as_points(table.loc[n, "Tổng điểm"]) == raw[n]["verified"] for n in raw)

    at.segmented_control(key="heatmap_measure").set_value("self").run()
    table = at.dataframe[0].value.set_index("Đơn vị")
    assert all(as_points(table.loc[n, "Tổng điểm"]) == raw[n]["self"] for n in raw)
    assert len(at.dataframe[1].value) == 15  # the criteria and their codes


def test_dashboards_speak_english_when_asked(make_app, app_db):
    bloc = bloc_id(app_db, facts.LAI_CHAU)
    at = open_dashboard(make_app, "tong-quan-khoi", lang="en", tinh="LCU", khoi=bloc, nam=2026)
    assert at.title[0].value == "Bloc overview"
    assert "not verified" in set(at.dataframe[0].value["Verified score"])


VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def encodings(spec: dict) -> list[dict]:
    return [spec.get("encoding", {})] + [e for layer in spec.get("layer", []) for e in encodings(layer)]


@pytest.mark.parametrize(
    ("path", "params", "count"),
    [
        ("tong-quan-khoi", {"nam": 2017}, 2),
        ("ban-do-nhiet", {"nam": 2017}, 2),
        ("ho-so-don-vi", {"nam": 2017}, 3),
        ("lich-su-khoi", {}, 2),
        ("tong-quan-tinh", {"nam": 2017}, 2),
    ],
)
def test_every_chart_has_a_vietnamese_title_axis_titles_and_tooltips(make_app, path, params, count):
    at = open_dashboard(make_app, path, tinh="LCU", **params)
    specs = chart_specs(at)
    assert len(specs) == count
    for spec in specs:
        assert VIETNAMESE.search(spec["title"]["text"]), spec["title"]
        found = encodings(spec)
        for channel in ("x", "y"):
            titles = [e[channel].get("title") for e in found if channel in e]
            assert any(titles), (spec["title"]["text"], channel)
        assert any("tooltip" in e for e in found), spec["title"]["text"]
        assert spec["autosize"]["type"] == "fit-x"  # fits a phone's width, no horizontal scroll
