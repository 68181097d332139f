"""A unit's code link (its QR) opened on a phone still logged in for another unit (the code
cookie survives a reload): the new delegate is told whose login the code ends and gets in
with their own code; the old unit is logged out. The link of the phone's own code goes
straight to the ballot. (Before, any code link on a logged-in phone showed the other
unit's ballot page, with no way to log in, and the delegate could vote in its name.)"""

from components.auth import CODE_COOKIE
from db.engine import make_engine, session_scope
from services.access.keys import DEMO_KEY
from services.access.sessions import code_session_token, resume_code_session
from services.clock import now
from tests.app.test_access import title
from tests.app.test_reload_and_bookmarks import UNIT, _log_in_by_code, _open_round, browser_cookies

SUBMIT = "login_code_send"


def _sidebar(at) -> str:
    return " ".join(m.value for m in at.sidebar.markdown)


def test_another_units_code_link_on_a_logged_in_phone_logs_the_new_delegate_in(make_app, app_db, monkeypatch):
    codes = _open_round(app_db)
    other_name, other = next((name, code) for name, code in codes.items() if name != UNIT)
    at = _log_in_by_code(make_app, codes[UNIT])
    assert title(at) == "Phiếu bầu"
    first = at.session_state["principal"]
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        token = code_session_token(session, principal=first, key=DEMO_KEY)

    # The phone, reloaded with the first unit's cookie, opens the other unit's QR link.
    browser_cookies(monkeypatch, {CODE_COOKIE: token})
    at = make_app(role=None)
    at.query_params["code"] = other.replace("-", "")
    at = at.run()
    assert not at.exception and title(at) == "Đăng nhập"
    notice = " ".join(i.value for i in at.info)
    assert UNIT in notice and "Vào hội nghị" in notice and "đăng xuất" in notice
    assert any(box.value == other for box in at.text_input)  # the link's code is filled in

    at = at.button(key=SUBMIT).click().run()
    assert not at.exception and title(at) == "Phiếu bầu"
    assert other_name in _sidebar(at) and UNIT not in _sidebar(at)
    with session_scope(engine) as session:  # the first unit's session has ended: its cookie no longer logs in
        assert resume_code_session(session, token=token, key=DEMO_KEY, at=now()) is None
    engine.dispose()


def test_the_phones_own_code_link_goes_to_the_ballot(make_app, app_db, monkeypatch):
    codes = _open_round(app_db)
    at = _log_in_by_code(make_app, codes[UNIT])
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        token = code_session_token(session, principal=at.session_state["principal"], key=DEMO_KEY)
    engine.dispose()
    browser_cookies(monkeypatch, {CODE_COOKIE: token})
    at = make_app(role=None)
    at.query_params["code"] = codes[UNIT].replace("-", "")
    at = at.run()
    assert not at.exception and title(at) == "Phiếu bầu" and UNIT in _sidebar(at)
    assert not at.info or all(UNIT not in i.value for i in at.info)
