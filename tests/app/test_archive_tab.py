"""The admin archives a year on the registry page; that year's records then refuse changes
in Vietnamese, and the whole year is offered as one download."""

import re

from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models import ArchivedYear, Bloc, Covenant, Membership, Province, Score, ScoreSheet, UnitName, User
from services.access.sessions import Principal
from services.archive import archive_year
from services.clock import now
from tests.app.conftest import open_page


def registry_in(make_app, year: int):
    at = open_page(make_app(role="admin").run(), "danh-muc")
    at.selectbox(key="registry_year").set_value(year).run()
    assert not at.exception, at.exception
    return at


def lai_chau(url: str) -> tuple[int, int, int]:
    """Lai Châu's id, its Culture–Society bloc, and that bloc's Sở LĐ-TB&XH."""
    engine = make_engine(url)
    with Session(engine) as session:
        province = session.exec(select(Province).where(Province.code == "LCU")).one()
        bloc = session.exec(select(Bloc).where(Bloc.province_id == province.id, Bloc.name.contains("Văn hóa"))).one()
        unit = session.exec(
            select(UnitName.unit_id).join(Membership, Membership.unit_id == UnitName.unit_id)
            .where(Membership.bloc_id == bloc.id, UnitName.short_name == "Sở LĐ-TB&XH")
        ).first()  # fmt: skip
    engine.dispose()
    return province.id, bloc.id, unit


def stored(url: str, model) -> list:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(model)).all()
    engine.dispose()
    return rows


def test_archiving_a_year_makes_its_records_read_only_with_a_vietnamese_message(make_app, app_db):
    province_id, culture, unit_id = lai_chau(app_db)
    at = registry_in(make_app, 2017)
    next(m for m in at.multiselect if m.label == "Khối cần lưu trữ").set_value([culture])
    next(c for c in at.checkbox if c.label.startswith("Tôi xác nhận")).check()
    at = at.button(key=f"FormSubmitter:archive_{province_id}_2017-Lưu trữ năm 2017").click().run()
    assert "Đã lưu trữ." in at.success[0].value
    assert [(a.bloc_id, a.year, a.archived_by) for a in stored(app_db, ArchivedYear)] == [(culture, 2017, "quantri")]

    # Taking Sở LĐ-TB&XH out of its bloc for 2017 is refused, and nothing changes.
    members_before = sorted((m.unit_id, m.bloc_id, m.year) for m in stored(app_db, Membership))
    at = registry_in(make_app, 2017)
    form = f"membership_{province_id}_2017"
    mover = next(s for s in at.selectbox if s.label == "Đơn vị" and s.proto.form_id == form)
    mover.set_value(unit_id)
    at = at.button(key=f"FormSubmitter:{form}-Lưu").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "đã được lưu trữ: hồ sơ năm này chỉ còn để xem, không thể thay đổi." in errors, errors
    assert sorted((m.unit_id, m.bloc_id, m.year) for m in stored(app_db, Membership)) == members_before


def test_the_year_tab_lists_blocs_and_offers_the_whole_year(make_app, app_db):
    at = registry_in(make_app, 2017)
    states = next(frame.value for frame in at.dataframe if "Tình trạng" in frame.value.columns)
    assert set(states["Tình trạng"]) == {"Đang sử dụng"}
    labels = [button.proto.label for button in at.get("download_button")]
    assert "Tải dữ liệu năm 2017 (.zip)" in labels


def test_a_unit_saving_scores_in_an_archived_year_is_told_why_in_vietnamese(make_app, app_db):
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        unit_id = session.exec(select(User.unit_id).where(User.username == "daibieu")).one()
        covenant = session.exec(
            select(Covenant).join(ScoreSheet).where(ScoreSheet.unit_id == unit_id, Covenant.year == 2026)
        ).one()
        admin = session.exec(select(User).where(User.username == "quantri")).one()
        principal = Principal("s-admin", admin.role, admin.full_name, admin.id, admin.username)
        archive_year(session, principal=principal, bloc_ids=[covenant.bloc_id], year=2026, at=now())
    engine.dispose()
    scores_before = sorted((s.id, s.self_score) for s in stored(app_db, Score))
    unit = open_page(make_app(role="delegate").run(), "tu-cham-diem")
    field = next(w for w in unit.text_input if w.key and re.search(r"_s\d+$", w.key))  # a score box
    field.input("1" if field.value != "1" else "0")  # any change
    unit = next(b for b in unit.button if b.label == "Lưu nháp").click().run()
    said = " ".join(e.value for e in unit.error).replace("\\", "")
    assert "Năm 2026 của Khối Văn hóa – Xã hội đã được lưu trữ" in said, said
    assert "year" not in said  # no internal field name in the message
    assert sorted((s.id, s.self_score) for s in stored(app_db, Score)) == scores_before
