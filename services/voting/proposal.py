"""The draft proposal letter (tờ trình đề nghị khen thưởng) that follows an award vote:
the bloc asks the provincial emulation council to award the units voted for, in the
official format (Nghị định 30/2020, document_parts.py). A draft only: the office fills
the number, edits and signs it in Word (documents_docx.py).
"""

import json
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlmodel import Session, select

from db.models import Bloc, LeadershipRole, LeadershipTerm, Province
from db.models.voting import AuditEvent, VotingRound
from services.clock import local
from services.numbers import format_number, format_percent
from services.registry.units import names_in_year
from services.voting.document_parts import (
    Block,
    Header,
    Para,
    Recipients,
    Signature,
    SignatureRows,
    Table,
    bloc_title,
    parent_body,
    place_date,
    province_phrase,
    rules_basis,
    vi,
    vn_date,
)
from services.voting.rules import RoundKind
from services.voting.settings_codec import from_json

AWARD_KINDS = (RoundKind.PROVINCIAL_FLAG, RoundKind.CERTIFICATE_OF_MERIT, RoundKind.GOVERNMENT_FLAG)


@dataclass(frozen=True)
class Proposal:
    header: Header
    addressee: str
    body: tuple[str, ...]  # the grounds and the request
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the winners: TT, unit, votes, share
    share_note: str
    closing: str
    recipients: Recipients
    signature: Signature

    @property
    def blocks(self) -> tuple[Block, ...]:
        return (
            Para(self.addressee, align="C", indent=False, size=14),
            *(Para(line) for line in self.body),
            Table(self.headings, self.rows),
            Para(self.share_note, italic=True),
            Para(self.closing),
            SignatureRows(((self.recipients, self.signature),), split=0.42),
        )


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
    settings = from_json(round_.settings_json)
    closed_at = _closed_at(session, round_id) or round_.created_at
    award = vi(f"proposal.award_{round_.kind}")
    bloc_name = bloc_title(bloc.name, bloc.kind)
    council = province_phrase(province.name)
    by_id = {c["id"]: c for c in result["candidates"]}
    winners = [by_id[w] for w in result["winners"]]
    rows = tuple(
        (format_number(i), c["name"], format_number(c["votes"]), format_percent(Fraction(c["share"])))
        for i, c in enumerate(winners, start=1)
    )
    return Proposal(
        header=Header(
            parent=parent_body(province.name),
            issuer=bloc_name.upper(),
            number=vi("proposal.number"),
            place_date=place_date(province.name, closed_at),
            title=vi("proposal.title"),
            subject=vi("proposal.subject", award=award, year=round_.year),
        ),
        addressee=vi("proposal.addressee", province=council),
        body=(
            rules_basis(bloc),
            vi(
                "proposal.grounds",
                year=round_.year,
                bloc=bloc_name,
                date=vn_date(local(closed_at).date()),
                members=format_number(result["members"]),
                collected=format_number(result["collected"]),
            ),
            vi(
                "proposal.request",
                bloc=bloc_name,
                province=council,
                award=award,
                year=round_.year,
                count=format_number(len(winners)),
            ),
        ),
        headings=tuple(vi(f"proposal.col_{c}") for c in ("no", "unit", "votes", "share")),
        rows=rows,
        share_note=vi("proposal.share_note", base=vi(f"minutes.base_{settings.base.value}")),
        closing=vi("proposal.closing", province=council),
        recipients=Recipients(
            heading=vi("proposal.recipients"),
            lines=(vi("proposal.to_council"), vi("proposal.to_members"), vi("proposal.to_archive")),
        ),
        signature=Signature(
            titles=(vi("proposal.sign_for", issuer=bloc_name.upper()), vi("proposal.sign_chair")),
            hint=vi("proposal.sign_hint"),
            name=_chair_name(session, round_),
        ),
    )


def _closed_at(session: Session, round_id: int) -> datetime | None:
    event = session.exec(
        select(AuditEvent).where(AuditEvent.round_id == round_id, AuditEvent.kind == "round_closed")
    ).first()
    return event.at if event else None


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
