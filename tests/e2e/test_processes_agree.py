"""Two app processes behind the deploy/ nginx on PostgreSQL agree at once: a leader's browser
pinned to process B, whose dashboard cache already holds the bloc's history, reloads right
after an admin on process A publishes the flag round, and sees the bloc's flag; a user
disabled meanwhile is logged out on B at the next click."""

import os
import re
import secrets
import subprocess
import sys
import urllib.request
from dataclasses import replace

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import select

from db.engine import make_engine, session_scope
from db.models import Bloc, Province, User
from deploy.local_cluster import NODE_COOKIE, find_nginx, local_cluster
from services.access.accounts import AccountInput, update_user
from services.clock import now
from services.registry.membership import members
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, create_round, open_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark
from tests.conftest import require_backend
from tests.databases import fresh_database, in_ci
from tests.e2e.browser import dataframe_rows, log_in, new_context, selectbox, visit, wait_settled
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT
from tests.e2e.test_scenario_conference import confirm, show, vi

pytestmark = pytest.mark.browser

YEAR = 2026
TITLE = f"Cờ thi đua của UBND tỉnh {YEAR}"


def closed_flag_round(url: str) -> tuple[int, str, set[str]]:
    """Lai Châu's Culture–Society bloc proposes its leading unit; the round is counted, not published."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = session.exec(
            select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))
        ).one()
        units = [m.unit_id for m in members(session, bloc_id=bloc.id, year=YEAR)]
        names = {m.unit_id: {m.name, m.short_name} for m in members(session, bloc_id=bloc.id, year=YEAR)}
        winner = units[0]
        one_seat = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=1)
        round_ = create_round(session, bloc_id=bloc.id, year=YEAR, title=TITLE, settings=one_seat, at=now())
        check_in(session, round_id=round_.id, unit_ids=units, at=now())
        open_round(session, round_id=round_.id, at=now())
        for voter in units:
            chosen = winner if voter != winner else units[1]
            cast_ballot(session, round_id=round_.id, unit_id=voter, choice=Choice(((chosen, Mark.AGREE),)), at=now())
        close_round(session, round_id=round_.id, at=now())
        label = f"{session.get(Province, bloc.province_id).name} · {bloc.name}"
        bloc_id = bloc.id
    engine.dispose()
    return bloc_id, label, names[winner]


def node_cookie_for(cluster, app_port: int) -> str:
    """A value of nginx's stickiness cookie that lands on the app process at `app_port`."""
    for _ in range(200):
        value = secrets.token_hex(8)
        request = urllib.request.Request(f"{cluster.url}/_stcore/health", headers={"Cookie": f"{NODE_COOKIE}={value}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.headers["X-Thidua-Upstream"].endswith(f":{app_port}"):
                return value
    raise AssertionError(f"no cookie value reaches port {app_port}")


def pinned_page(browser, cluster, app_port: int):
    context = new_context(browser)
    context.add_cookies([{"name": NODE_COOKIE, "value": node_cookie_for(cluster, app_port), "url": cluster.url}])
    return context.new_page()


def flags_of(page, year: int) -> str:
    rows = dataframe_rows(page, 0)
    assert vi("dash.col.flags") in rows[0], rows[:2]
    column = rows[0].index(vi("dash.col.flags"))
    by_year = {row[0]: row for row in rows[1:]}
    return by_year[str(year)][column] if str(year) in by_year else ""


@pytest.fixture()
def pg_demo_url(tmp_path):
    require_backend("postgresql")
    with fresh_database("postgresql", tmp_path) as url:
        env = {**os.environ, "DATABASE_URL": url, "THIDUA_DEMO": "1"}
        subprocess.run([sys.executable, "-m", "manage", "init", "--demo"], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
        yield url


def test_a_publication_on_one_process_shows_on_the_other_at_once(pg_demo_url, tmp_path):
    if find_nginx() is None:
        message = "nginx is not installed (bash scripts/dev.sh test installs Debian's nginx as root)"
        pytest.fail(message) if in_ci() else pytest.skip(message)
    bloc_id, bloc_label, winner = closed_flag_round(pg_demo_url)
    env = {"DATABASE_URL": pg_demo_url, "THIDUA_DEMO": "1", "THIDUA_SECRET_KEY": secrets.token_urlsafe(32)}
    env = {**{k: v for k, v in os.environ.items() if k not in env}, **env}
    history = f"lich-su-khoi?tinh=LCU&khoi={bloc_id}"
    with local_cluster(processes=2, env=env, workdir=tmp_path) as cluster, sync_playwright() as playwright:
        port_a, port_b = cluster.app_ports
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        leader = pinned_page(browser, cluster, port_b)
        leader.set_viewport_size({"width": 2400, "height": 900})  # the grid draws only the columns in view
        log_in(leader, f"{cluster.url}/{history}", "lanhdao")
        assert not {*flags_of(leader, YEAR).split("; ")} & winner  # process B has read (and cached) the history

        admin = pinned_page(browser, cluster, port_a)
        log_in(admin, f"{cluster.url}/vong-bo-phieu", "quantri")
        show(admin, vi("rounds.bloc"), bloc_label)
        show(admin, vi("year_picker.label"), str(YEAR))  # the one year picker: a list
        expect(selectbox(admin, vi("rounds.round"))).to_have_value(re.compile(TITLE))
        wait_settled(admin)
        confirm(admin, "publish")

        visit(leader, f"{cluster.url}/{history}")  # a reload, on process B
        assert {*flags_of(leader, YEAR).split("; ")} & winner

        engine = make_engine(pg_demo_url)  # the leader's account is disabled (by any process)
        with session_scope(engine) as session:
            user = session.exec(select(User).where(User.username == "lanhdao")).one()
            province = session.exec(select(Province).where(Province.code == "LCU")).one()
            account = AccountInput("lanhdao", user.full_name, user.role, province_ids=(province.id,), is_active=False)
            update_user(session=session, user_id=user.id, data=account)
        engine.dispose()
        leader.locator("[data-testid=stSidebarNav] a").first.click()  # the next click, on process B
        expect(leader.get_by_role("textbox", name="Tên đăng nhập")).to_be_visible()
        browser.close()
