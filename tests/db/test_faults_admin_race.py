"""Two admins act on the same round at the same moment: one wins cleanly, the other is told why.

Each admin passes the version of the round their page showed (as the rounds page does);
the two calls start together from two threads, each in its own transaction. Whatever the
interleaving (the second reads after the first committed, or both read first and the
database's guarded UPDATE decides), exactly one action is applied, the other gets a
message key the page shows in Vietnamese, and the audit chain records only the winner.
"""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models.voting import AuditEvent, CheckIn, RoundStatus, VotingRound
from services.clock import now
from services.errors import ValidationFailed
from services.registry.membership import members
from services.voting import audit
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import (
    cancel_round,
    check_in,
    close_round,
    create_round,
    create_runoff,
    open_round,
    publish_round,
    set_minutes_details,
)
from services.voting.rules import PRESETS, RoundKind
from services.voting.tally import Mark
from tests.conference_world import YEAR, build_conference
from tests.conftest import require_backend
from tests.databases import fresh_database

REFUSALS = {"vote_error.changed_meanwhile", "vote_error.checkin_closed"}


@pytest.fixture(scope="module")
def world(backend, tmp_path_factory):
    """One conference per backend; each test works on rounds of its own."""
    require_backend(backend)
    with fresh_database(backend, tmp_path_factory.mktemp("race")) as url:
        conference = build_conference(url)
        engine = make_engine(url)
        yield engine, conference
        engine.dispose()


def race(engine, *actions) -> list[str]:
    """Run the actions at once, each in its own transaction: 'ok' or the refusal's message key."""
    start = threading.Barrier(len(actions))

    def attempt(action) -> str:
        start.wait()
        try:
            with session_scope(engine) as session:
                action(session)
            return "ok"
        except ValidationFailed as refused:
            return refused.errors[0].key

    with ThreadPoolExecutor(len(actions)) as pool:
        return list(pool.map(attempt, actions))


def version_and_status(engine, round_id: int) -> tuple[int, RoundStatus]:
    with Session(engine) as session:
        round_ = session.get(VotingRound, round_id)
        return round_.version, round_.status


def kinds(engine, round_id: int) -> list[str]:
    with Session(engine) as session:
        assert audit.verify_chain(session).intact
        return [e.kind for e in audit.events_of_round(session, round_id=round_id)]


def draft_round(engine, conference, *, kind=RoundKind.PROVINCIAL_FLAG, present: int | None = None) -> int:
    with session_scope(engine) as session:
        units = [m.unit_id for m in members(session, bloc_id=conference.bloc_id, year=YEAR)]
        round_ = create_round(session, bloc_id=conference.bloc_id, year=YEAR, title=f"{kind} thử",
                              settings=PRESETS[kind], at=now())  # fmt: skip
        check_in(session, round_id=round_.id, unit_ids=units[:present] if present else units, at=now())
        return round_.id


def opened_round(engine, conference) -> int:
    round_id = draft_round(engine, conference)
    with session_scope(engine) as session:
        open_round(session, round_id=round_id, at=now())
    return round_id


def test_close_against_cancel_one_wins_the_other_is_told(world):
    engine, conference = world
    round_id = opened_round(engine, conference)
    seen, _ = version_and_status(engine, round_id)
    outcomes = race(
        engine,
        lambda s: close_round(s, round_id=round_id, at=now(), expected_version=seen),
        lambda s: cancel_round(s, round_id=round_id, reason="Nhầm danh sách", at=now(), expected_version=seen),
    )
    assert sorted(outcomes) == ["ok", "vote_error.changed_meanwhile"], outcomes
    status = version_and_status(engine, round_id)[1]
    assert status == (RoundStatus.CLOSED if outcomes[0] == "ok" else RoundStatus.CANCELLED)
    applied = [k for k in kinds(engine, round_id) if k in {"round_closed", "round_cancelled"}]
    assert applied == (["round_closed"] if status == RoundStatus.CLOSED else ["round_cancelled"])


def test_an_admin_on_a_stale_page_cannot_cancel_a_round_another_has_closed(world):
    engine, conference = world
    round_id = opened_round(engine, conference)
    seen, _ = version_and_status(engine, round_id)  # both pages show the open round
    with session_scope(engine) as session:
        close_round(session, round_id=round_id, at=now(), expected_version=seen)
    with pytest.raises(ValidationFailed) as refused, session_scope(engine) as session:
        cancel_round(session, round_id=round_id, reason="Bỏ phiếu lại", at=now(), expected_version=seen)
    assert refused.value.errors[0].key == "vote_error.changed_meanwhile"
    assert version_and_status(engine, round_id)[1] == RoundStatus.CLOSED
    assert "round_cancelled" not in kinds(engine, round_id)


def test_publish_against_cancel_one_wins_the_other_is_told(world):
    engine, conference = world
    round_id = opened_round(engine, conference)
    with session_scope(engine) as session:
        close_round(session, round_id=round_id, at=now())
    seen, _ = version_and_status(engine, round_id)
    outcomes = race(
        engine,
        lambda s: publish_round(s, round_id=round_id, at=now(), expected_version=seen),
        lambda s: cancel_round(s, round_id=round_id, reason="Sai quy chế", at=now(), expected_version=seen),
    )
    assert sorted(outcomes) == ["ok", "vote_error.changed_meanwhile"], outcomes
    expected = RoundStatus.PUBLISHED if outcomes[0] == "ok" else RoundStatus.CANCELLED
    assert version_and_status(engine, round_id)[1] == expected


def test_editing_the_minutes_details_while_another_admin_publishes_never_changes_published_minutes(world):
    engine, conference = world
    round_id = opened_round(engine, conference)
    with session_scope(engine) as session:
        close_round(session, round_id=round_id, at=now())
    seen, _ = version_and_status(engine, round_id)
    outcomes = race(
        engine,
        lambda s: publish_round(s, round_id=round_id, at=now(), expected_version=seen),
        lambda s: set_minutes_details(s, round_id=round_id, place="Hội trường tỉnh", committee=["Ông A"], at=now()),
    )
    assert outcomes[0] == "ok", outcomes
    assert outcomes[1] in {"ok", "vote_error.changed_meanwhile", "vote_error.minutes_final"}, outcomes
    events = kinds(engine, round_id)
    if "minutes_details" in events:  # saved before the publication, never after it
        assert events.index("minutes_details") < events.index("round_published")
    with Session(engine) as session:
        place = session.get(VotingRound, round_id).place
    assert (place == "Hội trường tỉnh") == (outcomes[1] == "ok")


def test_opening_against_a_late_check_in_never_lets_a_unit_in_after_opening(world):
    engine, conference = world
    round_id = draft_round(engine, conference, present=6)  # 6 of 8: quorum of 2/3 is met
    seen, _ = version_and_status(engine, round_id)
    outcomes = race(
        engine,
        lambda s: open_round(s, round_id=round_id, at=now(), expected_version=seen),
        lambda s: check_in(s, round_id=round_id, unit_ids=conference.units, at=now(), expected_version=seen),
    )
    assert outcomes.count("ok") == 1 and set(outcomes) - {"ok"} <= REFUSALS, outcomes
    with Session(engine) as session:
        present = len(session.exec(select(CheckIn).where(CheckIn.round_id == round_id)).all())
        opened = session.exec(
            select(AuditEvent).where(AuditEvent.round_id == round_id, AuditEvent.kind == "round_opened")
        ).first()
    if outcomes[0] == "ok":  # opened with the six; the late check-in was refused
        assert present == 6 and json.loads(opened.payload_json)["present"] == 6
    else:  # all eight checked in; the opening was refused and can be done again
        assert present == 8 and opened is None
        assert version_and_status(engine, round_id)[1] == RoundStatus.DRAFT


def test_two_admins_asking_for_the_same_runoff_make_one_runoff_round(world):
    engine, conference = world
    round_id = draft_round(engine, conference, kind=RoundKind.CHAIR)
    a, b, c = conference.units[:3]
    with session_scope(engine) as session:
        open_round(session, round_id=round_id, at=now())
        # 3 - 3 - 2: nobody has more than half, a runoff between the top two is due.
        for voter, pick in zip(conference.units, [b, a, a, a, b, b, c, c], strict=True):
            cast_ballot(session, round_id=round_id, unit_id=voter, choice=Choice(((pick, Mark.AGREE),)), at=now())
        result = json.loads(close_round(session, round_id=round_id, at=now()))
    assert result["runoff"], result
    seen, _ = version_and_status(engine, round_id)
    outcomes = race(
        engine,
        lambda s: create_runoff(s, round_id=round_id, at=now(), expected_version=seen),
        lambda s: create_runoff(s, round_id=round_id, at=now(), expected_version=seen),
    )
    assert sorted(outcomes) == ["ok", "vote_error.changed_meanwhile"], outcomes
    with Session(engine) as session:
        runoffs = session.exec(select(VotingRound).where(VotingRound.runoff_of_id == round_id)).all()
    assert len(runoffs) == 1
