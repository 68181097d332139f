"""A round through the UI: the admin configures and runs it, the delegate votes on the ballot page."""

import json
from dataclasses import replace
from datetime import timedelta

from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models import Bloc, Province
from db.models.voting import Ballot, Participation, SealedBallot, VotingRound
from services.clock import now
from services.registry.membership import members
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark
from tests.app.conftest import open_page


def culture_bloc(session) -> Bloc:
    """Lai Châu's Culture–Society bloc of the demo data (8 members in 2026)."""
    return session.exec(select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))).one()


def open_flag_round(url: str) -> tuple[int, dict[str, int]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        bloc = culture_bloc(session)
        units = {m.short_name: m.unit_id for m in members(session, bloc_id=bloc.id, year=2026)}
        round_ = create_round(
            session,
            bloc_id=bloc.id,
            year=2026,
            title="Cờ thi đua 2026",
            settings=replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=2),  # the preset's one, and one more
            at=now(),
        )
        check_in(session, round_id=round_.id, unit_ids=list(units.values()), at=now())
        open_round(session, round_id=round_.id, at=now())
        round_id = round_.id
    engine.dispose()
    return round_id, units


def stored(url: str, model) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = len(session.exec(select(model)).all())
    engine.dispose()
    return count


def test_the_delegate_reviews_confirms_and_gets_a_receipt_once(make_app, app_db):
    open_flag_round(app_db)
    at = open_page(make_app(role="delegate").run(), "phieu-bau")
    assert not at.exception, at.exception
    assert at.title[0].value == "Phiếu bầu"
    own = next(c for c in at.checkbox if "đơn vị bạn" in c.label)
    assert own.disabled  # no vote for oneself in a flag round
    labels = [c.label for c in at.checkbox if not c.disabled]
    for checkbox in at.checkbox:
        if checkbox.label in labels[:2]:
            checkbox.check()
    at = at.button(key="review_1").click().run()
    assert "Bạn đã chọn:" in at.markdown[-1].value or any("Bạn đã chọn:" in m.value for m in at.markdown)
    assert stored(app_db, SealedBallot) == 0  # nothing is cast before the confirmation
    at = at.button(key="confirm_1").click().run()
    receipt = next(s.value for s in at.success if "Mã biên nhận" in s.value)
    assert "-" in receipt
    assert (stored(app_db, SealedBallot), stored(app_db, Participation)) == (1, 1)
    again = open_page(make_app(role="delegate").run(), "phieu-bau")
    assert "Đơn vị bạn đã bỏ phiếu ở vòng này." in [i.value for i in again.info]


def _review_two(at):
    """Ticks the first two boxes the delegate may tick and sends the form: the review step."""
    labels = [c.label for c in at.checkbox if not c.disabled][:2]
    for checkbox in at.checkbox:
        if checkbox.label in labels:
            checkbox.check()
    return at.button(key="review_1").click().run(), labels


def test_the_review_replaces_the_form_and_sua_lai_brings_it_back_as_sent(make_app, app_db):
    open_flag_round(app_db)
    at, ticked = _review_two(open_page(make_app(role="delegate").run(), "phieu-bau"))
    assert not at.exception, at.exception
    assert len(at.checkbox) == 0  # the review stands where the form was; the form is not drawn under it
    at = at.button(key="change_1").click().run()
    assert sorted(c.label for c in at.checkbox if c.value) == sorted(ticked)  # nothing to tick again
    assert "confirm_1" not in [b.key for b in at.button]
    first = next(c for c in at.checkbox if c.label == ticked[0])
    first.uncheck()
    at = at.button(key="review_1").click().run()
    shown = next(m.value for m in at.markdown if "Bạn đã chọn:" in m.value)
    assert ticked[1] in shown and ticked[0] not in shown
    at = at.button(key="confirm_1").click().run()
    assert any("Mã biên nhận" in s.value for s in at.success)
    assert (stored(app_db, SealedBallot), stored(app_db, Participation)) == (1, 1)


def test_a_confirmation_refused_shows_the_reason_and_the_form_again(make_app, app_db):
    round_id, _ = open_flag_round(app_db)
    at, _ = _review_two(open_page(make_app(role="delegate").run(), "phieu-bau"))
    engine = make_engine(app_db)
    with session_scope(engine) as session:  # the voting hours end while the delegate reviews
        session.get(VotingRound, round_id).closes_at = now() - timedelta(minutes=1)
    engine.dispose()
    at = at.button(key="confirm_1").click().run()
    assert not at.exception, at.exception
    assert any("Đã hết giờ bỏ phiếu điện tử" in e.value for e in at.error), [e.value for e in at.error]
    assert len(at.checkbox) > 0 and not [s for s in at.success if "Mã biên nhận" in s.value]
    assert (stored(app_db, SealedBallot), stored(app_db, Participation)) == (0, 0)


def test_too_many_choices_are_refused_before_review(make_app, app_db):
    open_flag_round(app_db)
    at = open_page(make_app(role="delegate").run(), "phieu-bau")
    for checkbox in at.checkbox:
        if not checkbox.disabled:
            checkbox.check()
    at = at.button(key="review_1").click().run()
    assert "Chỉ được chọn tối đa 2 đơn vị." in [e.value for e in at.error]
    assert stored(app_db, SealedBallot) == 0


def test_the_admin_closes_and_publishes_and_sees_the_results(make_app, app_db):
    round_id, _ = open_flag_round(app_db)
    at = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    engine = make_engine(app_db)
    with Session(engine) as session:
        bloc_id = culture_bloc(session).id
    engine.dispose()
    at.selectbox[0].set_value(bloc_id).run()
    assert "1 / 8" not in [m.value for m in at.metric]
    assert [m.value for m in at.metric] == ["0 / 8"]
    at.checkbox(key=f"confirm_close_{round_id}").check().run()
    at = at.button(key=f"do_close_{round_id}").click().run()
    assert "Đã đóng vòng và kiểm phiếu." in [s.value for s in at.success]
    assert len(at.dataframe[0].value) == 8
    downloads = [b.label for b in at.get("download_button")]
    assert downloads == ["Tải biên bản (PDF)", "Tải biên bản (Word)"]  # nobody won: no proposal letter
    at.checkbox(key=f"confirm_publish_{round_id}").check().run()
    at = at.button(key=f"do_publish_{round_id}").click().run()
    assert "Đã công bố kết quả." in [s.value for s in at.success]
    downloads = [b.label for b in at.get("download_button")]
    assert downloads == ["Tải biên bản (PDF)", "Tải biên bản (Word)", "Tải tệp xuất phiếu bầu (JSON)"]


def test_a_leader_cannot_open_the_rounds_page_and_a_secretary_cannot_create_rounds(make_app):
    leader = open_page(make_app(role="leader").run(), "vong-bo-phieu")
    assert "Bạn không có quyền mở trang này." in [e.value for e in leader.error]
    secretary = open_page(make_app(role="secretary").run(), "vong-bo-phieu")
    assert secretary.title[0].value == "Vòng bỏ phiếu"
    assert "Tạo vòng bỏ phiếu" not in [e.label for e in secretary.expander]


def test_projector_shows_only_the_turnout_while_voting(make_app, app_db):
    open_flag_round(app_db)
    at = open_page(make_app(role="leader").run(), "trinh-chieu")
    assert at.title[0].value == "Trình chiếu"
    assert [m.value for m in at.metric] == ["0 / 8"]
    assert not at.dataframe  # no results while the round is open
    assert not at.get("vega_lite_chart")


def test_projector_shows_the_published_result_with_a_chart(make_app, app_db):
    round_id, units = open_flag_round(app_db)
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        for voter in units.values():
            cast_ballot(
                session,
                round_id=round_id,
                unit_id=voter,
                choice=Choice(((units["Sở Y tế"], Mark.AGREE),))
                if voter != units["Sở Y tế"]
                else Choice(((units["BHXH"], Mark.AGREE),)),
                at=now(),
            )
        close_round(session, round_id=round_id, at=now())
    counting = open_page(make_app(role="leader").run(), "trinh-chieu")
    assert "Đang kiểm phiếu" in counting.info[0].value and not counting.get("vega_lite_chart")
    with session_scope(engine) as session:
        publish_round(session, round_id=round_id, at=now())
    engine.dispose()
    at = open_page(make_app(role="leader").run(), "trinh-chieu")
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["title"]["text"] == "Kết quả bỏ phiếu"
    table = at.dataframe[0].value
    elected = table[table["Trúng"] == "Trúng"]["Đơn vị"].tolist()
    assert elected == ["Sở Y tế"]


def test_a_receipt_is_found_only_after_publication_and_the_audit_chain_is_intact(make_app, app_db):
    round_id, units = open_flag_round(app_db)
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        receipt = cast_ballot(
            session,
            round_id=round_id,
            unit_id=units["BHXH"],
            choice=Choice(((units["Sở Y tế"], Mark.AGREE),)),
            at=now(),
        )
    check = open_page(make_app(role="delegate").run(), "bien-nhan")
    check.text_input[0].input(receipt)
    check = check.button(key="FormSubmitter:receipt_check-Kiểm tra").click().run()
    assert check.warning  # not published yet
    with session_scope(engine) as session:
        close_round(session, round_id=round_id, at=now())
        publish_round(session, round_id=round_id, at=now())
    engine.dispose()
    check = check.button(key="FormSubmitter:receipt_check-Kiểm tra").click().run()
    assert "Phiếu mang mã này đã được đếm" in check.success[0].value
    audit_page = open_page(make_app(role="admin").run(), "nhat-ky")
    assert "Chuỗi nhật ký nguyên vẹn" in audit_page.success[0].value


def test_the_committee_enters_paper_ballots_on_the_rounds_page(make_app, app_db):
    round_id, units = open_flag_round(app_db)
    engine = make_engine(app_db)
    with Session(engine) as session:
        bloc_id = culture_bloc(session).id
    engine.dispose()
    at = open_page(make_app(role="secretary").run(), "vong-bo-phieu")
    at.selectbox[0].set_value(bloc_id).run()
    at.multiselect[0].set_value([units["BHXH"], units["Sở Y tế"]])
    at = at.button(key=f"FormSubmitter:paper_voters_{round_id}-Ghi nhận đã nộp phiếu").click().run()
    assert "Đã ghi nhận đơn vị nộp phiếu giấy." in [s.value for s in at.success]
    assert "Phiếu giấy chờ nhập: 2" in [m.value for m in at.markdown]
    at.checkbox(key=f"paper_{round_id}_{units['Sở Y tế']}").check()
    at = at.button(key=f"FormSubmitter:paper_ballot_{round_id}-Nhập phiếu").click().run()
    assert "Đã nhập phiếu giấy." in [s.value for s in at.success]
    assert [m.value for m in at.metric] == ["2 / 8"]
    assert (stored(app_db, SealedBallot), stored(app_db, Participation)) == (1, 2)


def test_an_approval_ballot_marks_agree_and_disagree_per_candidate(make_app, app_db):
    from dataclasses import replace

    from services.voting.rules import BallotForm

    engine = make_engine(app_db)
    with session_scope(engine) as session:
        bloc = culture_bloc(session)
        units = {m.name: m.unit_id for m in members(session, bloc_id=bloc.id, year=2026)}
        settings = replace(PRESETS[RoundKind.CERTIFICATE_OF_MERIT], form=BallotForm.APPROVAL)
        round_ = create_round(session, bloc_id=bloc.id, year=2026, title="Bằng khen 2026", settings=settings, at=now())
        check_in(session, round_id=round_.id, unit_ids=list(units.values()), at=now())
        open_round(session, round_id=round_.id, at=now())
        round_id = round_.id
    at = open_page(make_app(role="delegate").run(), "phieu-bau")
    at.radio(key=f"a_{round_id}_{units['Sở Y tế']}").set_value("agree")
    at.radio(key=f"a_{round_id}_{units['Bảo hiểm xã hội tỉnh']}").set_value("disagree")
    at = at.button(key=f"review_{round_id}").click().run()
    review = " ".join(m.value for m in at.markdown)
    assert "Sở Y tế: Đồng ý" in review and "Bảo hiểm xã hội tỉnh: Không đồng ý" in review
    at = at.button(key=f"confirm_{round_id}").click().run()
    assert any("Mã biên nhận" in s.value for s in at.success)
    with session_scope(engine) as session:  # sealed until the close (cards kept in memory by the tests)
        close_round(session, round_id=round_id, at=now())
    with Session(engine) as session:
        [ballot] = session.exec(select(Ballot)).all()
    engine.dispose()
    assert sorted(json.loads(ballot.content_json)["marks"]) == sorted(
        [[units["Sở Y tế"], "agree"], [units["Bảo hiểm xã hội tỉnh"], "disagree"]]
    )


def test_the_admin_creates_a_round_with_its_own_rules(make_app, app_db):
    from fractions import Fraction

    from db.models.voting import VotingRound
    from services.voting.rules import Comparison, TieBreak
    from services.voting.settings_codec import from_json

    engine = make_engine(app_db)
    with Session(engine) as session:
        bloc_id = culture_bloc(session).id
    at = open_page(make_app(role="admin").run(), "vong-bo-phieu")
    at.selectbox[0].set_value(bloc_id).run()
    form = f"create_round_{bloc_id}_2026_provincial_flag"
    [comparison] = [r for r in at.radio if r.label == "So sánh"]
    comparison.set_value("ge")
    [threshold] = [s for s in at.selectbox if s.label == "Ngưỡng"]
    threshold.set_value("2/3")
    [ties] = [m for m in at.multiselect if m.label.startswith("Xử lý khi bằng phiếu")]
    ties.set_value(["draw"])
    at = at.button(key=f"FormSubmitter:{form}-Tạo vòng").click().run()
    assert "Đã tạo vòng bỏ phiếu." in [s.value for s in at.success]
    with Session(engine) as session:
        [round_] = session.exec(select(VotingRound)).all()
    engine.dispose()
    settings = from_json(round_.settings_json)
    assert (settings.comparison, settings.threshold, settings.tie_breaks) == (
        Comparison.AT_LEAST,
        Fraction(2, 3),
        (TieBreak.DRAW,),
    )


def test_the_ballot_names_the_delegates_unit_not_the_account(make_app, app_db):
    open_flag_round(app_db)
    at = open_page(make_app(role="delegate").run(), "phieu-bau")
    intro = at.caption[0].value
    # The demo account is "Đại biểu Sở KH&CN Lai Châu (demo)", a person; the caption names the unit.
    assert intro.startswith("Đơn vị: Sở Khoa học và Công nghệ."), intro
