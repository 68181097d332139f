"""The demo data set carries the seeds' recorded facts and stays deterministic.

Two demo databases per backend: `demo_session` (tests/conftest.py: the 2017 outcome written
directly, no rounds) and `voted_session` (what `python -m manage init --demo` gives a user: the
2017 conference held through the voting services, its publication writing that outcome).
The seeds' lists in manage/demo/facts.py are the oracle for both.
"""

import json
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

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
    Unit,
    User,
)
from db.models.voting import AuditEvent, RoundStatus, VotingRound
from manage.demo import facts, load_demo
from manage.demo.conference import clear_2017_conference, hold_2017_conference
from services.registry.membership import members
from services.registry.units import names_in_year
from services.voting.audit import round_digest, verify_chain
from services.voting.queries import receipt_counted
from tests.conftest import require_backend, rolled_back_session
from tests.databases import fresh_database

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The demo delegate's receipt in the 2017 flag round, as the README gives it.
README_RECEIPT = "JZBDM-KB8YJ"


@pytest.fixture(scope="module")
def voted_engine(backend, tmp_path_factory) -> Iterator[sa.Engine]:
    require_backend(backend)
    with fresh_database(backend, tmp_path_factory.mktemp("voted")) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            load_demo(session)
        yield engine
        engine.dispose()


@pytest.fixture()
def voted_session(voted_engine) -> Iterator[Session]:
    with rolled_back_session(voted_engine) as session:
        yield session


@pytest.fixture(params=["quiet", "voted"])
def either_demo(request, demo_engine, voted_engine) -> Iterator[Session]:
    with rolled_back_session(demo_engine if request.param == "quiet" else voted_engine) as session:
        yield session


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


def test_lai_chau_culture_bloc_2017_outcomes_are_recorded(either_demo):
    demo_session = either_demo
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


def seed_facts(rows: list[tuple]) -> set[tuple[str, int, str]]:
    """The seeds' (province, year, short name) rows of the culture blocs."""
    return {(province, year, short) for province, bloc_name, year, short in rows if bloc_name == facts.VHXH}


def stored_facts(session, query) -> set[tuple[str, int, str]]:
    found = set()
    for code, year, unit_id in session.execute(query):
        found.add((code, year, names_in_year(session, year=year, unit_ids=[unit_id])[unit_id].short_name))
    return found


def test_the_seed_years_hold_exactly_the_seeds_chairs_flags_and_merits(either_demo):
    def awards(kind: AwardKind):
        return (
            select(Province.code, Award.year, Award.unit_id)
            .join(Bloc, Bloc.id == Award.bloc_id)
            .join(Province, Province.id == Bloc.province_id)
            .where(Bloc.name == facts.VHXH, Award.kind == kind, Award.year == 2017, Province.code == facts.LAI_CHAU)
        )

    chairs = (
        select(Province.code, LeadershipTerm.year, LeadershipTerm.unit_id)
        .join(Bloc, Bloc.id == LeadershipTerm.bloc_id)
        .join(Province, Province.id == Bloc.province_id)
        .where(Bloc.name == facts.VHXH, LeadershipTerm.role == LeadershipRole.CHAIR)
        .where(LeadershipTerm.year.in_([2017, 2018]))
    )
    stored_chairs = stored_facts(either_demo, chairs)
    assert seed_facts(facts.SEED_CHAIRS) <= stored_chairs
    assert (facts.DIEN_BIEN, 2017, "BHXH") in stored_chairs and (facts.LAI_CHAU, 2018, "Đài PT-TH") in stored_chairs
    # Lai Châu's proposals as the report gives them (Điện Biên's report names no bloc proposals).
    assert stored_facts(either_demo, awards(AwardKind.PROVINCIAL_FLAG)) == seed_facts(facts.SEED_FLAGS)
    assert stored_facts(either_demo, awards(AwardKind.CERTIFICATE_OF_MERIT)) == seed_facts(facts.SEED_MERITS)
    # One record each: the vote's publication did not add a second flag beside the seed's.
    count = select(sa.func.count()).select_from(Award).where(Award.year == 2017, Award.person_name.is_(None))
    assert either_demo.exec(count.where(Award.bloc_id == bloc(either_demo, "Lai Châu").id)).one() == 4


def test_the_2017_conference_is_published_with_the_seeds_winners(voted_session):
    lai_chau = bloc(voted_session, "Lai Châu")
    rounds = voted_session.exec(select(VotingRound).where(VotingRound.bloc_id == lai_chau.id)).all()
    roster = {m.unit_id: m.short_name for m in members(voted_session, bloc_id=lai_chau.id, year=2017)}
    winners = {r.kind: {roster[u] for u in json.loads(r.result_json)["winners"]} for r in rounds}
    assert winners == {
        "provincial_flag": {"Sở LĐ-TB&XH", "Đài PT-TH"},
        "certificate_of_merit": {"Sở GD&ĐT", "Trường CĐ Cộng đồng"},
        "chair": {"Đài PT-TH"},
    }
    for round_ in rounds:
        assert round_.status == RoundStatus.PUBLISHED and round_.year == 2017
        assert "minh họa" in round_.title and "minh họa" in round_.place
        assert all("minh họa" in member for member in json.loads(round_.committee_json))
        result = json.loads(round_.result_json)
        assert (result["issued"], result["collected"], result["valid"]) == (9, 9, 9)
        closed = voted_session.exec(
            select(AuditEvent).where(AuditEvent.round_id == round_.id, AuditEvent.kind == "round_closed")
        ).one()
        assert round_digest(voted_session, round_id=round_.id) == closed.hash
        when = closed.at.replace(tzinfo=closed.at.tzinfo or ZoneInfo("UTC")).astimezone(VIETNAM)
        assert (when.year, when.month, when.day) == (2017, 12, 20) and 14 <= when.hour < 16
    check = verify_chain(voted_session)
    assert check.intact and check.events > 0
    counted = receipt_counted(voted_session, code=README_RECEIPT)
    assert counted is not None and counted.kind == "provincial_flag"


def test_2026_blocs_show_the_2025_reorganisation(demo_session):
    gone = {
        "Sở Lao động",  # Sở LĐ-TB&XH, dissolved
        "Sở Thông tin",  # into Sở KH&CN
        "Sở Kế hoạch",  # into Sở Tài chính
        "Sở Giao thông",  # into Sở Xây dựng
        "Phát triển nông thôn",  # Sở NN&PTNT, with Sở TN&MT, into Sở Nông nghiệp và Môi trường
        "Tài nguyên",
        "Đài Phát thanh",  # with the newspaper, one press agency
    }
    for province in ("Điện Biên", "Lai Châu"):
        culture, economy = bloc(demo_session, province), bloc(demo_session, province, facts.KINH_TE)
        now = {b.name: {m.name for m in members(demo_session, bloc_id=b.id, year=2026)} for b in (culture, economy)}
        every = now[culture.name] | now[economy.name]
        assert not [name for name in every if any(word in name for word in gone)], every
        assert "Sở Nội vụ" in now[culture.name] and "Sở Nông nghiệp và Môi trường" in now[economy.name]
        assert {"Sở Y tế", "Sở Tài chính", "Sở Xây dựng"} <= every
    dien_bien = {m.name for m in members(demo_session, bloc_id=bloc(demo_session, "Điện Biên").id, year=2026)}
    assert "Báo và Phát thanh, Truyền hình Điện Biên" in dien_bien


MERGERS = [  # province, merged unit (its name before 2025), the unit it merged into (its name in 2026)
    ("Điện Biên", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
    ("Điện Biên", "Sở Thông tin - Truyền thông", "Sở Khoa học - Công nghệ"),
    ("Điện Biên", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ("Điện Biên", "Sở Giao thông vận tải", "Sở Xây dựng"),
    ("Điện Biên", "Đài Phát thanh - Truyền hình tỉnh", "Báo và Phát thanh, Truyền hình Điện Biên"),
    ("Lai Châu", "Sở Lao động – Thương binh và Xã hội", "Sở Nội vụ"),
    ("Lai Châu", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ("Lai Châu", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ("Lai Châu", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    ("Lai Châu", "Đài Phát thanh – Truyền hình tỉnh", "Báo Lai Châu"),
]


def test_merged_units_link_to_their_successors_which_are_members_in_2026(demo_session):
    for province, merged_name, successor_name in MERGERS:
        province_id = demo_session.exec(select(Province.id).where(Province.name == province)).one()
        units = demo_session.exec(select(Unit).where(Unit.province_id == province_id)).all()
        before = names_in_year(demo_session, year=2024, unit_ids=[u.id for u in units])
        after = names_in_year(demo_session, year=2026, unit_ids=[u.id for u in units])
        [merged] = [u for u in units if before[u.id].name == merged_name]
        assert merged.merged_into_id is not None, merged_name
        assert after[merged.merged_into_id].name == successor_name
        blocs = {b.id for b in demo_session.exec(select(Bloc).where(Bloc.province_id == province_id))}
        in_2026 = {m.unit_id for b in blocs for m in members(demo_session, bloc_id=b, year=2026)}
        assert merged.merged_into_id in in_2026 and merged.id not in in_2026
    untouched = demo_session.exec(select(sa.func.count()).select_from(Unit).where(Unit.merged_into_id.is_not(None)))
    assert untouched.one() == len(MERGERS)


def test_every_2025_and_2026_member_has_a_score_sheet(demo_session):
    for province in ("Điện Biên", "Lai Châu"):
        for name in (facts.VHXH, facts.KINH_TE):
            bloc_id = bloc(demo_session, province, name).id
            for year in (2025, 2026):
                expected = {m.unit_id for m in members(demo_session, bloc_id=bloc_id, year=year)}
                sheets = demo_session.execute(
                    sa.text("SELECT s.unit_id FROM scoresheet s JOIN covenant c ON c.id = s.covenant_id "
                            "WHERE c.bloc_id = :b AND c.year = :y"),
                    {"b": bloc_id, "y": year},
                ).scalars()  # fmt: skip
                assert set(sheets) == expected
                assert len(expected) >= 5


def test_the_demo_delegate_belongs_to_a_unit_of_this_year(either_demo):
    user = either_demo.exec(select(User).where(User.username == "daibieu")).one()
    lai_chau = bloc(either_demo, "Lai Châu")
    now = {m.unit_id: m.name for m in members(either_demo, bloc_id=lai_chau.id, year=facts.CURRENT_YEAR)}
    assert now.get(user.unit_id) == "Sở Khoa học và Công nghệ"
    assert "Sở KH&CN" in user.full_name


def table_counts(session) -> dict[str, int]:
    tables = ["province", "bloc", "unit", "unitname", "membership", "leadershipterm", "covenant", "score",
              "scoresheet", "award", "app_user", "votinground", "ballot", "participation", "auditevent"]  # fmt: skip
    return {t: session.execute(sa.text(f'SELECT COUNT(*) FROM "{t}"')).scalar() for t in tables}


def test_loading_again_changes_nothing(voted_session):
    before = table_counts(voted_session)
    # The 2017 conference's 3 rounds of 9 ballots; each council's 2 rounds on 2025 (9 and 7 members).
    assert before["votinground"] == 3 + 4 and before["ballot"] == 27 + 2 * 9 + 2 * 7
    load_demo(voted_session)
    assert table_counts(voted_session) == before


def test_a_replay_can_clear_the_demo_conference_and_hold_it_again(voted_session):
    lai_chau = bloc(voted_session, "Lai Châu")
    clear_2017_conference(voted_session)
    assert table_counts(voted_session)["votinground"] == 4  # the councils' 2025 rounds stay
    assert chair_or_none(voted_session, lai_chau.id, 2018) is None
    hold_2017_conference(voted_session)
    assert chair(voted_session, lai_chau.id, 2018) == "Đài PT-TH"
    assert verify_chain(voted_session).intact


def chair_or_none(session, bloc_id: int, year: int) -> int | None:
    return session.exec(
        select(LeadershipTerm.unit_id).where(
            LeadershipTerm.bloc_id == bloc_id, LeadershipTerm.year == year, LeadershipTerm.role == LeadershipRole.CHAIR
        )
    ).first()


def test_demo_data_is_deterministic(tmp_path):
    def build(name: str) -> tuple[list, str, list]:
        url = f"sqlite:///{tmp_path / name}"
        upgrade_to_head(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            load_demo(session)
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT sheet_id, criterion_id, self_score, verified_score FROM score")).all()
            receipts = conn.execute(sa.text("SELECT receipt_hash FROM ballot ORDER BY receipt_hash")).all()
        with Session(engine) as session:
            digest = verify_chain(session).digest
        engine.dispose()
        return sorted(rows), digest, receipts

    first, second = build("a.db"), build("b.db")
    assert first == second
