"""The draft proposal letter (tờ trình đề nghị khen thưởng) that follows an award vote:
the bloc asks the provincial emulation council to award the units voted for. A draft
only: the office fills the number, edits and signs it in Word (documents_docx.py).
"""

import json
from dataclasses import dataclass

from sqlmodel import Session, select

from db.models import Bloc, LeadershipRole, LeadershipTerm, Province
from db.models.voting import AuditEvent, VotingRound
from services.clock import local
from services.units import names_in_year
from services.voting.minutes_content import NATIONAL_HEADER, percent, vi
from services.voting.rules import RoundKind

AWARD_KINDS = (RoundKind.PROVINCIAL_FLAG, RoundKind.CERTIFICATE_OF_MERIT, RoundKind.GOVERNMENT_FLAG)


@dataclass(frozen=True)
class Proposal:
    issuer: str
    number: str
    place_date: str
    title: str
    subject: str
    addressee: str
    body: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    closing: str
    recipients: tuple[str, ...]
    signature: tuple[str, ...]
    national: tuple[str, str] = NATIONAL_HEADER


def has_proposal(round_: VotingRound) -> bool:
    """Only award rounds with winners lead to a proposal letter."""
    if RoundKind(round_.kind) not in AWARD_KINDS or not round_.result_json:
        return False
    return bool(json.loads(round_.result_json)["winners"])


def proposal_of_round(session: Session, *, round_id: int) -> Proposal:
    round_ = session.get(VotingRound, round_id)
    bloc = session.get(Bloc, round_.bloc_id)
    province = session.get(Province, bloc.province_id)
    result = json.loads(round_.result_json)
    closed = session.exec(
        select(AuditEvent).where(AuditEvent.round_id == round_id, AuditEvent.kind == "round_closed")
    ).first()
    day = local(closed.at if closed else round_.created_at)
    award = vi(f"proposal.award_{round_.kind}")
    by_id = {c["id"]: c for c in result["candidates"]}
    winners = [by_id[w] for w in result["winners"]]
    rows = tuple((str(i), c["name"], str(c["votes"]), percent(c["share"])) for i, c in enumerate(winners, start=1))
    return Proposal(
        issuer=vi("proposal.issuer", bloc=bloc.name.upper()),
        number=vi("proposal.number"),
        place_date=vi("proposal.place_date", province=province.name, day=day.day, month=day.month, year=day.year),
        title=vi("proposal.title"),
        subject=vi("proposal.subject", award=award, year=round_.year),
        addressee=vi("proposal.addressee", province=province.name),
        body=(
            vi(
                "proposal.grounds",
                year=round_.year,
                bloc=bloc.name,
                date=day.strftime("%d/%m/%Y"),
                members=result["members"],
                collected=result["collected"],
            ),
            vi("proposal.request", award=award, count=len(winners)),
        ),
        headings=tuple(vi(f"proposal.col_{c}") for c in ("no", "unit", "votes", "share")),
        rows=rows,
        closing=vi("proposal.closing"),
        recipients=(vi("proposal.to_council"), vi("proposal.to_members"), vi("proposal.to_archive")),
        signature=(
            vi("proposal.sign_for"),
            vi("proposal.sign_chair"),
            vi("proposal.sign_hint"),
            _chair_name(session, round_),
        ),
    )


def _chair_name(session: Session, round_: VotingRound) -> str:
    term = session.exec(
        select(LeadershipTerm).where(
            LeadershipTerm.bloc_id == round_.bloc_id,
            LeadershipTerm.year == round_.year,
            LeadershipTerm.role == LeadershipRole.CHAIR,
        )
    ).first()
    if term is None:
        return ""
    names = names_in_year(session, year=round_.year, unit_ids=[term.unit_id])
    return names[term.unit_id].name if term.unit_id in names else ""
