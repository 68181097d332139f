"""Bloc overview and criteria heatmap against totals summed independently from Score rows."""

from decimal import Decimal

import pandas as pd
import pytest
import sqlalchemy as sa

from manage.demo import facts
from services.dashboards.bloc_overview import bloc_year
from services.dashboards.heatmap import criteria_heatmap
from services.scoring.covenants import criteria
from tests.db.dashboard_helpers import bloc_id, culture, independent_ranks, raw_sheets, rows, short_names, unit_id


def as_decimal(value) -> Decimal | None:
    return None if pd.isna(value) else Decimal(str(value))


@pytest.mark.parametrize(
    ("province", "bloc_name", "year"),
    [
        (facts.LAI_CHAU, facts.VHXH, 2017),
        (facts.DIEN_BIEN, facts.VHXH, 2017),
        (facts.DIEN_BIEN, facts.KINH_TE, 2021),
        (facts.LAI_CHAU, facts.KINH_TE, 2026),
    ],
)
def test_ranking_matches_totals_summed_from_score_rows(demo_session, province, bloc_name, year):
    bloc = bloc_id(demo_session, province, bloc_name)
    raw = raw_sheets(demo_session, bloc, year)
    ranking = bloc_year(demo_session, bloc_id=bloc, year=year).ranking

    assert set(ranking["unit_id"]) == set(raw)
    for row in ranking.itertuples():
        assert as_decimal(row.verified) == raw[row.unit_id]["verified"]
        assert as_decimal(row.self) == raw[row.unit_id]["self"]
        if raw[row.unit_id]["verified"] is not None:
            assert as_decimal(row.gap) == raw[row.unit_id]["self"] - raw[row.unit_id]["verified"]
    expected_ranks = independent_ranks({u: s["verified"] for u, s in raw.items()})
    assert {row.unit_id: int(row.rank) for row in ranking.itertuples() if not pd.isna(row.rank)} == expected_ranks
    verified = [as_decimal(v) for v in ranking["verified"] if as_decimal(v) is not None]
    assert verified == sorted(verified, reverse=True), "best first"


def test_lai_chau_2017_seed_outcome_chair_and_awards(demo_session):
    bloc = culture(demo_session, facts.LAI_CHAU)
    result = bloc_year(demo_session, bloc_id=bloc, year=2017)
    top_two = set(short_names(demo_session, 2017, result.ranking["unit_id"][:2]).values())
    assert top_two == {"Sở LĐ-TB&XH", "Đài PT-TH"}
    assert result.chair == "Sở Lao động – Thương binh và Xã hội"
    by_kind = {
        kind: sorted(short_names(demo_session, 2017, group["unit_id"]).values())
        for kind, group in result.awards.groupby("kind")
    }
    assert by_kind == {
        "provincial_flag": ["Sở LĐ-TB&XH", "Đài PT-TH"],
        "certificate_of_merit": ["Sở GD&ĐT", "Trường CĐ Cộng đồng"],
    }
    assert set(result.awards["status"]) == {"proposed"}
    assert result.max_points == 100.0


def test_dien_bien_2017_chair_is_social_insurance(demo_session):
    result = bloc_year(demo_session, bloc_id=culture(demo_session, facts.DIEN_BIEN), year=2017)
    assert result.chair == "Bảo hiểm xã hội tỉnh"
    assert result.deputy and result.deputy != result.chair


def test_unverified_2026_sheets_are_not_shown_as_zero(demo_session):
    bloc = culture(demo_session, facts.LAI_CHAU)
    raw = raw_sheets(demo_session, bloc, 2026)
    ranking = bloc_year(demo_session, bloc_id=bloc, year=2026).ranking
    unverified = {u for u, s in raw.items() if s["state"] not in {"verified", "locked"}}
    assert unverified, "the demo has sheets in every state in 2026"
    for row in ranking.itertuples():
        if row.unit_id in unverified:
            assert pd.isna(row.verified) and pd.isna(row.rank) and pd.isna(row.gap)
            assert row.self > 0  # the unit's own scores are still there
        else:
            assert row.verified > 0 and row.rank >= 1
    # Ranked units first, then the ones still waiting for verification.
    states = list(ranking["state"])
    first_waiting = min(i for i, s in enumerate(states) if s not in {"verified", "locked"})
    assert all(s not in {"verified", "locked"} for s in states[first_waiting:])


def test_merged_unit_leaves_the_bloc_in_2025(demo_session):
    bloc = culture(demo_session, facts.LAI_CHAU)
    merged = unit_id(demo_session, facts.LAI_CHAU, "Sở TT&TT")
    assert merged in set(bloc_year(demo_session, bloc_id=bloc, year=2024).ranking["unit_id"])
    ranking_2025 = bloc_year(demo_session, bloc_id=bloc, year=2025).ranking
    assert merged not in set(ranking_2025["unit_id"]) and len(ranking_2025) == 8


def test_equal_totals_share_a_rank(demo_session):
    bloc = culture(demo_session, facts.LAI_CHAU)
    before = bloc_year(demo_session, bloc_id=bloc, year=2017).ranking
    first, second = int(before["unit_id"][0]), int(before["unit_id"][1])
    difference = Decimal(str(before["verified"][0])) - Decimal(str(before["verified"][1]))
    # Lower one of the leader's verified scores so both totals are equal (rolled back after the test).
    score_id, value = rows(
        demo_session,
        "SELECT s.id, s.verified_score FROM score s JOIN scoresheet ss ON ss.id = s.sheet_id "
        "JOIN covenant c ON c.id = ss.covenant_id WHERE c.bloc_id = :bloc AND c.year = 2017 "
        "AND ss.unit_id = :unit ORDER BY s.verified_score DESC",
        bloc=bloc,
        unit=first,
    )[0]
    rows_changed = demo_session.connection().execute(
        sa.text("UPDATE score SET verified_score = :v WHERE id = :id"),
        {"v": str(Decimal(str(value)) - difference), "id": score_id},
    )
    assert rows_changed.rowcount == 1
    after = bloc_year(demo_session, bloc_id=bloc, year=2017).ranking
    ranks = dict(zip(after["unit_id"], after["rank"], strict=True))
    assert ranks[first] == ranks[second] == 1
    assert sorted(int(r) for r in after["rank"])[:3] == [1, 1, 3]


def test_heatmap_cells_and_group_totals_match_score_rows(demo_session):
    bloc = culture(demo_session, facts.LAI_CHAU)
    heatmap = criteria_heatmap(demo_session, bloc_id=bloc, year=2017)
    raw = rows(
        demo_session,
        "SELECT ss.unit_id, cr.id, g.name, cr.max_points, s.verified_score, s.self_score FROM score s "
        "JOIN scoresheet ss ON ss.id = s.sheet_id JOIN covenant c ON c.id = ss.covenant_id "
        "JOIN criterion cr ON cr.id = s.criterion_id JOIN criteriagroup g ON g.id = cr.group_id "
        "WHERE c.bloc_id = :bloc AND c.year = 2017",
        bloc=bloc,
    )
    assert len(heatmap.cells) == len(raw) == 9 * 15
    group_sums: dict[tuple[int, str], Decimal] = {}
    for unit, _, group, _, verified, _ in raw:
        group_sums[(unit, group)] = group_sums.get((unit, group), Decimal(0)) + Decimal(str(verified))
    for row in heatmap.groups.itertuples():
        assert Decimal(str(row.verified)) == group_sums[(row.unit_id, row.group)]
    shares = sorted(round(float(Decimal(str(v)) / Decimal(str(m))), 4) for _, _, _, m, v, _ in raw)
    assert sorted(heatmap.cells["verified_share"]) == shares
    assert min(shares) >= -1 and max(shares) <= 1
    # Units in ranking order, criteria in covenant order.
    ranking = bloc_year(demo_session, bloc_id=bloc, year=2017).ranking
    assert heatmap.unit_order == list(ranking["short_name"])
    # The covenant's own codes (its editor and the score forms print "1.1", "2.1"), not another numbering.
    assert heatmap.criterion_order[:4] == ["1.1", "1.2", "1.3", "2.1"] and len(heatmap.criterion_order) == 15
    covenant = rows(demo_session, "SELECT id FROM covenant WHERE bloc_id = :b AND year = 2017", b=bloc)[0][0]
    assert heatmap.criterion_order == [line.code for line in criteria(demo_session, covenant_id=covenant)]


def test_heatmap_leaves_unverified_cells_empty(demo_session):
    bloc = culture(demo_session, facts.LAI_CHAU)
    raw = raw_sheets(demo_session, bloc, 2026)
    heatmap = criteria_heatmap(demo_session, bloc_id=bloc, year=2026)
    for unit, sheet in raw.items():
        cells = heatmap.cells[heatmap.cells["unit_id"] == unit]
        if sheet["verified"] is None:
            assert cells["verified"].isna().all() and cells["self"].notna().all()
        else:
            assert Decimal(str(cells["verified"].sum())) == sheet["verified"]
