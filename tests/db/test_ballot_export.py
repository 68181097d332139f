"""The export of a published round recounts to the published result and passes every
check of `python -m services.recount` (SQLite and PostgreSQL)."""

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest

from services.clock import now
from services.errors import ValidationFailed
from services.recount import main, recount
from services.voting.casting import Choice, cast_ballot
from services.voting.export import export_round
from services.voting.paper import InvalidReason, record_paper_ballot, record_paper_voters
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round
from services.voting.rules import BallotForm, RoundKind, RoundSettings, TieBreak, WhenNonePasses
from tests.db.test_voting import agree, lai_chau_culture, opened_round


def recount_command(tmp_path, text: str) -> tuple[int, str, str]:
    """`python -m services.recount FILE` on an export written to a file: (exit code, stdout, stderr)."""
    path = tmp_path / "round.json"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(path)])
    return code, out.getvalue(), err.getvalue()


def test_a_published_round_exports_anonymous_ballots_that_recount_to_the_published_result(demo_session, tmp_path):
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
    code, out, err = recount_command(tmp_path, export_round(demo_session, round_id=round_.id))
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "OK: kết quả khớp / OK: result matches",
        "8 phiếu thu vào, 8 hợp lệ, 0 không hợp lệ / 8 ballots collected, 8 valid, 0 invalid",
    ]


def test_only_a_published_round_can_be_exported(demo_session):
    round_, _ = opened_round(demo_session, kind=RoundKind.CHAIR)
    for round_id in (round_.id, 999_999):
        with pytest.raises(ValidationFailed) as refused:
            export_round(demo_session, round_id=round_id)
        assert refused.value.errors[0].key == "vote_error.not_published"


def test_a_chair_election_with_electronic_blank_and_paper_ballots_verifies(demo_session, tmp_path):
    """Electronic ballots (with receipts), a blank one, paper ballots (no receipt), one ruled invalid."""
    bloc_id, units = lai_chau_culture(demo_session)
    settings = RoundSettings(kind=RoundKind.CHAIR, form=BallotForm.SINGLE, seats=1, tie_breaks=(TieBreak.RUNOFF,),
                             when_none_passes=WhenNonePasses.RUNOFF_TOP_TWO)  # fmt: skip
    round_ = create_round(demo_session, bloc_id=bloc_id, year=2026, title="Trưởng khối 2027", settings=settings,
                          at=now())  # fmt: skip
    check_in(demo_session, round_id=round_.id, unit_ids=units, at=now())
    open_round(demo_session, round_id=round_.id, at=now())
    chair, other = units[0], units[1]
    for voter in units[1:5]:  # four electronic votes for the chair-to-be
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=agree(chair), at=now())
    cast_ballot(demo_session, round_id=round_.id, unit_id=units[5], choice=Choice(), at=now())  # blank
    record_paper_voters(demo_session, round_id=round_.id, unit_ids=[units[0], units[6], units[7]], at=now())
    record_paper_ballot(demo_session, round_id=round_.id, choice=agree(other), at=now())
    record_paper_ballot(demo_session, round_id=round_.id, choice=agree(chair), at=now())
    record_paper_ballot(demo_session, round_id=round_.id, choice=agree(chair, other), at=now(),
                        invalid=InvalidReason.TOO_MANY_MARKS)  # fmt: skip
    close_round(demo_session, round_id=round_.id, at=now())
    publish_round(demo_session, round_id=round_.id, at=now())

    text = export_round(demo_session, round_id=round_.id)
    data = json.loads(text)
    assert len(data["ballots"]) == 8 and len(data["receipt_hashes"]) == 5  # paper ballots have no receipt
    # By hand: 8 collected, more than 1/2 of 8 needs 5; the chair-to-be has 4 + 1 = 5 votes.
    assert (data["result"]["required"], data["result"]["valid"], data["result"]["winners"]) == (5, 7, [chair])
    code, out, err = recount_command(tmp_path, text)
    assert (code, err) == (0, ""), out
    assert out.splitlines()[1] == "8 phiếu thu vào, 7 hợp lệ, 1 không hợp lệ / 8 ballots collected, 7 valid, 1 invalid"

    # The same real file with one valid ballot given a second name: the rule is named, exit 1.
    target = next(i for i, b in enumerate(data["ballots"]) if b["valid"] and b["marks"] == [[other, "agree"]])
    data["ballots"][target]["marks"] = sorted([[chair, "agree"], [other, "agree"]])
    code, out, _ = recount_command(tmp_path, json.dumps(data, ensure_ascii=False))
    assert code == 1
    assert f"ballot no. {target + 1} (ballots[{target}]): 2 names on a single-choice ballot" in out
    assert f"result.candidates[id={chair}].votes: tệp ghi 5, kiểm lại được 6" in out
