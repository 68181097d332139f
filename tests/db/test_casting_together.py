"""Ballots written together (services/voting/casting_together.py) follow the rules ballot by
ballot: the same answers, the same refusals in the audit chain, on both backends, whether
they are cast one by one or a hall's worth at the same moment."""

import json
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from sqlmodel import Session, select

from db.engine import session_scope
from db.models.voting import AuditEvent, Participation, SealedBallot
from services.clock import now
from services.errors import ValidationFailed
from services.voting import audit, casting_together
from services.voting.rounds import close_round
from tests.db.records_world import agree, cast

NOT_A_CANDIDATE = 10**6


def _attempts(units: list[int]) -> list[tuple[int, int, str]]:
    """(voter, the unit it agrees with, what the rules say of it), shuffled: every unit votes for
    the next one; some send it twice, some vote for themselves, some for no candidate."""
    attempts = []
    for i, unit in enumerate(units):
        attempts.append((unit, units[(i + 1) % len(units)], "valid"))
        if i % 3 == 0:
            attempts.append((unit, units[(i + 1) % len(units)], "valid"))  # the same ballot twice
        if i % 5 == 0:
            attempts.append((unit, unit, "vote_error.self_vote"))
        if i % 7 == 0:
            attempts.append((unit, NOT_A_CANDIDATE, "vote_error.unknown_candidate"))
    random.Random(16).shuffle(attempts)
    return attempts


def _oracle(attempts: list[tuple[int, int, str]]) -> Counter:
    """What the rules give, worked out without the code under test: one ballot per unit among
    its valid attempts (the others: already voted); every invalid one refused for its own rule
    (a rule about the ballot is checked before whether the unit has voted)."""
    valid_per_unit = Counter(voter for voter, _, kind in attempts if kind == "valid")
    expected = Counter(kind for _, _, kind in attempts if kind != "valid")
    expected["accepted"] = len(valid_per_unit)
    expected["vote_error.already_voted"] = sum(count - 1 for count in valid_per_unit.values())
    return expected


def _run(engine, round_id, attempts, *, together: bool) -> list[str]:
    def one(attempt) -> str:
        voter, target, _ = attempt
        try:
            cast(engine, together=together, round_id=round_id, unit_id=voter, choice=agree(target), at=now())
            return "accepted"
        except ValidationFailed as error:
            return error.errors[0].key

    with ThreadPoolExecutor(max_workers=24) as pool:
        return list(pool.map(one, attempts))


def test_a_hall_at_once_gets_the_answers_the_rules_give_and_the_chain_says_so(big_bloc, monkeypatch):
    engine, round_id, units = big_bloc
    sizes = []
    group = casting_together._cast_group
    monkeypatch.setattr(casting_together, "_cast_group", lambda s, r: sizes.append(len(r)) or group(s, r))
    attempts = _attempts(units)
    outcomes = _run(engine, round_id, attempts, together=True)

    expected = _oracle(attempts)
    assert Counter(outcomes) == expected
    for (_, _, kind), outcome in zip(attempts, outcomes, strict=True):
        assert outcome == kind or (kind == "valid" and outcome in ("accepted", "vote_error.already_voted"))
    assert max(sizes) > 1  # ballots were written together, not only one by one
    with Session(engine) as session:
        assert session.exec(select(sa.func.count()).select_from(Participation)).one() == len(units)
        assert session.exec(select(sa.func.count()).select_from(SealedBallot)).one() == len(units)
        check = audit.verify_chain(session)
        assert check.intact and check.events == 3 + len(attempts)  # configured, checked in, opened; one per attempt
        refused = Counter(
            json.loads(payload)["reasons"][0]
            for payload in session.exec(select(AuditEvent.payload_json).where(AuditEvent.kind == "ballot_refused"))
        )
    assert refused == Counter({k: v for k, v in expected.items() if k != "accepted"})


def test_one_by_one_gives_the_same_answers(big_bloc):
    """The oracle holds for the path every ballot took before (and paper ballots still take)."""
    engine, round_id, units = big_bloc
    attempts = _attempts(units)
    assert Counter(_run(engine, round_id, attempts, together=False)) == _oracle(attempts)


def test_ballots_for_a_closed_round_are_each_refused_and_logged(big_bloc):
    engine, round_id, units = big_bloc
    with session_scope(engine) as session:
        close_round(session, round_id=round_id, at=now())
    attempts = [(unit, units[0], "x") for unit in units[1:21]]
    assert Counter(_run(engine, round_id, attempts, together=True)) == Counter({"vote_error.round_not_open": 20})
    with Session(engine) as session:
        kinds = session.exec(select(AuditEvent.kind).order_by(AuditEvent.id.desc()).limit(20)).all()
        assert kinds == ["ballot_refused"] * 20 and audit.verify_chain(session).intact
