"""The audit page's queries and the actor of each admin action, on SQLite and PostgreSQL."""

import dataclasses
import json
import re

import pytest
from sqlmodel import select

from db.models import Role
from db.models.voting import AuditEvent, CheckIn
from services.access.sessions import Principal
from services.clock import now
from services.errors import ValidationFailed
from services.voting import audit
from services.voting.audit_list import closed_round_digests, count_events, list_events, rounds_in_log
from services.voting.casting import cast_ballot
from services.voting.minutes_content import minutes_of_round
from services.voting.rounds import (
    cancel_round,
    check_in,
    close_round,
    create_round,
    open_round,
    publish_round,
    substitutes_of,
)
from services.voting.rules import PRESETS, RoundKind
from tests.db.test_voting import agree, lai_chau_culture

ADMIN = Principal(session_id="s" * 32, role=Role.ADMIN, display_name="Quản trị tỉnh", user_id=1, username="quantri")
SECRETARY = Principal(session_id="t" * 32, role=Role.SECRETARY, display_name="Thư ký", user_id=2, username="thuky")


def run_round(session, *, title="Cờ thi đua 2026", voters=3, publish=True):
    """A flag round run by the admin (the secretary checks in); `voters` units vote for the first one."""
    bloc_id, units = lai_chau_culture(session)
    settings = PRESETS[RoundKind.PROVINCIAL_FLAG]
    round_ = create_round(session, bloc_id=bloc_id, year=2026, title=title, settings=settings, at=now(),
                          principal=ADMIN)  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=units, at=now(), principal=SECRETARY)
    open_round(session, round_id=round_.id, at=now(), principal=ADMIN)
    for voter in units[2 : 2 + voters]:
        cast_ballot(session, round_id=round_.id, unit_id=voter, choice=agree(units[0]), at=now())
    close_round(session, round_id=round_.id, at=now(), principal=ADMIN)
    if publish:
        publish_round(session, round_id=round_.id, at=now(), principal=ADMIN)
    return round_, units


def test_events_are_listed_newest_first_with_who_acted_and_no_actor_on_ballots(demo_session):
    round_, _ = run_round(demo_session)
    lines = list_events(demo_session, round_id=round_.id)
    assert [line.kind for line in lines] == [
        "round_published",
        "round_closed",
        "ballot_accepted",
        "ballot_accepted",
        "ballot_accepted",
        "round_opened",
        "check_in",
        "round_configured",
    ]
    assert [line.id for line in lines] == sorted((line.id for line in lines), reverse=True)
    assert {line.round_title for line in lines} == {"Cờ thi đua 2026"}
    who = [(line.actor, line.actor_role) for line in lines]
    admin, secretary, nobody = ("quantri", "admin"), ("thuky", "secretary"), (None, None)
    assert who == [admin, admin, nobody, nobody, nobody, admin, secretary, admin]
    assert count_events(demo_session, round_id=round_.id) == 8
    # The ballot events hold no voter, no content, no actor: only the hash of the sealed ballot.
    stored = demo_session.exec(
        select(AuditEvent.payload_json).where(AuditEvent.round_id == round_.id, AuditEvent.kind == "ballot_accepted")
    ).all()
    assert len(stored) == 3
    assert all(
        list(json.loads(p)) == ["sealed"] and re.fullmatch("[0-9a-f]{64}", json.loads(p)["sealed"]) for p in stored
    )
    assert audit.verify_chain(demo_session).intact


def test_a_page_of_events_and_the_count(demo_session):
    round_, _ = run_round(demo_session, voters=5)
    newest_three = list_events(demo_session, round_id=round_.id, limit=3)
    next_three = list_events(demo_session, round_id=round_.id, limit=3, offset=3)
    assert [line.kind for line in newest_three] == ["round_published", "round_closed", "ballot_accepted"]
    assert [line.kind for line in next_three] == ["ballot_accepted"] * 3
    assert count_events(demo_session, round_id=round_.id) == 10
    assert count_events(demo_session) >= 10


def test_the_round_filter_keeps_only_that_rounds_events(demo_session):
    first, _ = run_round(demo_session, title="Cờ thi đua 2026", voters=1)
    second, _ = run_round(demo_session, title="Bằng khen 2026", voters=2, publish=False)
    assert {line.round_id for line in list_events(demo_session, round_id=first.id)} == {first.id}
    assert {line.round_title for line in list_events(demo_session, round_id=second.id)} == {"Bằng khen 2026"}
    assert count_events(demo_session, round_id=second.id) == 6  # configured, check-in, opened, 2 ballots, closed
    options = {r.id: r for r in rounds_in_log(demo_session)}
    assert list(options)[:2] == [second.id, first.id]  # newest first
    assert (options[first.id].title, options[first.id].year) == ("Cờ thi đua 2026", 2026)
    assert "Văn hóa" in options[first.id].bloc and options[first.id].province == "Lai Châu"


def test_a_cancelled_round_records_who_cancelled_it(demo_session):
    bloc_id, _ = lai_chau_culture(demo_session)
    round_ = create_round(demo_session, bloc_id=bloc_id, year=2026, title="Thử", settings=PRESETS[RoundKind.CHAIR],
                          at=now(), principal=ADMIN)  # fmt: skip
    cancel_round(demo_session, round_id=round_.id, reason="Nhập nhầm", at=now(), principal=ADMIN)
    newest = list_events(demo_session, round_id=round_.id)[0]
    assert (newest.kind, newest.actor, newest.actor_role) == ("round_cancelled", "quantri", "admin")


def test_the_digest_of_each_closed_round_is_the_hash_of_its_close_event(demo_session):
    published, _ = run_round(demo_session, voters=2)
    closed, _ = run_round(demo_session, title="Bằng khen 2026", voters=1, publish=False)
    bloc_id, _ = lai_chau_culture(demo_session)
    draft = create_round(demo_session, bloc_id=bloc_id, year=2026, title="Nháp",
                         settings=PRESETS[RoundKind.CHAIR], at=now())  # fmt: skip
    close_events = {
        e.round_id: e.hash
        for e in demo_session.exec(select(AuditEvent).where(AuditEvent.kind == "round_closed"))
        if e.round_id in (published.id, closed.id)
    }
    digests = {d.round_id: d.digest for d in closed_round_digests(demo_session)}
    assert {r: digests[r] for r in (published.id, closed.id)} == close_events
    assert draft.id not in digests
    assert closed_round_digests(demo_session, round_id=draft.id) == []
    # The chain's head has moved on (publication): it is not a round's digest.
    assert audit.verify_chain(demo_session).digest != digests[published.id]


def minutes_text(session, round_id: int) -> str:
    """Every line of the round's minutes (wherever the digest line sits: notes or its own field)."""
    minutes = dataclasses.asdict(minutes_of_round(session, round_id=round_id))
    lines: list[str] = []
    for value in minutes.values():
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                lines.append(item)
            elif isinstance(item, list | tuple):
                stack.extend(item)
            elif dataclasses.is_dataclass(item) or isinstance(item, dict):
                stack.extend((item if isinstance(item, dict) else dataclasses.asdict(item)).values())
    return "\n".join(lines)


def test_the_audit_pages_digest_of_a_closed_round_is_the_one_on_its_minutes(demo_session):
    round_, _ = run_round(demo_session, voters=3, publish=False)
    (shown,) = closed_round_digests(demo_session, round_id=round_.id)
    assert shown.digest in minutes_text(demo_session, round_.id)
    publish_round(demo_session, round_id=round_.id, at=now(), principal=ADMIN)  # publication changes neither
    (after,) = closed_round_digests(demo_session, round_id=round_.id)
    assert after.digest == shown.digest
    assert shown.digest in minutes_text(demo_session, round_.id)


def test_events_of_scripts_and_tests_carry_no_actor(demo_session):
    bloc_id, _ = lai_chau_culture(demo_session)
    round_ = create_round(demo_session, bloc_id=bloc_id, year=2026, title="Nháp",
                          settings=PRESETS[RoundKind.CHAIR], at=now())  # fmt: skip
    (line,) = list_events(demo_session, round_id=round_.id)
    assert (line.actor, line.actor_role) == (None, None)
    payload = json.loads(demo_session.exec(select(AuditEvent.payload_json).where(AuditEvent.id == line.id)).one())
    assert "actor" not in payload


# Check-in with substitutes


def draft_round(session):
    bloc_id, units = lai_chau_culture(session)
    round_ = create_round(session, bloc_id=bloc_id, year=2026, title="Cờ thi đua 2026",
                          settings=PRESETS[RoundKind.PROVINCIAL_FLAG], at=now())  # fmt: skip
    return round_, units


def test_a_substitute_is_stored_with_the_check_in_and_the_unit_is_present(demo_session):
    round_, units = draft_round(demo_session)
    a, b, c = units[:3]
    present = check_in(demo_session, round_id=round_.id, unit_ids=[a, b], at=now(),
                       substitutes={c: "  Nguyễn Văn An –  Phó Giám đốc "}, principal=SECRETARY)  # fmt: skip
    assert present == 3  # c is present through its substitute
    assert substitutes_of(demo_session, round_id=round_.id) == {c: "Nguyễn Văn An – Phó Giám đốc"}
    rows = demo_session.exec(select(CheckIn).where(CheckIn.round_id == round_.id)).all()
    assert {r.unit_id: r.substitute_name for r in rows} == {a: None, b: None, c: "Nguyễn Văn An – Phó Giám đốc"}
    newest = list_events(demo_session, round_id=round_.id)[0]
    assert (newest.kind, newest.actor, newest.actor_role) == ("check_in", "thuky", "secretary")


def test_a_substitute_can_be_named_later_changed_and_cleared_before_opening(demo_session):
    round_, units = draft_round(demo_session)
    a = units[0]
    check_in(demo_session, round_id=round_.id, unit_ids=units, at=now())
    version = round_.version
    check_in(demo_session, round_id=round_.id, unit_ids=[], at=now(), substitutes={a: "Trần Thị Bình"})
    assert substitutes_of(demo_session, round_id=round_.id) == {a: "Trần Thị Bình"}
    assert round_.version == version + 1  # a change another admin's page must notice
    check_in(demo_session, round_id=round_.id, unit_ids=units, at=now(), substitutes={a: "Lê Văn Cường"})
    assert substitutes_of(demo_session, round_id=round_.id) == {a: "Lê Văn Cường"}
    events = count_events(demo_session, round_id=round_.id)
    check_in(demo_session, round_id=round_.id, unit_ids=units, at=now(), substitutes={a: "Lê Văn Cường"})
    assert count_events(demo_session, round_id=round_.id) == events  # nothing changed, nothing logged
    check_in(demo_session, round_id=round_.id, unit_ids=[], at=now(), substitutes={a: "  "})
    assert substitutes_of(demo_session, round_id=round_.id) == {}
    assert check_in(demo_session, round_id=round_.id, unit_ids=[], at=now()) == len(units)  # still present
    assert audit.verify_chain(demo_session).intact


def test_a_too_long_substitute_name_is_refused_and_nothing_is_written(demo_session):
    round_, units = draft_round(demo_session)
    with pytest.raises(ValidationFailed) as info:
        check_in(demo_session, round_id=round_.id, unit_ids=units[:2], at=now(), substitutes={units[2]: "A" * 201})
    assert [(e.field, e.key) for e in info.value.errors] == [("substitute", "error.too_long")]
    assert demo_session.exec(select(CheckIn).where(CheckIn.round_id == round_.id)).all() == []


def test_a_substitute_for_a_unit_outside_the_bloc_is_ignored(demo_session):
    round_, units = draft_round(demo_session)
    outsider = max(units) + 10_000
    assert check_in(demo_session, round_id=round_.id, unit_ids=[], at=now(), substitutes={outsider: "Ai đó"}) == 0
    assert substitutes_of(demo_session, round_id=round_.id) == {}
