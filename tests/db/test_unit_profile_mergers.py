"""A unit profile follows mergers (the 2025 reorganisation in the demo data): the absorbing
unit's profile carries the history of the units merged into it, and a merged unit's
profile names its successor. Checked against raw SQL on both databases."""

from manage.demo import facts
from services.dashboards.unit_profile import unit_profile
from tests.db.dashboard_helpers import rows, unit_id


def membership_years(session, unit: int) -> list[int]:
    return [y for (y,) in rows(session, "SELECT year FROM membership WHERE unit_id = :u ORDER BY year", u=unit)]


def test_the_home_affairs_profile_carries_the_dissolved_labour_departments_history(demo_session):
    home_affairs = unit_id(demo_session, facts.LAI_CHAU, "Sở Nội vụ")
    labour = unit_id(demo_session, facts.LAI_CHAU, "Sở LĐ-TB&XH")
    profile = unit_profile(demo_session, unit_id=home_affairs)
    assert profile.successor_id is None
    assert list(profile.years["year"]) == [2025, 2026]  # in the demo's blocs since the reorganisation
    [absorbed] = profile.absorbed
    assert absorbed.unit_id == labour
    assert list(absorbed.years["year"]) == membership_years(demo_session, labour) == list(range(2015, 2025))
    assert set(absorbed.years["unit"]) == {"Sở Lao động – Thương binh và Xã hội"}
    flags = absorbed.awards[absorbed.awards["kind"] == "provincial_flag"]
    assert 2017 in set(flags["year"])  # the seeds' flag stays with the unit that won it
    awarded = rows(demo_session, "SELECT count(*) FROM award WHERE unit_id = :u", u=labour)[0][0]
    assert len(absorbed.awards) == awarded and awarded > 0


def test_a_merged_unit_profile_names_its_successor(demo_session):
    labour = unit_profile(demo_session, unit_id=unit_id(demo_session, facts.LAI_CHAU, "Sở LĐ-TB&XH"))
    assert labour.successor_id == unit_id(demo_session, facts.LAI_CHAU, "Sở Nội vụ")
    assert labour.successor_name == "Sở Nội vụ"
    radio = unit_profile(demo_session, unit_id=unit_id(demo_session, facts.DIEN_BIEN, "Đài PT-TH"))
    assert radio.successor_name == "Báo và Phát thanh, Truyền hình Điện Biên"
    assert radio.absorbed == ()


def test_a_merger_of_two_departments_lists_the_absorbed_ones_chair_terms(demo_session):
    press = unit_profile(demo_session, unit_id=unit_id(demo_session, facts.LAI_CHAU, "Báo Lai Châu"))
    [radio] = press.absorbed
    chairs = rows(
        demo_session,
        "SELECT year FROM leadershipterm WHERE unit_id = :u AND role = 'chair' ORDER BY year",
        u=radio.unit_id,
    )
    assert list(radio.terms[radio.terms["role"] == "chair"]["year"]) == [y for (y,) in chairs]
    assert 2018 in set(radio.terms["year"])  # chair elected at the 2017 conference
    farming = unit_profile(demo_session, unit_id=unit_id(demo_session, facts.LAI_CHAU, "Sở NN&PTNT"))
    assert [p.years["unit"].iloc[0] for p in farming.absorbed] == ["Sở Tài nguyên và Môi trường"]
    assert set(farming.years["unit"]) == {"Sở Nông nghiệp và Môi trường"}  # a member only under its new name


def test_the_bloc_history_names_where_each_merged_member_went(demo_session):
    from services.dashboards.bloc_history import bloc_history
    from tests.db.dashboard_helpers import culture

    events = bloc_history(demo_session, bloc_id=culture(demo_session, facts.LAI_CHAU)).events
    left = events[events["event"] == "left"]
    assert dict(zip(left["unit"], left["successor"], strict=True)) == {
        "Sở Lao động – Thương binh và Xã hội": "Sở Nội vụ",
        "Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ",
        "Đài Phát thanh – Truyền hình tỉnh": "Báo Lai Châu",
    }
    assert set(left["year"]) == {2025}
    assert (events[events["event"] != "left"]["successor"] == "").all()
