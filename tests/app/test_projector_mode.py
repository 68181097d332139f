"""The projector mode: one link from the projector page, the hall's big screen without chrome."""

import json

from components.voting.result_chart import wrap_name
from db.engine import make_engine, session_scope
from services.clock import now
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import close_round, publish_round
from services.voting.tally import Mark
from tests.app.conftest import open_page
from tests.app.test_voting import open_flag_round


def big(at):
    at.query_params["man-hinh-lon"] = "1"
    return open_page(at, "trinh-chieu")


def html_of(at) -> str:
    return " ".join(element.proto.body for element in at.get("html"))


def test_the_projector_page_offers_the_big_screen_in_one_link(make_app, app_db):
    at = open_page(make_app(role="leader").run(), "trinh-chieu")
    (button,) = at.get("link_button")
    assert button.proto.label == "Mở chế độ trình chiếu (màn hình lớn)"
    assert button.proto.url == "?man-hinh-lon=1"
    assert "stSidebar" not in html_of(at)  # the ordinary page keeps its sidebar


def test_the_big_screen_hides_the_chrome_and_shows_turnout_in_large_type(make_app, app_db):
    open_flag_round(app_db)
    at = big(make_app(role="leader").run())
    assert not at.exception
    page_html = html_of(at)
    assert '[data-testid="stSidebar"]' in page_html and "display: none" in page_html
    assert '<div class="big-turnout">0 / 8</div>' in page_html
    assert not at.get("link_button")  # no link to itself on the big screen
    assert not at.dataframe  # nothing of the result while voting


def test_the_big_screen_names_the_winners_and_keeps_full_names_in_the_chart(make_app, app_db):
    round_id, units = open_flag_round(app_db)
    engine = make_engine(app_db)
    radio = units["Sở VH-TT&DL"]  # a long name
    with session_scope(engine) as session:
        for voter in units.values():
            chosen = radio if voter != radio else units["BHXH"]
            cast_ballot(session, round_id=round_id, unit_id=voter, choice=Choice(((chosen, Mark.AGREE),)), at=now())
        close_round(session, round_id=round_id, at=now())
        publish_round(session, round_id=round_id, at=now())
    engine.dispose()
    at = big(make_app(role="leader").run())
    assert "Sở Văn hóa, Thể thao và Du lịch (87,50\u00a0%)" in html_of(at)  # 7 of 8 ballots, Vietnamese format
    assert '<div class="big-label">Đơn vị trúng</div>' in html_of(at)  # a bloc's round elects units
    (chart,) = at.get("vega_lite_chart")
    spec = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
    # The whole name, wrapped into lines above its bar (no axis label to cut), in large type.
    assert '"lineBreak": "|"' in spec and '"fontSize": 28' in spec
    assert '"axis": null' in spec


def test_wrapped_names_keep_every_word_in_short_lines():
    name = "Trung tâm Phát triển quỹ đất và Đầu tư xây dựng các công trình công cộng tỉnh"
    lines = wrap_name(name).split("|")
    assert len(lines) > 1 and all(len(line) <= 28 for line in lines)
    assert " ".join(lines) == name
    assert wrap_name("Sở Y tế") == "Sở Y tế"
