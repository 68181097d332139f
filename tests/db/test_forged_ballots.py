"""Forged electronic ballots at the service, where every one ends up whatever the page did:
refused with the rule's message, audit-logged without content, nothing stored.

The raw-websocket side (what a modified client can make the page send) is in
tests/e2e/test_forged_ballots.py; here the service gets what no page would ever pass on.
"""

import json

import pytest
from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models import Bloc
from db.models.voting import AuditEvent
from services.clock import now
from services.errors import ValidationFailed
from services.registry.membership import members
from services.voting import audit
from services.voting.casting import Choice, cast_with_retry
from services.voting.refusals import REFUSED
from services.voting.rules import RoundKind
from services.voting.tally import Mark
from tests.conference_world import YEAR, build_conference, open_round_for, stored_counts
from tests.conftest import require_backend
from tests.databases import fresh_database


def agree(*units) -> Choice:
    return Choice(marks=tuple((unit, Mark.AGREE) for unit in units))


def other_bloc_round(url: str, own_bloc: int) -> int:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            other = next(
                bloc.id
                for bloc in session.exec(select(Bloc).order_by(Bloc.id))
                if bloc.id != own_bloc and len(members(session, bloc_id=bloc.id, year=YEAR)) >= 3
            )
            return open_round_for(session, bloc_id=other, kind=RoundKind.PROVINCIAL_FLAG, title="Khối khác",
                                  conference_id=None)  # fmt: skip
    finally:
        engine.dispose()


def events(engine) -> int:
    with Session(engine) as session:
        return audit.count_events(session)


def last_event(engine) -> AuditEvent:
    with Session(engine) as session:
        return session.exec(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()


def test_forged_ballots_are_refused_logged_without_content_and_store_nothing(backend, tmp_path):
    require_backend(backend)
    with fresh_database(backend, tmp_path) as url:
        conference = build_conference(url)
        other_round = other_bloc_round(url, conference.bloc_id)
        voter, *others = conference.units
        forgeries = {
            "unknown candidate": (conference.round_id, agree(999_999), "vote_error.unknown_candidate"),
            "candidate id as text": (conference.round_id, agree(str(others[0])), "vote_error.unknown_candidate"),
            "too many choices": (conference.round_id, agree(*others), "vote_error.too_many"),
            "own unit": (conference.round_id, agree(voter), "vote_error.self_vote"),
            "a mark no form has": (conference.round_id, Choice(marks=((others[0], "maybe"),)), "vote_error.bad_mark"),
            "a round of another bloc": (other_round, agree(others[0]), "vote_error.not_entitled"),
            "a round that does not exist": (10**9, agree(others[0]), "vote_error.round_not_open"),
        }
        engine = make_engine(url)
        try:
            for what, (round_id, choice, key) in forgeries.items():
                before = events(engine)
                with pytest.raises(ValidationFailed) as refused:
                    cast_with_retry(lambda: session_scope(engine), round_id=round_id, unit_id=voter, choice=choice,
                                    at=now())  # fmt: skip
                assert [e.key for e in refused.value.errors] == [key], what

                event = last_event(engine)
                assert events(engine) == before + 1, what
                assert event.kind == REFUSED, what
                payload = json.loads(event.payload_json)
                assert payload["reasons"] == [key], what
                assert set(payload) <= {"reasons", "asked_round"}, f"{what}: the log holds more than why: {payload}"
                known_round = round_id in (conference.round_id, other_round)
                assert event.round_id == (round_id if known_round else None), what

            for round_id in (conference.round_id, other_round):
                assert stored_counts(url, round_id) == (set(), 0)
            with Session(engine) as session:
                assert audit.verify_chain(session).intact

            # The same delegate's honest ballot still goes in, once.
            assert cast_with_retry(lambda: session_scope(engine), round_id=conference.round_id, unit_id=voter,
                                   choice=agree(others[0]), at=now())  # fmt: skip
            assert stored_counts(url, conference.round_id) == ({voter}, 1)
        finally:
            engine.dispose()
