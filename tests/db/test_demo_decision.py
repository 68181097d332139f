"""The demo shows the whole year: each province has a council (invented members, marked
minh họa) and a standing-office account, and 2025 is carried from the blocs' proposals
through the council's vote to a decision; 2017 stays as the seeds report it (proposals)."""

import json
from datetime import date
from types import SimpleNamespace

import pytest
from sqlmodel import select

from db.models import Award, AwardStatus, Bloc, Province, Role, Unit, User, UserScope
from db.models.voting import AuditEvent, Ballot, RoundStatus, VotingRound
from manage.demo import facts
from services.errors import ValidationFailed
from services.province.council import council_members, council_of
from services.province.decision import council_outcomes, record_decision
from services.province.stage_rules import stage_rules
from services.voting.audit import verify_chain
from services.voting.settings_codec import from_json
from tests.db.test_demo_data import either_demo, voted_engine, voted_session  # noqa: F401 (fixtures)
from tests.reference_count import reference_count

COUNCIL_SIZE = {facts.LAI_CHAU: 9, facts.DIEN_BIEN: 7}
DECISION = {facts.LAI_CHAU: "18/QĐ-UBND (minh họa)", facts.DIEN_BIEN: "25/QĐ-UBND (minh họa)"}


def province(session, code: str) -> Province:
    return session.exec(select(Province).where(Province.code == code)).one()


def unit_awards(session, code: str, year: int) -> list[Award]:
    query = (
        select(Award)
        .join(Unit, Unit.id == Award.unit_id)
        .where(Unit.province_id == province(session, code).id, Award.year == year, Award.person_name.is_(None))
    )
    return list(session.exec(query))


def test_each_province_has_a_council_an_officer_and_its_rules(either_demo):  # noqa: F811
    for code, size in COUNCIL_SIZE.items():
        place = province(either_demo, code)
        members = council_members(either_demo, council_of(either_demo, place.id).id)
        assert len(members) == size
        assert all("(minh họa)" in m.full_name and m.position and m.is_demo for m in members)
        officer = either_demo.exec(
            select(User).join(UserScope).where(User.role == Role.PROVINCE_OFFICER, UserScope.province_id == place.id)
        ).one()
        assert officer.is_demo
        assert stage_rules(either_demo, place.id).decision_signer.endswith("(minh họa)")
    listed = either_demo.exec(select(User).where(User.username.in_(["thuongtruc", "hoidong1"]))).all()
    assert {u.role for u in listed} == {Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER}


def test_2025_is_decided_and_2017_stays_proposed(either_demo):  # noqa: F811
    for code, ref in DECISION.items():
        awards = unit_awards(either_demo, code, facts.DECIDED_YEAR)
        approved = [a for a in awards if a.status == AwardStatus.APPROVED]
        refused = [a for a in awards if a.status == AwardStatus.NOT_APPROVED]
        # Two blocs each proposed one flag and two Bằng khen; the council passed all but one Bằng khen.
        assert (len(approved), len(refused), len(awards)) == (5, 1, 6)
        assert {a.decision_ref for a in approved} == {ref} and all(a.decision_date for a in approved)
        assert refused[0].status_reason.startswith("Hội đồng: ")
        assert "chưa đạt từ 2/3 tổng số thành viên trở lên" in refused[0].status_reason
    culture = either_demo.exec(
        select(Bloc.id).where(Bloc.province_id == province(either_demo, facts.LAI_CHAU).id, Bloc.name == facts.VHXH)
    ).one()
    seeds = [a for a in unit_awards(either_demo, facts.LAI_CHAU, 2017) if a.bloc_id == culture]
    assert len(seeds) == 4 and {a.status for a in seeds} == {AwardStatus.PROPOSED}


def test_the_voted_demo_holds_the_councils_published_rounds_and_the_decision_on_the_chain(voted_session):  # noqa: F811
    for code, size in COUNCIL_SIZE.items():
        place = province(voted_session, code)
        outcomes = council_outcomes(voted_session, province_id=place.id, year=facts.DECIDED_YEAR)
        assert len(outcomes) == 2 and all(o.members == o.collected == size for o in outcomes)
        rounds = voted_session.exec(select(VotingRound).where(VotingRound.id.in_([o.round_id for o in outcomes])))
        for round_ in rounds:
            assert round_.status == RoundStatus.PUBLISHED and "minh họa" in round_.title
        decided = {a.council_round_id for a in unit_awards(voted_session, code, facts.DECIDED_YEAR)}
        assert decided == {o.round_id for o in outcomes}
    events = voted_session.exec(select(AuditEvent).where(AuditEvent.kind == "decision_recorded")).all()
    assert sorted(json.loads(e.payload_json)["decision_ref"] for e in events) == sorted(DECISION.values())
    assert verify_chain(voted_session).intact
    # The demo's decision is recorded: entering it again is refused.
    lai_chau = province(voted_session, facts.LAI_CHAU)
    with pytest.raises(ValidationFailed) as refused:
        record_decision(voted_session, province_id=lai_chau.id, year=facts.DECIDED_YEAR, number="1",
                        signed_on=date(2026, 2, 1), at=events[0].at)  # fmt: skip
    assert [e.key for e in refused.value.errors] == ["decision.error.already_recorded"]


def test_the_councils_frozen_results_are_the_reference_count_of_their_stored_ballots(voted_session):  # noqa: F811
    council_ids = [council_of(voted_session, province(voted_session, c).id).id for c in COUNCIL_SIZE]
    rounds = voted_session.exec(select(VotingRound).where(VotingRound.bloc_id.in_(council_ids))).all()
    assert len(rounds) == 4
    for round_ in rounds:
        stored = voted_session.exec(select(Ballot).where(Ballot.round_id == round_.id)).all()
        ballots = [
            SimpleNamespace(
                valid=b.valid, marks=tuple((cid, mark) for cid, mark in json.loads(b.content_json)["marks"])
            )
            for b in stored
        ]
        frozen = json.loads(round_.result_json)
        candidates = [SimpleNamespace(id=c["id"], name=c["name"], score=None) for c in frozen["candidates"]]
        members = len(council_members(voted_session, round_.bloc_id))
        expected = reference_count(from_json(round_.settings_json), candidates, ballots, members=members,
                                   issued=members)  # fmt: skip
        assert sorted(frozen["winners"]) == sorted(expected.winners)
        assert {c["id"]: c["votes"] for c in frozen["candidates"]} == {c.id: c.votes for c in expected.candidates}
