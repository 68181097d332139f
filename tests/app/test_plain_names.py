"""Names holding Markdown, HTML or script render as plain text on every page.

A unit, a bloc, a criterion, a user and a round are given names full of markup.
On each page, every string Streamlit reads as Markdown (bodies of markdown,
captions, headers and alerts; every widget label and help; radio and pills
options; tab and expander labels) may hold those names only in their plain()
form, which the browser shows literally (checked in Chromium by
tests/e2e/test_plain_text.py). A raw name anywhere in them fails the test, and
each page must actually show the names somewhere, so no check is vacuous.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from components.dashboard_data import clear_dashboard_caches
from components.score_cache import clear_score_caches
from components.text import plain
from db.engine import make_engine, session_scope
from db.models import Bloc, Covenant, CriteriaGroup, Criterion, LeadershipRole, Province, User
from services.access.codes import create_conference
from services.clock import now
from services.registry.membership import members, set_leader
from services.voting.casting import cast_ballot
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round
from services.voting.rules import PRESETS, RoundKind
from tests.app.conftest import open_page
from tests.db.records_world import agree

UNIT = "Sở **Đậm** [bấm](http://evil.example) <script>alert(1)</script>"
BLOC = "Khối <b>VH</b> :red[XH] $x^2$"
CRITERION = "Tiêu chí _nghiêng_ ![ảnh](http://evil.example/a.png)"
GROUP = "# Nhóm <i>một</i>"
USER = "Quản trị `mã` ~~gạch~~ :material/home:"
ROUND = "Cờ **thi đua** <u>2026</u> www.evil.example"
NAMES = (UNIT, BLOC, CRITERION, GROUP, USER, ROUND)
# What each name would turn into if it reached Markdown raw (checked after its plain() form is taken out).
RAW = ("**Đậm**", "[bấm]", "<script>", "<b>VH", ":red[XH", "$x^2$", "_nghiêng_", "![ảnh]", "# Nhóm", "<i>một",
       "`mã`", "~~gạch~~", ":material/home:", "**thi đua**", "<u>2026", "www.evil")  # fmt: skip


@dataclass(frozen=True)
class World:
    bloc_id: int
    unit_id: int
    open_round: int
    published_round: int
    receipt: str


@pytest.fixture()
def world(app_db) -> World:
    clear_dashboard_caches()
    clear_score_caches()
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        bloc = session.exec(
            select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))
        ).one()
        roster = {m.short_name: m.unit_id for m in members(session, bloc_id=bloc.id, year=2026)}
        unit_id = roster["Sở Y tế"]  # a candidate on the demo delegate's (Sở KH&CN) ballot
        units = list(roster.values())
        bloc.name = BLOC
        create_conference(session=session, bloc_id=bloc.id, year=2026, name=ROUND, ends_at=now() + timedelta(days=1),
                          at=now())  # fmt: skip
        set_leader(session=session, bloc_id=bloc.id, year=2026, role=LeadershipRole.CHAIR, unit_id=unit_id)
        session.execute(sa.text("UPDATE unitname SET name = :n WHERE unit_id = :u"), {"n": UNIT, "u": unit_id})
        for covenant in session.exec(select(Covenant).where(Covenant.bloc_id == bloc.id)):
            group = session.exec(select(CriteriaGroup).where(CriteriaGroup.covenant_id == covenant.id)).first()
            group.name = GROUP
            first = session.exec(select(Criterion).where(Criterion.group_id == group.id)).first()
            first.name = CRITERION
        session.exec(select(User).where(User.username == "quantri")).one().full_name = USER
        published = create_round(session, bloc_id=bloc.id, year=2026, title=ROUND + " (1)",
                                 settings=PRESETS[RoundKind.PROVINCIAL_FLAG], at=now())  # fmt: skip
        check_in(session, round_id=published.id, unit_ids=units, at=now())
        open_round(session, round_id=published.id, at=now())
        receipts = {
            voter: cast_ballot(session, round_id=published.id, unit_id=voter, at=now(),
                               choice=agree(unit_id if voter != unit_id else units[0]))
            for voter in units
        }  # fmt: skip
        close_round(session, round_id=published.id, at=now())
        publish_round(session, round_id=published.id, at=now())
        opened = create_round(session, bloc_id=bloc.id, year=2026, title=ROUND,
                              settings=PRESETS[RoundKind.CHAIR], at=now())  # fmt: skip
        check_in(session, round_id=opened.id, unit_ids=units, at=now())
        open_round(session, round_id=opened.id, at=now())
        world = World(bloc.id, unit_id, opened.id, published.id, receipts[units[1]])
    engine.dispose()
    yield world
    clear_dashboard_caches()
    clear_score_caches()


def markdown_texts(at) -> list[str]:
    """Every string of the page that Streamlit renders as Markdown."""
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        kind = type(proto).__name__
        if proto is not None and kind not in {"Text", "Code", "Json", "Selectbox", "MultiSelect"}:
            found.extend(str(getattr(proto, name)) for name in ("body", "label", "help") if hasattr(proto, name))
            if kind == "Radio":
                found.extend(proto.options)
            if kind == "ButtonGroup":
                found.extend(option.content for option in proto.options)
            for holder in ("expandable", "tab"):
                if hasattr(proto, holder) and hasattr(getattr(proto, holder), "label"):
                    found.append(getattr(proto, holder).label)
        if kind in {"Selectbox", "MultiSelect"}:
            found.extend([proto.label, proto.help])  # their labels are Markdown; options are not
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return [text for text in found if text]


def shown_anywhere(at) -> str:
    """All text of the page, Markdown or not (options, tables), to prove the names are there."""
    parts = markdown_texts(at)
    for box in (*at.selectbox, *at.multiselect):
        parts += [str(option) for option in box.options]  # AppTest holds them as shown
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(parts)


def raw_markup(at) -> list[str]:
    offending = []
    for text in markdown_texts(at):
        cleaned = text
        for name in sorted(NAMES, key=len, reverse=True):
            cleaned = cleaned.replace(plain(name), "‹name›")
        offending += [f"{marker!r} in {text[:120]!r}" for marker in RAW if marker in cleaned]
    return offending


def check_page(at, *expected: str) -> None:
    assert not at.exception, at.exception
    assert raw_markup(at) == []
    text = shown_anywhere(at)
    for name in expected:
        assert name in text or plain(name) in text, f"{name!r} is not on the page"


def test_registry_and_users_pages(make_app, world):
    registry = open_page(make_app(role="admin").run(), "danh-muc")
    check_page(registry, UNIT, BLOC, USER)
    users = open_page(make_app(role="admin").run(), "nguoi-dung")
    check_page(users, USER)
    codes = open_page(make_app(role="admin").run(), "ma-truy-cap")
    check_page(codes, ROUND, UNIT)  # the conference, and the units of its bloc


@pytest.mark.parametrize("path", ["tong-quan-khoi", "ban-do-nhiet", "ho-so-don-vi", "lich-su-khoi", "tong-quan-tinh"])
def test_dashboards(make_app, world, path):
    at = make_app(role="leader")
    at.query_params.update({"tinh": "LCU", "khoi": str(world.bloc_id), "nam": "2026", "donvi": str(world.unit_id)})
    expected = {"ban-do-nhiet": (UNIT, CRITERION), "tong-quan-tinh": (BLOC,)}.get(path, (UNIT, BLOC))
    check_page(open_page(at, path), *expected)


def test_rounds_projector_audit_and_receipt_pages(make_app, world):
    rounds = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    rounds.selectbox[0].set_value(world.bloc_id).run()
    check_page(rounds, BLOC, ROUND)
    next(box for box in rounds.selectbox if box.label == "Vòng bỏ phiếu").set_value(world.published_round).run()
    check_page(rounds, UNIT, ROUND)  # the results table names the candidates
    check_page(open_page(make_app(role="admin").run(), "trinh-chieu"), ROUND)
    check_page(open_page(make_app(role="admin").run(), "nhat-ky"))
    receipt = open_page(make_app(role="delegate").run(), "bien-nhan")
    receipt.text_input[0].input(world.receipt)
    receipt = receipt.button(key="FormSubmitter:receipt_check-Kiểm tra").click().run()
    assert any(plain(ROUND) in s.value for s in receipt.success)
    check_page(receipt, ROUND)


def test_ballot_page_with_hostile_candidates(make_app, world):
    ballot = open_page(make_app(role="delegate").run(), "phieu-bau")
    check_page(ballot, UNIT, ROUND)
    choice = ballot.radio[0]  # a chair round: choose one
    target = next(option for option in choice.options if option is not None)
    choice.set_value(target).run()
    ballot = ballot.button(key=f"review_{world.open_round}").click().run()
    check_page(ballot, ROUND)


def test_scoring_pages(make_app, world):
    for path in ("giao-uoc", "tu-cham-diem", "tham-dinh-diem"):
        at = open_page(make_app(role="secretary").run(), path)
        check_page(at, BLOC)
        assert raw_markup(at) == []
    verification = open_page(make_app(role="secretary").run(), "tham-dinh-diem")
    verification.segmented_control(key="verify_section").set_value("lock").run()
    check_page(verification, UNIT)
    own = open_page(make_app(role="delegate").run(), "tu-cham-diem")
    check_page(own, CRITERION, GROUP)


def test_every_page_shows_the_admins_name_plain_in_the_sidebar(make_app, world):
    at = open_page(make_app(role="admin").run(), "tai-khoan")
    check_page(at, USER)
    assert plain(USER) in [m.value.split("**")[1] for m in at.sidebar.markdown if m.value.startswith("**")]
