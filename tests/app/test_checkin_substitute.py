"""Check-in on the rounds page names who attends in place of a unit's delegate."""

from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models import Bloc, Province
from db.models.voting import CheckIn
from services.clock import now
from services.registry.membership import members
from services.voting.rounds import create_round
from services.voting.rules import PRESETS, RoundKind
from tests.app.conftest import open_page


def draft_round(url: str) -> tuple[int, int, dict[int, str]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = session.exec(
            select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))
        ).one()
        names = {m.unit_id: m.name for m in members(session, bloc_id=bloc.id, year=2026)}
        round_ = create_round(session, bloc_id=bloc.id, year=2026, title="Cờ thi đua 2026",
                              settings=PRESETS[RoundKind.PROVINCIAL_FLAG], at=now())  # fmt: skip
        ids = round_.id, bloc.id
    engine.dispose()
    return *ids, names


def stored_check_ins(url: str, round_id: int) -> dict[int, str | None]:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(CheckIn).where(CheckIn.round_id == round_id)).all()
    engine.dispose()
    return {r.unit_id: r.substitute_name for r in rows}


def present(at):
    return next(m for m in at.multiselect if m.label == "Đơn vị có mặt (điểm danh)")


def rounds_page(make_app, bloc_id: int, role: str = "secretary"):
    at = open_page(make_app(role=role).run(), "vong-bo-phieu")
    at.selectbox[0].set_value(bloc_id).run()
    assert not at.exception, at.exception
    return at


def test_a_substitute_is_typed_at_check_in_stored_and_listed(make_app, app_db):
    round_id, bloc_id, names = draft_round(app_db)
    first, second = list(names)[:2]
    at = rounds_page(make_app, bloc_id)
    assert at.text_input(key=f"substitute_name_{round_id}").label == "Người dự thay (nếu có)"
    present(at).select(first)
    at.selectbox(key=f"substitute_unit_{round_id}").set_value(second)
    at.text_input(key=f"substitute_name_{round_id}").input("Nguyễn Văn An – Phó Giám đốc")
    at.button(key=f"FormSubmitter:checkin_{round_id}-Lưu điểm danh").click().run()
    assert not at.exception, at.exception
    assert "Đã lưu điểm danh." in [s.value for s in at.success]
    assert stored_check_ins(app_db, round_id) == {first: None, second: "Nguyễn Văn An – Phó Giám đốc"}
    listed = next(d.value for d in at.dataframe if "Người dự thay" in d.value.columns)
    assert dict(zip(listed["Đơn vị có mặt"], listed["Người dự thay"], strict=True)) == {
        names[first]: "",
        names[second]: "Nguyễn Văn An – Phó Giám đốc",
    }
    assert f"Có mặt 2/{len(names)} đơn vị." in [c.value for c in at.caption]
    # The fields start empty again for the next substitute.
    assert at.text_input(key=f"substitute_name_{round_id}").value == ""
    assert at.selectbox(key=f"substitute_unit_{round_id}").value is None


def test_check_in_without_a_substitute_stores_none(make_app, app_db):
    round_id, bloc_id, names = draft_round(app_db)
    first, second = list(names)[:2]
    at = rounds_page(make_app, bloc_id, role="admin")
    present(at).select(first).select(second)
    at.text_input(key=f"substitute_name_{round_id}").input("Ai đó")  # typed, but no unit chosen: ignored
    at.button(key=f"FormSubmitter:checkin_{round_id}-Lưu điểm danh").click().run()
    assert stored_check_ins(app_db, round_id) == {first: None, second: None}
