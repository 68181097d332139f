"""The admin types a bloc's operating rules (number, date dd/mm/yyyy, title) where the bloc is edited."""

from datetime import date

from sqlmodel import Session, select

from db.engine import make_engine
from db.models import Bloc, Province
from tests.app.conftest import open_page


def culture_bloc(url: str) -> Bloc:
    engine = make_engine(url)
    with Session(engine) as session:
        bloc = session.exec(
            select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))
        ).one()
    engine.dispose()
    return bloc


def bloc_editor(make_app, bloc: Bloc):
    at = open_page(make_app(role="admin").run(), "danh-muc")
    at.selectbox(key="registry_province").set_value(bloc.province_id).run()
    at.selectbox(key=f"bloc_pick_{bloc.province_id}").set_value(bloc.id).run()
    assert not at.exception, at.exception
    return at


def rules_field(at, label: str):
    return next(w for w in at.text_input if w.label == label)


def save(at, bloc: Bloc):
    return at.button(key=f"FormSubmitter:bloc_rules_{bloc.id}-Lưu quy chế").click().run()


def test_the_rules_are_saved_listed_and_shown_again(make_app, app_db):
    bloc = culture_bloc(app_db)
    at = bloc_editor(make_app, bloc)
    rules_field(at, "Số quy chế").input("01/QC-KTĐVHXH")
    rules_field(at, "Ngày ban hành (dd/mm/yyyy)").input("05/03/2024")
    rules_field(at, "Tên quy chế").input("Quy chế hoạt động của Khối thi đua Văn hóa – Xã hội")
    at = save(at, bloc)
    assert not at.exception, at.exception
    assert "Đã lưu quy chế hoạt động của khối." in [s.value for s in at.success]
    saved = culture_bloc(app_db)
    assert (saved.rules_number, saved.rules_date, saved.rules_title) == (
        "01/QC-KTĐVHXH",
        date(2024, 3, 5),
        "Quy chế hoạt động của Khối thi đua Văn hóa – Xã hội",
    )
    blocs = next(d.value for d in at.dataframe if "Quy chế hoạt động" in d.value.columns)
    row = blocs[blocs.iloc[:, 0] == bloc.name].iloc[0]
    listed = "01/QC-KTĐVHXH · 05/03/2024 · Quy chế hoạt động của Khối thi đua Văn hóa – Xã hội"
    assert row["Quy chế hoạt động"] == listed
    again = bloc_editor(make_app, bloc)  # a fresh visit shows what is stored, the date day first
    assert rules_field(again, "Ngày ban hành (dd/mm/yyyy)").value == "05/03/2024"
    assert rules_field(again, "Số quy chế").value == "01/QC-KTĐVHXH"


def test_a_month_first_date_is_refused_in_vietnamese_and_nothing_is_saved(make_app, app_db):
    bloc = culture_bloc(app_db)
    at = bloc_editor(make_app, bloc)
    rules_field(at, "Số quy chế").input("01/QC")
    rules_field(at, "Ngày ban hành (dd/mm/yyyy)").input("03/25/2024")
    at = save(at, bloc)
    message = at.error[0].value
    assert "Ngày ban hành (dd/mm/yyyy)" in message and "không hợp lệ" in message
    assert culture_bloc(app_db).rules_number is None
