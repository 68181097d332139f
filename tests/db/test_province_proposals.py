"""The province's proposals and their checks, on SQLite and PostgreSQL. Every expectation is
counted by hand from the world in province_world.py (which the comments repeat)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from db.models import Award, AwardKind, AwardStatus, SheetState
from services.errors import ValidationFailed
from services.province.checks import Problem, check_proposals
from services.province.proposals import by_kind, proposal_years, province_proposals
from services.voting.minutes import minutes_for_round
from tests.db.province_world import YEAR, add_award, build_province_world


@pytest.fixture()
def world(session):
    return build_province_world(session)


def listed(session, world, principal=None):
    return province_proposals(session, principal=principal or world.officer_a, province_id=world.province_a, year=YEAR)


def problems(report, award_id):
    return sorted(f.problem.value for f in report.of(award_id))


def by_unit(proposals, world):
    names = {v: k for k, v in world.units.items()}
    return {(names[p.unit_id], p.kind.value): p for p in proposals}


def test_the_year_lists_every_bloc_proposal_of_the_province_grouped_by_award(session, world):
    proposals = listed(session, world)
    found = by_unit(proposals, world)
    assert sorted(found) == [
        ("U1", "provincial_flag"),
        ("U2", "certificate_of_merit"),
        ("U3", "certificate_of_merit"),
        ("V1", "provincial_flag"),
    ]
    groups = by_kind(proposals)
    assert list(groups) == [AwardKind.PROVINCIAL_FLAG, AwardKind.CERTIFICATE_OF_MERIT]
    assert proposal_years(session, principal=world.officer_a, province_id=world.province_a) == [YEAR]


def test_a_dossier_holds_the_round_score_rank_and_earlier_awards(session, world):
    add_award(session, world, "U2", AwardKind.PROVINCIAL_FLAG, world.bloc_1)  # this year: not "earlier"
    session.add(Award(year=YEAR - 2, kind=AwardKind.CERTIFICATE_OF_MERIT, status=AwardStatus.APPROVED,
                      unit_id=world.units["U2"], bloc_id=world.bloc_1, decision_ref="12/QĐ-UBND"))  # fmt: skip
    session.flush()
    merit = by_unit(listed(session, world), world)[("U2", "certificate_of_merit")]
    assert merit.round is not None and merit.round.round_id == world.rounds["merit_1"]
    assert merit.round.seats == 2 and merit.round.members == 5 and merit.round.collected == 5
    # U2 and U3 had 4 votes each (all but themselves), U1 2 (the two of them): the winners are U2, U3.
    votes = {line.unit: (line.votes, line.winner) for line in merit.round.lines}
    assert votes["Sở U2"] == (4, True) and votes["Sở U3"] == (4, True) and votes["Sở U1"] == (2, False)
    assert merit.votes == 4
    assert minutes_for_round(session, round_id=merit.round.round_id).startswith(b"%PDF")  # the dossier's minutes
    # U1 95, U2 90, U3 90: U2 shares rank 2 of 5; its sheet is verified, not locked.
    assert (merit.verified, merit.rank, merit.ranked_of, merit.sheet_state) == (
        Decimal("90.00"), 2, 5, SheetState.VERIFIED,
    )  # fmt: skip
    assert [(e.year, e.kind, e.decision_ref) for e in merit.earlier] == [
        (YEAR - 2, AwardKind.CERTIFICATE_OF_MERIT, "12/QĐ-UBND")
    ]


def test_an_officer_reads_only_the_own_province(session, world):
    with pytest.raises(ValidationFailed):
        province_proposals(session, principal=world.officer_a, province_id=world.province_b, year=YEAR)
    with pytest.raises(ValidationFailed):
        proposal_years(session, principal=world.officer_a, province_id=world.province_b)
    with pytest.raises(ValidationFailed):  # a leader sees blocs, not the province's stage
        listed(session, world, principal=world.leader_a)
    mine = province_proposals(session, principal=world.officer_b, province_id=world.province_b, year=YEAR)
    assert [world.units["W1"]] == [p.unit_id for p in mine]
    assert len(listed(session, world, principal=world.admin)) == 4


def test_a_unit_proposed_twice_for_the_same_award_is_flagged_and_a_single_one_is_not(session, world):
    twice = add_award(session, world, "U3", AwardKind.CERTIFICATE_OF_MERIT, world.bloc_2)  # U3 again, by bloc 2
    proposals = listed(session, world)
    report = check_proposals(proposals, cap_share=Fraction(1, 5))
    found = {p.award_id: p for p in proposals}
    u3 = [p.award_id for p in proposals if p.unit_id == world.units["U3"]]
    assert twice in u3 and len(u3) == 2
    assert all(Problem.TWICE in {f.problem for f in report.of(a)} for a in u3)
    others = [a for a in found if a not in u3]
    assert all(Problem.TWICE not in {f.problem for f in report.of(a)} for a in others)
    assert report.flagged(Problem.TWICE) == 2


def test_a_bloc_proposing_more_than_its_seats_is_flagged_and_one_within_them_is_not(session, world):
    # Bloc 1's flag round had 1 seat; a second flag for U4 entered by hand makes 2 > 1.
    extra = add_award(session, world, "U4", AwardKind.PROVINCIAL_FLAG, world.bloc_1)
    report = check_proposals(listed(session, world), cap_share=Fraction(1, 5))
    found = by_unit(listed(session, world), world)
    assert Problem.OVER_SEATS in {f.problem for f in report.of(extra)}
    assert [f.params for f in report.of(found[("U1", "provincial_flag")].award_id)
            if f.problem == Problem.OVER_SEATS] == [{"count": 2, "seats": 1}]  # fmt: skip
    # Bloc 1's Bằng khen: 2 of 2 seats; bloc 2's flag: 1 of 1.
    for key in (("U2", "certificate_of_merit"), ("U3", "certificate_of_merit"), ("V1", "provincial_flag")):
        assert Problem.OVER_SEATS not in {f.problem for f in report.of(found[key].award_id)}
    assert report.flagged(Problem.OVER_SEATS) == 2


def test_a_sheet_not_locked_is_flagged_and_a_locked_one_is_not(session, world):
    no_sheet = add_award(session, world, "V4", AwardKind.CERTIFICATE_OF_MERIT, world.bloc_2)
    proposals = listed(session, world)
    report = check_proposals(proposals, cap_share=Fraction(1, 5))
    found = by_unit(proposals, world)
    # U2's sheet is verified only; V4 has none; U1, U3, V1 are locked.
    assert problems(report, found[("U2", "certificate_of_merit")].award_id) == ["not_locked"]
    assert [f.params for f in report.of(no_sheet)] == [{"state": "none"}]
    for key in (("U1", "provincial_flag"), ("U3", "certificate_of_merit"), ("V1", "provincial_flag")):
        assert report.of(found[key].award_id) == ()
    assert report.flagged(Problem.NOT_LOCKED) == 2


def flags_and_nominees(session, world, flags: list[str], nominees: list[str]):
    for unit in flags:
        add_award(session, world, unit, AwardKind.PROVINCIAL_FLAG, world.bloc_1 if unit[0] == "U" else world.bloc_2)
    return [add_award(session, world, u, AwardKind.GOVERNMENT_FLAG, world.bloc_1) for u in nominees]


def test_the_government_flag_cap_at_its_boundary(session, world):
    # Holders: U1 and V1 from the rounds, plus U2..U5 and V2..V4 by hand = 9 units.
    # Cap 1/5 of 9 = 1.8, rounded down: 1. One nominee passes.
    nominees = flags_and_nominees(session, world, ["U2", "U3", "U4", "U5", "V2", "V3", "V4"], ["U1"])
    report = check_proposals(listed(session, world), cap_share=Fraction(1, 5))
    assert (report.cap.holders, report.cap.cap, report.cap.nominees) == (9, 1, 1)
    assert not report.cap.over and report.flagged(Problem.OVER_CAP) == 0
    # A second nominee: 2 > 1, both flagged.
    nominees += [add_award(session, world, "U3", AwardKind.GOVERNMENT_FLAG, world.bloc_1)]
    report = check_proposals(listed(session, world), cap_share=Fraction(1, 5))
    assert (report.cap.cap, report.cap.nominees) == (1, 2) and report.cap.over
    assert all(Problem.OVER_CAP in {f.problem for f in report.of(a)} for a in nominees)
    assert report.flagged(Problem.OVER_CAP) == 2


def test_the_cap_follows_its_share_and_refused_flags_do_not_count(session, world):
    # The same 9 holders at a share of 1/4: 9 / 4 = 2.25, rounded down 2; two nominees pass.
    nominees = flags_and_nominees(session, world, ["U2", "U3", "U4", "U5", "V2", "V3", "V4"], ["U1", "U2"])
    report = check_proposals(listed(session, world), cap_share=Fraction(1, 4))
    assert (report.cap.holders, report.cap.cap, report.cap.nominees, report.cap.over) == (9, 2, 2, False)
    # One holder refused by the council: 8 / 4 = 2 still; a second refused: 7 / 4 = 1.75 → 1, over.
    refused = [p for p in listed(session, world) if p.kind == AwardKind.PROVINCIAL_FLAG][:2]
    for p in refused:
        session.get(Award, p.award_id).status = AwardStatus.NOT_APPROVED
    session.flush()
    report = check_proposals(listed(session, world), cap_share=Fraction(1, 4))
    assert (report.cap.holders, report.cap.cap, report.cap.over) == (7, 1, True)
    assert all(Problem.OVER_CAP in {f.problem for f in report.of(a)} for a in nominees)
