"""Issue 13, item 3, through the real app.py (AppTest): /dang-nhap for a logged-in user, and
a code delegate coming back after a reload (a new session with the browser's cookies) to
the ballot page and the receipt kept on the phone. The browser test
tests/e2e/test_reload_and_bookmarks.py checks the addresses and the cookies' writing."""

import re

import pytest
import sqlalchemy as sa
from sqlmodel import select
from streamlit.runtime.context import ContextProxy, StreamlitCookies

from components.auth import CODE_COOKIE
from components.receipt_keeper import _TOKEN, RECEIPT_COOKIE
from db.engine import make_engine, session_scope
from db.models import AccessCode
from services.access.codes import code_hash, normalize, revoke_code
from services.access.keys import DEMO_KEY
from services.access.sessions import code_session_token
from services.clock import now
from services.voting.rules import RoundKind
from tests.app.conftest import open_page
from tests.app.test_access import HOME, issue_demo_codes, password_login, title
from tests.conference_world import lai_chau_culture, open_round_for

UNIT = "Sở Văn hóa, Thể thao và Du lịch"
ROUND = "Cờ thi đua của UBND tỉnh"


def browser_cookies(monkeypatch, cookies: dict[str, str]) -> None:
    """What the browser sends with a new session (AppTest cannot seed st.context.cookies)."""
    monkeypatch.setattr(ContextProxy, "cookies", property(lambda self: StreamlitCookies(cookies)))


def test_a_password_login_at_dang_nhap_shows_the_home_page(make_app):
    at = open_page(make_app(role=None).run(), "dang-nhap")
    assert title(at) == "Đăng nhập"
    at = password_login(at, "quantri", "thidua-demo")
    assert not at.exception and title(at) == HOME


@pytest.mark.parametrize(("role", "landing"), [("admin", HOME), ("delegate", "Phiếu bầu")])
def test_a_logged_in_user_opening_dang_nhap_gets_their_landing_page(make_app, role, landing):
    at = open_page(make_app(role=role).run(), "dang-nhap")
    assert not at.exception and title(at) == landing
    assert not [w for w in at.text_input if w.label == "Tên đăng nhập"]


def _open_round(url: str) -> dict[str, str]:
    codes = issue_demo_codes(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = lai_chau_culture(session)
        open_round_for(session, bloc_id=bloc.id, kind=RoundKind.PROVINCIAL_FLAG, title=ROUND, conference_id=None)
    engine.dispose()
    return codes


def _vote_by_code(make_app, code: str):
    at = make_app(role=None)
    at.query_params["code"] = code.replace("-", "")
    at = at.run().button(key="login_code_send").click().run()
    assert title(at) == "Phiếu bầu"
    next(box for box in at.checkbox if not box.disabled).check()
    at = at.button(key=next(b.key for b in at.button if b.label == "Xem lại phiếu")).click().run()
    at = next(b for b in at.button if b.label == "Xác nhận bỏ phiếu").click().run()
    shown = next(s.value for s in at.success if "Mã biên nhận của bạn" in s.value)
    return at, re.search(r"[A-Z0-9]{5}-[A-Z0-9]{5}", shown).group(0)


def test_a_code_delegate_is_back_after_a_reload_with_the_receipt_until_the_code_is_revoked(
    make_app, app_db, monkeypatch
):
    code = _open_round(app_db)[UNIT]
    at, receipt = _vote_by_code(make_app, code)
    principal = at.session_state["principal"]
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        token = code_session_token(session, principal=principal, key=DEMO_KEY)
    kept = at.session_state[_TOKEN]  # what the receipt cookie's writer sends to the phone

    # The reload: a new session, the phone's cookies only.
    browser_cookies(monkeypatch, {CODE_COOKIE: token, RECEIPT_COOKIE: kept})
    at = make_app(role=None).run()
    assert not at.exception and title(at) == "Phiếu bầu"
    assert UNIT in " ".join(m.value for m in at.sidebar.markdown)
    assert f"Mã biên nhận của đơn vị bạn ở vòng {ROUND}: **{receipt}**" in [s.value for s in at.success]

    # The database holds the receipt's hash only (in the ballot table, which names no unit).
    with engine.connect() as connection:
        for table in sa.inspect(engine).get_table_names():
            for row in connection.execute(sa.text(f'SELECT * FROM "{table}"')):
                text = " ".join(map(str, row))
                assert receipt not in text and receipt.replace("-", "") not in text, table

    # Revoked (the codes page calls this service): the next action shows the login page.
    with session_scope(engine) as session:
        row = session.exec(select(AccessCode).where(AccessCode.code_hash == code_hash(normalize(code), key=DEMO_KEY)))
        revoke_code(session=session, code_id=row.one().id, at=now())
    engine.dispose()
    at = at.run()
    assert title(at) == "Đăng nhập" and "Phiên làm việc đã kết thúc" in " ".join(w.value for w in at.warning)
    assert make_app(role=None).run().title[0].value == "Đăng nhập"  # and after another reload


def _log_in_by_code(make_app, code: str):
    at = make_app(role=None)
    at.query_params["code"] = code.replace("-", "")
    return at.run().button(key="login_code_send").click().run()


def test_another_units_receipt_on_a_shared_phone_is_not_shown(make_app, app_db, monkeypatch):
    codes = _open_round(app_db)
    at, receipt = _vote_by_code(make_app, codes[UNIT])
    kept = at.session_state[_TOKEN]
    other = next(code for name, code in codes.items() if name != UNIT)
    _vote_by_code(make_app, other)  # on the other unit's own phone
    browser_cookies(monkeypatch, {RECEIPT_COOKIE: kept})  # the first unit's phone, lent to the other's delegate
    at = _log_in_by_code(make_app, other)
    assert "Đơn vị bạn đã bỏ phiếu ở vòng này." in [i.value for i in at.info]
    assert not [s.value for s in at.success if receipt in s.value]
    at = _log_in_by_code(make_app, codes[UNIT])  # the phone's own unit sees it
    assert [s.value for s in at.success if receipt in s.value]
