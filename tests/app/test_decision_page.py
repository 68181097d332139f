"""The decision page as the province officer uses it: only their province, the council's
result, the Word draft, then the number and date with a review step; afterwards the
awards are decided and the page says so. Bad input is refused in Vietnamese."""

from datetime import timedelta

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, session_scope
from db.models import Award, AwardKind, AwardStatus, Bloc, Province
from locales import translate
from manage.demo import facts
from manage.demo.council import enter_council_round, hand_ballots
from services.clock import local_today, now
from services.registry.membership import members
from tests.app.conftest import APP, logged_in_principal, open_page

YEAR = facts.CURRENT_YEAR  # no proposals yet in the demo: this test's own
PAGE = "quyet-dinh-khen-thuong"


def council_voted(url: str) -> dict[str, int]:
    """Lai Châu: three units proposed for a flag in YEAR; the council (9) gives 9, 6 and 5 votes
    (at least 2/3 of all, 6, passes). Returns the proposals' award ids by unit name."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        lai_chau = session.exec(select(Province).where(Province.code == facts.LAI_CHAU)).one()
        culture = session.exec(select(Bloc.id).where(Bloc.province_id == lai_chau.id, Bloc.name == facts.VHXH)).one()
        units = [(m.unit_id, m.name) for m in members(session, bloc_id=culture, year=YEAR)[:3]]
        ids = {}
        for unit_id, name in units:
            award = Award(year=YEAR, kind=AwardKind.PROVINCIAL_FLAG, unit_id=unit_id, status=AwardStatus.PROPOSED)
            session.add(award)
            session.flush()
            ids[name] = award.id
        unit_ids = [u for u, _ in units]
        enter_council_round(session, province_id=lai_chau.id, year=YEAR, kind=AwardKind.PROVINCIAL_FLAG,
                            unit_ids=unit_ids, ballots=hand_ballots(unit_ids, (9, 6, 5), 9),
                            at=now() - timedelta(days=2), title="Hội đồng xét tặng Cờ thi đua")  # fmt: skip
    engine.dispose()
    return ids


def officer_app(url: str, monkeypatch, username: str = "thuongtruc", lang: str = "vi") -> AppTest:
    monkeypatch.setenv("THIDUA_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["principal"] = logged_in_principal(url, username)
    at.session_state["lang"] = lang
    at.session_state["lang_switch"] = translate(lang, "app.language_name")
    return open_page(at, PAGE)


def province_id(url: str, code: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = session.exec(select(Province.id).where(Province.code == code)).one()
    engine.dispose()
    return found


def statuses(url: str, ids: dict[str, int]) -> dict[str, tuple]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = {n: session.get(Award, i) for n, i in ids.items()}
        result = {n: (a.status, a.decision_ref, a.status_reason) for n, a in found.items()}
    engine.dispose()
    return result


def only_their_province(at: AppTest, name: str) -> bool:
    """An officer runs one province: it is named, not offered in a list (as on the proposals page)."""
    return f"**Tỉnh:** {name}" in [m.value for m in at.markdown] and not any(
        box.key == "decision_province" for box in at.selectbox
    )


def test_the_officer_records_the_decision_after_reviewing_it(app_db, monkeypatch):
    ids = council_voted(app_db)
    at = officer_app(app_db, monkeypatch)
    assert not at.exception
    assert only_their_province(at, "Lai Châu")
    assert at.selectbox(key=f"decision_year_{province_id(app_db, facts.LAI_CHAU)}").value == YEAR
    assert (at.query_params.get("tinh"), at.query_params.get("nam")) == (facts.LAI_CHAU, str(YEAR))
    table = at.dataframe[0].value
    assert list(table["Kết quả"]) == ["Đạt", "Đạt", "Không đạt"] and list(table["Đồng ý"]) == ["9/9", "6/9", "5/9"]
    assert any(b.label == "Tải dự thảo quyết định (Word)" for b in at.get("download_button"))

    at.text_input[0].input("125")
    at.date_input[0].set_value(local_today())
    at.get("form_submit_button")[0].click().run()
    assert "2 đề nghị được khen thưởng, 1 đề nghị không được khen thưởng" in at.warning[0].value
    assert "không hoàn tác được" in at.warning[0].value
    assert {s[0] for s in statuses(app_db, ids).values()} == {AwardStatus.PROPOSED}  # nothing yet

    at.button(key="decision_confirm").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Đã ghi nhận Quyết định số 125/QĐ-UBND: 2 đề nghị được khen thưởng")
    after = list(statuses(app_db, ids).values())
    assert [s[0] for s in after] == [AwardStatus.APPROVED, AwardStatus.APPROVED, AwardStatus.NOT_APPROVED]
    assert after[0][1] == "125/QĐ-UBND" and after[2][2].startswith("Hội đồng: 5/9 phiếu đồng ý")
    assert any("đã ghi nhận Quyết định số 125/QĐ-UBND" in s.value for s in at.success)
    assert not at.get("form_submit_button")  # recorded once: no form any more


def test_an_empty_number_is_refused_in_vietnamese_and_nothing_changes(app_db, monkeypatch):
    ids = council_voted(app_db)
    at = officer_app(app_db, monkeypatch)
    at.get("form_submit_button")[0].click().run()
    assert "**Số quyết định**: Không được để trống." in at.error[0].value
    assert not at.warning  # no review step for a refused entry
    assert {s[0] for s in statuses(app_db, ids).values()} == {AwardStatus.PROPOSED}


def test_without_a_council_round_the_page_says_so(app_db, monkeypatch):
    at = officer_app(app_db, monkeypatch, username="thuongtruc.dbn")
    assert only_their_province(at, "Điện Biên")
    assert not at.exception
    # The demo's 2025 was decided directly (quiet demo): no council round on record for any year.
    assert "Chưa có vòng bỏ phiếu nào của Hội đồng" in at.info[0].value
    assert not at.get("download_button")


def test_an_admin_picks_any_province_and_the_page_speaks_english(app_db, monkeypatch):
    council_voted(app_db)
    at = officer_app(app_db, monkeypatch, username="quantri", lang="en")
    assert not at.exception
    picker = at.selectbox(key="decision_province")
    assert sorted(picker.options) == ["Lai Châu", "Điện Biên"]
    picker.set_value(province_id(app_db, facts.LAI_CHAU)).run()
    assert at.title[0].value == "Award decision"
    assert list(at.dataframe[0].value["Outcome"]) == ["Passed", "Passed", "Not passed"]
    assert any(b.label == "Download the draft decision (Word)" for b in at.get("download_button"))


def test_the_address_names_the_province_and_year_shown_a_link_to_another_province_shows_nothing(app_db, monkeypatch):
    council_voted(app_db)
    monkeypatch.setenv("THIDUA_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["principal"] = logged_in_principal(app_db, "thuongtruc")
    at.query_params.update({"tinh": facts.DIEN_BIEN, "nam": "2025"})  # a forged link to another province
    at = open_page(at, PAGE)
    assert not at.exception, at.exception
    assert only_their_province(at, "Lai Châu") and at.query_params.get("tinh") == facts.LAI_CHAU
    assert at.selectbox(key=f"decision_year_{province_id(app_db, facts.LAI_CHAU)}").value == 2025  # as linked
    admin = officer_app(app_db, monkeypatch, username="quantri")
    picker = admin.selectbox(key="decision_province")
    picker.set_value(province_id(app_db, facts.DIEN_BIEN)).run()
    assert admin.query_params.get("tinh") == facts.DIEN_BIEN
