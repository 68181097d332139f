"""Login, navigation per role, revocation and delegate codes, through the real app.py."""

from datetime import timedelta

import pytest
from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import Bloc, LoginThrottle, Province, User
from services.access import throttle
from services.access.accounts import AccountInput, update_user
from services.access.codes import create_conference, issue_codes
from services.access.keys import DEMO_KEY
from services.clock import now
from tests.app.conftest import open_page

HOME = "Thi đua: theo dõi và bình xét khối thi đua"
PAGE_TITLES = {
    "trang-chu": HOME,
    "tai-khoan": "Tài khoản của tôi",
    "danh-muc": "Danh mục khối, đơn vị",
    "nguoi-dung": "Người dùng",
    "ma-truy-cap": "Mã truy cập đại biểu",
}
ALLOWED = {
    "admin": set(PAGE_TITLES),
    "secretary": {"trang-chu", "tai-khoan"},
    "leader": {"trang-chu", "tai-khoan"},
    "delegate": {"trang-chu", "tai-khoan"},
}


def title(at) -> str:
    return at.title[0].value if at.title else ""


def messages(at) -> str:
    return " ".join(str(e.value) for e in (*at.error, *at.warning))


def password_login(at, username: str, password: str):
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    return at.button(key="FormSubmitter:login_password-Đăng nhập").click().run()


@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_reaches_exactly_its_pages(make_app, role):
    for url_path, expected in PAGE_TITLES.items():
        at = open_page(make_app(role=role).run(), url_path)
        assert not at.exception
        if url_path in ALLOWED[role]:
            assert title(at) == expected, url_path
        else:  # not the role's page: a refusal in Vietnamese, nothing of the asked page
            assert "Bạn không có quyền mở trang này." in messages(at), url_path
            assert not at.title and not at.dataframe, url_path


def test_a_delegate_cannot_reach_admin_pages_by_query_string(make_app):
    at = make_app(role="delegate")
    at.query_params["page"] = "nguoi-dung"
    at = at.run()
    assert title(at) == "Phiếu bầu"  # a delegate lands on the ballot, whatever the query string says
    assert not [t.value for t in at.title if t.value in set(PAGE_TITLES.values()) - {HOME, "Phiếu bầu"}]


def test_logged_out_visitors_see_only_the_login_page_whatever_they_ask_for(make_app):
    for url_path in PAGE_TITLES:
        at = open_page(make_app(role=None).run(), url_path)
        assert title(at) == "Đăng nhập"  # the login form stands in at every address
        assert "Danh mục" not in " ".join(m.value for m in at.markdown)


def test_demo_accounts_are_listed_only_in_demo_mode(make_app, monkeypatch):
    at = make_app(role=None).run()
    assert "Tài khoản trình diễn" in [e.label for e in at.expander]
    monkeypatch.delenv("THIDUA_DEMO")
    monkeypatch.setenv("THIDUA_SECRET_KEY", "s" * 48)
    at = make_app(role=None).run()
    assert not at.expander
    # and outside demo mode the demo accounts cannot log in either
    at = password_login(at, "quantri", "thidua-demo")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in messages(at)


def test_outside_demo_mode_a_missing_secret_key_stops_the_app(make_app, monkeypatch):
    monkeypatch.delenv("THIDUA_DEMO")
    monkeypatch.delenv("THIDUA_SECRET_KEY", raising=False)
    at = make_app(role=None).run()
    assert "THIDUA_SECRET_KEY" in messages(at)
    assert not at.text_input  # no login form, nothing else


def test_password_login_reaches_the_home_page(make_app):
    at = password_login(make_app(role=None).run(), "thuky", "thidua-demo")
    assert not at.exception
    assert title(at) == HOME
    assert "Thư ký" in " ".join(m.value for m in at.sidebar.markdown)


def test_wrong_password_and_unknown_user_get_the_same_message_then_a_lockout(make_app):
    for username in ("thuky", "khong-ton-tai"):
        at = make_app(role=None).run()
        for _ in range(4):
            at = password_login(at, username, "sai-mat-khau")
            assert "Tên đăng nhập hoặc mật khẩu không đúng." in messages(at)
        at = password_login(at, username, "sai-mat-khau")
        assert "tạm khóa" in messages(at)
        at = password_login(at, username, "thidua-demo")  # even the right password waits out the lock
        assert "tạm khóa" in messages(at)
        assert title(at) == "Đăng nhập"


def test_disabling_a_user_ends_their_open_session_at_the_next_action(make_app, app_db):
    at = make_app(role="secretary").run()
    assert title(at) == HOME
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.username == "thuky")).one()
        bloc = session.exec(select(Bloc).join(Province).where(Province.code == "LCU")).first()
        update_user(
            session=session,
            user_id=user.id,
            data=AccountInput("thuky", user.full_name, user.role, bloc_ids=(bloc.id,), is_active=False),
        )
    engine.dispose()
    at = at.run()
    assert title(at) == "Đăng nhập"
    assert "Phiên làm việc đã kết thúc" in messages(at)


def test_logout_returns_to_the_login_page(make_app):
    at = make_app(role="leader").run()
    at = at.sidebar.button[0].click().run()
    assert title(at) == "Đăng nhập"


def test_changing_ones_password_ends_the_session(make_app):
    at = open_page(make_app(role="leader").run(), "tai-khoan")
    at.text_input[0].input("thidua-demo")
    at.text_input[1].input("mat-khau-moi-1")
    at.text_input[2].input("mat-khau-moi-1")
    at = at.button(key="FormSubmitter:change_password-Đổi mật khẩu").click().run()
    assert title(at) == "Đăng nhập"
    at = password_login(at, "lanhdao", "mat-khau-moi-1")
    assert title(at) == "Tài khoản của tôi"  # back where they were


def issue_demo_codes(url: str, *, ends_in=timedelta(hours=4)) -> dict[str, str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = session.exec(
            select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))
        ).one()
        at = now()
        conf = create_conference(
            session=session, bloc_id=bloc.id, year=2026, name="Hội nghị", ends_at=at + ends_in, at=at
        )
        codes = {i.unit_name: i.code for i in issue_codes(session=session, conference=conf, key=DEMO_KEY, at=at)}
    engine.dispose()
    return codes


def test_a_delegate_logs_in_with_a_code_from_the_qr_link(make_app, app_db):
    code = issue_demo_codes(app_db)["Sở Văn hóa, Thể thao và Du lịch"]
    at = make_app(role=None)
    at.query_params["code"] = code.replace("-", "")
    at = at.run()
    assert at.text_input[0].value == code  # the QR link fills the code in
    at = at.button(key="login_code_send").click().run()
    assert title(at) == "Phiếu bầu"  # a delegate lands on the ballot
    assert "Sở Văn hóa, Thể thao và Du lịch" in " ".join(m.value for m in at.sidebar.markdown)
    assert "code" not in at.query_params  # the code does not stay in the address bar


def test_the_qr_link_shows_the_code_alone_and_one_button_back_to_the_password(make_app, app_db):
    """A delegate's phone after the QR link: only the code (no tabs, no password field to
    wonder about); someone with an account who opened it by mistake has one button back."""
    code = issue_demo_codes(app_db)["Sở Văn hóa, Thể thao và Du lịch"]
    at = make_app(role=None)
    at.query_params["code"] = code.replace("-", "")
    at = at.run()
    assert [field.label for field in at.text_input] == ["Mã truy cập"]
    assert not at.tabs
    at = at.button(key="login_with_password").click().run()
    assert "code" not in at.query_params
    assert [tab.label for tab in at.tabs] == ["Tài khoản và mật khẩu", "Mã truy cập đại biểu"]
    assert {field.label for field in at.text_input} == {"Tên đăng nhập", "Mật khẩu", "Mã truy cập"}


def test_a_wrong_code_is_refused_with_a_clear_message(make_app, app_db):
    issue_demo_codes(app_db)
    at = make_app(role=None)
    at.query_params["code"] = "AAAABBBBCCCC"
    at = at.run()
    at = at.button(key="login_code_send").click().run()
    assert title(at) == "Đăng nhập"
    assert "Mã không đúng, đã bị thu hồi hoặc đã hết hạn" in messages(at)


def session_failures(url: str, browser_session: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        key = throttle.code_session_key(browser_session)
        row = session.exec(select(LoginThrottle).where(LoginThrottle.key == key)).first()
        failures = row.failures if row else 0
    engine.dispose()
    return failures


def test_a_wrong_code_then_the_right_one_forgets_the_phones_failures(make_app, app_db, monkeypatch):
    """The failures a phone's session counted are forgotten when its right code logs in, so a
    later slip by the same phone is not answered with a longer wait."""
    monkeypatch.setattr("components.login_forms.time.sleep", lambda seconds: None)  # the refusal's wait
    code = issue_demo_codes(app_db)["Sở Văn hóa, Thể thao và Du lịch"]
    at = make_app(role=None)
    at.query_params["code"] = "AAAABBBBCCCC"
    at = at.run()
    at = at.button(key="login_code_send").click().run()
    browser = at.session_state["_browser_session"]
    assert session_failures(app_db, browser) == 1
    at.text_input[0].input(code)
    at = at.button(key="login_code_send").click().run()
    assert title(at) == "Phiếu bầu"
    assert session_failures(app_db, browser) == 0


def test_a_code_delegate_reaches_only_the_ballot_the_projector_and_the_receipt_check(make_app, app_db):
    code = issue_demo_codes(app_db)["Sở Văn hóa, Thể thao và Du lịch"]
    at = make_app(role=None)
    at.query_params["code"] = code.replace("-", "")
    at = at.run()
    at = at.button(key="login_code_send").click().run()
    assert title(at) == "Phiếu bầu"
    for url_path, expected in {"trinh-chieu": "Trình chiếu", "bien-nhan": None}.items():
        opened = open_page(at, url_path)
        assert "Bạn không có quyền mở trang này." not in messages(opened), url_path
        if expected:
            assert title(opened) == expected
    # No account behind a code: the unit's self-scoring and the account page are refused.
    for url_path in ("tai-khoan", "tu-cham-diem", "trang-chu"):
        opened = open_page(at, url_path)
        assert "Bạn không có quyền mở trang này." in messages(opened), url_path


def test_with_nothing_open_the_ballot_page_links_to_the_projector_and_the_receipt_check(make_app):
    at = make_app(role="delegate").run()
    assert title(at) == "Phiếu bầu"
    links = [link.proto.page for link in at.get("page_link")]
    assert [p.rstrip("/").rsplit("/", 1)[-1] for p in links] == ["trinh-chieu", "bien-nhan"]
