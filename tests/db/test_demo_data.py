"""The demo data set carries the seeds' recorded facts and stays deterministic."""

from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import select

from db.demo import load_demo
from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from db.models import (
    Award,
    AwardKind,
    Bloc,
    Covenant,
    CriteriaGroup,
    Criterion,
    CriterionKind,
    LeadershipRole,
    LeadershipTerm,
    Province,
    SheetState,
)
from services.membership import members
from services.units import names_in_year


def bloc(session, province: str, name: str = "Khối Văn hóa – Xã hội") -> Bloc:
    query = select(Bloc).join(Province).where(Province.name == province, Bloc.name == name)
    return session.exec(query).one()


def unit_named(session, bloc_id: int, year: int, short: str) -> int:
    return next(m.unit_id for m in members(session, bloc_id=bloc_id, year=year) if m.short_name == short)


def chair(session, bloc_id: int, year: int) -> str:
    term = session.exec(
        select(LeadershipTerm).where(
            LeadershipTerm.bloc_id == bloc_id, LeadershipTerm.year == year, LeadershipTerm.role == LeadershipRole.CHAIR
        )
    ).one()
    return names_in_year(session, year=year, unit_ids=[term.unit_id])[term.unit_id].short_name


def test_dien_bien_culture_bloc_2017_has_its_eight_units_and_chair(demo_session):
    dien_bien = bloc(demo_session, "Điện Biên")
    names = {m.name for m in members(demo_session, bloc_id=dien_bien.id, year=2017)}
    assert len(names) == 8
    assert {"Bảo hiểm xã hội tỉnh", "Sở Y tế", "Đài Phát thanh - Truyền hình tỉnh"} <= names
    assert chair(demo_session, dien_bien.id, 2017) == "BHXH"


def test_lai_chau_culture_bloc_2017_outcomes_are_recorded(demo_session):
    lai_chau = bloc(demo_session, "Lai Châu")
    names = {m.name for m in members(demo_session, bloc_id=lai_chau.id, year=2017)}
    assert len(names) == 9 and "Trường Cao đẳng Cộng đồng tỉnh" in names
    assert chair(demo_session, lai_chau.id, 2017) == "Sở LĐ-TB&XH"
    assert chair(demo_session, lai_chau.id, 2018) == "Đài PT-TH"

    def awarded(kind: AwardKind) -> set[str]:
        rows = demo_session.exec(
            select(Award).where(Award.bloc_id == lai_chau.id, Award.year == 2017, Award.kind == kind)
        )
        return {names_in_year(demo_session, year=2017, unit_ids=[a.unit_id])[a.unit_id].short_name for a in rows}

    assert awarded(AwardKind.PROVINCIAL_FLAG) == {"Sở LĐ-TB&XH", "Đài PT-TH"}
    assert awarded(AwardKind.CERTIFICATE_OF_MERIT) == {"Sở GD&ĐT", "Trường CĐ Cộng đồng"}


def verified_totals(session, bloc_id: int, year: int) -> dict[int, Decimal]:
    rows = session.execute(
        sa.text(
            """SELECT s.unit_id, SUM(sc.verified_score) FROM scoresheet s
               JOIN covenant c ON c.id = s.covenant_id JOIN score sc ON sc.sheet_id = s.id
               WHERE c.bloc_id = :b AND c.year = :y GROUP BY s.unit_id"""
        ),
        {"b": bloc_id, "y": year},
    )
    return {unit_id: Decimal(str(total)) for unit_id, total in rows}


def test_the_2017_flag_units_lead_lai_chau_verified_scores(demo_session):
    lai_chau = bloc(demo_session, "Lai Châu")
    totals = verified_totals(demo_session, lai_chau.id, 2017)
    top_two = set(sorted(totals, key=totals.get, reverse=True)[:2])
    flags = {unit_named(demo_session, lai_chau.id, 2017, s) for s in ("Sở LĐ-TB&XH", "Đài PT-TH")}
    assert top_two == flags


def test_every_bloc_has_a_100_point_covenant_for_2015_to_2026(demo_session):
    covenants = demo_session.exec(select(Covenant)).all()
    assert {c.year for c in covenants} == set(range(2015, 2027))
    normal_caps = demo_session.execute(
        select(Covenant.id, sa.func.sum(Criterion.max_points))
        .join(CriteriaGroup, CriteriaGroup.covenant_id == Covenant.id)
        .join(Criterion, Criterion.group_id == CriteriaGroup.id)
        .where(Criterion.kind == CriterionKind.NORMAL)
        .group_by(Covenant.id)
    ).all()
    assert {Decimal(str(total)) for _, total in normal_caps} == {Decimal(100)}
    kinds = set(demo_session.exec(select(Criterion.kind)).all())
    assert kinds == {CriterionKind.NORMAL, CriterionKind.BONUS, CriterionKind.DEDUCTION}


def test_scores_respect_their_caps_and_deductions_are_negative(demo_session):
    rows = demo_session.execute(
        sa.text(
            """SELECT c.kind, c.max_points, sc.self_score, sc.verified_score
               FROM score sc JOIN criterion c ON c.id = sc.criterion_id"""
        )
    ).all()
    assert len(rows) > 4000
    for kind, cap, own, verified in rows:
        for value in (own, verified):
            if value is None:
                continue
            if kind == "deduction":
                assert -cap <= value <= 0
            else:
                assert 0 <= value <= cap


def test_past_years_are_locked_and_the_current_year_shows_every_state(demo_session):
    rows = demo_session.execute(
        sa.text("SELECT c.year, s.state FROM scoresheet s JOIN covenant c ON c.id = s.covenant_id")
    ).all()
    assert {state for year, state in rows if year <= 2025} == {SheetState.LOCKED.value}
    assert {state for year, state in rows if year == 2026} == {
        SheetState.DRAFT.value,
        SheetState.SUBMITTED.value,
        SheetState.VERIFIED.value,
        SheetState.RETURNED.value,
    }


def test_merged_unit_keeps_its_past_but_leaves_the_bloc(demo_session):
    dien_bien = bloc(demo_session, "Điện Biên")
    assert "Sở TT-TT" in {m.short_name for m in members(demo_session, bloc_id=dien_bien.id, year=2024)}
    assert "Sở TT-TT" not in {m.short_name for m in members(demo_session, bloc_id=dien_bien.id, year=2025)}


def test_loading_again_changes_nothing(demo_session):
    before = demo_session.execute(sa.text("SELECT COUNT(*) FROM score")).scalar()
    load_demo(demo_session)
    assert demo_session.execute(sa.text("SELECT COUNT(*) FROM score")).scalar() == before


def test_demo_data_is_deterministic(tmp_path):
    def build(name: str) -> list:
        url = f"sqlite:///{tmp_path / name}"
        upgrade_to_head(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            load_demo(session)
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT sheet_id, criterion_id, self_score, verified_score FROM score")).all()
        engine.dispose()
        return sorted(rows)

    assert build("a.db") == build("b.db")
