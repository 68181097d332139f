"""The decision that closes the province's year: the council's published rounds say which
proposals pass, and the chair's decision (numbered and signed outside the app) makes them
awards. Entering its number and date marks every proposal the council voted on as
approved (decision_ref, decision_date, council_round_id) or not approved, with the
council's result in words as the reason; one event on the audit chain records it.

A council round is a VotingRound of the province's council body (services/province/council.py)
whose candidates are the units proposed for one award kind; its frozen result_json is the
ordinary tally's. A candidate is approved when it is among the round's winners: with as many
seats as candidates that is every candidate that reached the threshold.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from db.models import Award, AwardKind, AwardStatus, Unit
from db.models.voting import AuditEvent, RoundStatus, VotingRound
from services.access.sessions import Principal
from services.clock import format_day, local, local_today
from services.errors import Checker
from services.numbers import format_number
from services.province.council import council_of
from services.voting import audit
from services.voting.document_parts import vi
from services.voting.minutes_content import rule_text
from services.voting.rules import RoundSettings
from services.voting.settings_codec import from_json

DECISION_SUFFIX = "/QĐ-UBND"
_AWARD_KINDS = {kind.value: kind for kind in (AwardKind.PROVINCIAL_FLAG, AwardKind.CERTIFICATE_OF_MERIT,
                                               AwardKind.GOVERNMENT_FLAG)}  # fmt: skip
# The order the decision's articles follow: the highest award first.
ARTICLE_ORDER = (AwardKind.GOVERNMENT_FLAG, AwardKind.PROVINCIAL_FLAG, AwardKind.CERTIFICATE_OF_MERIT)


def award_kind_of(round_: VotingRound) -> AwardKind | None:
    """The award a council round decides: its kind is the award's ("provincial_flag"), or the
    same with a "council_" prefix, whichever the council's round kinds use."""
    return _AWARD_KINDS.get(round_.kind.removeprefix("council_"))


@dataclass(frozen=True)
class CandidateOutcome:
    unit_id: int
    name: str
    votes: int
    base: int  # the threshold's base: all council members, ballots collected or valid ballots
    approved: bool
    reason: str | None  # why not, in words, for a candidate that is not approved


@dataclass(frozen=True)
class CouncilOutcome:
    round_id: int
    title: str
    award: AwardKind
    held_on: date  # the day the council's result was published (local)
    rule: str  # "đạt từ 2/3 tổng số thành viên trở lên"
    members: int
    collected: int
    candidates: tuple[CandidateOutcome, ...]

    @property
    def approved(self) -> tuple[CandidateOutcome, ...]:
        return tuple(c for c in self.candidates if c.approved)


@dataclass(frozen=True)
class DecisionResult:
    approved: int
    not_approved: int
    decision_ref: str


def published_council_rounds(session: Session, *, province_id: int, year: int) -> list[VotingRound]:
    council = council_of(session, province_id)
    if council is None:
        return []
    query = select(VotingRound).where(
        VotingRound.bloc_id == council.id, VotingRound.year == year, VotingRound.status == RoundStatus.PUBLISHED
    )
    return [r for r in session.exec(query.order_by(VotingRound.id)) if award_kind_of(r) is not None]


def council_outcomes(session: Session, *, province_id: int, year: int) -> list[CouncilOutcome]:
    return [_outcome(session, r) for r in published_council_rounds(session, province_id=province_id, year=year)]


def _outcome(session: Session, round_: VotingRound) -> CouncilOutcome:
    return CouncilOutcome(
        round_id=round_.id,
        title=round_.title,
        award=award_kind_of(round_),
        held_on=local(_published_at(session, round_)).date(),
        rule=rule_text(from_json(round_.settings_json)),
        members=json.loads(round_.result_json)["members"],
        collected=json.loads(round_.result_json)["collected"],
        candidates=candidate_outcomes(json.loads(round_.result_json), from_json(round_.settings_json)),
    )


def candidate_outcomes(result: dict, settings: RoundSettings) -> tuple[CandidateOutcome, ...]:
    """Each candidate of a council result (result_to_json's form), approved or not and why."""
    rule, winners, base = rule_text(settings), set(result["winners"]), result["base_value"]
    outcomes = []
    for c in result["candidates"]:
        approved = c["id"] in winners
        if approved:
            reason = None
        elif c["passed"]:  # reached the threshold, but the seats went to units with more votes
            reason = vi("decision.reason_no_seat", votes=_ratio(c["votes"], base))
        else:
            reason = vi("decision.reason_not_passed", votes=_ratio(c["votes"], base), rule=rule,
                        required=format_number(result["required"]))  # fmt: skip
        outcomes.append(CandidateOutcome(c["id"], c["name"], c["votes"], base, approved, reason))
    return tuple(outcomes)


def _ratio(votes: int, base: int) -> str:
    return f"{format_number(votes)}/{format_number(base)}"


def _published_at(session: Session, round_: VotingRound) -> datetime:
    event = session.exec(
        select(AuditEvent.at)
        .where(AuditEvent.round_id == round_.id, AuditEvent.kind.in_(["round_published", "round_closed"]))
        .order_by(AuditEvent.id.desc())
    ).first()
    return event or round_.created_at


def latest_outcome_by_unit(outcomes: list[CouncilOutcome]) -> dict[tuple[AwardKind, int], tuple[int, CandidateOutcome]]:
    """(award, unit) → (council round id, outcome): a later round of the same award (a runoff,
    a second vote) overrides an earlier one."""
    latest = {}
    for outcome in sorted(outcomes, key=lambda o: o.round_id):
        for candidate in outcome.candidates:
            latest[(outcome.award, candidate.unit_id)] = (outcome.round_id, candidate)
    return latest


def decision_ref(number: str) -> str:
    """ "125" → "125/QĐ-UBND"; a number typed with its symbol ("125/QĐ-UBND") stays as typed."""
    cleaned = " ".join((number or "").split())
    return cleaned if "/" in cleaned else f"{cleaned}{DECISION_SUFFIX}"


def recorded_decision(session: Session, *, province_id: int, year: int) -> tuple[str, date | None] | None:
    """The decision already recorded for the year's council rounds, if any: (ref, date). When
    the council passed nothing, no award carries the number: the audit event does."""
    round_ids = [r.id for r in published_council_rounds(session, province_id=province_id, year=year)]
    if not round_ids:
        return None
    decided = select(Award.decision_ref, Award.decision_date).where(Award.council_round_id.in_(round_ids))
    row = session.exec(decided.where(Award.decision_ref.is_not(None)).limit(1)).first()
    if row:
        return row[0], row[1]
    if session.exec(decided.limit(1)).first() is None:
        return None
    for payload in session.exec(select(AuditEvent.payload_json).where(AuditEvent.kind == "decision_recorded")):
        event = json.loads(payload)
        if (event.get("province_id"), event.get("year")) == (province_id, year):
            return event["decision_ref"], date.fromisoformat(event["signed_on"])
    return "", None


def proposed_awards(session: Session, *, province_id: int, year: int, kinds: set[AwardKind]) -> list[Award]:
    """The year's unit proposals (not individuals') of the province for these awards."""
    if not kinds:
        return []
    query = (
        select(Award)
        .join(Unit, Unit.id == Award.unit_id)
        .where(
            Unit.province_id == province_id,
            Award.year == year,
            Award.status == AwardStatus.PROPOSED,
            Award.person_name.is_(None),
            Award.kind.in_(sorted(kinds)),
        )
        .order_by(Award.id)
    )
    return list(session.exec(query))


def planned_statuses(session: Session, *, province_id: int, year: int, outcomes: list[CouncilOutcome]
                     ) -> list[tuple[Award, int, CandidateOutcome | None]]:  # fmt: skip
    """Every proposal the decision settles, with the council round that settles it and the
    unit's outcome there (None: proposed for that award but not put to the vote, which the
    award's latest council round then settles as not approved)."""
    latest = latest_outcome_by_unit(outcomes)
    last_round = {o.award: o.round_id for o in sorted(outcomes, key=lambda o: o.round_id)}
    planned = []
    for award in proposed_awards(session, province_id=province_id, year=year, kinds=set(last_round)):
        round_id, outcome = latest.get((award.kind, award.unit_id), (last_round[award.kind], None))
        planned.append((award, round_id, outcome))
    return planned


def decision_preview(session: Session, *, province_id: int, year: int) -> tuple[int, int]:
    """(approved, not approved): what recording the decision now would write."""
    outcomes = council_outcomes(session, province_id=province_id, year=year)
    planned = planned_statuses(session, province_id=province_id, year=year, outcomes=outcomes)
    approved = sum(1 for _, _, outcome in planned if outcome is not None and outcome.approved)
    return approved, len(planned) - approved


def check_decision(session: Session, *, province_id: int, year: int, number: str,
                   signed_on: date | None) -> tuple[list[CouncilOutcome], str]:  # fmt: skip
    """Raises ValidationFailed (message keys) when there is no published council round, the
    number is empty or too long, the date is missing, in the future or before the council's
    vote, or the year's decision is already recorded; else (the outcomes, the number cleaned).
    The page asks it before its review step, record_decision again when writing."""
    check = Checker()
    outcomes = council_outcomes(session, province_id=province_id, year=year)
    cleaned = check.text("number", number, max_len=60)
    if not outcomes:
        check.add("rounds", "decision.error.no_council_round", year=year)
    elif recorded := recorded_decision(session, province_id=province_id, year=year):
        check.add("rounds", "decision.error.already_recorded", ref=recorded[0],
                  date=format_day(recorded[1]))  # fmt: skip
    if signed_on is None:
        check.add("signed_on", "error.required")
    elif signed_on > local_today():
        check.add("signed_on", "decision.error.date_future")
    elif outcomes and signed_on < (last := max(o.held_on for o in outcomes)):
        check.add("signed_on", "decision.error.date_before_council", date=format_day(last))
    check.raise_if_any()
    return outcomes, cleaned


def record_decision(session: Session, *, province_id: int, year: int, number: str, signed_on: date | None,
                    at: datetime, principal: Principal | None = None) -> DecisionResult:  # fmt: skip
    """Refused as check_decision says, changing nothing; else every proposal the council voted
    on is decided and one event on the audit chain records the decision."""
    outcomes, cleaned = check_decision(session, province_id=province_id, year=year, number=number,
                                       signed_on=signed_on)  # fmt: skip
    ref = decision_ref(cleaned)
    counted = {AwardStatus.APPROVED: 0, AwardStatus.NOT_APPROVED: 0}
    for award, round_id, outcome in planned_statuses(session, province_id=province_id, year=year, outcomes=outcomes):
        if outcome is not None and outcome.approved:
            award.status, award.decision_ref, award.decision_date = AwardStatus.APPROVED, ref, signed_on
            award.status_reason = None
        else:
            award.status = AwardStatus.NOT_APPROVED
            award.status_reason = (outcome.reason if outcome else vi("decision.reason_not_voted"))[:1000]
        award.council_round_id = round_id
        counted[award.status] += 1
        session.add(award)
    session.flush()
    audit.append(session, kind="decision_recorded", at=at, province_id=province_id, year=year, decision_ref=ref,
                 signed_on=signed_on.isoformat(), approved=counted[AwardStatus.APPROVED],
                 not_approved=counted[AwardStatus.NOT_APPROVED], rounds=[o.round_id for o in outcomes],
                 **audit.actor_fields(principal))  # fmt: skip
    return DecisionResult(counted[AwardStatus.APPROVED], counted[AwardStatus.NOT_APPROVED], ref)


def decision_years(session: Session, *, province_id: int) -> list[int]:
    """Years with unit proposals or awards in the province, latest first."""
    query = (
        select(Award.year)
        .join(Unit, Unit.id == Award.unit_id)
        .where(Unit.province_id == province_id, Award.person_name.is_(None))
        .distinct()
    )
    return sorted(session.exec(query), reverse=True)


def decision_year_choices(session: Session, *, province_id: int) -> tuple[list[int], int | None]:
    """The years the decision page offers, latest first (this year when there is none yet), and
    the one it opens on: the latest the council has voted on, whose decision is due."""
    voted = council_years(session, province_id=province_id)
    years = sorted(set(voted) | set(decision_years(session, province_id=province_id)), reverse=True)
    return years or [local_today().year], (voted[0] if voted else None)


def council_years(session: Session, *, province_id: int) -> list[int]:
    """Years with a published council round, latest first: the page opens on the first."""
    council = council_of(session, province_id)
    if council is None:
        return []
    published = VotingRound.status == RoundStatus.PUBLISHED
    query = select(VotingRound.year).where(VotingRound.bloc_id == council.id, published)
    return sorted(set(session.exec(query)), reverse=True)
