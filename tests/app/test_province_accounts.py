"""The users page for the province's stage: a council member made and edited through the
form (name, position, one province), a standing-office account refused without exactly one
province; and the province's stage rules saved from the proposals page."""

from fractions import Fraction

import pytest
from sqlmodel import Session, select

from db.engine import make_engine
from db.models import Province, ProvinceStageRules, Role, User
from services.access import passwords
from services.access.accounts import scope_of
from services.province.council import council_members, council_of
from tests.app.conftest import open_page
from tests.app.test_province_proposals import add_account, as_user

SUBMIT_NEW = "FormSubmitter:user_form_new-Lưu"


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch):
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def province_id(url: str, code: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        found = session.exec(select(Province.id).where(Province.code == code)).one()
    engine.dispose()
    return found


def new_user_form(make_app, username: str, full_name: str, role: Role, provinces: list[int], position: str = ""):
    at = open_page(make_app(role="admin").run(), "nguoi-dung")
    at.text_input[0].input(username)
    at.text_input[1].input(full_name)
    at.text_input[2].input(position)
    at.text_input[3].input("mot-mat-khau-dai")
    at.radio[0].set_value(role.value)
    at.multiselect[0].set_value(provinces)
    return at.button(key=SUBMIT_NEW).click().run()


def test_the_admin_makes_a_council_member_and_edits_the_position(make_app, app_db):
    lai_chau = province_id(app_db, "LCU")
    at = new_user_form(make_app, "tv-hoang", "Hoàng Văn Em", Role.COUNCIL_MEMBER, [lai_chau], "Giám đốc Sở Tư pháp")
    assert at.success[0].value == "Đã lưu người dùng."
    table = at.dataframe[0].value
    row = table[table["Tên đăng nhập"] == "tv-hoang"].iloc[0]
    assert (row["Vai trò"], row["Chức vụ"]) == ("Thành viên Hội đồng TĐKT tỉnh", "Giám đốc Sở Tư pháp")
    assert row["Phạm vi"] == "Hội đồng Thi đua – Khen thưởng tỉnh Lai Châu"
    thuky = table[table["Tên đăng nhập"] == "thuky"].iloc[0]
    assert thuky["Phạm vi"] == "Lai Châu · Khối Văn hóa – Xã hội"
    engine = make_engine(app_db)
    with Session(engine) as session:
        person = session.exec(select(User).where(User.username == "tv-hoang")).one()
        council = council_of(session, lai_chau)
        assert person.id in [u.id for u in council_members(session, council.id)]  # beside the demo's members
        assert scope_of(session, user_id=person.id) == ((), (council.id,))
    engine.dispose()

    # Editing: the form shows the member's province (not the council body) and keeps it.
    at.selectbox[0].set_value(person.id).run()
    assert at.multiselect[0].value == [lai_chau] and at.multiselect[1].value == []
    at.text_input[2].input("Phó Giám đốc Sở Tư pháp")
    at = at.button(key=f"FormSubmitter:user_form_{person.id}-Lưu").click().run()
    assert at.success[0].value == "Đã lưu người dùng."
    with Session(engine) as session:
        person = session.get(User, person.id)
        assert person.position == "Phó Giám đốc Sở Tư pháp"
        assert scope_of(session, user_id=person.id) == ((), (council.id,))
    engine.dispose()


def test_a_standing_office_account_needs_exactly_one_province(make_app, app_db):
    both = [province_id(app_db, "LCU"), province_id(app_db, "DBN")]
    at = new_user_form(make_app, "thuongtruc2", "Lò Thị Gấm", Role.PROVINCE_OFFICER, both)
    assert "Thường trực Hội đồng phải có đúng một tỉnh" in at.error[0].value
    at = new_user_form(make_app, "thanhvien2", "Lò Văn Hải", Role.COUNCIL_MEMBER, both[:1])
    assert "Chức vụ" in at.error[0].value and "Không được để trống" in at.error[0].value
    assert not {"thuongtruc2", "thanhvien2"} & {u.username for u in _users(app_db)}


def _users(url: str) -> list[User]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = list(session.exec(select(User)))
    engine.dispose()
    return found


def stored_rules(url: str, code: str) -> ProvinceStageRules | None:
    engine = make_engine(url)
    with Session(engine) as session:
        row = session.get(ProvinceStageRules, province_id(url, code))
    engine.dispose()
    return row


def test_the_officer_sets_the_cap_and_an_untouched_two_thirds_stays_exact(make_app, app_db):
    add_account(app_db, "thuongtruc-lc", Role.PROVINCE_OFFICER, "LCU")
    at = as_user(make_app, app_db, "thuongtruc-lc")
    fields = {w.label: w for w in at.text_input}
    cap = "Mức tối đa Cờ thi đua của Chính phủ (% số đơn vị có Cờ thi đua UBND tỉnh)"
    assert fields[cap].value == "20" and fields["Tỉ lệ (%)"].value == "66,67"
    before = stored_rules(app_db, "LCU")  # the demo's rules (or none)
    before = before and before.model_dump()
    fields[cap].input("150")
    at = at.button(key="FormSubmitter:stage_rules_" + str(province_id(app_db, "LCU")) + "-Lưu quy định").click().run()
    assert "Tỉ lệ phải lớn hơn 0 và không quá 100 %." in " ".join(e.value for e in at.error)
    after = stored_rules(app_db, "LCU")
    assert (after and after.model_dump()) == before  # nothing saved
    next(w for w in at.text_input if w.label == cap).input("25")
    at.text_area[0].input("Quy chế số 12/QC-HĐTĐKT ngày 10/3/2025")
    at = at.button(key="FormSubmitter:stage_rules_" + str(province_id(app_db, "LCU")) + "-Lưu quy định").click().run()
    assert at.success[0].value == "Đã lưu quy định cấp tỉnh."
    row = stored_rules(app_db, "LCU")
    assert Fraction(row.government_flag_cap) == Fraction(1, 4)
    assert Fraction(row.council_threshold) == Fraction(2, 3)  # shown 66,67 and left alone: still exactly 2/3
    assert row.council_rules_text == "Quy chế số 12/QC-HĐTĐKT ngày 10/3/2025"
    assert "tối đa 25 % của" in " ".join(i.value for i in at.info)  # the summary uses the new share
