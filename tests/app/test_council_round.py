"""The council's vote in the app (issue 17, item 3): the province officer creates and runs a
council round on the rounds page; council members vote on the ballot page, where they see
the council's open round and nothing else; a delegate never sees it."""

import json

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine, session_scope
from db.models import Award, AwardKind, AwardStatus, Province, Role, User, UserScope
from db.models.voting import PersonParticipation, VotingRound
from services.clock import now
from services.province.council import council_members, council_of
from services.registry.membership import members
from services.voting.council_round import create_council_round
from services.voting.rounds import check_in, open_round
from tests.app.conftest import open_page
from tests.app.test_voting import culture_bloc, open_flag_round

YEAR = 2026
PROPOSED = ("Sở Y tế", "Bảo hiểm xã hội tỉnh")


def _council_world(url: str, *, members_count: int = 7) -> dict:
    """Lai Châu's council with members_count members (passwords are the login tests' business),
    an officer of the province, and the culture bloc's two flag proposals of 2026."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        province = session.exec(select(Province).where(Province.code == "LCU")).one()
        council = council_of(session, province.id, create=True)
        for demo_member in council_members(session, council.id):  # the demo's own council steps aside
            demo_member.is_active = False
        bloc = culture_bloc(session)
        units = {m.name: m.unit_id for m in members(session, bloc_id=bloc.id, year=YEAR)}
        for name in PROPOSED:
            session.add(Award(year=YEAR, kind=AwardKind.PROVINCIAL_FLAG, status=AwardStatus.PROPOSED,
                              unit_id=units[name], bloc_id=bloc.id))  # fmt: skip
        member_ids = []
        for i in range(1, members_count + 1):
            user = User(username=f"t_hd{i}", full_name=f"Thành viên thử {i}", position=f"Ủy viên {i}",
                        password_hash="!", role=Role.COUNCIL_MEMBER)  # fmt: skip
            session.add(user)
            session.flush()
            session.add(UserScope(user_id=user.id, bloc_id=council.id))
            member_ids.append(user.id)
        officer = User(username="t_thuongtruc", full_name="Thường trực thử", password_hash="!",
                       role=Role.PROVINCE_OFFICER)  # fmt: skip
        session.add(officer)
        session.flush()
        session.add(UserScope(user_id=officer.id, province_id=province.id))
        world = {"council": council.id, "members": member_ids, "units": units}
    engine.dispose()
    return world


def _click(at: AppTest, name: str, round_id: int) -> AppTest:
    at.checkbox(key=f"confirm_{name}_{round_id}").check().run()
    at = at.button(key=f"do_{name}_{round_id}").click().run()
    assert not at.exception, at.exception
    return at


def _vote(as_user, username: str, round_id: int, marks: dict[int, str]) -> AppTest:
    at = open_page(as_user(username).run(), "phieu-bau")
    for unit_id, mark in marks.items():
        at.radio(key=f"a_{round_id}_{unit_id}").set_value(mark)
    at = at.button(key=f"review_{round_id}").click().run()
    at = at.button(key=f"confirm_{round_id}").click().run()
    assert any("Mã biên nhận" in s.value for s in at.success), [e.value for e in at.error]
    return at


def test_the_officer_creates_and_runs_a_council_round_members_vote_on_their_phones(as_user, app_db):
    world = _council_world(app_db)
    council = world["council"]
    engine = make_engine(app_db)
    with Session(engine) as session:
        awards_before = len(session.exec(select(Award)).all())
    at = open_page(as_user("t_thuongtruc").run(), "vong-bo-phieu")
    # The officer's province's council is offered (with the province's blocs, to read).
    assert "Lai Châu · Hội đồng Thi đua – Khen thưởng tỉnh Lai Châu" in at.selectbox[0].options
    at.selectbox[0].set_value(council).run()
    at.session_state["rounds_new_round_open"] = True
    at.run()
    assert not at.exception, at.exception
    page = " ".join(m.value for m in at.markdown)
    assert "đạt từ 2/3 tổng số thành viên trở lên" in page and "7 thành viên" in page
    assert all(name in page for name in PROPOSED)
    at = at.button(key=f"FormSubmitter:create_council_round_{council}_{YEAR}_council_provincial_flag-Tạo vòng")
    at = at.click().run()
    assert "Đã tạo vòng bỏ phiếu." in [s.value for s in at.success]
    with Session(engine) as session:
        [round_] = session.exec(select(VotingRound).where(VotingRound.bloc_id == council)).all()
    round_id = round_.id
    assert json.loads(round_.settings_json)["seats"] == 2
    # Check-in by person: "all present" takes the seven members.
    at = at.button(key=f"all_present_{round_id}").click().run()
    assert "Có mặt: 7/7 thành viên." in [c.value for c in at.caption]
    at = _click(at, "open", round_id)
    a, b = (world["units"][name] for name in PROPOSED)
    # 5 of 7 agree with a (≥ 2/3 of 7 = 4.67 → 5 pass); 4 agree with b (fails).
    for i, username in enumerate(f"t_hd{n}" for n in range(1, 8)):
        _vote(as_user, username, round_id, {a: "agree" if i < 5 else "disagree", b: "agree" if i < 4 else "disagree"})
    again = open_page(as_user("t_hd1").run(), "phieu-bau")
    assert "Bạn đã bỏ phiếu ở vòng này." in [i.value for i in again.info]
    at = open_page(as_user("t_thuongtruc").run(), "vong-bo-phieu")
    at.selectbox[0].set_value(council).run()
    at = _click(at, "close", round_id)
    at = _click(at, "publish", round_id)
    with Session(engine) as session:
        round_ = session.get(VotingRound, round_id)
        voted = session.exec(select(PersonParticipation).where(PersonParticipation.round_id == round_id)).all()
        awards_after = len(session.exec(select(Award)).all())
    engine.dispose()
    result = json.loads(round_.result_json)
    assert round_.status == "published" and len(voted) == 7
    assert (result["members"], result["collected"], result["required"], result["winners"]) == (7, 7, 5, [a])
    assert awards_after == awards_before  # the council's result makes no award: the decision does


def test_a_council_member_sees_only_the_councils_open_round(as_user, make_app, app_db):
    world = _council_world(app_db)
    bloc_round, _ = open_flag_round(app_db)  # the delegate's bloc votes at the same time
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        round_ = create_council_round(session, council_id=world["council"], year=YEAR, award=AwardKind.PROVINCIAL_FLAG,
                                      title="Hội đồng xét Cờ thi đua 2026", at=now())  # fmt: skip
        check_in(session, round_id=round_.id, unit_ids=world["members"][:6], at=now())
        open_round(session, round_id=round_.id, at=now())
        council_round = round_.id
    engine.dispose()
    at = open_page(as_user("t_hd1").run(), "phieu-bau")
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == ["Hội đồng xét Cờ thi đua 2026"]
    assert "Thành viên Hội đồng: Thành viên thử 1." in at.caption[0].value
    assert {r.key for r in at.radio} == {f"a_{council_round}_{u}" for u in (world["units"][n] for n in PROPOSED)}
    absent = open_page(as_user("t_hd7").run(), "phieu-bau")  # not checked in: nothing to vote on
    assert [s.value for s in absent.subheader] == [] and absent.info
    delegate = open_page(make_app(role="delegate").run(), "phieu-bau")
    titles = [s.value for s in delegate.subheader]
    assert "Hội đồng xét Cờ thi đua 2026" not in titles and titles and bloc_round
