"""What the admin and the hall see, through the real app.py (AppTest): the codes page's
alert when wrong codes exceed the ceiling, and the demo password hidden once the demo
listens on the hall's network."""

from datetime import timedelta

from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import Bloc, Province
from services.access.codes import create_conference, issue_codes
from services.access.keys import DEMO_KEY
from services.access.login import code_login
from services.clock import now
from tests.app.conftest import open_page


def conference_with_wrong_codes(url: str, wrong: int) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = session.exec(select(Bloc).join(Province).where(Province.code == "LCU")).first()
        at = now()
        conference = create_conference(session=session, bloc_id=bloc.id, year=2026, name="Hội nghị tổng kết",
                                       ends_at=at + timedelta(hours=4), at=at)  # fmt: skip
        issue_codes(session=session, conference=conference, key=DEMO_KEY, at=at)
        moment = now()  # one moment: the attempts cannot straddle two minutes
        for number in range(wrong):
            code_login(session, code=f"WRNG-{number:04d}-XXXX", browser_session=f"b{number}", address="203.0.113.7",
                       key=DEMO_KEY, at=moment)  # fmt: skip
    engine.dispose()


def warnings(at) -> str:
    return " ".join(str(w.value) for w in at.warning)


def test_the_codes_page_warns_the_admin_of_a_flood_of_wrong_codes(make_app, app_db):
    conference_with_wrong_codes(app_db, 45)  # above the floor of 30 a minute (9 units: floor applies)
    at = open_page(make_app(role="admin").run(), "ma-truy-cap")
    assert not at.exception
    text = warnings(at)
    assert "Cảnh báo: nhiều lần nhập sai mã truy cập" in text
    assert "vượt ngưỡng 30 lần/phút" in text and "45 lần nhập sai" in text


def test_a_few_typos_raise_no_warning(make_app, app_db):
    conference_with_wrong_codes(app_db, 5)
    at = open_page(make_app(role="admin").run(), "ma-truy-cap")
    assert not at.exception and "nhập sai mã" not in warnings(at)


def test_the_demo_password_is_hidden_when_the_demo_listens_on_the_network(make_app, monkeypatch):
    def caption_text(at) -> str:
        return " ".join(c.value for c in at.caption)

    monkeypatch.setenv("THIDUA_BOUND_ADDRESS", "127.0.0.1")  # scripts/dev.sh run's default
    assert "thidua-demo" in caption_text(make_app(role=None).run())
    monkeypatch.setenv("THIDUA_BOUND_ADDRESS", "0.0.0.0")  # THIDUA_ADDRESS=0.0.0.0: the hall's network
    at = make_app(role=None).run()
    assert "thidua-demo" not in caption_text(at) and "THIDUA_DEMO_SHOW_PASSWORDS=1" in caption_text(at)
    monkeypatch.setenv("THIDUA_DEMO_SHOW_PASSWORDS", "1")
    assert "thidua-demo" in caption_text(make_app(role=None).run())
