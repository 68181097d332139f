"""The council's vote (issue 17, item 3) on SQLite and PostgreSQL: a round of the province's
council whose voters are its members (persons), one agree / disagree / blank line per
proposal, the province's threshold of all members; sealed, one ballot per member.

Every expected number is computed by hand in the test (9 members, at least 2/3 of all
members: 6 agrees pass, 5 do not) and the stored result is also held to the plain
reference count of tests/reference_count.py.
"""

import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from fractions import Fraction

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from db.engine import make_engine, session_scope
from db.migrate import upgrade_to_head
from db.models import Award, AwardKind, Role, User, UserScope
from db.models.voting import Ballot, PersonParticipation, SealedBallot, VotingRound
from services.clock import now
from services.errors import ValidationFailed
from services.province.stage_rules import save_stage_rules, stage_rules
from services.voting import audit
from services.voting.attendance import all_members, set_present
from services.voting.casting import Choice, cast_ballot, cast_with_retry
from services.voting.council_round import create_council_round
from services.voting.export import export_round
from services.voting.minutes_content import minutes_of_round
from services.voting.paper import InvalidReason, record_paper_ballot, record_paper_voters
from services.voting.queries import ballots_for_person, ballots_for_unit
from services.voting.results import round_candidates, stored_ballots
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round, turnout
from services.voting.rules import PRESETS, Comparison, RoundKind, ThresholdBase
from services.voting.tally import Mark
from tests.conftest import require_backend
from tests.databases import fresh_database
from tests.db.council_world import YEAR, build_council_world
from tests.reference_count import reference_count

PLAIN_MARK = re.compile(r'\[\s*\d+\s*,\s*\\?"(?:agree|disagree)\\?"\s*\]')


def refusal(call) -> str:
    with pytest.raises(ValidationFailed) as info:
        call()
    return info.value.errors[0].key


def flag_round(session, world, *, quorum=Fraction(2, 3)):
    return create_council_round(session, council_id=world.council_id, year=YEAR, award=AwardKind.PROVINCIAL_FLAG,
                                title="Hội đồng xét Cờ thi đua 2026", at=now(), quorum=quorum)  # fmt: skip


def opened(session, world, present=None):
    round_ = flag_round(session, world)
    check_in(session, round_id=round_.id, unit_ids=list(present or world.members), at=now())
    open_round(session, round_id=round_.id, at=now())
    return round_


def vote(session, round_, member: int, *lines: tuple[int, Mark]) -> str:
    return cast_ballot(session, round_id=round_.id, user_id=member, choice=Choice(marks=lines), at=now())


def test_the_candidates_are_the_provinces_proposals_of_that_award_and_year(session):
    world = build_council_world(session)
    round_ = flag_round(session, world)
    # a1, proposed by both blocs, is one line; the certificate, a person's award, an approved
    # flag, last year's flag and another province's flag are not on the ballot.
    assert [c.id for c in round_candidates(session, round_)] == list(world.candidates)
    settings = json.loads(round_.settings_json)
    assert settings["kind"] == "council_provincial_flag" and settings["form"] == "approval"
    assert settings["seats"] == 3  # every line that reaches the threshold passes
    assert (settings["comparison"], settings["threshold"], settings["base"]) == ("ge", "2/3", "entitled")


def test_a_council_round_needs_proposals_and_a_council_and_a_bloc_never_holds_one(session):
    world = build_council_world(session)

    def council_round(body: int, award: AwardKind) -> None:
        create_council_round(session, council_id=body, year=YEAR, award=award, title="Hội đồng", at=now())

    # the certificate of merit has a2's proposal; the Government flag none
    assert refusal(lambda: council_round(world.council_id, AwardKind.GOVERNMENT_FLAG)) == "council.error.no_proposals"
    assert refusal(lambda: council_round(world.blocs[0], AwardKind.PROVINCIAL_FLAG)) == "council.error.not_council"
    council_kind = replace(PRESETS[RoundKind.COUNCIL_PROVINCIAL_FLAG], seats=1)
    assert (
        refusal(
            lambda: create_round(
                session, bloc_id=world.blocs[0], year=YEAR, title="Sai", settings=council_kind, at=now()
            )
        )
        == "council.error.kind_body"
    )
    bloc_kind = PRESETS[RoundKind.PROVINCIAL_FLAG]
    assert (
        refusal(
            lambda: create_round(
                session, bloc_id=world.council_id, year=YEAR, title="Sai", settings=bloc_kind, at=now()
            )
        )
        == "council.error.kind_body"
    )
    assert session.exec(select(sa.func.count()).select_from(VotingRound)).one() == 0


def test_check_in_is_by_person_all_present_means_the_active_members_only(session):
    world = build_council_world(session)
    round_ = flag_round(session, world)
    assert sorted(all_members(session, round_id=round_.id)) == sorted(world.members)  # not the disabled one
    outsiders = [world.disabled, world.foreign_member, world.delegate]
    assert check_in(session, round_id=round_.id, unit_ids=[world.members[0], *outsiders], at=now()) == 1
    present = set_present(session, round_id=round_.id, unit_ids=all_members(session, round_id=round_.id), at=now())
    assert present == 9
    assert set_present(session, round_id=round_.id, unit_ids=list(world.members[:6]), at=now()) == 6
    assert turnout(session, round_id=round_.id) == (0, 6)


@pytest.mark.parametrize(("present", "opens"), [(6, True), (5, False)])
def test_quorum_of_two_thirds_of_nine_members_is_six_present(session, present, opens):
    world = build_council_world(session)
    round_ = flag_round(session, world)
    check_in(session, round_id=round_.id, unit_ids=list(world.members[:present]), at=now())
    if opens:
        open_round(session, round_id=round_.id, at=now())
        assert round_.status == "open"
    else:
        assert refusal(lambda: open_round(session, round_id=round_.id, at=now())) == "vote_error.no_quorum"


def test_nine_members_at_least_two_thirds_of_all_six_agrees_pass_five_do_not(session):
    world = build_council_world(session)
    before = session.exec(select(sa.func.count()).select_from(Award)).one()
    a0, a1, b0 = world.candidates
    # Only 8 of 9 vote: the base is still ALL 9 members, so 6 agrees are needed.
    round_ = opened(session, world)
    for i, member in enumerate(world.members[:8]):
        lines = []
        if i < 6:
            lines.append((a0, Mark.AGREE))  # 6 agree
        lines.append((a1, Mark.AGREE if i < 5 else Mark.DISAGREE))  # 5 agree, 3 disagree
        if i == 7:
            lines.append((b0, Mark.DISAGREE))  # b0: 1 disagree, 7 blank
        vote(session, round_, member, *lines)
    result = json.loads(close_round(session, round_id=round_.id, at=now()))
    assert (result["members"], result["issued"], result["collected"], result["base_value"], result["required"]) == (
        9, 9, 8, 9, 6,
    )  # fmt: skip
    rows = {c["id"]: (c["votes"], c["against"], c["blank"], c["passed"]) for c in result["candidates"]}
    assert rows == {a0: (6, 0, 2, True), a1: (5, 3, 0, False), b0: (0, 1, 7, False)}
    assert result["winners"] == [a0] and result["runoff"] is None and result["tie_steps"] == []
    publish_round(session, round_id=round_.id, at=now())
    # Publishing a council round makes no award: the proposals stay, the decision marks them.
    assert session.exec(select(sa.func.count()).select_from(Award)).one() == before
    reference = reference_count(
        replace(PRESETS[RoundKind.COUNCIL_PROVINCIAL_FLAG], seats=3), round_candidates(session, round_),
        stored_ballots(session, round_.id), members=9, issued=9,
    )  # fmt: skip
    assert reference.winners == (a0,) and reference.required == 6
    assert reference.counts() == rows


@pytest.mark.parametrize(
    ("comparison", "threshold", "base", "required"),
    [
        (Comparison.AT_LEAST, Fraction(2, 3), ThresholdBase.COLLECTED, 5),  # 2/3 of 7 collected = 4.67 → 5
        (Comparison.MORE_THAN, Fraction(1, 2), ThresholdBase.VALID, 4),  # more than 1/2 of 6 valid → 4
        (Comparison.AT_LEAST, Fraction(9, 10), ThresholdBase.ENTITLED, 9),  # 90 % of all 9 members → 9
    ],
)
def test_the_provinces_rule_sets_the_threshold_and_base(session, comparison, threshold, base, required):
    world = build_council_world(session)
    rules = stage_rules(session, world.province_id)
    save_stage_rules(session, world.province_id, replace(rules, council_comparison=comparison,
                                                         council_threshold=threshold, council_base=base))  # fmt: skip
    a0, a1, _ = world.candidates
    round_ = opened(session, world)
    # 6 electronic ballots: a0 agreed on 5 of them, a1 on 4, one fully blank ballot among them.
    for i, member in enumerate(world.members[:6]):
        vote(session, round_, member, *([(a0, Mark.AGREE)] if i < 5 else []), *([(a1, Mark.AGREE)] if i < 4 else []))
    # One paper ballot, invalid: collected 7, valid 6.
    record_paper_voters(session, round_id=round_.id, unit_ids=[world.members[6]], at=now())
    record_paper_ballot(session, round_id=round_.id, choice=Choice(), at=now(), invalid=InvalidReason.OTHER)
    result = json.loads(close_round(session, round_id=round_.id, at=now()))
    assert (result["collected"], result["valid"], result["required"]) == (7, 6, required)
    passed = {c["id"] for c in result["candidates"] if c["passed"]}
    assert passed == {c for c, votes in ((a0, 5), (a1, 4)) if votes >= required}
    assert set(result["winners"]) == passed  # no seat cap: every line that passes wins
    reference = reference_count(
        replace(PRESETS[RoundKind.COUNCIL_PROVINCIAL_FLAG], seats=3, comparison=comparison, threshold=threshold,
                base=base),
        round_candidates(session, round_), stored_ballots(session, round_.id), members=9, issued=9,
    )  # fmt: skip
    assert reference.required == required and set(reference.winners) == passed


def test_one_ballot_per_member_and_outsiders_are_refused(session):
    world = build_council_world(session)
    a0 = world.candidates[0]
    round_ = opened(session, world, present=world.members[:8])
    member = world.members[0]
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", vote(session, round_, member, (a0, Mark.AGREE)))
    # A member not checked in, a disabled member, another province's member: not entitled.
    for outsider in (world.members[8], world.disabled, world.foreign_member):
        assert refusal(lambda o=outsider: vote(session, round_, o, (a0, Mark.AGREE))) == "vote_error.not_entitled"
    # A delegate votes for a unit: never in a council round, even the unit's proposal's own.
    delegate_unit = session.get(User, world.delegate).unit_id
    assert (
        refusal(lambda: cast_ballot(session, round_id=round_.id, unit_id=delegate_unit, choice=Choice(), at=now()))
        == "vote_error.not_entitled"
    )
    # A member checked in and then disabled may not vote either.
    late = session.get(User, world.members[1])
    late.is_active = False
    session.add(late)
    session.flush()
    assert refusal(lambda: vote(session, round_, late.id, (a0, Mark.AGREE))) == "vote_error.not_entitled"
    assert (
        session.exec(
            select(sa.func.count()).select_from(PersonParticipation).where(PersonParticipation.round_id == round_.id)
        ).one()
        == 1
    )


def test_a_member_sees_only_the_councils_open_round_a_delegate_never_does(session):
    world = build_council_world(session)
    round_ = opened(session, world, present=world.members[:8])
    views = ballots_for_person(session, user_id=world.members[0])
    assert [v.round_id for v in views] == [round_.id] and not views[0].already_voted
    assert [c.id for c in views[0].candidates] == list(world.candidates) and views[0].limit == 3
    assert ballots_for_person(session, user_id=world.members[8]) == []  # not checked in
    assert ballots_for_person(session, user_id=world.foreign_member) == []
    delegate_unit = session.get(User, world.delegate).unit_id
    assert ballots_for_unit(session, unit_id=delegate_unit) == []
    vote(session, round_, world.members[0], (world.candidates[0], Mark.AGREE))
    assert ballots_for_person(session, user_id=world.members[0])[0].already_voted


def test_paper_ballots_of_a_council_round_are_entered_like_a_blocs(session):
    world = build_council_world(session)
    a0, a1, _ = world.candidates
    round_ = opened(session, world, present=world.members[:7])
    vote(session, round_, world.members[0], (a0, Mark.AGREE))
    # Members who voted electronically, or who are not present, cannot hand in paper too.
    assert (
        refusal(lambda: record_paper_voters(session, round_id=round_.id, unit_ids=[world.members[0]], at=now()))
        == "vote_error.already_voted"
    )
    assert (
        refusal(lambda: record_paper_voters(session, round_id=round_.id, unit_ids=[world.members[8]], at=now()))
        == "vote_error.not_entitled"
    )
    record_paper_voters(session, round_id=round_.id, unit_ids=list(world.members[1:6]), at=now())
    for _ in range(5):
        record_paper_ballot(session, round_id=round_.id, choice=Choice(marks=((a0, Mark.AGREE), (a1, Mark.DISAGREE))),
                            at=now())  # fmt: skip
    assert (
        refusal(lambda: record_paper_ballot(session, round_id=round_.id, choice=Choice(), at=now()))
        == "vote_error.no_paper_pending"
    )
    result = json.loads(close_round(session, round_id=round_.id, at=now()))
    rows = {c["id"]: (c["votes"], c["against"]) for c in result["candidates"]}
    assert rows[a0] == (6, 0) and rows[a1] == (0, 5) and result["winners"] == [a0]


def test_ballots_are_sealed_while_open_and_the_minutes_name_the_members(session):
    world = build_council_world(session)
    rules = stage_rules(session, world.province_id)
    cited = "Quy chế làm việc của Hội đồng Thi đua – Khen thưởng tỉnh ban hành kèm Quyết định số 12/QĐ-UBND"
    save_stage_rules(session, world.province_id, replace(rules, council_rules_text=cited))
    a0 = world.candidates[0]
    round_ = opened(session, world, present=world.members[:7])
    for member in world.members[:7]:
        vote(session, round_, member, (a0, Mark.AGREE))
    # While open: no plaintext ballot anywhere, only ciphertext of one length.
    assert session.exec(select(Ballot).where(Ballot.round_id == round_.id)).all() == []
    sealed = session.exec(select(SealedBallot.ciphertext).where(SealedBallot.round_id == round_.id)).all()
    assert len(sealed) == 7 and len({len(c) for c in sealed}) == 1
    assert not any(PLAIN_MARK.search(c) for c in sealed)
    # Every row of every table, as an administrator would read them: no choice in the clear.
    for table in SQLModel.metadata.sorted_tables:
        rows = repr(session.execute(sa.select(table)).all())
        assert not PLAIN_MARK.search(rows), f"a plaintext mark in {table.name}"
    close_round(session, round_id=round_.id, at=now())
    # The same reading finds the choices once the box is opened at the close (the sweep works).
    assert PLAIN_MARK.search(repr(session.execute(sa.select(Ballot.content_json)).all()))
    publish_round(session, round_id=round_.id, at=now())
    assert session.exec(select(SealedBallot).where(SealedBallot.round_id == round_.id)).all() == []
    text = "\n".join(getattr(block, "text", "") for block in minutes_of_round(session, round_id=round_.id).blocks)
    assert "Tổng số thành viên Hội đồng: 9." in text
    assert "Thành viên có mặt (7): Thành viên 1 (minh họa) (Chức vụ 1);" in text
    assert "Thành viên vắng mặt (2): Thành viên 8 (minh họa) (Chức vụ 8); Thành viên 9 (minh họa) (Chức vụ 9)." in text
    assert "Thành viên nghỉ" not in text and "tỉnh khác" not in text
    assert f"theo {cited}, tập thể được thông qua khi số phiếu đồng ý đạt từ 2/3 tổng số thành viên trở lên" in text
    assert "(ít nhất 6 phiếu đồng ý trên 9 thành viên Hội đồng)" in text
    assert "Các tập thể được thông qua: Đơn vị A0." in text
    assert "Khối thi đua" not in text
    export = json.loads(export_round(session, round_id=round_.id))
    assert export["members"] == 9 and len(export["ballots"]) == 7
    assert audit.verify_chain(session).intact


@pytest.fixture()
def council_hall(backend, tmp_path):
    """A fresh database (committed, for threads): the world and an open council round of 9."""
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            world = build_council_world(session)
            round_id = opened(session, world).id
        yield engine, round_id, world
        engine.dispose()


def _attempt(engine, round_id, member, candidate):
    try:
        cast_with_retry(lambda: session_scope(engine), round_id=round_id, user_id=member,
                        choice=Choice(marks=((candidate, Mark.AGREE),)), at=now())  # fmt: skip
        return "accepted"
    except ValidationFailed as error:
        return error.errors[0].key


def test_two_ballots_of_the_same_member_at_once_one_is_counted(council_hall):
    engine, round_id, world = council_hall
    attempts = [(m, world.candidates[0]) for m in world.members for _ in range(4)]  # each member four times at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda a: _attempt(engine, round_id, *a), attempts))
    assert outcomes.count("accepted") == 9 and outcomes.count("vote_error.already_voted") == 27
    with Session(engine) as session:
        assert session.exec(select(sa.func.count()).select_from(SealedBallot)).one() == 9
        assert session.exec(select(sa.func.count()).select_from(PersonParticipation)).one() == 9
        assert audit.verify_chain(session).intact
    with session_scope(engine) as session:
        result = json.loads(close_round(session, round_id=round_id, at=now()))
    assert result["collected"] == 9 and result["winners"] == [world.candidates[0]]


def test_all_members_is_the_roll_at_the_opening_a_member_disabled_or_added_later_changes_nothing(session):
    """9 members at the opening, 7 checked in. During the vote one present member and the two
    absent ones are disabled and a new member is appointed: the active members are then 7, but
    the base stays the 9 of the opening (at least 2/3 of 9 = 6 agrees, where 2/3 of 7 = 4.67
    would make it 5 and let a1's five agrees pass), and the minutes still name the nine,
    present and absent, as they were when the round opened."""
    world = build_council_world(session)
    a0, a1, _ = world.candidates
    round_ = opened(session, world, present=world.members[:7])
    for member in (world.members[1], world.members[7], world.members[8]):  # present (not yet voted), absent
        person = session.get(User, member)
        person.is_active = False
        session.add(person)
    newcomer = User(username="hd_moi", full_name="Thành viên mới", position="Ủy viên mới", password_hash="!",
                    role=Role.COUNCIL_MEMBER)  # fmt: skip
    session.add(newcomer)
    session.flush()
    session.add(UserScope(user_id=newcomer.id, bloc_id=world.council_id))
    session.flush()
    # The disabled member still may not vote; the newcomer was not checked in either.
    for outsider in (world.members[1], newcomer.id):
        assert refusal(lambda o=outsider: vote(session, round_, o, (a0, Mark.AGREE))) == "vote_error.not_entitled"
    # The six others vote: a0 agreed six times, a1 five times.
    voters = [world.members[0], *world.members[2:7]]
    for i, member in enumerate(voters):
        vote(session, round_, member, (a0, Mark.AGREE), *([(a1, Mark.AGREE)] if i < 5 else []))
    result = json.loads(close_round(session, round_id=round_.id, at=now()))
    assert (result["members"], result["issued"], result["collected"], result["base_value"], result["required"]) == (
        9, 7, 6, 9, 6,
    )  # fmt: skip
    assert result["winners"] == [a0]  # a1's five agrees are short of six
    publish_round(session, round_id=round_.id, at=now())
    text = "\n".join(getattr(block, "text", "") for block in minutes_of_round(session, round_id=round_.id).blocks)
    assert "Tổng số thành viên Hội đồng: 9." in text
    assert "Thành viên có mặt (7): Thành viên 1 (minh họa) (Chức vụ 1); Thành viên 2 (minh họa) (Chức vụ 2);" in text
    assert "Thành viên vắng mặt (2): Thành viên 8 (minh họa) (Chức vụ 8); Thành viên 9 (minh họa) (Chức vụ 9)." in text
    assert "Thành viên mới" not in text
    assert "(ít nhất 6 phiếu đồng ý trên 9 thành viên Hội đồng)" in text
    assert json.loads(export_round(session, round_id=round_.id))["members"] == 9


def test_a_member_checked_in_then_disabled_before_the_opening_is_neither_present_nor_in_the_base(session):
    """7 checked in, one of them disabled before the opening: 8 members, 6 present (quorum 2/3
    of 8 = 5.33, so 6 are needed: it opens), and the minutes do not list the disabled one."""
    world = build_council_world(session)
    round_ = flag_round(session, world)
    check_in(session, round_id=round_.id, unit_ids=list(world.members[:7]), at=now())
    gone = session.get(User, world.members[6])
    gone.is_active = False
    session.add(gone)
    session.flush()
    open_round(session, round_id=round_.id, at=now())
    assert turnout(session, round_id=round_.id) == (0, 6)
    for member in world.members[:6]:
        vote(session, round_, member, (world.candidates[0], Mark.AGREE))
    result = json.loads(close_round(session, round_id=round_.id, at=now()))
    assert (result["members"], result["issued"], result["required"]) == (8, 6, 6)
    text = "\n".join(getattr(block, "text", "") for block in minutes_of_round(session, round_id=round_.id).blocks)
    assert "Thành viên có mặt (6):" in text and "Thành viên 7 (minh họa)" not in text
