"""Rounds, casting and counting against a real database (SQLite and PostgreSQL)."""

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from db.engine import session_scope
from db.models import Award, AwardKind, Bloc, LeadershipRole, LeadershipTerm, Province
from db.models.voting import Ballot, Participation, RoundStatus, SealedBallot
from services.clock import now
from services.errors import ValidationFailed
from services.registry.membership import members
from services.voting import audit
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round, turnout
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark
from tests.db.records_world import cast


def lai_chau_culture(session) -> tuple[int, list[int]]:
    bloc = session.exec(select(Bloc).join(Province).where(Province.code == "LCU", Bloc.name.contains("Văn hóa"))).one()
    return bloc.id, [m.unit_id for m in members(session, bloc_id=bloc.id, year=2026)]


def agree(*ids: int) -> Choice:
    return Choice(marks=tuple((i, Mark.AGREE) for i in ids))


def refusal(call) -> str:
    with pytest.raises(ValidationFailed) as info:
        call()
    return info.value.errors[0].key


# The flag preset proposes one leading unit; these rounds propose two, as Lai Châu's bloc did in 2017.
TWO_FLAGS = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=2)


def opened_round(session, kind=RoundKind.PROVINCIAL_FLAG, present=None):
    bloc_id, units = lai_chau_culture(session)
    settings = TWO_FLAGS if kind == RoundKind.PROVINCIAL_FLAG else PRESETS[kind]
    round_ = create_round(session, bloc_id=bloc_id, year=2026, title="Cờ thi đua 2026", settings=settings, at=now())
    check_in(session, round_id=round_.id, unit_ids=present or units, at=now())
    open_round(session, round_id=round_.id, at=now())
    return round_, units


def test_a_flag_round_from_check_in_to_published_proposals(demo_session):
    round_, units = opened_round(demo_session)
    a, b, c = units[:3]
    receipts = []
    for voter in units:
        choice = agree(a, b) if voter not in (a, b) else agree(c, b if voter == a else a)
        receipts.append(cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=choice, at=now()))
    assert turnout(demo_session, round_id=round_.id) == (8, 8)
    assert len(set(receipts)) == 8
    result = json.loads(close_round(demo_session, round_id=round_.id, at=now()))
    assert (result["collected"], result["valid"], result["required"]) == (8, 8, 5)  # more than half of 8
    assert result["winners"] == [a, b]
    assert close_round(demo_session, round_id=round_.id, at=now()) == json.dumps(
        result, ensure_ascii=False, sort_keys=True
    )
    publish_round(demo_session, round_id=round_.id, at=now())
    publish_round(demo_session, round_id=round_.id, at=now())  # idempotent: no second set of proposals
    flags = demo_session.exec(select(Award).where(Award.year == 2026, Award.kind == AwardKind.PROVINCIAL_FLAG)).all()
    assert sorted(f.unit_id for f in flags) == sorted([a, b])
    assert audit.verify_chain(demo_session).intact


def test_every_forged_or_late_ballot_is_refused_and_nothing_is_stored(demo_session):
    round_, units = opened_round(demo_session, present=None)
    voter, other = units[0], units[1]

    def cast(choice, unit=voter):
        return cast_ballot(demo_session, round_id=round_.id, unit_id=unit, choice=choice, at=now())

    assert refusal(lambda: cast(agree(999_999))) == "vote_error.unknown_candidate"
    assert refusal(lambda: cast(agree(*units[1:4]))) == "vote_error.too_many"
    assert refusal(lambda: cast(agree(voter))) == "vote_error.self_vote"
    assert refusal(lambda: cast(Choice(marks=((other, "maybe"),)))) == "vote_error.bad_mark"
    assert demo_session.exec(select(sa.func.count()).select_from(Ballot)).one() == 0
    cast(agree(other))
    assert refusal(lambda: cast(agree(units[2]))) == "vote_error.already_voted"


def test_no_vote_before_opening_after_closing_or_without_check_in(demo_session):
    bloc_id, units = lai_chau_culture(demo_session)
    round_ = create_round(
        demo_session,
        bloc_id=bloc_id,
        year=2026,
        title="Bằng khen",
        settings=PRESETS[RoundKind.CERTIFICATE_OF_MERIT],
        at=now(),
    )
    assert (
        refusal(
            lambda: cast_ballot(demo_session, round_id=round_.id, unit_id=units[0], choice=agree(units[1]), at=now())
        )
        == "vote_error.round_not_open"
    )
    check_in(demo_session, round_id=round_.id, unit_ids=units[:6], at=now())
    open_round(demo_session, round_id=round_.id, at=now())
    assert (
        refusal(
            lambda: cast_ballot(demo_session, round_id=round_.id, unit_id=units[7], choice=agree(units[1]), at=now())
        )
        == "vote_error.not_entitled"
    )
    close_round(demo_session, round_id=round_.id, at=now())
    assert (
        refusal(
            lambda: cast_ballot(demo_session, round_id=round_.id, unit_id=units[0], choice=agree(units[1]), at=now())
        )
        == "vote_error.round_not_open"
    )


def test_quorum_of_two_thirds_before_opening(demo_session):
    bloc_id, units = lai_chau_culture(demo_session)
    round_ = create_round(
        demo_session, bloc_id=bloc_id, year=2026, title="Cờ", settings=PRESETS[RoundKind.PROVINCIAL_FLAG], at=now()
    )
    check_in(demo_session, round_id=round_.id, unit_ids=units[:5], at=now())  # 5 of 8 < 2/3
    assert refusal(lambda: open_round(demo_session, round_id=round_.id, at=now())) == "vote_error.no_quorum"
    check_in(demo_session, round_id=round_.id, unit_ids=units[5:6], at=now())
    assert open_round(demo_session, round_id=round_.id, at=now()).status == RoundStatus.OPEN


def test_a_published_chair_election_records_next_years_chair(demo_session):
    round_, units = opened_round(demo_session, kind=RoundKind.CHAIR)
    for voter in units:
        target = units[1] if voter != units[1] else units[2]
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=agree(target), at=now())
    close_round(demo_session, round_id=round_.id, at=now())
    publish_round(demo_session, round_id=round_.id, at=now())
    term = demo_session.exec(
        select(LeadershipTerm).where(LeadershipTerm.year == 2027, LeadershipTerm.role == LeadershipRole.CHAIR)
    ).one()
    assert term.unit_id == units[1]


def test_ballots_keep_no_voter_no_time_and_no_order(demo_session, backend):
    columns = {c["name"] for c in sa.inspect(demo_session.get_bind()).get_columns("ballot")}
    assert columns == {"id", "round_id", "content_json", "valid", "invalid_reason", "receipt_hash"}
    participation = {c["name"] for c in sa.inspect(demo_session.get_bind()).get_columns("participation")}
    assert participation == {"round_id", "unit_id"}
    if backend == "sqlite":
        for table in ("ballot", "sealed_ballot"):
            ddl = demo_session.execute(sa.text(f"SELECT sql FROM sqlite_master WHERE name = '{table}'")).scalar()
            assert "WITHOUT ROWID" in ddl.upper()
    sealed = {c["name"] for c in sa.inspect(demo_session.get_bind()).get_columns("sealed_ballot")}
    assert sealed == {"id", "round_id", "ciphertext"}
    round_, units = opened_round(demo_session)
    for voter in units:
        cast_ballot(
            demo_session,
            round_id=round_.id,
            unit_id=voter,
            choice=agree(units[0] if voter != units[0] else units[1]),
            at=now(),
        )
    close_round(demo_session, round_id=round_.id, at=now())
    demo_session.expire_all()
    stored = [b.id for b in demo_session.exec(select(Ballot).where(Ballot.round_id == round_.id))]
    if backend == "sqlite":  # WITHOUT ROWID: stored in id order, and ids are random
        assert stored == sorted(stored)
    # PostgreSQL: written at the close in a cryptographically shuffled order (no trace of the
    # voting order either way; tests/security/test_sealed_ballots.py replays the attacks).
    assert len(set(stored)) == 8 and all(len(i) == 32 for i in stored)


def _attempt(engine, round_id, unit, target, together=False):
    try:
        cast(engine, together=together, round_id=round_id, unit_id=unit, choice=agree(target), at=now())
        return "accepted"
    except ValidationFailed as error:
        return error.errors[0].key


@pytest.mark.parametrize("together", [False, True], ids=["one_by_one", "together"])
def test_a_thousand_concurrent_attempts_count_each_unit_once(big_bloc, together):
    engine, round_id, units = big_bloc
    attempts = [(units[i % 100], units[(i + 1) % 100]) for i in range(1000)]  # each unit tries ten times
    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(lambda a: _attempt(engine, round_id, *a, together=together), attempts))
    assert outcomes.count("accepted") == 100
    assert outcomes.count("vote_error.already_voted") == 900
    with Session(engine) as session:
        assert session.exec(select(sa.func.count()).select_from(SealedBallot)).one() == 100  # sealed until the close
        assert session.exec(select(sa.func.count()).select_from(Participation)).one() == 100
        check = audit.verify_chain(session)
        # configured, check-in, opened, ballots, and each refused second attempt (why, never what)
        assert check.intact and check.events == 1 + 1 + 1 + 100 + 900


@pytest.mark.parametrize("together", [False, True], ids=["one_by_one", "together"])
def test_ballots_racing_the_close_every_close_sees_the_same_result(big_bloc, together):
    engine, round_id, units = big_bloc

    def close():
        with session_scope(engine) as session:
            try:
                return close_round(session, round_id=round_id, at=now())
            except ValidationFailed as error:
                return error.errors[0].key

    jobs = [("vote", u) for u in units[:60]] + [("close", None)] * 5 + [("vote", u) for u in units[60:]]
    with ThreadPoolExecutor(max_workers=12) as pool:
        futures = [
            pool.submit(close)
            if kind == "close"
            else pool.submit(_attempt, engine, round_id, u, units[0] if u != units[0] else units[1], together)
            for kind, u in jobs
        ]
        outcomes = [f.result() for f in futures]
    closes = {o for (kind, _), o in zip(jobs, outcomes, strict=True) if kind == "close"}
    results = {c for c in closes if c.startswith("{")}
    assert len(results) == 1 and closes <= results | {"vote_error.changed_meanwhile"}
    frozen = json.loads(results.pop())
    accepted = sum(1 for (kind, _), o in zip(jobs, outcomes, strict=True) if kind == "vote" and o == "accepted")
    assert frozen["collected"] == accepted
    with Session(engine) as session:
        assert session.exec(select(sa.func.count()).select_from(Ballot)).one() == accepted  # nothing after the close


def test_the_minutes_pdf_names_the_winners_with_diacritics_and_the_digest(demo_session):
    from io import BytesIO

    from pypdf import PdfReader

    from services.voting.minutes import minutes_for_round

    round_, units = opened_round(demo_session)
    names = {m.unit_id: m.name for m in members(demo_session, bloc_id=round_.bloc_id, year=2026)}
    top = [u for u in units if names[u] in ("Sở Văn hóa, Thể thao và Du lịch", "Trường Cao đẳng Cộng đồng tỉnh")]
    for voter in units:
        choice = (
            agree(*[u for u in top if u != voter])
            if voter not in top
            else agree(next(u for u in units if u not in top))
        )
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=choice, at=now())
    close_round(demo_session, round_id=round_.id, at=now())
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(minutes_for_round(demo_session, round_id=round_.id))).pages
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Sở Văn hóa, Thể thao và Du lịch" in text and "Trường Cao đẳng Cộng đồng tỉnh" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]  # a justified line has wider spaces
    winners_line = next(line for line in lines if line.startswith("Kết quả trúng"))
    assert "Sở Văn hóa, Thể thao" in winners_line and "Trường Cao đẳng" in winners_line
    digest = audit.round_digest(demo_session, round_id=round_.id)  # the one digest minutes print
    assert digest[:20] in text.replace("\n", "")


def test_paper_ballots_are_entered_apart_from_their_voters_and_never_exceed_them(demo_session):
    from services.voting.paper import InvalidReason, paper_ballots_pending, record_paper_ballot, record_paper_voters

    round_, units = opened_round(demo_session)
    cast_ballot(demo_session, round_id=round_.id, unit_id=units[0], choice=agree(units[1]), at=now())
    record_paper_voters(demo_session, round_id=round_.id, unit_ids=units[1:3], at=now())
    assert paper_ballots_pending(demo_session, round_id=round_.id) == 2
    assert turnout(demo_session, round_id=round_.id) == (3, 8)  # electronic and paper together
    electronic_again = lambda: record_paper_voters(demo_session, round_id=round_.id, unit_ids=[units[0]], at=now())  # noqa: E731
    assert refusal(electronic_again) == "vote_error.already_voted"  # the unit voted electronically
    assert (
        refusal(lambda: record_paper_ballot(demo_session, round_id=round_.id, choice=agree(*units[:3]), at=now()))
        == "vote_error.too_many"
    )
    record_paper_ballot(demo_session, round_id=round_.id, choice=agree(units[0], units[1]), at=now())
    record_paper_ballot(
        demo_session, round_id=round_.id, choice=agree(), at=now(), invalid=InvalidReason.IDENTIFYING_MARKS
    )
    assert (
        refusal(lambda: record_paper_ballot(demo_session, round_id=round_.id, choice=agree(), at=now()))
        == "vote_error.no_paper_pending"
    )
    result = json.loads(close_round(demo_session, round_id=round_.id, at=now()))
    assert (result["collected"], result["valid"], result["invalid"]) == (3, 2, 1)
    votes = {c["id"]: c["votes"] for c in result["candidates"]}
    assert (votes[units[0]], votes[units[1]]) == (1, 2)
