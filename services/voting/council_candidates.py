"""What a council round votes on: the units proposed for one award in the province's year.

Each council round kind decides one award; its candidates are the units whose proposal
(Award status PROPOSED, a collective award, not a person's) for that award and year
belongs to the province, in the order the blocs proposed them. A unit proposed twice
(by two blocs) is one line on the ballot.
"""

from sqlmodel import Session, select

from db.models import Award, AwardKind, AwardStatus, Unit
from services.voting.rules import RoundKind

AWARD_OF_COUNCIL_KIND = {
    RoundKind.COUNCIL_PROVINCIAL_FLAG: AwardKind.PROVINCIAL_FLAG,
    RoundKind.COUNCIL_CERTIFICATE_OF_MERIT: AwardKind.CERTIFICATE_OF_MERIT,
    RoundKind.COUNCIL_GOVERNMENT_FLAG: AwardKind.GOVERNMENT_FLAG,
}
COUNCIL_KIND_OF_AWARD = {award: kind for kind, award in AWARD_OF_COUNCIL_KIND.items()}


def proposed_units(session: Session, *, province_id: int, year: int, kind: RoundKind) -> list[int]:
    """The units proposed for the award `kind` decides (none for a kind that is not a council's)."""
    award = AWARD_OF_COUNCIL_KIND.get(RoundKind(kind))
    if award is None:
        return []
    query = (
        select(Award.unit_id)
        .join(Unit, Unit.id == Award.unit_id)
        .where(
            Award.year == year,
            Award.kind == award,
            Award.status == AwardStatus.PROPOSED,
            Award.person_name.is_(None),
            Unit.province_id == province_id,
        )
        .order_by(Award.bloc_id, Award.id)
    )
    return list(dict.fromkeys(session.exec(query)))
