"""The checks the standing office runs on a year's proposals before the council votes.

Each check is what the data can prove, said beside the proposal and counted in a summary:
- TWICE: a unit proposed more than once for the same award that year (two blocs, or a round
  published twice);
- OVER_SEATS: a bloc proposed more units for an award than its proposing round had seats;
- NOT_LOCKED: the unit's score sheet of that year in that bloc is not locked (scores may still
  move after the proposal);
- OVER_CAP: more Government-flag nominees than the province's cap, a share (stage rules,
  1/5 by default) of the year's provincial-flag holders, rounded down.

Which holders the cap counts: the year's provincial flags that still stand, that is proposed
or approved, each unit once; refused ones (NOT_APPROVED) do not. The check must work before
the decision exists (then the proposals are all there is) and after it (then every flag left
standing is an approved one), so one rule serves both. Refused proposals are left out of the
cap on the nominees' side too; the other checks describe what the bloc sent and keep them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from db.models import AwardKind, AwardStatus, SheetState
from services.province.proposals import Proposal


class Problem(StrEnum):
    TWICE = "twice"
    OVER_SEATS = "over_seats"
    NOT_LOCKED = "not_locked"
    OVER_CAP = "over_cap"


@dataclass(frozen=True)
class Finding:
    problem: Problem
    params: dict[str, Any] = field(default_factory=dict)  # for the message (counts, seats, state)


@dataclass(frozen=True)
class CapCount:
    share: Fraction  # of the year's provincial-flag holders (stage rules)
    holders: int  # units with a provincial flag of the year, proposed or approved
    nominees: int  # units proposed for the Government flag, not refused

    @property
    def cap(self) -> int:
        return self.share.numerator * self.holders // self.share.denominator  # floor, exactly

    @property
    def over(self) -> bool:
        return self.nominees > self.cap


@dataclass(frozen=True)
class CheckReport:
    findings: dict[int, tuple[Finding, ...]]  # award id → its findings (no key: nothing found)
    cap: CapCount

    def flagged(self, problem: Problem) -> int:
        """How many proposals this problem is found on."""
        return sum(1 for found in self.findings.values() if any(f.problem == problem for f in found))

    def of(self, award_id: int) -> tuple[Finding, ...]:
        return self.findings.get(award_id, ())


def standing(proposal: Proposal) -> bool:
    return proposal.status != AwardStatus.NOT_APPROVED


def government_flag_cap(proposals: list[Proposal], share: Fraction) -> CapCount:
    holders = {p.unit_id for p in proposals if p.kind == AwardKind.PROVINCIAL_FLAG and standing(p)}
    nominees = {p.unit_id for p in proposals if p.kind == AwardKind.GOVERNMENT_FLAG and standing(p)}
    return CapCount(share=share, holders=len(holders), nominees=len(nominees))


def check_proposals(proposals: list[Proposal], *, cap_share: Fraction) -> CheckReport:
    """The findings of one province's year (every proposal of it, as province_proposals reads them)."""
    findings: dict[int, list[Finding]] = defaultdict(list)

    same_award: dict[tuple[int, AwardKind], list[Proposal]] = defaultdict(list)
    for p in proposals:
        same_award[(p.unit_id, p.kind)].append(p)
    for group in same_award.values():
        if len(group) > 1:
            blocs = ", ".join(sorted({p.bloc for p in group}))
            for p in group:
                findings[p.award_id].append(Finding(Problem.TWICE, {"count": len(group), "blocs": blocs}))

    of_bloc: dict[tuple[int, AwardKind], list[Proposal]] = defaultdict(list)
    for p in proposals:
        of_bloc[(p.bloc_id, p.kind)].append(p)
    for group in of_bloc.values():
        seats = [p.round.seats for p in group if p.round is not None]
        # Without a published round (entered by hand) there are no seats to compare with.
        if seats and len(group) > max(seats):
            for p in group:
                findings[p.award_id].append(Finding(Problem.OVER_SEATS, {"count": len(group), "seats": max(seats)}))

    for p in proposals:
        if p.sheet_state != SheetState.LOCKED:
            state = p.sheet_state.value if p.sheet_state else "none"
            findings[p.award_id].append(Finding(Problem.NOT_LOCKED, {"state": state}))

    cap = government_flag_cap(proposals, cap_share)
    if cap.over:
        for p in proposals:
            if p.kind == AwardKind.GOVERNMENT_FLAG and standing(p):
                findings[p.award_id].append(Finding(Problem.OVER_CAP, {"nominees": cap.nominees, "cap": cap.cap}))

    return CheckReport({k: tuple(v) for k, v in findings.items()}, cap)
