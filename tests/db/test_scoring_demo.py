"""The scoring services on the demo data, on both databases: sums in SQL, the 2026 year under way."""

from decimal import Decimal

import pytest
from sqlmodel import select

from db.models import Bloc, Covenant, Province, Score, ScoreSheet, SheetState, User
from services.access.sessions import principal_for_user
from services.errors import ValidationFailed
from services.registry.units import names_in_year
from services.scoring.actions import lock_year
from services.scoring.queries import covenants_of_unit, unit_totals


def culture_covenant(session, year: int) -> Covenant:
    lai_chau = session.exec(select(Province).where(Province.code == "LCU")).one()
    bloc = session.exec(select(Bloc).where(Bloc.province_id == lai_chau.id, Bloc.name.contains("Văn hóa"))).one()
    return session.exec(select(Covenant).where(Covenant.bloc_id == bloc.id, Covenant.year == year)).one()


def principal(session, username: str):
    return principal_for_user(user=session.exec(select(User).where(User.username == username)).one(), session_id="t")


@pytest.mark.parametrize("year", [2017, 2026])
def test_database_totals_equal_the_sum_of_the_scores(demo_session, year):
    covenant = culture_covenant(demo_session, year)
    for total in unit_totals(demo_session, covenant=covenant):
        scores = demo_session.exec(select(Score).join(ScoreSheet).where(ScoreSheet.id == total.sheet_id)).all()
        assert total.self_total == sum((s.self_score for s in scores), Decimal(0))
        verified = [s.verified_score for s in scores if s.verified_score is not None]
        assert total.verified_total == (sum(verified, Decimal(0)) if verified else None)


def test_the_2017_ranking_follows_the_recorded_flags(demo_session):
    totals = unit_totals(demo_session, covenant=culture_covenant(demo_session, 2017))
    assert all(t.state == SheetState.LOCKED and t.rank for t in totals)
    assert {totals[0].unit_name, totals[1].unit_name} == {
        "Sở Lao động – Thương binh và Xã hội",
        "Đài Phát thanh – Truyền hình tỉnh",
    }


def test_the_demo_secretary_cannot_lock_2026_yet_and_is_told_which_units_wait(demo_session):
    covenant = culture_covenant(demo_session, 2026)
    with pytest.raises(ValidationFailed) as info:
        lock_year(session=demo_session, principal=principal(demo_session, "thuky"), covenant_id=covenant.id)
    error = info.value.errors[0]
    assert error.key == "scoring_error.unverified" and error.params["count"] == 6
    sheets = demo_session.exec(select(ScoreSheet).where(ScoreSheet.covenant_id == covenant.id)).all()
    waiting = [s.unit_id for s in sheets if s.state not in (SheetState.VERIFIED, SheetState.LOCKED)]
    names = names_in_year(demo_session, year=2026, unit_ids=waiting)
    assert error.params["units"] == ", ".join(sorted(names[u].short_name for u in waiting))


def test_the_demo_unit_account_scores_against_its_blocs_covenants(demo_session):
    daibieu = principal(demo_session, "daibieu")
    years = [c.year for c in covenants_of_unit(demo_session, unit_id=daibieu.unit_id)]
    assert years == list(range(2026, 2014, -1))
