"""A conference of a bloc with N member units and their issued codes, committed (so
threads and a started app see it)."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from db.engine import session_scope
from services.access.codes import create_conference, issue_codes
from services.clock import now
from services.registry.membership import set_membership
from services.registry.places import save_bloc, save_province
from services.registry.units import create_unit

YEAR = 2026


@dataclass(frozen=True)
class Hall:
    conference_id: int
    codes: dict[int, str]  # unit id → code as printed


def build_hall(engine: sa.Engine, *, delegates: int, key: str, opened_at: datetime | None = None) -> Hall:
    """opened_at: when the conference was created (its alert counts wrong codes from then on)."""
    tag = uuid.uuid4().hex[:6].upper()
    with session_scope(engine) as session:
        province = save_province(session=session, code=f"H{tag}", name=f"Tỉnh hội trường {tag}")
        bloc = save_bloc(session=session, province_id=province.id, name=f"Khối {tag}", kind="bloc")
        for number in range(delegates):
            unit = create_unit(session=session, province_id=province.id, name=f"Đơn vị số {number + 1} ({tag})",
                               short_name="", from_year=2015)  # fmt: skip
            set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=YEAR)
        at = now()
        conference = create_conference(session=session, bloc_id=bloc.id, year=YEAR, name=f"Hội nghị {tag}",
                                       ends_at=at + timedelta(hours=6), at=at - timedelta(minutes=30))  # fmt: skip
        if opened_at is not None:
            conference.created_at = opened_at
        issued = issue_codes(session=session, conference=conference, key=key, at=at)
        return Hall(conference.id, {i.unit_id: i.code for i in issued})
