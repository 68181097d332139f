"""The tally of a stored round, and its frozen JSON form (kept on the round at close)."""

import json
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Covenant, Score, ScoreSheet
from db.models.voting import Ballot, RoundCandidate, RoundStatus, VotingRound
from services.registry.units import names_in_year
from services.voting.electorate import electorate_of
from services.voting.settings_codec import from_json
from services.voting.tally import Ballot as TallyBallot
from services.voting.tally import Candidate, Mark, TallyResult, tally

MARKS = {mark.value: mark for mark in Mark}  # a dict lookup: Mark("agree") costs 5× more per mark


def verified_totals(session: Session, *, bloc_id: int, year: int) -> dict[int, Decimal]:
    query = (
        select(ScoreSheet.unit_id, sa.func.sum(Score.verified_score))
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .join(Covenant, Covenant.id == ScoreSheet.covenant_id)
        .where(Covenant.bloc_id == bloc_id, Covenant.year == year)
        .group_by(ScoreSheet.unit_id)
    )
    return {unit_id: Decimal(str(total)) for unit_id, total in session.exec(query) if total is not None}


def round_candidates(session: Session, round_: VotingRound, *, with_scores: bool = True) -> list[Candidate]:
    """with_scores=False for the ballot page: 200 phones rerunning need names, not a score aggregate."""
    rows = session.exec(
        select(RoundCandidate).where(RoundCandidate.round_id == round_.id).order_by(RoundCandidate.position)
    ).all()
    ids = [row.unit_id for row in rows]
    names = names_in_year(session, year=round_.year, unit_ids=ids)
    if not with_scores:
        scores = {}
    elif round_.status == RoundStatus.DRAFT:
        scores = verified_totals(session, bloc_id=round_.bloc_id, year=round_.year)
    else:  # frozen when the round opened
        scores = {row.unit_id: Decimal(str(row.score)) for row in rows if row.score is not None}
    return [Candidate(i, names[i].name if i in names else str(i), scores.get(i)) for i in ids]


def stored_ballots(session: Session, round_id: int) -> list[TallyBallot]:
    """The database counts identical ballots and each content is parsed once (profile of
    100k ballots: loading ORM rows and json.loads were 3/4 of count_round). Ballots are
    immutable, so the equal ones can be one shared object."""
    query = (
        select(Ballot.content_json, Ballot.valid, sa.func.count())
        .where(Ballot.round_id == round_id)
        .group_by(Ballot.content_json, Ballot.valid)
    )
    result: list[TallyBallot] = []
    for content, valid, count in session.exec(query):
        marks = tuple((int(cid), MARKS[mark]) for cid, mark in json.loads(content)["marks"])
        result.extend([TallyBallot(valid=bool(valid), marks=marks)] * count)
    return result


def count_round(session: Session, round_: VotingRound) -> TallyResult:
    electorate = electorate_of(session, round_)
    entitled, present = electorate.count(session), electorate.present_count(session)
    return tally(
        from_json(round_.settings_json),
        round_candidates(session, round_),
        stored_ballots(session, round_.id),
        members=entitled,
        issued=present,
        seed=round_.draw_seed,
    )


def result_to_json(result: TallyResult) -> str:
    return json.dumps(
        {
            "members": result.members,
            "issued": result.issued,
            "collected": result.collected,
            "valid": result.valid,
            "invalid": result.invalid,
            "base_value": result.base_value,
            "required": result.required,
            "winners": list(result.winners),
            "candidates": [
                {
                    "id": r.candidate.id,
                    "name": r.candidate.name,
                    "votes": r.votes,
                    "against": r.against,
                    "blank": r.blank,
                    "share": f"{r.share.numerator}/{r.share.denominator}",
                    "passed": r.passed,
                    "rank": r.rank,
                }
                for r in result.results
            ],
            "tie_steps": [
                {
                    "policy": s.policy.value,
                    "tied": list(s.tied),
                    "seats": s.seats,
                    "chosen": list(s.chosen),
                    "seed": s.seed,
                }
                for s in result.steps
            ],
            "runoff": None
            if result.runoff is None
            else {
                "candidates": list(result.runoff.candidate_ids),
                "seats": result.runoff.seats,
                "reason": result.runoff.reason,
            },
        },
        ensure_ascii=False,
        sort_keys=True,
    )
