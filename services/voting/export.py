"""The export of a published round: everything a recount needs, nothing that names a voter.

The file holds the settings, the candidates (with the verified scores used by the
score tie-break), the anonymous ballots in a fresh random order, the receipt
hashes sorted and kept apart from the ballots (a hash never points at a ballot, so
a receipt cannot prove how anyone voted), and the frozen result. See
docs/ballot-export.md; `python -m services.recount FILE` recounts it.
"""

import json
import secrets

from sqlmodel import Session, select

from db.models.voting import Ballot, RoundStatus, VotingRound
from services.errors import Checker
from services.voting.results import round_candidates

FORMAT = "thidua.ballot-export"
VERSION = 1


def export_round(session: Session, *, round_id: int) -> str:
    """The round as JSON (format above). Raises ValidationFailed unless the round is published."""
    round_ = session.get(VotingRound, round_id)
    if round_ is None or round_.status != RoundStatus.PUBLISHED or not round_.result_json:
        check = Checker()
        check.add("round", "vote_error.not_published")
        check.raise_if_any()
    result = json.loads(round_.result_json)
    rows = session.exec(select(Ballot).where(Ballot.round_id == round_id)).all()
    ballots = [
        {
            "valid": row.valid,
            "invalid_reason": row.invalid_reason,
            # Sorted by candidate: the order a voter marked in cannot become a signature.
            "marks": sorted([int(cid), str(mark)] for cid, mark in json.loads(row.content_json)["marks"]),
        }
        for row in rows
    ]
    secrets.SystemRandom().shuffle(ballots)
    candidates = sorted(round_candidates(session, round_), key=lambda c: c.id)
    data = {
        "format": FORMAT,
        "version": VERSION,
        "round": {
            "id": round_.id,
            "title": round_.title,
            "kind": round_.kind,
            "bloc": round_.bloc_id,
            "year": round_.year,
            "status": RoundStatus(round_.status).value,
        },
        "settings": json.loads(round_.settings_json),
        # The counts the round was decided with, frozen at close (membership may change later).
        "members": result["members"],
        "issued": result["issued"],
        "draw_seed": round_.draw_seed,
        "candidates": [
            {"id": c.id, "name": c.name, "score": None if c.score is None else str(c.score)} for c in candidates
        ],
        "ballots": ballots,
        "receipt_hashes": sorted(row.receipt_hash for row in rows if row.receipt_hash),
        "result": result,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
