"""A conference's end, typed in Vietnam time, is the same instant after a round trip through
the database (SQLite keeps only the wall time of an aware datetime; PostgreSQL keeps the zone)."""

from datetime import UTC, date, datetime, time, timedelta, timezone

from sqlmodel import select

from db.models import Conference
from services.access.codes import create_conference
from services.clock import as_utc, from_local, local_time
from services.registry.places import save_bloc, save_province

PLUS_7 = timezone(timedelta(hours=7))


def test_an_end_at_18_00_vietnam_time_reads_back_as_18_00_vietnam_time(session, monkeypatch):
    monkeypatch.delenv("THIDUA_TIMEZONE", raising=False)
    province = save_province(session=session, code="LC", name="Lai Châu")
    bloc = save_bloc(session=session, province_id=province.id, name="Khối Văn hóa – Xã hội", kind="bloc")
    assert from_local(date(2030, 12, 12), time(18, 0)) == datetime(2030, 12, 12, 11, 0, tzinfo=UTC)  # UTC+7
    for given in (
        from_local(date(2030, 12, 12), time(18, 0)),  # what the page passes
        datetime(2030, 12, 12, 18, 0, tzinfo=PLUS_7),  # the same instant written in +07:00
    ):
        start = datetime(2030, 1, 1, tzinfo=UTC)
        conference = create_conference(
            session=session, bloc_id=bloc.id, year=2030, name="Hội nghị", ends_at=given, at=start
        )
        session.expire_all()
        stored = session.exec(select(Conference).where(Conference.id == conference.id)).one()
        assert as_utc(stored.ends_at) == datetime(2030, 12, 12, 11, 0, tzinfo=UTC)
        assert local_time(stored.ends_at) == "18:00 12/12/2030"
