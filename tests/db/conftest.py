"""Database tests open and close rounds through the services, as a script would: sealed
rounds keep their cards in this process's memory (services.voting.sealing), so a test closes
a round without typing them. Tests of the cards themselves pass their own keeper or shares."""

from dataclasses import replace

import pytest

from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from services.clock import now
from services.registry.membership import set_membership
from services.registry.places import save_bloc, save_province
from services.registry.units import create_unit
from services.voting import sealing
from services.voting.rounds import check_in, create_round, open_round
from services.voting.rules import PRESETS, RoundKind
from tests.conftest import require_backend
from tests.databases import fresh_database


@pytest.fixture(autouse=True, scope="session")
def _cards_in_process_memory():
    sealing.keep_shares_in_process(True)
    yield
    sealing.keep_shares_in_process(False)


@pytest.fixture()
def big_bloc(backend, tmp_path):
    """A fresh database holding a bloc of 100 units, all checked in to an open round."""
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            province = save_province(session=session, code="T", name="Tỉnh thử")
            bloc = save_bloc(session=session, province_id=province.id, name="Khối lớn", kind="bloc")
            units = []
            for i in range(100):
                unit = create_unit(
                    session=session, province_id=province.id, name=f"Đơn vị {i:03d}", short_name="", from_year=2020
                )
                set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=2026)
                units.append(unit.id)
            settings = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=3)
            round_ = create_round(session, bloc_id=bloc.id, year=2026, title="Cờ", settings=settings, at=now())
            check_in(session, round_id=round_.id, unit_ids=units, at=now())
            open_round(session, round_id=round_.id, at=now())
            round_id = round_.id
        yield engine, round_id, units
        engine.dispose()
