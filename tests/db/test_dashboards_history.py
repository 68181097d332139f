"""Unit profile, bloc history and province overview against independent SQL and sums."""

from decimal import Decimal

import pandas as pd
from sqlmodel import select

from db.models import Province, User
from manage.demo import facts
from services.access.scope import visible_bloc_ids
from services.access.sessions import principal_for_user
from services.dashboards import options
from services.dashboards.bloc_history import bloc_history
from services.dashboards.province_overview import province_year, unlocked_blocs
from services.dashboards.unit_profile import unit_profile
from tests.db.dashboard_helpers import culture, independent_ranks, raw_sheets, rows, unit_id


def test_unit_profile_totals_and_ranks_follow_the_score_rows(demo_session):
    bloc = culture(demo_session, facts.LAI_CHAU)
    labour = unit_id(demo_session, facts.LAI_CHAU, "Sở LĐ-TB&XH")
    profile = unit_profile(demo_session, unit_id=labour)
    # Sở LĐ-TB&XH was dissolved in the 2025 reorganisation: its years end in 2024.
    assert list(profile.years["year"]) == list(range(facts.FIRST_YEAR, facts.MERGER_YEAR))
    for row in profile.years.itertuples():
        raw = raw_sheets(demo_session, bloc, row.year)
        expected = raw[labour]["verified"]
        if expected is None:
            assert pd.isna(row.verified) and pd.isna(row.rank)
        else:
            assert Decimal(str(row.verified)) == expected
            assert row.rank == independent_ranks({u: s["verified"] for u, s in raw.items()})[labour]
        assert row.members == len(raw)
    assert profile.years.set_index("year").loc[2017, "rank"] == 2


def test_unit_profile_groups_add_up_to_the_total(demo_session):
    labour = unit_id(demo_session, facts.LAI_CHAU, "Sở LĐ-TB&XH")
    profile = unit_profile(demo_session, unit_id=labour)
    sums = profile.groups.groupby("year")["verified"].sum(min_count=1)
    for row in profile.years.itertuples():
        if not pd.isna(row.verified):
            assert round(sums[row.year], 2) == row.verified
    assert set(profile.groups["position"]) == {0, 1, 2, 3, 4}


def test_unit_profile_lists_awards_individual_titles_and_chair_terms(demo_session):
    labour = unit_id(demo_session, facts.LAI_CHAU, "Sở LĐ-TB&XH")
    profile = unit_profile(demo_session, unit_id=labour)
    flag_2017 = profile.awards[(profile.awards["year"] == 2017) & (profile.awards["kind"] == "provincial_flag")]
    assert list(flag_2017["status"]) == ["proposed"]
    expected_awards = rows(demo_session, "SELECT count(*) FROM award WHERE unit_id = :u", u=labour)[0][0]
    assert len(profile.awards) == expected_awards
    chair_years = rows(
        demo_session, "SELECT year FROM leadershipterm WHERE unit_id = :u AND role = 'chair' ORDER BY year", u=labour
    )
    assert list(profile.terms[profile.terms["role"] == "chair"]["year"]) == [y for (y,) in chair_years]
    assert 2017 in set(profile.terms[profile.terms["role"] == "chair"]["year"])

    health = unit_profile(demo_session, unit_id=unit_id(demo_session, facts.DIEN_BIEN, "Sở Y tế"))
    doctors = health.awards[health.awards["kind"] == "peoples_doctor"]
    assert len(doctors) == 7 and (doctors["person_name"] != "").all() and set(doctors["year"]) == {2017}


def test_a_merged_unit_profile_stops_in_2024(demo_session):
    merged = unit_profile(demo_session, unit_id=unit_id(demo_session, facts.LAI_CHAU, "Sở TT&TT"))
    assert merged.years["year"].max() == facts.MERGER_YEAR - 1


def test_bloc_history_rotation_awards_and_membership_changes(demo_session):
    history = bloc_history(demo_session, bloc_id=culture(demo_session, facts.LAI_CHAU)).years.set_index("year")
    assert history.loc[2017, "chair"] == "Sở Lao động – Thương binh và Xã hội"
    assert history.loc[2018, "chair"] == "Đài Phát thanh – Truyền hình tỉnh"
    assert set(history.loc[2017, "flags"].split("; ")) == {
        "Sở Lao động – Thương binh và Xã hội",
        "Đài Phát thanh – Truyền hình tỉnh",
    }
    # The 2025 reorganisation: three members merged away, their successors joined.
    assert history.loc[2025, "left"] == "; ".join(
        ["Sở Lao động – Thương binh và Xã hội", "Sở Thông tin và Truyền thông", "Đài Phát thanh – Truyền hình tỉnh"]
    )
    assert history.loc[2025, "joined"] == "Sở Nội vụ; Báo Lai Châu"
    assert history.loc[2025, "members"] == 8 and history.loc[2024, "members"] == 9
    assert all(history.loc[y, "left"] == "" for y in history.index if y != 2025)
    assert list(history.index) == sorted(history.index, reverse=True)
    dien_bien = bloc_history(demo_session, bloc_id=culture(demo_session, facts.DIEN_BIEN)).years.set_index("year")
    assert dien_bien.loc[2017, "chair"] == "Bảo hiểm xã hội tỉnh"


def test_bloc_history_counts_every_flag_and_merit(demo_session):
    bloc = culture(demo_session, facts.DIEN_BIEN)
    events = bloc_history(demo_session, bloc_id=bloc).events
    raw = rows(
        demo_session,
        "SELECT kind, count(*) FROM award WHERE bloc_id = :b AND person_name IS NULL GROUP BY kind",
        b=bloc,
    )
    assert {k: n for k, n in raw} == events[events["event"].str.contains("flag|merit")].groupby(
        "event"
    ).size().to_dict()
    chairs = events[events["event"] == "chair"]
    assert len(chairs) == facts.CURRENT_YEAR - facts.FIRST_YEAR + 1


def test_province_overview_leaders_awards_and_locking(demo_session):
    province = demo_session.exec(select(Province).where(Province.code == facts.LAI_CHAU)).one()
    overview = province_year(demo_session, province_id=province.id, year=2017).blocs.set_index("bloc")
    assert list(overview.index) == sorted([facts.KINH_TE, facts.VHXH])
    culture_row = overview.loc[facts.VHXH]
    raw = raw_sheets(demo_session, culture(demo_session, facts.LAI_CHAU), 2017)
    top = max(s["verified"] for s in raw.values())
    assert Decimal(str(culture_row["top_total"])) == top
    assert culture_row["leaders"] == "Đài Phát thanh – Truyền hình tỉnh"
    assert (culture_row["flags"], culture_row["merits"], culture_row["members"]) == (2, 2, 9)
    assert overview["scoring_locked"].all()

    now = province_year(demo_session, province_id=province.id, year=2026)
    assert sorted(unlocked_blocs(now.blocs)) == sorted([facts.KINH_TE, facts.VHXH])
    per_bloc = now.states.groupby("bloc")["count"].sum()
    assert per_bloc[facts.VHXH] == 8 and per_bloc[facts.KINH_TE] == 5


def test_filter_options_follow_the_principal_scope(demo_session):
    leader = demo_session.exec(select(User).where(User.username == "lanhdao")).one()
    visible = visible_bloc_ids(demo_session, principal=principal_for_user(user=leader, session_id="t"))
    provinces = options.provinces(demo_session, bloc_ids=visible)
    assert [name for _, name in provinces.values()] == ["Lai Châu"]
    dien_bien = demo_session.exec(select(Province).where(Province.code == facts.DIEN_BIEN)).one()
    assert options.blocs(demo_session, province_id=dien_bien.id, bloc_ids=visible) == {}
    assert options.years(demo_session, bloc_ids=visible)[:2] == [2026, 2025]
    units_2025 = options.units(demo_session, bloc_id=culture(demo_session, facts.LAI_CHAU), year=2025)
    assert len(units_2025) == 8 and "Sở Thông tin và Truyền thông" not in units_2025.values()
