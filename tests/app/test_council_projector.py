"""The hall's screens for a council round speak of members and proposals, not of units elected:
its voters are the council's members, and each line is a proposal (a unit for an award) the
council passes or not. A bloc's round keeps its own words ("Đơn vị trúng")."""

import json

import pytest

from components.voting.projector_view import cached_turnout
from db.engine import make_engine, session_scope
from db.models import AwardKind
from services.clock import now
from services.voting.casting import Choice, cast_ballot
from services.voting.council_round import create_council_round
from services.voting.rounds import check_in, close_round, open_round, publish_round
from services.voting.tally import Mark
from tests.app.conftest import open_page
from tests.app.test_council_round import PROPOSED, YEAR, _council_world
from tests.app.test_projector_mode import big, html_of


@pytest.fixture(autouse=True)
def fresh_turnout():
    """The turnout is cached by round id for two seconds: the next test's database reuses the ids."""
    yield
    cached_turnout.clear()


def _council_round(app_db: str, *, votes: int, publish: bool) -> dict:
    """Seven members, six checked in; `votes` of them agree with the first proposal only."""
    world = _council_world(app_db)
    first = world["units"][PROPOSED[0]]
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        round_ = create_council_round(session, council_id=world["council"], year=YEAR, award=AwardKind.PROVINCIAL_FLAG,
                                      title="Hội đồng xét Cờ thi đua 2026", at=now())  # fmt: skip
        check_in(session, round_id=round_.id, unit_ids=world["members"][:6], at=now())
        open_round(session, round_id=round_.id, at=now())
        for member in world["members"][:votes]:
            cast_ballot(session, round_id=round_.id, user_id=member, choice=Choice(((first, Mark.AGREE),)), at=now())
        if publish:
            close_round(session, round_id=round_.id, at=now())
            publish_round(session, round_id=round_.id, at=now())
    engine.dispose()
    return world


def test_while_a_council_round_is_open_the_screen_counts_members_who_voted(as_user, app_db):
    _council_round(app_db, votes=2, publish=False)
    at = big(as_user("t_hd1").run())
    assert not at.exception, at.exception
    page = html_of(at)
    assert "Số thành viên đã bỏ phiếu" in page and '<div class="big-turnout">2 / 6</div>' in page
    assert "Số đơn vị đã bỏ phiếu" not in page
    at = open_page(as_user("t_hd1").run(), "trinh-chieu")
    assert [m.label for m in at.metric] == ["Số thành viên đã bỏ phiếu"]


def test_a_published_council_round_names_the_proposals_passed_not_units_elected(as_user, app_db):
    # 5 of 7 members agree with the first proposal: at least 2/3 of 7 (4.67, so 5) passes it.
    _council_round(app_db, votes=5, publish=True)
    at = big(as_user("t_hd1").run())
    assert not at.exception, at.exception
    page = html_of(at)
    assert '<div class="big-label">Đề nghị được thông qua</div>' in page
    assert f"{PROPOSED[0]} (71,43\u00a0%)" in page  # 5 of 7 members, Vietnamese format
    assert "Đơn vị trúng" not in page
    spec = json.dumps(json.loads(at.get("vega_lite_chart")[0].proto.spec), ensure_ascii=False)
    assert '"domain": ["Thông qua", "Không thông qua"]' in spec and "Trúng" not in spec
    at = open_page(as_user("t_hd1").run(), "trinh-chieu")
    (table,) = [d for d in at.dataframe if "Tập thể được đề nghị" in d.value.columns]
    rows = table.value.set_index("Tập thể được đề nghị")
    assert rows.loc[PROPOSED[0], "Thông qua"] == "Thông qua" and rows.loc[PROPOSED[1], "Thông qua"] == ""
    assert rows.loc[PROPOSED[0], "Phiếu đồng ý"] == 5
    assert any("số phiếu đồng ý cần để thông qua: 5" in c.value for c in at.caption)


def test_the_receipt_page_speaks_to_a_council_member_of_their_own_ballot(as_user, make_app, app_db):
    _council_world(app_db)
    member = open_page(as_user("t_hd1").run(), "bien-nhan")
    assert "đơn vị" not in member.caption[0].value and "phiếu của bạn" in member.caption[0].value
    delegate = open_page(make_app(role="delegate").run(), "bien-nhan")
    assert "phiếu của đơn vị bạn" in delegate.caption[0].value
