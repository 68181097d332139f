"""The export of a published round recounts to the published result (SQLite and PostgreSQL)."""

import json

import pytest

from services.clock import now
from services.errors import ValidationFailed
from services.recount import recount
from services.voting.casting import cast_ballot
from services.voting.export import export_round
from services.voting.rounds import close_round, publish_round
from services.voting.rules import RoundKind
from tests.db.test_voting import agree, opened_round


def test_a_published_round_exports_anonymous_ballots_that_recount_to_the_published_result(demo_session):
    round_, units = opened_round(demo_session)
    a, b, c = units[:3]
    for voter in units:
        choice = agree(a, b) if voter not in (a, b) else agree(c, b if voter == a else a)
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=choice, at=now())
    close_round(demo_session, round_id=round_.id, at=now())
    with pytest.raises(ValidationFailed) as refused:
        export_round(demo_session, round_id=round_.id)  # closed, not yet published
    assert refused.value.errors[0].key == "vote_error.not_published"
    publish_round(demo_session, round_id=round_.id, at=now())
    published = json.loads(demo_session.get(type(round_), round_.id).result_json)

    data = json.loads(export_round(demo_session, round_id=round_.id))
    assert (data["format"], data["version"]) == ("thidua.ballot-export", 1)
    assert data["round"] == {
        "id": round_.id,
        "title": round_.title,
        "kind": RoundKind.PROVINCIAL_FLAG.value,
        "bloc": round_.bloc_id,
        "year": 2026,
        "status": "published",
    }
    assert data["settings"]["kind"] == RoundKind.PROVINCIAL_FLAG.value
    assert (data["members"], data["issued"]) == (8, 8)
    assert len(data["ballots"]) == 8 and len(data["receipt_hashes"]) == 8
    assert data["receipt_hashes"] == sorted(data["receipt_hashes"])
    for ballot in data["ballots"]:
        assert set(ballot) == {"valid", "invalid_reason", "marks"}  # no unit, voter, id, time or receipt
        assert ballot["valid"] is True and ballot["invalid_reason"] is None
        assert all(mark == "agree" and cid in units for cid, mark in ballot["marks"])
    assert {cd["id"] for cd in data["candidates"]} == set(units)
    assert data["result"] == published
    assert recount(data) == published
    assert published["winners"] == [a, b]


def test_only_a_published_round_can_be_exported(demo_session):
    round_, _ = opened_round(demo_session, kind=RoundKind.CHAIR)
    for round_id in (round_.id, 999_999):
        with pytest.raises(ValidationFailed) as refused:
            export_round(demo_session, round_id=round_id)
        assert refused.value.errors[0].key == "vote_error.not_published"
