"""The rounds page as a new admin finds it (issue 13, item 6): the picker's status, the
creation form, check-in of a whole hall, closing with units still to vote, the results table
and who created a round."""

import json
from dataclasses import replace

from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models.voting import AuditEvent, CheckIn
from services.clock import now
from services.registry.membership import members
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, create_round, open_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark
from tests.app.conftest import open_page
from tests.app.test_voting import culture_bloc, open_flag_round


def _bloc_id(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        bloc_id = culture_bloc(session).id
    engine.dispose()
    return bloc_id


def _rounds_page(make_app, url: str, role: str = "admin"):
    at = open_page(make_app(role=role).run(), "vong-bo-phieu")
    at.selectbox[0].set_value(_bloc_id(url)).run()
    assert not at.exception, at.exception
    return at


def _picker(at, url: str):
    return at.selectbox(key=f"round_of_{_bloc_id(url)}_2026")


def _draft_round(url: str) -> tuple[int, dict[str, int]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = culture_bloc(session)
        units = {m.short_name: m.unit_id for m in members(session, bloc_id=bloc.id, year=2026)}
        round_ = create_round(session, bloc_id=bloc.id, year=2026, title="Bằng khen 2026",
                              settings=PRESETS[RoundKind.CERTIFICATE_OF_MERIT], at=now())  # fmt: skip
        round_id = round_.id
    engine.dispose()
    return round_id, units


def test_the_picker_shows_the_new_status_right_after_closing(make_app, app_db):
    round_id, _ = open_flag_round(app_db)
    at = _rounds_page(make_app, app_db)
    assert _picker(at, app_db).options == ["Cờ thi đua 2026 · Đang bỏ phiếu"]
    at.checkbox(key=f"confirm_close_{round_id}").check().run()
    at = at.button(key=f"do_close_{round_id}").click().run()
    assert "Đã đóng vòng và kiểm phiếu." in [s.value for s in at.success]
    picker = _picker(at, app_db)
    # The browser keeps showing the label it last sent unless the server sends the value again:
    # it must send the current one, or the box still reads "Đang bỏ phiếu" after closing.
    assert picker.proto.set_value and picker.proto.raw_value == "Cờ thi đua 2026 · Đã đóng"
    assert picker.value == round_id


def test_the_creation_form_folds_after_creating_a_round(make_app, app_db):
    bloc_id = _bloc_id(app_db)
    at = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    at.selectbox[0].set_value(bloc_id).run()
    at.session_state["rounds_new_round_open"] = True
    at.run()
    at = at.button(key=f"FormSubmitter:create_round_{bloc_id}_2026_provincial_flag-Tạo vòng").click().run()
    assert "Đã tạo vòng bỏ phiếu." in [s.value for s in at.success]
    assert at.session_state["rounds_new_round_open"] is False  # folded: no invitation to a duplicate
    assert _picker(at, app_db).value is not None


def test_a_round_created_on_the_page_names_its_creator_in_the_audit_chain(make_app, app_db):
    bloc_id = _bloc_id(app_db)
    at = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    at.selectbox[0].set_value(bloc_id).run()
    at = at.button(key=f"FormSubmitter:create_round_{bloc_id}_2026_provincial_flag-Tạo vòng").click().run()
    engine = make_engine(app_db)
    with Session(engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.kind == "round_configured")).all()
    engine.dispose()
    payload = json.loads(event.payload_json)
    assert (payload.get("actor"), payload.get("actor_role")) == ("quantri", "admin")


def test_all_present_then_uncheck_the_absent_and_name_them(make_app, app_db):
    round_id, units = _draft_round(app_db)
    at = _rounds_page(make_app, app_db)
    at = at.button(key=f"all_present_{round_id}").click().run()
    assert "Đã lưu điểm danh." in [s.value for s in at.success]
    assert "Có mặt 8/8 đơn vị." in [c.value for c in at.caption]
    [present] = [m for m in at.multiselect if m.label == "Đơn vị có mặt (điểm danh)"]
    present.set_value([u for u in present.value if u not in (units["Sở Y tế"], units["BHXH"])])
    at = at.button(key=f"FormSubmitter:checkin_{round_id}-Lưu điểm danh").click().run()
    assert "Đã lưu điểm danh." in [s.value for s in at.success]
    assert "Có mặt 6/8 đơn vị." in [c.value for c in at.caption]
    engine = make_engine(app_db)
    with Session(engine) as session:
        stored = {c.unit_id for c in session.exec(select(CheckIn).where(CheckIn.round_id == round_id))}
    engine.dispose()
    assert stored == set(units.values()) - {units["Sở Y tế"], units["BHXH"]}
    absent = [m.value for m in at.markdown if m.value.startswith("**Vắng mặt")]
    assert len(absent) == 1 and "Sở Y tế" in absent[0] and "Bảo hiểm xã hội tỉnh" in absent[0]


def test_closing_says_how_many_present_units_have_not_voted(make_app, app_db):
    round_id, units = open_flag_round(app_db)
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        cast_ballot(session, round_id=round_id, unit_id=units["BHXH"], choice=Choice(((units["Sở Y tế"], Mark.AGREE),)),
                    at=now())  # fmt: skip
    engine.dispose()
    at = _rounds_page(make_app, app_db)
    assert "Còn 7 đơn vị đã điểm danh chưa bỏ phiếu." in [w.value for w in at.warning]
    confirm = at.checkbox(key=f"confirm_close_{round_id}")
    assert confirm.label == "Tôi xác nhận đóng vòng: không nhận thêm phiếu (còn 7 đơn vị đã điểm danh chưa bỏ phiếu)"


def test_results_table_numbers_rows_and_says_percent_and_winners_in_words(make_app, app_db):
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        bloc = culture_bloc(session)
        units = {m.short_name: m.unit_id for m in members(session, bloc_id=bloc.id, year=2026)}
        round_ = create_round(session, bloc_id=bloc.id, year=2026, title="Cờ 2026",
                              settings=replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=1), at=now())  # fmt: skip
        check_in(session, round_id=round_.id, unit_ids=list(units.values()), at=now())
        open_round(session, round_id=round_.id, at=now())
        round_id = round_.id
        # 8 ballots: 7 for Sở Y tế, Sở Y tế's own for BHXH; six units get no vote (a tie of 0).
        for voter in units.values():
            target = units["BHXH"] if voter == units["Sở Y tế"] else units["Sở Y tế"]
            cast_ballot(session, round_id=round_id, unit_id=voter, choice=Choice(((target, Mark.AGREE),)), at=now())
    engine.dispose()
    at = _rounds_page(make_app, app_db)
    at.checkbox(key=f"confirm_close_{round_id}").check().run()
    at = at.button(key=f"do_close_{round_id}").click().run()
    table = at.dataframe[0].value
    assert list(table["TT"]) == list(range(1, 9))
    first = table.iloc[0]
    assert (first["Đơn vị"], first["Tỷ lệ"], first["Trúng"]) == ("Sở Y tế", "87,50 %", "Trúng")
    assert table.iloc[1]["Tỷ lệ"] == "12,50 %" and table.iloc[1]["Trúng"] == ""
    assert list(table["Hạng"])[2:] == [3] * 6  # tied ranks stay, the TT column still counts rows
    assert not any("✔" in str(v) for v in table.to_numpy().ravel())
