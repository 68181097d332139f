"""Creating the council's round for one award of a year, from the blocs' proposals.

The round is an ordinary VotingRound of the council body (services/province/council.py):
check-in, sealing, closing, the count, publication, minutes and the audit chain are a bloc
round's. What is the council's own: the candidates (services/voting/council_candidates.py),
the voters (persons: services/voting/electorate.py), and the rule, which the province's stage
rules set (services/province/stage_rules.py; by default at least 2/3 of all council members).
"""

from dataclasses import replace
from datetime import datetime
from fractions import Fraction

from sqlmodel import Session

from db.models import AwardKind, Bloc, VotingRound
from services.access.sessions import Principal
from services.province.council import is_council
from services.province.stage_rules import stage_rules
from services.voting.council_candidates import COUNCIL_KIND_OF_AWARD, proposed_units
from services.voting.rounds import create_round
from services.voting.rules import PRESETS, RoundSettings
from services.voting.transitions import refuse

DEFAULT_QUORUM = Fraction(2, 3)


def council_settings(session: Session, *, province_id: int, award: AwardKind, candidates: int,
                     quorum: Fraction = DEFAULT_QUORUM) -> RoundSettings:  # fmt: skip
    """One agree / disagree / blank line per proposal, as many seats as proposals (every line
    that reaches the threshold passes), the province's comparison, threshold and base."""
    rules = stage_rules(session, province_id)
    return replace(
        PRESETS[COUNCIL_KIND_OF_AWARD[award]],
        seats=candidates,
        comparison=rules.council_comparison,
        threshold=rules.council_threshold,
        base=rules.council_base,
        quorum=quorum,
    )


def create_council_round(session: Session, *, council_id: int, year: int, award: AwardKind, title: str,
                         at: datetime, quorum: Fraction = DEFAULT_QUORUM, opens_at: datetime | None = None,
                         closes_at: datetime | None = None,
                         principal: Principal | None = None) -> VotingRound:  # fmt: skip
    """Raises ValidationFailed (message keys) when the body is not a council or nothing is proposed."""
    council = session.get(Bloc, council_id)
    if not is_council(council):
        refuse("council.error.not_council")
    if award not in COUNCIL_KIND_OF_AWARD:
        refuse("council.error.award")
    candidates = proposed_units(session, province_id=council.province_id, year=year, kind=COUNCIL_KIND_OF_AWARD[award])
    if not candidates:
        refuse("council.error.no_proposals", year=year)
    settings = council_settings(session, province_id=council.province_id, award=award, candidates=len(candidates),
                                quorum=quorum)  # fmt: skip
    return create_round(session, bloc_id=council_id, year=year, title=title, settings=settings, at=at,
                        chosen=candidates, opens_at=opens_at, closes_at=closes_at, principal=principal)  # fmt: skip
