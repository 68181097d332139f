"""The proposals page and its scope, on the demo data: an officer of one province never
sees another province's proposals (not on the page, not through a forged link); a council
member and a leader cannot open it."""

from datetime import date
from fractions import Fraction
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from components.database import get_engine
from components.province.export import proposals_xlsx
from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from db.models import Award, Bloc, Province, Role
from manage.demo import facts, load_demo
from services.access import passwords
from services.access.accounts import AccountInput, create_user
from services.province.checks import check_proposals
from services.province.proposals import year_proposals
from services.registry.units import names_in_year
from tests.app.conftest import logged_in_principal, open_page

PAGE = "de-nghi-khen-thuong"
TITLE_VI = "Đề nghị khen thưởng của các khối, cụm"


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch):
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def add_account(url: str, username: str, role: Role, province_code: str, position: str | None = None) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        province = session.exec(select(Province).where(Province.code == province_code)).one()
        data = AccountInput(username, f"Người thử {username}", role, province_ids=(province.id,), position=position)
        create_user(session=session, data=data, password="mat-khau-thu-1")
    engine.dispose()


def proposal_names(url: str, province_code: str) -> tuple[set[str], set[str], set[int]]:
    """Unit names (of the award's year), bloc names and years of the province's bloc proposals."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = session.exec(
            select(Award, Bloc)
            .join(Bloc, Bloc.id == Award.bloc_id)
            .join(Province)
            .where(Province.code == province_code)
        ).all()
        units = set()
        for award, _ in rows:
            units |= {n.name for n in names_in_year(session, year=award.year, unit_ids=[award.unit_id]).values()}
        blocs = {bloc.name for _, bloc in rows}
        years = {award.year for award, _ in rows}
    engine.dispose()
    return units, blocs, years


def page_text(at) -> str:
    """Everything the page shows in words: titles, text, alerts, expander labels, tables, pickers."""
    parts = [e.value for e in (*at.title, *at.subheader, *at.markdown, *at.caption, *at.info, *at.warning,
                               *at.error, *at.success)]  # fmt: skip
    parts += [e.label for e in at.expander]
    parts += [str(o) for box in at.selectbox for o in box.options]
    for frame in at.dataframe:
        parts += [str(v) for v in frame.value.to_numpy().ravel()]
    return "\n".join(str(p) for p in parts)


def as_user(make_app, app_db, username: str, lang: str = "vi", **params):
    at = make_app(role=None, lang=lang)
    at.session_state["principal"] = logged_in_principal(app_db, username)
    at.query_params.update(params)
    at = open_page(at, PAGE)
    assert not at.exception, at.exception
    return at


def test_an_officer_sees_the_own_province_and_never_another(make_app, app_db):
    add_account(app_db, "thuongtruc-lc", Role.PROVINCE_OFFICER, facts.LAI_CHAU)
    mine_units, _, _ = proposal_names(app_db, facts.LAI_CHAU)
    other_units, _, _ = proposal_names(app_db, facts.DIEN_BIEN)
    assert mine_units and other_units - mine_units
    for params in ({}, {"tinh": facts.DIEN_BIEN}, {"tinh": facts.DIEN_BIEN, "nam": "2017"}):
        at = as_user(make_app, app_db, "thuongtruc-lc", **params)
        text = page_text(at)
        assert at.title[0].value == TITLE_VI
        assert "Lai Châu" in text and "Điện Biên" not in text, params
        for name in other_units - mine_units:
            assert name not in text, (params, name)
        assert at.expander, "the officer's own proposals are listed"
        assert at.query_params.get("tinh") == facts.LAI_CHAU  # the address names what is shown


def test_an_admin_chooses_the_province(make_app, app_db):
    at = as_user(make_app, app_db, "quantri", tinh=facts.DIEN_BIEN)
    province = at.selectbox[0]
    assert sorted(province.options) == sorted(["Điện Biên", "Lai Châu"])
    assert province.value is not None


@pytest.mark.parametrize("kind", ["council", "leader"])
def test_a_council_member_or_a_leader_cannot_open_the_page(make_app, app_db, kind):
    if kind == "council":
        add_account(app_db, "thanhvien-lc", Role.COUNCIL_MEMBER, facts.LAI_CHAU, position="Giám đốc Sở Tư pháp")
        username = "thanhvien-lc"
    else:
        username = "lanhdao"
    at = as_user(make_app, app_db, username)
    assert "Bạn không có quyền mở trang này." in " ".join(e.value for e in at.error)
    assert not at.title and not at.expander and not at.dataframe


def test_the_page_speaks_english_when_switched(make_app, app_db):
    add_account(app_db, "thuongtruc-lc", Role.PROVINCE_OFFICER, facts.LAI_CHAU)
    at = as_user(make_app, app_db, "thuongtruc-lc", lang="en")
    assert at.title[0].value == "The blocs' award proposals"
    assert "Checks" in [h.value for h in at.subheader]
    assert at.expander[0].label.startswith("Province rules")
    assert [e for e in at.expander if e.label.startswith("✓") and e.label.endswith("Decided")]
    assert at.get("download_button")[0].label == "Download the list (Excel)"


def duplicate_a_proposal(url: str, province_code: str, year: int) -> str:
    """The first bloc proposal of the year proposed again (as a second bloc's list would):
    its unit's name."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        award = session.exec(
            select(Award).join(Bloc, Bloc.id == Award.bloc_id).join(Province)
            .where(Province.code == province_code, Award.year == year).order_by(Award.id)
        ).first()  # fmt: skip
        session.add(
            Award(year=year, kind=award.kind, status=award.status, unit_id=award.unit_id, bloc_id=award.bloc_id)
        )
        name = names_in_year(session, year=year, unit_ids=[award.unit_id])[award.unit_id].name
    engine.dispose()
    return name


def test_a_failing_check_shows_beside_the_proposal_and_in_the_summary_and_the_file(make_app, app_db):
    add_account(app_db, "thuongtruc-lc", Role.PROVINCE_OFFICER, facts.LAI_CHAU)
    unit = duplicate_a_proposal(app_db, facts.LAI_CHAU, 2025)
    at = as_user(make_app, app_db, "thuongtruc-lc", nam="2025")
    flagged = [e for e in at.expander if e.label.startswith("⚠")]
    assert len(flagged) == 2 and all(unit in e.label for e in flagged)
    # Lai Châu 2025 has 6 proposals (2 flags, 4 Bằng khen in the demo data) plus the copy: 7.
    assert "2 trong 7 đề nghị cần xem lại" in " ".join(w.value for w in at.warning)
    twice = next(m for m in at.metric if m.label == "Đề nghị trùng")
    assert twice.value == "2"
    assert any("được đề nghị 2 lần cho cùng hình thức" in w.value for w in at.warning)


def test_the_excel_file_lists_each_proposal_with_its_check_results(app_db):
    unit = duplicate_a_proposal(app_db, facts.LAI_CHAU, 2025)
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        lai_chau = session.exec(select(Province).where(Province.code == facts.LAI_CHAU)).one()
        proposals = year_proposals(session, province_id=lai_chau.id, year=2025)
    engine.dispose()
    report = check_proposals(proposals, cap_share=Fraction(1, 5))
    book = load_workbook(BytesIO(proposals_xlsx(proposals, report, province="Lai Châu", year=2025)))
    listed, summary = book.worksheets
    rows = list(listed.iter_rows(values_only=True))
    assert rows[0][:4] == ("Hình thức", "Đơn vị", "Khối, cụm", "Trạng thái") and rows[0][9] == "Kết quả kiểm tra"
    assert len(rows) == 1 + 7
    twice = [r for r in rows[1:] if r[1] == unit]
    assert len(twice) == 2 and all("được đề nghị 2 lần" in r[9] for r in twice)
    assert all(r[9] == "Không có vấn đề" for r in rows[1:] if r[1] != unit)
    assert all(isinstance(r[6], (int, float)) for r in rows[1:])  # scores stay numbers
    assert ("Đề nghị trùng", 2) in list(summary.iter_rows(values_only=True))


@pytest.fixture()
def voted_db(app_db, tmp_path, monkeypatch) -> str:
    """The demo with its 2017 conference voted (app_db leaves the votes out)."""
    url = f"sqlite:///{tmp_path / 'voted.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_demo(session, votes=True)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    get_engine.clear()
    return url


def test_every_year_opens_even_when_one_round_proposed_several_units(make_app, voted_db):
    """Lai Châu's 2017 conference proposed two units per round: each dossier offers that
    round's minutes (the page once stopped there, on a download button's key used twice)."""
    add_account(voted_db, "thuongtruc-lc", Role.PROVINCE_OFFICER, facts.LAI_CHAU)
    _, _, years = proposal_names(voted_db, facts.LAI_CHAU)
    assert 2017 in years
    for year in sorted(years):
        at = as_user(make_app, voted_db, "thuongtruc-lc", nam=str(year))  # no exception, whatever the year
        assert str(at.selectbox[0].value) == str(year)
        minutes = [b for b in at.get("download_button") if b.label == "Tải biên bản kiểm phiếu (PDF)"]
        if year == 2017:  # two flags and two Bằng khen from the conference's two rounds
            assert len(minutes) == 4


def test_the_excel_file_gives_each_decided_proposal_its_decision_date_and_reason(app_db):
    """Lai Châu's 2025 decision in the demo: 18/QĐ-UBND (minh họa) of 20/01/2026, five proposals
    approved, one Bằng khen not approved with 5 of the council's 9 votes."""
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        lai_chau = session.exec(select(Province).where(Province.code == facts.LAI_CHAU)).one()
        proposals = year_proposals(session, province_id=lai_chau.id, year=2025)
    engine.dispose()
    report = check_proposals(proposals, cap_share=Fraction(1, 5))
    book = load_workbook(BytesIO(proposals_xlsx(proposals, report, province="Lai Châu", year=2025)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    head = rows[0]
    assert head[-3:] == ("Số quyết định", "Ngày quyết định", "Lý do không được khen thưởng")
    lines = [dict(zip(head, row, strict=True)) for row in rows[1:]]
    approved = [r for r in lines if r["Trạng thái"] == "Đã có quyết định"]
    refused = [r for r in lines if r["Trạng thái"] == "Không được thông qua"]
    assert len(approved) == 5 and len(refused) == 1
    assert all(r["Ngày quyết định"].date() == date(2026, 1, 20) for r in approved)
    assert all(r["Số quyết định"] == "18/QĐ-UBND (minh họa)" for r in approved)
    assert not any(r["Lý do không được khen thưởng"] for r in approved)
    assert "5/9" in refused[0]["Lý do không được khen thưởng"] and not refused[0]["Ngày quyết định"]
