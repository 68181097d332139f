"""One clock on the access-code page: an end time typed as 18:00 is 18:00 Vietnam time on the
page and on the printed code sheet, whatever the server's own time zone is."""

import os
import re
import time
from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import Conference
from tests.app.conftest import open_page

CODES = "ma-truy-cap"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(params=["UTC", "America/New_York"])
def server_zone(request, monkeypatch):
    """The process's own zone (what datetime.astimezone() and date.today() follow), restored after."""
    monkeypatch.delenv("THIDUA_TIMEZONE", raising=False)
    saved = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


def conference_id_named(url: str, name: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        conference_id = session.exec(select(Conference.id).where(Conference.name == name)).one()
    engine.dispose()
    return conference_id


def test_an_end_time_of_18_00_stays_18_00_on_the_page_and_the_printed_sheet(server_zone, make_app, app_db):
    assert time.strftime("%Z") in ("UTC", "EST", "EDT")  # the zone is really in force
    day = datetime.now(VIETNAM).date() + timedelta(days=2)
    at = open_page(make_app(role="admin").run(), CODES)
    name = f"Hội nghị thử múi giờ {server_zone}"
    at.text_input(key=next(w.key for w in at.text_input if w.label == "Tên hội nghị")).input(name)
    next(w for w in at.date_input if w.label == "Ngày kết thúc").set_value(day)
    next(w for w in at.time_input if w.label == "Giờ kết thúc").set_value(datetime(2000, 1, 1, 18, 0).time())
    at = next(b for b in at.button if b.label == "Tạo hội nghị").click().run()
    assert not at.exception, at.exception
    assert "Đã tạo hội nghị." in " ".join(s.value for s in at.success)

    # The picker shows "name · province · bloc"; its value is the conference's id.
    picker = next(s for s in at.selectbox if s.label == "Hội nghị")
    assert any(o.split(" · ")[0] == name for o in picker.options), picker.options
    at = picker.select(conference_id_named(app_db, name)).run()
    until = f"18:00 {day:%d/%m/%Y}"
    assert f"Mã có hiệu lực đến {until}" in [c.value for c in at.caption]

    issued_after = datetime.now(VIETNAM).replace(second=0, microsecond=0)
    at = next(b for b in at.button if b.label == "Phát mã cho các đơn vị chưa có mã").click().run()
    issued_before = datetime.now(VIETNAM)
    assert not at.exception, at.exception
    pdf = at.session_state["_issued_codes"][2]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)
    assert f"Mã có hiệu lực đến {until}" in text

    # "Phát lúc": Vietnam time, within the minute the codes were issued.
    table = at.dataframe[0].value
    shown = {value for value in table["Phát lúc"] if value}
    assert shown, table
    expected = set()
    moment = issued_after
    while moment <= issued_before:
        expected.add(moment.strftime("%H:%M %d/%m"))
        moment += timedelta(minutes=1)
    assert shown <= expected, (shown, expected)
    assert all(re.fullmatch(r"\d\d:\d\d \d\d/\d\d", value) for value in shown)
