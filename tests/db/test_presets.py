"""Presets from practice (SQLite and PostgreSQL): the bloc confirms the rotation nominee for
next year's chair or deputy (one name, agree / disagree / blank, more than 1/2 of the ballots
collected); a rejected nominee leads to an open election; the provincial flag goes to one
leading unit unless the admin says otherwise."""

import json

import pytest
from sqlmodel import select

from db.models import LeadershipRole, LeadershipTerm
from db.models.voting import RoundCandidate, RoundStatus, VotingRound
from services.clock import now
from services.errors import ValidationFailed
from services.recount import recount
from services.voting.casting import Choice, cast_ballot
from services.voting.export import export_round
from services.voting.nominee import create_open_election, nominee_rejected
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round
from services.voting.rules import PRESETS, BallotForm, CandidateSource, RoundKind
from services.voting.settings_codec import from_json
from services.voting.tally import Mark
from tests.db.test_voting import agree, lai_chau_culture, refusal


def term(session, role: LeadershipRole, year: int = 2027) -> LeadershipTerm | None:
    bloc_id, _ = lai_chau_culture(session)
    query = select(LeadershipTerm).where(
        LeadershipTerm.bloc_id == bloc_id, LeadershipTerm.year == year, LeadershipTerm.role == role
    )
    return session.exec(query).first()


def confirmation(session, kind: RoundKind, *, agree_count: int, disagree_count: int):
    """A confirmation round of the 8-member 2026 bloc: every unit present; the nominee (the
    second unit) may not mark itself, so its ballot is blank; then `agree_count` agree and
    `disagree_count` disagree among the others, the rest blank."""
    bloc_id, units = lai_chau_culture(session)
    nominee = units[1]
    round_ = create_round(session, bloc_id=bloc_id, year=2026, title="Xác nhận 2027", settings=PRESETS[kind],
                          at=now(), chosen=[nominee])  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    open_round(session, round_id=round_.id, at=now())
    others = [u for u in units if u != nominee]
    marks = [Mark.AGREE] * agree_count + [Mark.DISAGREE] * disagree_count
    for voter, mark in zip(others, marks + [None] * len(others), strict=False):
        choice = Choice(marks=() if mark is None else ((nominee, mark),))
        cast_ballot(session, round_id=round_.id, unit_id=voter, choice=choice, at=now())
    cast_ballot(session, round_id=round_.id, unit_id=nominee, choice=Choice(marks=()), at=now())
    return round_, nominee, units


def test_the_confirmation_preset_is_one_nominee_agree_disagree_more_than_half_of_collected():
    for kind in (RoundKind.CHAIR_CONFIRM, RoundKind.DEPUTY_CONFIRM):
        preset = PRESETS[kind]
        assert (preset.form, preset.seats, preset.candidates) == (BallotForm.APPROVAL, 1, CandidateSource.CHOSEN)
        assert (preset.comparison.value, str(preset.threshold), preset.base.value) == ("gt", "1/2", "collected")


def test_a_nominee_with_five_of_eight_agreeing_becomes_next_years_chair(demo_session):
    assert term(demo_session, LeadershipRole.CHAIR) is None
    round_, nominee, _ = confirmation(demo_session, RoundKind.CHAIR_CONFIRM, agree_count=5, disagree_count=2)
    result = json.loads(close_round(demo_session, round_id=round_.id, at=now()))
    # 8 ballots collected (the nominee's blank one too); more than 1/2 of 8 is 5.
    assert (result["collected"], result["required"]) == (8, 5)
    [line] = result["candidates"]
    assert (line["id"], line["votes"], line["against"], line["blank"], line["passed"]) == (nominee, 5, 2, 1, True)
    assert result["winners"] == [nominee]
    assert term(demo_session, LeadershipRole.CHAIR) is None  # closing records nothing
    publish_round(demo_session, round_id=round_.id, at=now())
    assert term(demo_session, LeadershipRole.CHAIR).unit_id == nominee
    assert term(demo_session, LeadershipRole.DEPUTY) is None
    assert not nominee_rejected(demo_session.get(VotingRound, round_.id))
    assert refusal(lambda: create_open_election(demo_session, round_id=round_.id, at=now())) == (
        "presets.error.nominee_passed"
    )
    data = json.loads(export_round(demo_session, round_id=round_.id))
    assert data["round"]["kind"] == "chair_confirm" and recount(data) == result


def test_a_confirmed_deputy_is_recorded_as_next_years_deputy(demo_session):
    round_, nominee, _ = confirmation(demo_session, RoundKind.DEPUTY_CONFIRM, agree_count=7, disagree_count=0)
    close_round(demo_session, round_id=round_.id, at=now())
    publish_round(demo_session, round_id=round_.id, at=now())
    assert term(demo_session, LeadershipRole.DEPUTY).unit_id == nominee
    assert term(demo_session, LeadershipRole.CHAIR) is None


def test_a_rejected_nominee_records_nothing_and_the_open_election_follows_once(demo_session):
    round_, nominee, units = confirmation(demo_session, RoundKind.CHAIR_CONFIRM, agree_count=4, disagree_count=3)
    assert nominee in units
    result = json.loads(close_round(demo_session, round_id=round_.id, at=now()))
    assert (result["candidates"][0]["votes"], result["required"], result["winners"]) == (4, 5, [])  # 4 of 8: half
    assert result["runoff"] is None
    publish_round(demo_session, round_id=round_.id, at=now())
    assert term(demo_session, LeadershipRole.CHAIR) is None
    rejected = demo_session.get(VotingRound, round_.id)
    assert nominee_rejected(rejected)

    stale = rejected.version
    election = create_open_election(demo_session, round_id=round_.id, at=now(), expected_version=stale)
    assert (election.kind, election.status, election.runoff_of_id) == ("chair", RoundStatus.DRAFT, round_.id)
    settings = from_json(election.settings_json)
    assert (settings.form, settings.candidates) == (BallotForm.SINGLE, CandidateSource.ALL_MEMBERS)
    candidates = demo_session.exec(select(RoundCandidate.unit_id).where(RoundCandidate.round_id == election.id))
    assert sorted(candidates) == sorted(units)  # every member, the rejected nominee too
    # A second press (or a second admin) makes no second election.
    assert refusal(lambda: create_open_election(demo_session, round_id=round_.id, at=now(),
                                                expected_version=stale)) == "vote_error.changed_meanwhile"  # fmt: skip
    assert refusal(lambda: create_open_election(demo_session, round_id=round_.id, at=now())) == (
        "vote_error.changed_meanwhile"
    )

    # The open election then records next year's chair as before.
    check_in(demo_session, round_id=election.id, unit_ids=units, at=now())
    open_round(demo_session, round_id=election.id, at=now())
    winner = units[3]
    for voter in units:
        cast_ballot(demo_session, round_id=election.id, unit_id=voter,
                    choice=agree(winner if voter != winner else units[4]), at=now())  # fmt: skip
    close_round(demo_session, round_id=election.id, at=now())
    publish_round(demo_session, round_id=election.id, at=now())
    assert term(demo_session, LeadershipRole.CHAIR).unit_id == winner


def test_only_a_counted_rejected_confirmation_opens_an_election(demo_session):
    round_, _, _ = confirmation(demo_session, RoundKind.DEPUTY_CONFIRM, agree_count=1, disagree_count=6)
    assert refusal(lambda: create_open_election(demo_session, round_id=round_.id, at=now())) == (
        "presets.error.not_counted"
    )
    bloc_id, _ = lai_chau_culture(demo_session)
    flag = create_round(demo_session, bloc_id=bloc_id, year=2026, title="Cờ",
                        settings=PRESETS[RoundKind.PROVINCIAL_FLAG], at=now())  # fmt: skip
    assert refusal(lambda: create_open_election(demo_session, round_id=flag.id, at=now())) == (
        "presets.error.not_confirm"
    )
    close_round(demo_session, round_id=round_.id, at=now())  # closed, not yet published: offered already
    election = create_open_election(demo_session, round_id=round_.id, at=now())
    assert election.kind == "deputy"


@pytest.mark.parametrize("chosen", [[], [0, 1]], ids=["no nominee", "two nominees"])
def test_a_confirmation_needs_exactly_one_nominee(demo_session, chosen):
    bloc_id, units = lai_chau_culture(demo_session)
    with pytest.raises(ValidationFailed) as refused:
        create_round(demo_session, bloc_id=bloc_id, year=2026, title="Xác nhận", at=now(),
                     settings=PRESETS[RoundKind.CHAIR_CONFIRM], chosen=[units[i] for i in chosen])  # fmt: skip
    assert "presets.error.one_nominee" in {e.key for e in refused.value.errors}


def test_the_provincial_flag_preset_proposes_one_leading_unit(demo_session):
    bloc_id, units = lai_chau_culture(demo_session)
    round_ = create_round(demo_session, bloc_id=bloc_id, year=2026, title="Cờ thi đua 2026",
                          settings=PRESETS[RoundKind.PROVINCIAL_FLAG], at=now())  # fmt: skip
    assert from_json(round_.settings_json).seats == 1
    check_in(demo_session, round_id=round_.id, unit_ids=units, at=now())
    open_round(demo_session, round_id=round_.id, at=now())
    a, b = units[:2]
    assert refusal(lambda: cast_ballot(demo_session, round_id=round_.id, unit_id=units[2], choice=agree(a, b),
                                       at=now())) == "vote_error.too_many"  # fmt: skip
    for voter in units:
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=agree(a if voter != a else b), at=now())
    assert json.loads(close_round(demo_session, round_id=round_.id, at=now()))["winners"] == [a]


def test_rounds_stored_before_the_new_presets_keep_their_rules():
    """A 2-seat flag round and an open chair election stored earlier read back unchanged."""
    flag = from_json(
        '{"base": "collected", "candidates": "all_members", "comparison": "gt", "form": "pick", '
        '"kind": "provincial_flag", "max_choices": null, "min_choices": 0, "quorum": "2/3", "seats": 2, '
        '"seats_share": null, "self_vote": false, "threshold": "1/2", "tie_breaks": ["score", "runoff"], '
        '"top_n": null, "when_none_passes": "leave_empty"}'
    )
    assert (flag.kind, flag.seats) == (RoundKind.PROVINCIAL_FLAG, 2)
    chair = from_json('{"kind": "chair", "form": "single", "when_none_passes": "runoff_top_two"}')
    assert (chair.kind, chair.form, chair.seats) == (RoundKind.CHAIR, BallotForm.SINGLE, 1)
