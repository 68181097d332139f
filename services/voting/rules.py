"""The settings of a voting round: every rule is a setting, never a constant.

Presets fill the usual values for each kind of round; the admin may change them
until the round opens. Thresholds and quorums are Fractions: 2/3 of 9 is 6.
"""

from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction

from services.errors import Checker


class RoundKind(StrEnum):
    PROVINCIAL_FLAG = "provincial_flag"
    CERTIFICATE_OF_MERIT = "certificate_of_merit"
    GOVERNMENT_FLAG = "government_flag"
    CHAIR_CONFIRM = "chair_confirm"  # confirm the rotation nominee (thống nhất đề cử): agree / disagree
    CHAIR = "chair"  # an open election among the members (bầu tự do)
    DEPUTY_CONFIRM = "deputy_confirm"
    DEPUTY = "deputy"
    CUSTOM = "custom"
    # The province's council votes on the blocs' proposals of one award (services/voting/council_round.py).
    COUNCIL_PROVINCIAL_FLAG = "council_provincial_flag"
    COUNCIL_CERTIFICATE_OF_MERIT = "council_certificate_of_merit"
    COUNCIL_GOVERNMENT_FLAG = "council_government_flag"


# Rounds held by a province's council (voters are persons), never by a bloc, and the reverse.
COUNCIL_KINDS = frozenset(
    {RoundKind.COUNCIL_PROVINCIAL_FLAG, RoundKind.COUNCIL_CERTIFICATE_OF_MERIT, RoundKind.COUNCIL_GOVERNMENT_FLAG}
)
BLOC_KINDS = tuple(kind for kind in RoundKind if kind not in COUNCIL_KINDS)


class BallotForm(StrEnum):
    PICK = "pick"  # tick up to K candidates (at least M)
    APPROVAL = "approval"  # agree / disagree / blank for each candidate
    SINGLE = "single"  # one name


class Comparison(StrEnum):
    MORE_THAN = "gt"
    AT_LEAST = "ge"


class ThresholdBase(StrEnum):
    ENTITLED = "entitled"  # tổng số thành viên
    COLLECTED = "collected"  # phiếu thu vào
    VALID = "valid"  # phiếu hợp lệ


class CandidateSource(StrEnum):
    ALL_MEMBERS = "all_members"
    TOP_BY_SCORE = "top_by_score"
    CHOSEN = "chosen"


class TieBreak(StrEnum):
    SCORE = "score"  # higher verified score
    RUNOFF = "runoff"  # a runoff round among the tied
    DRAW = "draw"  # a recorded draw by seed


class WhenNonePasses(StrEnum):
    RUNOFF_TOP_TWO = "runoff_top_two"
    LEAVE_EMPTY = "leave_empty"


@dataclass(frozen=True)
class RoundSettings:
    kind: RoundKind
    form: BallotForm
    seats: int | None = 1  # a number of seats, or None when seats_share applies
    seats_share: Fraction | None = None  # of member units, rounded down (e.g. at most 20%)
    max_choices: int | None = None  # K for PICK; None means "as many as seats"
    min_choices: int = 0  # M for PICK
    comparison: Comparison = Comparison.MORE_THAN
    threshold: Fraction = Fraction(1, 2)
    base: ThresholdBase = ThresholdBase.COLLECTED
    quorum: Fraction = Fraction(2, 3)  # of member units present before opening
    candidates: CandidateSource = CandidateSource.ALL_MEMBERS
    top_n: int | None = None
    self_vote: bool = False
    tie_breaks: tuple[TieBreak, ...] = (TieBreak.SCORE, TieBreak.RUNOFF)
    when_none_passes: WhenNonePasses = WhenNonePasses.LEAVE_EMPTY

    def seat_count(self, members: int) -> int:
        """members: the bloc's member units (tổng số thành viên), never the units present."""
        if self.seats is not None:
            return self.seats
        return int((self.seats_share or Fraction(0)) * members)

    def choice_limit(self, members: int) -> int:
        """The most names a ballot may mark: 1 on a single-choice ballot, else K, else the
        seats. members is the bloc's member units, the same count the seats come from,
        never the units checked in: 10 members at 20 % is 2 seats, so a ballot may mark 2
        even when only 8 units are present (3 marks are refused)."""
        if self.form == BallotForm.SINGLE:
            return 1
        return self.max_choices if self.max_choices is not None else self.seat_count(members)


_BASE = RoundSettings(kind=RoundKind.CUSTOM, form=BallotForm.PICK)
# Most blocs confirm the rotation nominee rather than elect: one name, chosen on the rounds
# page, agree / disagree / blank; it passes with more than 1/2 of the ballots collected.
_CONFIRM = replace(
    _BASE, form=BallotForm.APPROVAL, seats=1, candidates=CandidateSource.CHOSEN,
    when_none_passes=WhenNonePasses.LEAVE_EMPTY,
)  # fmt: skip
# A confirmation records what its open election records (next year's chair or deputy); a
# rejected nominee leaves the choice to that open election.
OPEN_ELECTION_OF: dict[RoundKind, RoundKind] = {
    RoundKind.CHAIR_CONFIRM: RoundKind.CHAIR,
    RoundKind.DEPUTY_CONFIRM: RoundKind.DEPUTY,
}
PRESETS: dict[RoundKind, RoundSettings] = {
    # Usually one leading unit; a bloc may propose two (Lai Châu 2017): the admin changes it.
    RoundKind.PROVINCIAL_FLAG: replace(_BASE, kind=RoundKind.PROVINCIAL_FLAG, seats=1),
    RoundKind.CERTIFICATE_OF_MERIT: replace(_BASE, kind=RoundKind.CERTIFICATE_OF_MERIT, seats=3),
    RoundKind.GOVERNMENT_FLAG: replace(
        _BASE, kind=RoundKind.GOVERNMENT_FLAG, seats=1, candidates=CandidateSource.CHOSEN
    ),
    RoundKind.CHAIR_CONFIRM: replace(_CONFIRM, kind=RoundKind.CHAIR_CONFIRM),
    RoundKind.DEPUTY_CONFIRM: replace(_CONFIRM, kind=RoundKind.DEPUTY_CONFIRM),
    RoundKind.CHAIR: replace(
        _BASE,
        kind=RoundKind.CHAIR,
        form=BallotForm.SINGLE,
        tie_breaks=(TieBreak.RUNOFF,),
        when_none_passes=WhenNonePasses.RUNOFF_TOP_TWO,
    ),
    RoundKind.DEPUTY: replace(
        _BASE,
        kind=RoundKind.DEPUTY,
        form=BallotForm.SINGLE,
        tie_breaks=(TieBreak.RUNOFF,),
        when_none_passes=WhenNonePasses.RUNOFF_TOP_TWO,
    ),
    RoundKind.CUSTOM: _BASE,
}
# A council round: agree / disagree / blank on each proposal, every proposal judged on its own
# (as many seats as proposals, so no cap and no tie), by default at least 2/3 of ALL council
# members; the province's stage rules set comparison, threshold and base when it is created.
_COUNCIL = replace(
    _BASE, form=BallotForm.APPROVAL, candidates=CandidateSource.CHOSEN, comparison=Comparison.AT_LEAST,
    threshold=Fraction(2, 3), base=ThresholdBase.ENTITLED, tie_breaks=(TieBreak.RUNOFF,),
    when_none_passes=WhenNonePasses.LEAVE_EMPTY,
)  # fmt: skip
PRESETS |= {kind: replace(_COUNCIL, kind=kind) for kind in COUNCIL_KINDS}


def check_settings(settings: RoundSettings, *, members: int, candidates: int) -> None:
    """Raises ValidationFailed with every problem, in message keys the UI translates."""
    check = Checker()
    seats = settings.seat_count(members)
    if settings.seats is not None and settings.seats < 1:
        check.add("seats", "vote_error.seats_positive")
    elif settings.seats is None and not (settings.seats_share and 0 < settings.seats_share <= 1):
        check.add("seats", "vote_error.share_range")
    elif seats < 1:
        check.add("seats", "vote_error.share_too_small", members=members)
    if candidates < 1:
        check.add("candidates", "vote_error.no_candidates")
    elif members == 1 and not settings.self_vote and settings.kind not in COUNCIL_KINDS:
        # Candidates are always members: the lone member could only mark itself, which it may not.
        check.add("candidates", "vote_error.lone_member")
    elif seats > candidates:
        check.add("seats", "vote_error.seats_exceed_candidates", seats=seats, candidates=candidates)
    if settings.form == BallotForm.PICK and (settings.max_choices is not None or seats >= 1):
        limit = settings.choice_limit(members)
        if limit < 1:
            check.add("max_choices", "vote_error.max_choices_positive")
        elif settings.max_choices is not None and limit > candidates >= 1:
            check.add("max_choices", "vote_error.max_exceeds_candidates", max=limit, candidates=candidates)
        if not 0 <= settings.min_choices <= limit:
            check.add("min_choices", "vote_error.min_range", max=limit)
    if settings.form == BallotForm.SINGLE and seats != 1:
        check.add("seats", "vote_error.single_one_seat")
    if not 0 < settings.threshold <= 1:
        check.add("threshold", "vote_error.threshold_range")
    if not 0 <= settings.quorum <= 1:
        check.add("quorum", "vote_error.quorum_range")
    if settings.candidates == CandidateSource.TOP_BY_SCORE and not (settings.top_n and settings.top_n >= 1):
        check.add("top_n", "vote_error.top_n_positive")
    if not settings.tie_breaks or len(set(settings.tie_breaks)) != len(settings.tie_breaks):
        check.add("tie_breaks", "vote_error.tie_breaks")
    if settings.kind in OPEN_ELECTION_OF:  # a confirmation: one nominee, agree / disagree / blank
        if candidates != 1 or settings.candidates != CandidateSource.CHOSEN:
            check.add("candidates", "presets.error.one_nominee")
        if settings.form != BallotForm.APPROVAL:
            check.add("form", "presets.error.approval_form")
    if settings.kind in COUNCIL_KINDS:  # one line per proposal, each judged on its own
        if settings.form != BallotForm.APPROVAL:
            check.add("form", "council.error.approval_form")
        if settings.seats != candidates:
            check.add("seats", "council.error.seats_are_candidates")
    check.raise_if_any()


def quorum_met(settings: RoundSettings, *, present: int, members: int) -> bool:
    return present * settings.quorum.denominator >= settings.quorum.numerator * members
