"""Scores typed the Vietnamese way on the real pages: "1,5" is one and a half, "25" where the
maximum is 20 is refused in Vietnamese and nothing reaches the database."""

from decimal import Decimal

from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import Score, ScoreSheet, SheetState
from tests.app.conftest import open_page
from tests.app.test_scoring import SELF, VERIFY, button, demo_unit, messages, open_unit_sheet


def field(at, end: str):
    return next(w for w in at.text_input if w.key and w.key.endswith(end))


def stored(url: str, unit_id: int, covenant_id: int) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    """criterion id → (self score, verified score), read back from the database."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        sheet = session.exec(
            select(ScoreSheet).where(ScoreSheet.unit_id == unit_id, ScoreSheet.covenant_id == covenant_id)
        ).one()
        rows = session.exec(select(Score).where(Score.sheet_id == sheet.id)).all()
        result = {r.criterion_id: (r.self_score, r.verified_score) for r in rows}
    engine.dispose()
    return result


def set_state(url: str, unit_id: int, covenant_id: int, state: SheetState) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        sheet = session.exec(
            select(ScoreSheet).where(ScoreSheet.unit_id == unit_id, ScoreSheet.covenant_id == covenant_id)
        ).one()
        sheet.state = state
        session.add(sheet)
    engine.dispose()


def line(lines, code: str):
    return next(x for x in lines if x.code == code)


def test_the_demo_criteria_have_the_maxima_these_tests_rely_on(app_db):
    _, _, lines = demo_unit(app_db)
    assert line(lines, "1.1").max_points == 20 and line(lines, "1.2").max_points == 10


def verifier_on_submitted_sheet(make_app, app_db):
    unit_id, covenant_id, lines = demo_unit(app_db)
    set_state(app_db, unit_id, covenant_id, SheetState.SUBMITTED)
    return open_unit_sheet(open_page(make_app(role="secretary").run(), VERIFY), unit_id), unit_id, covenant_id, lines


def test_verification_saves_a_decimal_comma_as_one_and_a_half(make_app, app_db):
    at, unit_id, covenant_id, lines = verifier_on_submitted_sheet(make_app, app_db)
    first, second = line(lines, "1.1"), line(lines, "1.2")
    field(at, f"_v{first.id}").input("1,5")
    field(at, f"_v{second.id}").input("8,5")
    at = button(at, "Lưu điểm thẩm định").click().run()
    assert not at.exception
    assert "Đã lưu" in messages(at)
    saved = stored(app_db, unit_id, covenant_id)
    assert saved[first.id][1] == Decimal("1.5")  # not 15
    assert saved[second.id][1] == Decimal("8.5")  # not 85
    # Shown back the Vietnamese way.
    assert field(at, f"_v{first.id}").value == "1,5" and field(at, f"_v{second.id}").value == "8,5"


def test_verification_refuses_a_score_above_the_maximum_in_vietnamese_and_saves_nothing(make_app, app_db):
    at, unit_id, covenant_id, lines = verifier_on_submitted_sheet(make_app, app_db)
    before = stored(app_db, unit_id, covenant_id)
    first, second = line(lines, "1.1"), line(lines, "1.2")
    field(at, f"_v{second.id}").input("7")  # a valid change in the same form must not be saved either
    field(at, f"_v{first.id}").input("25")
    at = button(at, "Lưu điểm thẩm định").click().run()
    assert not at.exception
    errors = [str(e.value).replace("\\", "") for e in at.error]
    assert "Điểm phải từ 0 đến 20." in errors  # under the field
    summary = next(e for e in errors if e.startswith("Chưa lưu gì"))  # and at the top of the form
    assert f"{first.code}. {first.name}**: Điểm phải từ 0 đến 20." in summary
    assert not at.success
    assert stored(app_db, unit_id, covenant_id) == before
    assert field(at, f"_v{first.id}").value == "25"  # what was typed stays, to be corrected


def test_verifying_with_a_wrong_number_does_nothing_but_says_why(make_app, app_db):
    at, unit_id, covenant_id, lines = verifier_on_submitted_sheet(make_app, app_db)
    field(at, f"_v{line(lines, '1.1').id}").input("1.000")
    next(c for c in at.checkbox if c.label.startswith("Tôi xác nhận điểm thẩm định")).check()
    at = button(at, "Xác nhận thẩm định").click().run()
    said = messages(at)
    assert "Số 1.000 có thể hiểu là 1000 hoặc 1: viết 1000 hoặc 1,0." in said
    assert "Chưa lưu gì" in said
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        state = session.exec(
            select(ScoreSheet.state).where(ScoreSheet.unit_id == unit_id, ScoreSheet.covenant_id == covenant_id)
        ).one()
    engine.dispose()
    assert state == SheetState.SUBMITTED


def test_self_scoring_saves_a_decimal_comma_as_one_and_a_half(make_app, app_db):
    unit_id, covenant_id, lines = demo_unit(app_db)
    at = open_page(make_app(role="delegate").run(), SELF)
    first, second = line(lines, "1.1"), line(lines, "1.2")
    field(at, f"_s{first.id}").input("1,5")
    field(at, f"_s{second.id}").input("8,5")
    at = button(at, "Lưu nháp").click().run()
    assert not at.exception
    assert "Đã lưu" in messages(at)
    saved = stored(app_db, unit_id, covenant_id)
    assert saved[first.id][0] == Decimal("1.5") and saved[second.id][0] == Decimal("8.5")


def test_self_scoring_refuses_25_of_20_in_vietnamese_and_saves_nothing(make_app, app_db):
    unit_id, covenant_id, lines = demo_unit(app_db)
    before = stored(app_db, unit_id, covenant_id)
    at = open_page(make_app(role="delegate").run(), SELF)
    first = line(lines, "1.1")
    field(at, f"_s{first.id}").input("25")
    field(at, f"_s{line(lines, '1.2').id}").input("abc")
    at = button(at, "Lưu nháp").click().run()
    errors = [str(e.value).replace("\\", "") for e in at.error]
    assert "Điểm phải từ 0 đến 20." in errors
    assert "“abc” không phải là số: nhập số, ví dụ 1,5." in errors
    summary = next(e for e in errors if e.startswith("Chưa lưu gì"))
    assert "Điểm phải từ 0 đến 20." in summary and "“abc” không phải là số" in summary
    assert not at.success
    assert stored(app_db, unit_id, covenant_id) == before


def test_english_users_see_and_type_a_decimal_point(make_app, app_db):
    unit_id, covenant_id, lines = demo_unit(app_db)
    at = open_page(make_app(role="delegate", lang="en").run(), SELF)
    first = line(lines, "1.1")
    field(at, f"_s{first.id}").input("25")
    at = next(b for b in at.button if b.label == "Save draft").click().run()
    assert "The score must be between 0 and 20." in [str(e.value) for e in at.error]
    field(at, f"_s{first.id}").input("12.5")
    at = next(b for b in at.button if b.label == "Save draft").click().run()
    assert stored(app_db, unit_id, covenant_id)[first.id][0] == Decimal("12.5")
    assert field(at, f"_s{first.id}").value == "12.5"


def unit_names(url: str) -> list[str]:
    from db.models import UnitName

    engine = make_engine(url)
    with session_scope(engine) as session:
        names = sorted(session.exec(select(UnitName.name)).all())
    engine.dispose()
    return names


def test_a_typed_year_out_of_range_is_refused_in_vietnamese_and_nothing_is_saved(make_app, app_db):
    """The year a unit is added from is typed freely (it may lie far in the past): it is the
    app's number field, with the year's own limits and wording."""
    at = open_page(make_app(role="admin").run(), "danh-muc")
    province = at.selectbox(key="registry_province").value
    submit = f"FormSubmitter:unit_add_{province}-Lưu"
    before = unit_names(app_db)
    fields = list(at.text_input)
    at_year = next(i for i, w in enumerate(fields) if w.key == f"unit_add_year_{province}")
    fields[at_year - 2].input("Sở Mới Lập")  # the form's name, short name, then the year
    fields[at_year - 1].input("SML")
    fields[at_year].input("20266")
    at = at.button(key=submit).click().run()
    errors = [str(e.value) for e in at.error]
    assert "Năm phải từ 2000 đến 2100." in errors
    assert unit_names(app_db) == before
    at.text_input(key=f"unit_add_year_{province}").input("2.017")
    at = at.button(key=submit).click().run()
    assert "Số 2.017 có thể hiểu là 2017: viết 2017, không dùng dấu chấm hay dấu phẩy." in [
        str(e.value) for e in at.error
    ]
    assert unit_names(app_db) == before
    at.text_input(key=f"unit_add_year_{province}").input("2010")
    at = at.button(key=submit).click().run()
    assert not at.error
    assert unit_names(app_db) == sorted([*before, "Sở Mới Lập"])
    # The registry's year list now reaches back to 2010: its memberships can be filled in.
    assert at.selectbox(key="registry_year").options[-1] == "2010"


def test_a_round_with_a_wrong_number_of_seats_is_not_created(make_app, app_db):
    from db.models.voting import VotingRound

    def rounds() -> int:
        engine = make_engine(app_db)
        with session_scope(engine) as session:
            count = len(session.exec(select(VotingRound)).all())
        engine.dispose()
        return count

    before = rounds()
    at = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    at = at.selectbox(key="rounds_year").set_value(2026).run()
    next(w for w in at.text_input if w.label == "Số suất").input("1,5")
    at = next(b for b in at.button if b.label == "Tạo vòng").click().run()
    errors = [str(e.value).replace("\\", "") for e in at.error]
    assert "Nhập số nguyên (không có phần thập phân), ví dụ 12." in errors
    assert any(e.startswith("Chưa lưu gì") and "Số suất" in e for e in errors)
    assert rounds() == before
    next(w for w in at.text_input if w.label == "Số suất").input("2")
    at = next(b for b in at.button if b.label == "Tạo vòng").click().run()
    assert rounds() == before + 1


def covenant_2027(url: str):
    """The secretary's 2027 covenant (just created): its id and first criterion's max points."""
    from db.models import Covenant
    from services.scoring.covenants import criteria

    engine = make_engine(url)
    with session_scope(engine) as session:
        covenant_id = session.exec(select(Covenant.id).where(Covenant.year == 2027)).one()
        first = criteria(session, covenant_id=covenant_id)[0].max_points
    engine.dispose()
    return covenant_id, first


def test_covenant_max_points_are_read_the_vietnamese_way(make_app, app_db):
    at = open_page(make_app(role="secretary").run(), "giao-uoc")
    next(w for w in at.selectbox if w.label == "Năm").set_value(2027).run()
    at = button(at, "Tạo giao ước").click().run()
    covenant_id, first = covenant_2027(app_db)
    assert first == 20
    editor = f"covenant_table_{covenant_id}"

    at.session_state[editor] = {"edited_rows": {0: {"max_points": "1.000"}}, "added_rows": [], "deleted_rows": []}
    at = button(at, "Lưu giao ước").click().run()
    said = messages(at)
    assert "Dòng 1 · Điểm tối đa**: Số 1.000 có thể hiểu là 1000 hoặc 1: viết 1000 hoặc 1,0." in said
    assert "Đã lưu giao ước." not in said
    assert covenant_2027(app_db)[1] == 20  # nothing saved

    at.session_state[editor] = {"edited_rows": {0: {"max_points": "1,5"}}, "added_rows": [], "deleted_rows": []}
    at = button(at, "Lưu giao ước").click().run()
    assert "Đã lưu giao ước." in messages(at)
    assert covenant_2027(app_db)[1] == Decimal("1.5")  # one and a half, not 15
