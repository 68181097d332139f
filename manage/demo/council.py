"""The province's stage in the demo: for each province a council (invented members, marked
minh họa), its standing office's account, the province's stage rules, and 2025 carried
through to the chair's decision: the blocs' 2025 proposals go to the council's vote (one
round per award, entered as the council's paper ballots, invented), the result is published
and a decision with an invented number and date is recorded. 2017 stays as the seeds report
it (proposals only).

The council's rounds are written as a counted paper vote is stored (persons checked in and
voted, anonymous ballots, the ordinary tally frozen on the round, the close and publication
on the audit chain), not cast through a ballot page: the demo replays history. Deterministic:
fixed ballots, times and seeds.
"""

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from db.models import Award, AwardKind, AwardStatus, Province, Role, Unit, User, UserScope
from db.models.voting import Ballot, PersonCheckIn, PersonParticipation, RoundCandidate, RoundStatus, VotingRound
from manage.demo import facts
from services.province.council import council_members, council_of
from services.province.decision import candidate_outcomes, proposed_awards, record_decision
from services.province.stage_rules import StageRules, save_stage_rules, stage_rules
from services.registry.units import names_in_year
from services.voting import audit
from services.voting.results import result_to_json
from services.voting.rules import BallotForm, CandidateSource, RoundKind, RoundSettings, TieBreak
from services.voting.settings_codec import to_json
from services.voting.tally import Ballot as TallyBallot
from services.voting.tally import Candidate, Mark, tally

YEAR = facts.DECIDED_YEAR
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
ILLUSTRATIVE = "(minh họa)"
POSITIONS = (
    "Chủ tịch UBND tỉnh – Chủ tịch Hội đồng",
    "Giám đốc Sở Nội vụ – Phó Chủ tịch Thường trực",
    "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh – Phó Chủ tịch",
    "Chánh Văn phòng UBND tỉnh – Ủy viên",
    "Giám đốc Sở Tài chính – Ủy viên",
    "Chủ tịch Liên đoàn Lao động tỉnh – Ủy viên",
    "Giám đốc Sở Giáo dục và Đào tạo – Ủy viên",
    "Giám đốc Sở Y tế – Ủy viên",
    "Trưởng ban Thi đua – Khen thưởng, Sở Nội vụ – Ủy viên, Thư ký",
)


@dataclass(frozen=True)
class DemoCouncil:
    username: str  # the accounts are {username}{n}, the officer thuongtruc{suffix}
    suffix: str
    members: tuple[str, ...]  # invented names, in the order of POSITIONS
    held: datetime  # when the council's vote was published
    decision_number: str
    signed_on: date
    # agree votes per candidate, by the candidate's place among the award's proposals
    agree: dict[AwardKind, tuple[int, ...]]


COUNCILS = {
    facts.LAI_CHAU: DemoCouncil(
        username="hoidong",
        suffix="",
        members=(
            "Hoàng Văn An",
            "Lò Thị Bình",
            "Tẩn Văn Chung",
            "Vàng Thị Dung",
            "Nguyễn Văn Giang",
            "Lý Thị Hà",
            "Phạm Văn Hòa",
            "Đèo Thị Lan",
            "Trần Văn Minh",
        ),
        held=datetime(2026, 1, 15, 15, 0, tzinfo=ZONE).astimezone(UTC),
        decision_number="18/QĐ-UBND (minh họa)",
        signed_on=date(2026, 1, 20),
        # 9 members: at least 2/3 of all is 6. The fourth Bằng khen proposal gets 5: not approved.
        agree={AwardKind.PROVINCIAL_FLAG: (9, 8), AwardKind.CERTIFICATE_OF_MERIT: (9, 8, 7, 5)},
    ),
    facts.DIEN_BIEN: DemoCouncil(
        username="hoidong",
        suffix=".dbn",
        members=(
            "Lò Văn Khánh",
            "Quàng Thị Mai",
            "Cà Văn Nam",
            "Lường Thị Oanh",
            "Bùi Văn Phúc",
            "Điêu Thị Quyên",
            "Mùa A Sình",
        ),
        held=datetime(2026, 1, 16, 9, 30, tzinfo=ZONE).astimezone(UTC),
        decision_number="25/QĐ-UBND (minh họa)",
        signed_on=date(2026, 1, 22),
        # 7 members: at least 2/3 of all is 5. The fourth Bằng khen proposal gets 4: not approved.
        agree={AwardKind.PROVINCIAL_FLAG: (7, 6), AwardKind.CERTIFICATE_OF_MERIT: (7, 6, 5, 4)},
    ),
}
PLACE = "Phòng họp Ủy ban nhân dân tỉnh {province} (minh họa)"
COMMITTEE_ROLES = ("Trưởng ban", "Thành viên", "Thư ký")
COUNCIL_RULES = "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng tỉnh (minh họa)"
ROUND_TITLE = {
    AwardKind.PROVINCIAL_FLAG: "Hội đồng xét tặng Cờ thi đua của UBND tỉnh năm {year} (phiếu minh họa)",
    AwardKind.CERTIFICATE_OF_MERIT: "Hội đồng xét tặng Bằng khen của Chủ tịch UBND tỉnh năm {year} (phiếu minh họa)",
}


def add_councils(session: Session, *, password_hash: str) -> None:
    """The council body, members, officer account and stage rules of each demo province."""
    for code, demo in COUNCILS.items():
        province = session.exec(select(Province).where(Province.code == code)).one()
        council = council_of(session, province.id, create=True)
        officer = User(username=f"thuongtruc{demo.suffix}", password_hash=password_hash, is_demo=True,
                       full_name=f"Thường trực Hội đồng TĐKT tỉnh {province.name} (demo)",
                       role=Role.PROVINCE_OFFICER)  # fmt: skip
        session.add(officer)
        session.flush()
        session.add(UserScope(user_id=officer.id, province_id=province.id))
        for number, (name, position) in enumerate(zip(demo.members, POSITIONS, strict=False), start=1):
            member = User(username=f"{demo.username}{number}{demo.suffix}", full_name=f"{name} {ILLUSTRATIVE}",
                          position=position, password_hash=password_hash, role=Role.COUNCIL_MEMBER,
                          is_demo=True)  # fmt: skip
            session.add(member)
            session.flush()
            session.add(UserScope(user_id=member.id, bloc_id=council.id))
        rules = stage_rules(session, province.id)
        chair = f"{demo.members[0]} {ILLUSTRATIVE}"
        save_stage_rules(session, province.id, StageRules(**{**rules.__dict__, "council_rules_text": COUNCIL_RULES,
                                                              "decision_signer": chair}))  # fmt: skip
    session.flush()


def carry_year_through(session: Session, *, votes: bool) -> None:
    """2025 from the blocs' proposals to the decision, in every demo province. Without votes
    (tests that count rounds, ballots and audit events) the same outcome is written directly."""
    for code, demo in COUNCILS.items():
        province = session.exec(select(Province).where(Province.code == code)).one()
        if votes:
            _vote_and_decide(session, province, demo)
        else:
            _write_outcome(session, province, demo)


def council_settings(session: Session, province_id: int, kind: AwardKind, candidates: int) -> RoundSettings:
    """A council round: agree / disagree / blank per proposal, every one may pass (as many
    seats as proposals), the province's threshold of all council members."""
    rules = stage_rules(session, province_id)
    return RoundSettings(kind=council_round_kind(kind), form=BallotForm.APPROVAL, seats=candidates,
                         comparison=rules.council_comparison, threshold=rules.council_threshold,
                         base=rules.council_base, candidates=CandidateSource.CHOSEN,
                         tie_breaks=(TieBreak.RUNOFF,))  # fmt: skip


def council_round_kind(award: AwardKind) -> RoundKind:
    """The council's own round kind for the award ("council_provincial_flag") where the voting
    rules define one, else the award's kind: services/province/decision.py reads either."""
    kinds = {kind.value: kind for kind in RoundKind}
    return kinds.get(f"council_{award.value}", kinds[award.value])


def hand_ballots(unit_ids: list[int], agree: tuple[int, ...], voters: int) -> list[TallyBallot]:
    """Ballot i agrees to candidate c when i < agree[c], else disagrees."""
    pairs = list(zip(unit_ids, agree, strict=True))
    marks = [tuple((u, Mark.AGREE if i < n else Mark.DISAGREE) for u, n in pairs) for i in range(voters)]
    return [TallyBallot(marks=m) for m in marks]


def enter_council_round(session: Session, *, province_id: int, year: int, kind: AwardKind, unit_ids: list[int],
                        ballots: list[TallyBallot], at: datetime, title: str,
                        present: list[User] | None = None, place: str | None = None,
                        committee: tuple[str, ...] = ()) -> VotingRound:  # fmt: skip
    """A council round as a counted, published paper vote stores it: the members present (all
    unless given) and the first of them as many as there are ballots voted, the anonymous
    ballots, the ordinary tally frozen on the round, the close and the publication on the
    audit chain."""
    council = council_of(session, province_id, create=True)
    members = council_members(session, council.id)
    settings = council_settings(session, province_id, kind, len(unit_ids))
    names = names_in_year(session, year=year, unit_ids=unit_ids)
    candidates = [Candidate(u, names[u].name if u in names else str(u)) for u in unit_ids]
    present = members if present is None else present
    result = tally(settings, candidates, ballots, members=len(members), issued=len(present), seed=title)
    round_ = VotingRound(bloc_id=council.id, year=year, kind=settings.kind.value, title=title,
                         settings_json=to_json(settings), status=RoundStatus.PUBLISHED,
                         draw_seed=f"hoi-dong-{year}-{kind.value}", result_json=result_to_json(result),
                         created_at=at - timedelta(hours=1), place=place,
                         committee_json=json.dumps(list(committee), ensure_ascii=False))  # fmt: skip
    session.add(round_)
    session.flush()
    session.add_all([RoundCandidate(round_id=round_.id, unit_id=u, position=i) for i, u in enumerate(unit_ids)])
    session.add_all([PersonCheckIn(round_id=round_.id, user_id=m.id) for m in present])
    session.add_all([PersonParticipation(round_id=round_.id, user_id=m.id) for m in present[: len(ballots)]])
    for ballot in ballots:
        content = json.dumps({"marks": [[cid, mark.value] for cid, mark in ballot.marks]}, sort_keys=True)
        session.add(Ballot(id=secrets.token_hex(16), round_id=round_.id, content_json=content, valid=ballot.valid))
    audit.append(session, kind="paper_voters", at=at - timedelta(minutes=20), round_id=round_.id, count=len(ballots))
    audit.append(session, kind="round_closed", at=at - timedelta(minutes=5), round_id=round_.id,
                 digest=audit.head(session))  # fmt: skip
    audit.append(session, kind="round_published", at=at, round_id=round_.id)
    session.flush()
    return round_


def _agree(demo: DemoCouncil, kind: AwardKind, candidates: int) -> tuple[int, ...]:
    """The invented agree counts for this many proposals (the last one repeats if more)."""
    counts = demo.agree[kind]
    return (counts + counts[-1:] * candidates)[:candidates]


def _proposals(session: Session, province_id: int) -> dict[AwardKind, list[int]]:
    """The year's proposed units per award, each once, in the order they were proposed."""
    awards = proposed_awards(session, province_id=province_id, year=YEAR, kinds=set(ROUND_TITLE))
    by_kind: dict[AwardKind, list[int]] = {}
    for award in awards:
        units = by_kind.setdefault(award.kind, [])
        if award.unit_id not in units:
            units.append(award.unit_id)
    return by_kind


def _vote_and_decide(session: Session, province: Province, demo: DemoCouncil) -> None:
    voters = len(council_members(session, council_of(session, province.id).id))
    for number, (kind, unit_ids) in enumerate(sorted(_proposals(session, province.id).items())):
        agree = _agree(demo, kind, len(unit_ids))
        enter_council_round(session, province_id=province.id, year=YEAR, kind=kind, unit_ids=unit_ids,
                            ballots=hand_ballots(unit_ids, agree, voters),
                            at=demo.held + timedelta(minutes=40 * number),
                            title=ROUND_TITLE[kind].format(year=YEAR), place=PLACE.format(province=province.name),
                            committee=tuple(f"{name} {ILLUSTRATIVE} – {role}" for name, role
                                            in zip(demo.members[-3:], COMMITTEE_ROLES, strict=True)))  # fmt: skip
    signed = datetime.combine(demo.signed_on, datetime.min.time(), tzinfo=ZONE).astimezone(UTC)
    record_decision(session, province_id=province.id, year=YEAR, number=demo.decision_number,
                    signed_on=demo.signed_on, at=signed)  # fmt: skip


def _write_outcome(session: Session, province: Province, demo: DemoCouncil) -> None:
    """The decision's outcome without the council's rounds: the same tally of the same ballots."""
    members = len(demo.members)
    for kind, unit_ids in _proposals(session, province.id).items():
        settings = council_settings(session, province.id, kind, len(unit_ids))
        candidates = [Candidate(u, str(u)) for u in unit_ids]
        ballots = hand_ballots(unit_ids, _agree(demo, kind, len(unit_ids)), members)
        result = json.loads(result_to_json(tally(settings, candidates, ballots, members=members, issued=members)))
        outcome = {c.unit_id: c for c in candidate_outcomes(result, settings)}
        awards = session.exec(
            select(Award)
            .join(Unit, Unit.id == Award.unit_id)
            .where(Unit.province_id == province.id, Award.year == YEAR, Award.kind == kind,
                   Award.status == AwardStatus.PROPOSED, Award.person_name.is_(None))
        )  # fmt: skip
        for award in awards:
            if outcome[award.unit_id].approved:
                award.status, award.decision_ref = AwardStatus.APPROVED, demo.decision_number
                award.decision_date = demo.signed_on
            else:
                award.status, award.status_reason = AwardStatus.NOT_APPROVED, outcome[award.unit_id].reason
            session.add(award)
    session.flush()
