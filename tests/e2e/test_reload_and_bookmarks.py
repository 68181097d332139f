"""Issue 13, item 3: reloads and bookmarks in a real browser (Chromium).

After logging in, the address is the landing page's; a reload keeps the user in; /dang-nhap,
unknown addresses and a trailing slash never show Streamlit's English "Page not found". A
delegate who logged in with an access code votes, reloads the phone, is still in and sees the
receipt again (kept on the phone only: the database holds no link between receipt and unit);
revoking the code ends that session at the next action.
"""

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import AccessCode
from db.models.voting import Participation, VotingRound
from services.access.codes import code_hash, normalize, revoke_code
from services.access.keys import DEMO_KEY
from services.clock import now
from tests.conference_world import demo_code_conference
from tests.e2e.browser import (
    DemoApp,
    after_run,
    demo_app,
    log_in,
    main,
    new_context,
    open_sidebar,
    sidebar,
    visit,
    wait_settled,
)
from tests.e2e.conference import vi
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

NOT_FOUND = "Page not found"
HOME = "Thi đua: theo dõi và bình xét khối thi đua"
ROUND = "Cờ thi đua của UBND tỉnh"
CODES: dict[str, str] = {}


def _conference(url: str) -> None:
    CODES.update(demo_code_conference(url, round_title=ROUND, key=DEMO_KEY))


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[DemoApp]:
    with demo_app(tmp_path_factory.mktemp("reload"), prepare=_conference) as running:
        yield running


@pytest.fixture(scope="module")
def chromium(chromium_path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def no_english_dialog(page: Page) -> None:
    assert NOT_FOUND not in page.locator("body").inner_text(), page.url


def at_address(page: Page, app: DemoApp, path: str) -> None:
    """The page's own address; a page with a year keeps it there (?nam=2026, a reload keeps it)."""
    expect(page).to_have_url(re.compile(re.escape(app.url(path)) + r"(\?nam=\d{4})?$"))


def test_after_a_password_login_the_address_is_the_landing_page_and_a_reload_keeps_the_user_in(app, chromium):
    page = new_context(chromium).new_page()
    log_in(page, app.url("dang-nhap"), "quantri")
    at_address(page, app, "trang-chu")
    expect(main(page).get_by_role("heading", name=HOME)).to_be_visible()
    no_english_dialog(page)
    page.reload()
    wait_settled(page)
    expect(sidebar(page).get_by_role("button", name="Đăng xuất")).to_be_attached()
    at_address(page, app, "trang-chu")
    expect(main(page).get_by_role("heading", name=HOME)).to_be_visible()
    no_english_dialog(page)
    page.context.close()


def test_no_address_shows_page_not_found_logged_out_or_in(app, chromium):
    page = new_context(chromium).new_page()
    # Paths of two or more segments (an old /pages/home link, a typo): before serve.py sent them
    # to their first segment, Streamlit's page loaded its assets relative to them and stayed blank.
    for path in ("dang-nhap", "khong-co", "trang-chu/", "tai-khoan/", "", "pages/home", "a/b/c?x=1"):
        visit(page, app.url(path))
        expect(main(page).get_by_role("heading", name="Đăng nhập")).to_be_visible()
        no_english_dialog(page)
    log_in(page, app.url("tai-khoan/"), "quantri")  # a bookmark with a trailing slash: the page asked for
    expect(main(page).get_by_role("heading", name="Tài khoản của tôi")).to_be_visible()
    wait_settled(page)
    # Logged in (the cookie brings the user back in each new tab): /dang-nhap and its bookmark go to the app.
    for path, landing, heading in [
        ("dang-nhap", "trang-chu", HOME),
        ("", "trang-chu", HOME),
        ("khong-co", "trang-chu", HOME),
        ("danh-muc/", "danh-muc", "Danh mục khối, đơn vị"),
    ]:
        visit(page, app.url(path))
        expect(main(page).get_by_role("heading", name=heading)).to_be_visible()
        at_address(page, app, landing)
        no_english_dialog(page)
    page.context.close()


def test_a_code_delegate_votes_reloads_the_phone_is_still_in_and_sees_the_receipt(app, chromium):
    page = new_context(chromium, phone=True).new_page()
    code = next(iter(CODES.values()))
    visit(page, app.url("?code=" + code.replace("-", "")))
    frames = []
    page.on("frameattached", lambda frame: frames.append(frame.url))
    after_run(page, main(page).get_by_role("button", name=vi("login.code_submit")).click)
    wait_settled(page)
    at_address(page, app, "phieu-bau")  # the landing page's address, the code gone from it
    expect(main(page).get_by_role("heading", name=vi("ballot.title"))).to_be_visible()
    # The code cookie is written by a line of the page's script: no component frame whose
    # report would cost the phone another run of the app (and could swallow a quick click).
    assert frames == []

    main(page).locator("[data-testid=stCheckbox]:not(:has(input[disabled]))").first.click()
    after_run(page, main(page).get_by_role("button", name=vi("ballot.review")).click)
    after_run(page, main(page).get_by_role("button", name=vi("ballot.confirm")).click)
    shown = main(page).get_by_text(re.compile("Mã biên nhận của bạn"))
    expect(shown).to_be_visible()
    receipt = re.search(r"[A-Z0-9]{5}-[A-Z0-9]{5}", shown.inner_text()).group(0)
    wait_settled(page)

    page.reload()
    wait_settled(page)
    at_address(page, app, "phieu-bau")
    expect(main(page).get_by_role("heading", name=vi("ballot.title"))).to_be_visible()
    expect(main(page).get_by_text(f"Mã biên nhận của đơn vị bạn ở vòng {ROUND}: {receipt}")).to_be_visible()
    no_english_dialog(page)
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert code not in cookies["thidua_code"]["value"] and code.replace("-", "") not in cookies["thidua_code"]["value"]
    assert (
        cookies["thidua_code"]["expires"] < (now() + timedelta(hours=4, minutes=5)).timestamp()
    )  # the conference's end
    assert "thidua_receipts" in cookies

    # The database links no unit to the receipt: its text is nowhere, its hash only in the ballot table.
    engine = make_engine(app.database_url)
    with engine.connect() as connection:
        found = []
        for table in sa.inspect(engine).get_table_names():
            for row in connection.execute(sa.text(f'SELECT * FROM "{table}"')):
                text = " ".join(str(value) for value in row)
                if receipt in text or receipt.replace("-", "") in text:
                    found.append(table)
    assert found == []

    # Revoking the code (the admin's page calls this service) ends the session at the next action.
    with session_scope(engine) as session:
        row = session.exec(
            select(AccessCode).where(AccessCode.code_hash == code_hash(normalize(code), key=DEMO_KEY))
        ).one()
        revoke_code(session=session, code_id=row.id, at=now())
    engine.dispose()
    page.reload()
    wait_settled(page)
    expect(main(page).get_by_role("heading", name="Đăng nhập")).to_be_visible()
    expect(main(page).get_by_text(re.compile(receipt))).to_have_count(0)
    page.context.close()


def test_a_code_delegate_who_logs_out_stays_out_after_a_reload(app, chromium):
    page = new_context(chromium, phone=True).new_page()
    code = list(CODES.values())[1]
    visit(page, app.url("?code=" + code.replace("-", "")))
    after_run(page, main(page).get_by_role("button", name=vi("login.code_submit")).click)
    wait_settled(page)
    page.reload()
    wait_settled(page)
    at_address(page, app, "phieu-bau")
    open_sidebar(page)
    after_run(page, sidebar(page).get_by_role("button", name="Đăng xuất").click)
    wait_settled(page)
    expect(main(page).get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.reload()
    wait_settled(page)
    expect(main(page).get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert "thidua_code" not in {cookie["name"] for cookie in page.context.cookies()}
    page.context.close()


def test_a_code_revoked_at_the_review_step_ends_the_session_at_confirm_and_stores_nothing(app, chromium):
    """ "Xác nhận" reruns the ballot block only (a fragment: app.py's session check does not
    run); the block checks the session itself, so a code revoked meanwhile logs the phone
    out at that click and no ballot of its unit is stored."""
    page = new_context(chromium, phone=True).new_page()
    unit_name, code = list(CODES.items())[2]
    visit(page, app.url("?code=" + code.replace("-", "")))
    after_run(page, main(page).get_by_role("button", name=vi("login.code_submit")).click)
    wait_settled(page)
    main(page).locator("[data-testid=stCheckbox]:not(:has(input[disabled]))").first.click()
    after_run(page, main(page).get_by_role("button", name=vi("ballot.review")).click)
    confirm = main(page).get_by_role("button", name=vi("ballot.confirm"))
    expect(confirm).to_be_visible()

    engine = make_engine(app.database_url)
    with session_scope(engine) as session:
        row = session.exec(
            select(AccessCode).where(AccessCode.code_hash == code_hash(normalize(code), key=DEMO_KEY))
        ).one()
        unit_id = row.unit_id
        revoke_code(session=session, code_id=row.id, at=now())
    confirm.click()
    expect(main(page).get_by_role("heading", name="Đăng nhập")).to_be_visible()
    expect(main(page).get_by_text(vi("login.session_ended"))).to_be_visible()
    with session_scope(engine) as session:
        open_round = session.exec(select(VotingRound).where(VotingRound.title == ROUND)).one()
        voted = session.exec(
            select(Participation).where(Participation.unit_id == unit_id, Participation.round_id == open_round.id)
        ).all()
    engine.dispose()
    assert voted == [], unit_name
    page.context.close()
