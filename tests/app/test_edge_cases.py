"""An empty bloc and a bloc of one unit, through the pages: a Vietnamese reason, never a crash."""

from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models import Province
from db.models.voting import VotingRound
from services.registry.membership import set_membership
from services.registry.places import save_bloc
from services.registry.units import create_unit
from tests.app.conftest import open_page


def new_bloc(url: str, name: str, units: list[str]) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        province = session.exec(select(Province).where(Province.code == "LCU")).one()
        bloc = save_bloc(session=session, province_id=province.id, name=name, kind="bloc")
        for unit_name in units:
            unit = create_unit(session=session, province_id=province.id, name=unit_name, short_name="", from_year=2020)
            set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=2026)
        bloc_id = bloc.id
    engine.dispose()
    return bloc_id


def rounds_of(url: str, bloc_id: int) -> list:
    engine = make_engine(url)
    with Session(engine) as session:
        found = session.exec(select(VotingRound).where(VotingRound.bloc_id == bloc_id)).all()
    engine.dispose()
    return found


def create_flag_round(make_app, bloc_id: int):
    at = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    at.selectbox[0].set_value(bloc_id).run()
    at.selectbox(key="rounds_year").set_value(2026).run()
    submit = next(b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:create_round_{bloc_id}_2026"))
    return submit.click().run()


def test_a_round_for_an_empty_bloc_is_refused_in_vietnamese(make_app, app_db):
    bloc_id = new_bloc(app_db, "Khối mới lập", [])
    at = create_flag_round(make_app, bloc_id)
    assert not at.exception
    assert "Vòng bỏ phiếu chưa có ứng viên nào." in " ".join(e.value for e in at.error)
    assert rounds_of(app_db, bloc_id) == []


def test_a_round_for_a_bloc_of_one_unit_explains_why_nobody_can_be_elected(make_app, app_db):
    bloc_id = new_bloc(app_db, "Khối một đơn vị", ["Văn phòng Đoàn ĐBQH tỉnh"])
    at = create_flag_round(make_app, bloc_id)
    assert "Khối chỉ có một đơn vị thành viên" in " ".join(e.value for e in at.error)
    assert rounds_of(app_db, bloc_id) == []


def test_dashboards_of_an_empty_bloc_say_there_is_nothing_yet(make_app, app_db):
    bloc_id = new_bloc(app_db, "Khối mới lập", [])
    at = make_app(role="admin")
    at.query_params.update({"tinh": "LCU", "khoi": str(bloc_id)})
    at = open_page(at, "tong-quan-khoi")
    assert not at.exception
    assert "Khối này chưa có dữ liệu năm nào." in [i.value for i in at.info]
