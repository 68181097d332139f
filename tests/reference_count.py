"""A second, deliberately plain count of a round, written from DOMAIN.md ("Voting rules").

It shares no code with services/voting/tally.py: only the settings (RoundSettings and
its enums) are read as input. It is slow on purpose: every ballot is read once per
candidate, every threshold is an explicit Fraction comparison, every seat is handed
out in a visible loop. Tests run it beside the real count and compare.

The rules it implements:
- A valid ballot counts; an invalid one counts for nobody. On an approval ballot a
  candidate is agreed, disagreed or left blank; on a pick or single ballot a chosen
  candidate has a vote and every other candidate of a non-blank ballot is "against".
  A blank ballot is valid and never adds a vote. A name marked twice counts once,
  with its last mark.
- Required votes: the smallest whole number v with v > f × base (for ">") or
  v ≥ f × base (for "≥"), and never less than 1. 2/3 of 9 → "≥" needs 6.
- Seats: a number, or a share of the member units rounded down.
- Seats are filled by votes among the candidates that pass. A tie-break runs ONLY
  when more candidates share the last seat's vote count than seats remain. The
  policies run in the round's order: score (higher verified score wins; equal scores
  stay tied for the next policy; no score is lowest), draw (sha256("<seed>:<id>") in
  hex, lowest first), runoff (among those still tied, for the seats still open).
  All policies used and still tied: a runoff.
- Nobody passes: a runoff among the top two by votes plus anyone tied with the second
  (runoff_top_two), or the seat stays empty. A runoff always has at least two
  candidates, so with fewer than two candidates the seat stays empty.

Orders (they are conventions of the result, not rules): candidates are listed by votes
(most first), then name, then id; winners are in seat order (clear winners in that
listing order, then each tie step's choices in the order it chose them).
"""

import hashlib
from dataclasses import dataclass, field
from fractions import Fraction

from services.voting.rules import BallotForm, Comparison, RoundSettings, ThresholdBase, TieBreak, WhenNonePasses


@dataclass
class RefCandidate:
    id: int
    name: str
    score: object  # a Decimal, or None
    votes: int = 0
    against: int = 0
    blank: int = 0
    passed: bool = False
    rank: int = 0
    share: Fraction = Fraction(0)


@dataclass
class RefStep:
    policy: str
    tied: tuple[int, ...]
    seats: int
    chosen: tuple[int, ...]


@dataclass
class RefResult:
    collected: int
    valid: int
    invalid: int
    base_value: int
    required: int
    seats: int
    candidates: list[RefCandidate]  # in listing order
    winners: tuple[int, ...] = ()
    steps: list[RefStep] = field(default_factory=list)
    runoff: tuple[tuple[int, ...], int, str] | None = None  # (candidate ids, seats, reason)

    def counts(self) -> dict[int, tuple[int, int, int, bool]]:
        return {c.id: (c.votes, c.against, c.blank, c.passed) for c in self.candidates}


def reference_required(comparison: str, threshold: Fraction, base_value: int) -> int:
    """Try 1, 2, 3, … until the threshold is met: no floor or ceiling formula to get wrong."""
    limit = Fraction(threshold) * base_value
    votes = 1
    while True:
        if comparison == Comparison.MORE_THAN and Fraction(votes) > limit:
            return votes
        if comparison == Comparison.AT_LEAST and Fraction(votes) >= limit:
            return votes
        votes = votes + 1


def reference_seats(settings: RoundSettings, members: int) -> int:
    if settings.seats is not None:
        return settings.seats
    share = settings.seats_share if settings.seats_share is not None else Fraction(0)
    seats = 0
    while Fraction(seats + 1) <= share * members:  # rounded down
        seats = seats + 1
    return seats


def _mark_on(ballot, candidate_id: int):
    """The candidate's mark on this ballot (the last one if marked twice), or None."""
    found = None
    for marked_id, mark in ballot.marks:
        if marked_id == candidate_id:
            found = str(mark)
    return found


def _listing_key(candidate: RefCandidate):
    return (-candidate.votes, candidate.name, candidate.id)


def _score_key(candidate: RefCandidate):
    """Higher score first; no score after every score."""
    if candidate.score is None:
        return (1, 0)
    return (0, -candidate.score)


def _draw_key(seed: str, candidate: RefCandidate) -> str:
    return hashlib.sha256(f"{seed}:{candidate.id}".encode()).hexdigest()


def reference_count(settings: RoundSettings, candidates, ballots, *, members: int, issued: int,
                    seed: str = "") -> RefResult:  # fmt: skip
    """candidates: objects with id, name, score; ballots: objects with valid and marks
    ((candidate id, "agree" or "disagree"), …). issued is not used by any rule."""
    collected = len(ballots)
    valid = 0
    for ballot in ballots:
        if ballot.valid:
            valid = valid + 1
    if settings.base == ThresholdBase.ENTITLED:
        base_value = members
    elif settings.base == ThresholdBase.COLLECTED:
        base_value = collected
    else:
        base_value = valid
    required = reference_required(settings.comparison, settings.threshold, base_value)

    counted = []
    for candidate in candidates:
        row = RefCandidate(candidate.id, candidate.name, candidate.score)
        for ballot in ballots:
            if not ballot.valid:
                continue
            mark = _mark_on(ballot, candidate.id)
            if mark == "agree":
                row.votes = row.votes + 1
            elif mark == "disagree":
                row.against = row.against + 1
            elif settings.form != BallotForm.APPROVAL and len(ballot.marks) > 0:
                row.against = row.against + 1  # a pick or single ballot that chose someone else
            else:
                row.blank = row.blank + 1
        row.passed = row.votes >= required
        row.share = Fraction(row.votes, base_value) if base_value > 0 else Fraction(0)
        counted.append(row)
    counted.sort(key=_listing_key)
    for row in counted:
        more = 0
        for other in counted:
            if other.votes > row.votes:
                more = more + 1
        row.rank = more + 1

    seats = reference_seats(settings, members)
    result = RefResult(collected, valid, collected - valid, base_value, required, seats, counted)
    passing = [row for row in counted if row.passed]

    if not passing:
        if settings.when_none_passes == WhenNonePasses.RUNOFF_TOP_TWO and len(counted) >= 2:
            second = counted[1].votes
            top = tuple(row.id for row in counted if row.votes >= second)
            result.runoff = (top, seats, "none_passed")
        return result

    if len(passing) <= seats:
        result.winners = tuple(row.id for row in passing)
        return result

    # More passing candidates than seats: hand the seats out by votes, one level at a time.
    winners: list[int] = []
    open_seats = seats
    levels = sorted({row.votes for row in passing}, reverse=True)
    for level in levels:
        if open_seats == 0:
            break
        at_level = [row for row in passing if row.votes == level]
        if len(at_level) <= open_seats:
            for row in at_level:
                winners.append(row.id)
            open_seats = open_seats - len(at_level)
            continue
        # More candidates share this vote count than seats remain: the only real tie.
        winners, steps, runoff = _break_tie(settings.tie_breaks, at_level, open_seats, seed, winners)
        result.steps = steps
        result.runoff = runoff
        open_seats = 0
    result.winners = tuple(winners)
    return result


def _break_tie(policies, tied: list[RefCandidate], open_seats: int, seed: str, winners: list[int]):
    steps: list[RefStep] = []
    for policy in policies:
        ids = tuple(row.id for row in tied)
        if policy == TieBreak.RUNOFF:
            steps.append(RefStep(TieBreak.RUNOFF.value, ids, open_seats, ()))
            return winners, steps, (ids, open_seats, "tie")
        if policy == TieBreak.DRAW:
            drawn = sorted(tied, key=lambda row: _draw_key(seed, row))
            chosen = tuple(row.id for row in drawn[:open_seats])
            steps.append(RefStep(TieBreak.DRAW.value, ids, open_seats, chosen))
            return winners + list(chosen), steps, None
        # Score: go down the distinct scores, best first, seating whole groups that fit.
        chosen: list[int] = []
        still: list[RefCandidate] = []
        seats_left = open_seats
        groups: list[list[RefCandidate]] = []
        for row in sorted(tied, key=_score_key):
            if groups and _score_key(groups[-1][0]) == _score_key(row):
                groups[-1].append(row)
            else:
                groups.append([row])
        for group in groups:
            if seats_left == 0:
                break
            if len(group) <= seats_left:
                for row in group:
                    chosen.append(row.id)
                seats_left = seats_left - len(group)
            else:
                still = group  # equal scores straddle the last seat: still tied
                break
        steps.append(RefStep(TieBreak.SCORE.value, ids, open_seats, tuple(chosen)))
        winners = winners + chosen
        if seats_left == 0:
            return winners, steps, None
        tied, open_seats = still, seats_left
    ids = tuple(row.id for row in tied)
    steps.append(RefStep(TieBreak.RUNOFF.value, ids, open_seats, ()))
    return winners, steps, (ids, open_seats, "tie")
