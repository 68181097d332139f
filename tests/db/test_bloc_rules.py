"""A bloc's operating rules (number, date, title): saved, cleared, refused when malformed,
and added by migration 0007 to blocs that already exist, on SQLite and PostgreSQL."""

from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command
from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.migrate import alembic_config, upgrade_to_head
from db.models import Bloc, BlocKind
from services.errors import ValidationFailed
from services.registry.bloc_rules import save_bloc_rules
from services.registry.places import save_bloc, save_province
from tests.conftest import require_backend
from tests.databases import fresh_database


@pytest.fixture()
def bloc(session) -> Bloc:
    province = save_province(session=session, code="LCU", name="Lai Châu")
    return save_bloc(session=session, province_id=province.id, name="Khối Văn hóa – Xã hội", kind=BlocKind.BLOC)


def stored(session, bloc_id: int) -> tuple:
    session.expire_all()
    row = session.get(Bloc, bloc_id)
    return row.rules_number, row.rules_date, row.rules_title


def test_rules_typed_day_first_are_saved_as_that_date(session, bloc):
    save_bloc_rules(session=session, bloc_id=bloc.id, number=" 01/QC-KTĐVHXH ", issued="5/3/2024",
                    title="Quy chế hoạt động  của Khối thi đua Văn hóa – Xã hội")  # fmt: skip
    assert stored(session, bloc.id) == (
        "01/QC-KTĐVHXH",
        date(2024, 3, 5),  # the fifth of March, not the third of May
        "Quy chế hoạt động của Khối thi đua Văn hóa – Xã hội",
    )


def test_blank_fields_clear_the_rules(session, bloc):
    save_bloc_rules(session=session, bloc_id=bloc.id, number="01/QC", issued="15.01.2024", title="Quy chế")
    assert stored(session, bloc.id) == ("01/QC", date(2024, 1, 15), "Quy chế")
    save_bloc_rules(session=session, bloc_id=bloc.id, number=" ", issued="", title="")
    assert stored(session, bloc.id) == (None, None, None)


@pytest.mark.parametrize("typed", ["31/02/2024", "2024-03-05", "5/3/24", "hôm qua", "01/01/1900", "1/13/2024"])
def test_a_date_that_is_not_day_month_year_is_refused_and_nothing_changes(session, bloc, typed):
    save_bloc_rules(session=session, bloc_id=bloc.id, number="01/QC", issued="15/01/2024", title="Quy chế")
    with pytest.raises(ValidationFailed) as info:
        save_bloc_rules(session=session, bloc_id=bloc.id, number="02/QC", issued=typed, title="Quy chế mới")
    assert [(e.field, e.key) for e in info.value.errors] == [("rules_date", "blocrules.bad_date")]
    assert stored(session, bloc.id) == ("01/QC", date(2024, 1, 15), "Quy chế")


def test_too_long_number_and_title_are_both_reported(session, bloc):
    with pytest.raises(ValidationFailed) as info:
        save_bloc_rules(session=session, bloc_id=bloc.id, number="N" * 101, issued="", title="T" * 301)
    assert sorted((e.field, e.key) for e in info.value.errors) == [
        ("rules_number", "error.too_long"),
        ("rules_title", "error.too_long"),
    ]
    assert stored(session, bloc.id) == (None, None, None)


def test_limits_are_inclusive(session, bloc):
    save_bloc_rules(session=session, bloc_id=bloc.id, number="N" * 100, issued="29/02/2024", title="T" * 300)
    assert stored(session, bloc.id) == ("N" * 100, date(2024, 2, 29), "T" * 300)


def test_migration_0007_adds_empty_rules_to_existing_blocs_and_downgrades(backend, tmp_path):
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        command.upgrade(alembic_config(url), "0006")
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO province (code, name) VALUES ('DBN', 'Điện Biên')"))
            province_id = connection.execute(sa.text("SELECT id FROM province")).scalar_one()
            connection.execute(
                sa.text("INSERT INTO bloc (province_id, name, kind) VALUES (:p, 'Khối Văn hóa – Xã hội', 'bloc')"),
                {"p": province_id},
            )
        upgrade_to_head(url)
        columns = {c["name"]: c for c in sa.inspect(engine).get_columns("bloc")}
        assert all(columns[name]["nullable"] for name in ("rules_number", "rules_date", "rules_title"))
        with Session(engine) as session:
            (bloc,) = session.exec(select(Bloc)).all()
            assert (bloc.name, bloc.rules_number, bloc.rules_date, bloc.rules_title) == (
                "Khối Văn hóa – Xã hội",
                None,
                None,
                None,
            )
        with session_scope(engine) as session:
            save_bloc_rules(session=session, bloc_id=bloc.id, number="12/QC-KTĐ", issued="20/12/2025", title="Quy chế")
        with Session(engine) as session:
            assert session.get(Bloc, bloc.id).rules_date == date(2025, 12, 20)
        command.downgrade(alembic_config(url), "0006")
        assert "rules_number" not in {c["name"] for c in sa.inspect(engine).get_columns("bloc")}
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT name FROM bloc")).scalar_one() == "Khối Văn hóa – Xã hội"
        engine.dispose()
