"""The province's proposals of a year: every award its blocs' rounds proposed, with the
dossier the standing office opens for each (the round that proposed it and its result, the
unit's verified score and rank in its bloc, the unit's earlier awards).

Read-only. The caller says which province; `proposals_board` checks the principal may run
that province's stage (services.access.scope.stage_province_ids) before reading anything.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlmodel import Session, select

from db.models import Award, AwardKind, AwardStatus, Bloc, Province, SheetState
from db.models.voting import RoundStatus, VotingRound
from services.access.scope import stage_province_ids
from services.access.sessions import Principal
from services.dashboards.bloc_overview import covenant_id, member_ids
from services.dashboards.totals import competition_ranks, sheet_totals
from services.errors import Checker
from services.registry.places import ordinary
from services.registry.units import names_in_year
from services.voting.rounds import AWARD_OF_KIND
from services.voting.settings_codec import from_json

# What the page and the council look at: a bloc's proposal, and what the decision made of it.
LISTED_STATUSES = (AwardStatus.PROPOSED, AwardStatus.APPROVED, AwardStatus.NOT_APPROVED)
# The groups in the order a decision lists them: the highest award first; others after.
KIND_ORDER = (AwardKind.GOVERNMENT_FLAG, AwardKind.PROVINCIAL_FLAG, AwardKind.CERTIFICATE_OF_MERIT)
ROUND_KIND_OF_AWARD = {award: round_kind.value for round_kind, award in AWARD_OF_KIND.items()}


@dataclass(frozen=True)
class RoundLine:
    """One candidate of the proposing round's published result."""

    unit_id: int
    unit: str
    votes: int
    share: Fraction
    winner: bool


@dataclass(frozen=True)
class ProposingRound:
    round_id: int
    title: str
    seats: int
    members: int
    collected: int
    lines: tuple[RoundLine, ...]
    runoff_of_id: int | None


@dataclass(frozen=True)
class EarlierAward:
    year: int
    kind: AwardKind
    status: AwardStatus
    decision_ref: str | None


@dataclass(frozen=True)
class Proposal:
    award_id: int
    year: int
    kind: AwardKind
    status: AwardStatus
    unit_id: int
    unit: str
    bloc_id: int
    bloc: str
    decision_ref: str | None
    decision_date: date | None
    status_reason: str | None
    round: ProposingRound | None  # None: no published round of the bloc proposed it (entered by hand)
    verified: Decimal | None  # the verified total of the unit's sheet in that bloc-year
    rank: int | None  # among the bloc's members that year (equal totals share a rank)
    ranked_of: int  # the bloc's member units that year
    sheet_state: SheetState | None  # None: the unit has no sheet there
    earlier: tuple[EarlierAward, ...]  # the unit's awards of earlier years, latest first

    @property
    def votes(self) -> int | None:
        if self.round is None:
            return None
        return next((line.votes for line in self.round.lines if line.unit_id == self.unit_id), None)


def kind_order(kind: AwardKind) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def check_stage_access(session: Session, *, principal: Principal, province_id: int) -> None:
    """Raises ValidationFailed unless the principal runs this province's stage: a page's
    picker is a convenience, this is the protection (a forged province id reads nothing)."""
    if province_id not in stage_province_ids(session, principal=principal):
        check = Checker()
        check.add("province", "error.forbidden")
        check.raise_if_any()


def stage_provinces(session: Session, *, principal: Principal) -> dict[int, tuple[str, str]]:
    """{province id: (code, name)} of the provinces whose stage the principal runs, by name."""
    allowed = sorted(stage_province_ids(session, principal=principal))
    query = select(Province).where(Province.id.in_(allowed)).order_by(Province.name)
    return {p.id: (p.code, p.name) for p in session.exec(query)}


def _province_blocs(session: Session, province_id: int) -> dict[int, Bloc]:
    """The province's ordinary blocs: a council proposes nothing (it decides)."""
    query = ordinary(select(Bloc).where(Bloc.province_id == province_id))
    return {b.id: b for b in session.exec(query)}


def proposal_years(session: Session, *, principal: Principal, province_id: int) -> list[int]:
    """Years in which any bloc of the province proposed an award, latest first."""
    check_stage_access(session, principal=principal, province_id=province_id)
    blocs = list(_province_blocs(session, province_id))
    if not blocs:
        return []
    query = (
        select(Award.year)
        .where(Award.bloc_id.in_(blocs), Award.status.in_(LISTED_STATUSES), Award.person_name.is_(None))
        .distinct()
    )
    return sorted(session.exec(query), reverse=True)


def _published_rounds(session: Session, bloc_ids: list[int], year: int) -> dict[tuple[int, str], list[VotingRound]]:
    """The published award rounds of the blocs that year, by (bloc, round kind), latest first."""
    query = select(VotingRound).where(
        VotingRound.bloc_id.in_(bloc_ids),
        VotingRound.year == year,
        VotingRound.status == RoundStatus.PUBLISHED,
        VotingRound.kind.in_(list(ROUND_KIND_OF_AWARD.values())),
    )
    found: dict[tuple[int, str], list[VotingRound]] = defaultdict(list)
    for round_ in sorted(session.exec(query), key=lambda r: r.id, reverse=True):
        found[(round_.bloc_id, round_.kind)].append(round_)
    return found


def _proposing_round(round_: VotingRound) -> ProposingRound:
    """The round as frozen at its close: the names and votes its minutes print."""
    result = json.loads(round_.result_json or "{}")
    winners = set(result.get("winners", []))
    lines = tuple(
        RoundLine(int(c["id"]), c["name"], int(c["votes"]), Fraction(c["share"]), c["id"] in winners)
        for c in result.get("candidates", [])
    )
    members = int(result.get("members", 0))
    return ProposingRound(
        round_id=round_.id,
        title=round_.title,
        seats=from_json(round_.settings_json).seat_count(members),
        members=members,
        collected=int(result.get("collected", 0)),
        lines=lines,
        runoff_of_id=round_.runoff_of_id,
    )


def _winners(round_: VotingRound) -> set[int]:
    return set(json.loads(round_.result_json or "{}").get("winners", []))


def _earlier_awards(session: Session, unit_ids: list[int], year: int) -> dict[int, list[EarlierAward]]:
    query = (
        select(Award)
        .where(Award.unit_id.in_(unit_ids), Award.year < year, Award.person_name.is_(None))
        .order_by(Award.year.desc(), Award.id)
    )
    found: dict[int, list[EarlierAward]] = defaultdict(list)
    for award in session.exec(query):
        found[award.unit_id].append(EarlierAward(award.year, award.kind, award.status, award.decision_ref))
    return found


@dataclass(frozen=True)
class _BlocYearScores:
    verified: dict[int, Decimal | None]
    states: dict[int, SheetState]
    ranks: dict[int, int | None]
    members: int


def _scores(session: Session, bloc_id: int, year: int) -> _BlocYearScores:
    members = member_ids(session, bloc_id=bloc_id, year=year)
    covenant = covenant_id(session, bloc_id=bloc_id, year=year)
    sheets = {s.unit_id: s for s in sheet_totals(session, covenant_ids=[covenant] if covenant else [])}
    verified = {u: sheets[u].verified if u in sheets else None for u in members}
    return _BlocYearScores(
        verified={u: s.verified for u, s in sheets.items()},
        states={u: s.state for u, s in sheets.items()},
        ranks=competition_ranks(verified),
        members=len(members),
    )


def province_proposals(session: Session, *, principal: Principal, province_id: int, year: int) -> list[Proposal]:
    """year_proposals for a principal who runs the province's stage (else ValidationFailed)."""
    check_stage_access(session, principal=principal, province_id=province_id)
    return year_proposals(session, province_id=province_id, year=year)


def year_proposals(session: Session, *, province_id: int, year: int) -> list[Proposal]:
    """Every unit award of the year that a bloc of the province proposed (bloc_id set), in
    the decision's order: award kind, then bloc, then unit. No scope check: for services that
    made theirs already (the council's round, the decision); pages use province_proposals."""
    blocs = _province_blocs(session, province_id)
    if not blocs:
        return []
    query = select(Award).where(
        Award.bloc_id.in_(list(blocs)),
        Award.year == year,
        Award.status.in_(LISTED_STATUSES),
        Award.person_name.is_(None),
    )
    awards = list(session.exec(query))
    unit_ids = sorted({a.unit_id for a in awards})
    names = {u: n.name for u, n in names_in_year(session, year=year, unit_ids=unit_ids).items()}
    rounds = _published_rounds(session, list(blocs), year)
    scores = {b: _scores(session, b, year) for b in sorted({a.bloc_id for a in awards})}
    earlier = _earlier_awards(session, unit_ids, year)
    proposals = []
    for award in awards:
        candidates = rounds.get((award.bloc_id, ROUND_KIND_OF_AWARD.get(award.kind, "")), [])
        round_ = next((r for r in candidates if award.unit_id in _winners(r)), None)
        bloc_scores = scores[award.bloc_id]
        proposals.append(
            Proposal(
                award_id=award.id,
                year=award.year,
                kind=award.kind,
                status=award.status,
                unit_id=award.unit_id,
                unit=names.get(award.unit_id, str(award.unit_id)),
                bloc_id=award.bloc_id,
                bloc=blocs[award.bloc_id].name,
                decision_ref=award.decision_ref,
                decision_date=award.decision_date,
                status_reason=award.status_reason,
                round=_proposing_round(round_) if round_ else None,
                verified=bloc_scores.verified.get(award.unit_id),
                rank=bloc_scores.ranks.get(award.unit_id),
                ranked_of=bloc_scores.members,
                sheet_state=bloc_scores.states.get(award.unit_id),
                earlier=tuple(earlier.get(award.unit_id, [])),
            )
        )
    return sorted(proposals, key=lambda p: (kind_order(p.kind), p.kind.value, p.bloc, p.unit, p.award_id))


def by_kind(proposals: list[Proposal]) -> dict[AwardKind, list[Proposal]]:
    """The proposals grouped by award kind, in the decision's order (already sorted)."""
    groups: dict[AwardKind, list[Proposal]] = {}
    for proposal in proposals:
        groups.setdefault(proposal.kind, []).append(proposal)
    return groups
