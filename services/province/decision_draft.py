"""The draft decision (Quyết định khen thưởng) of the chair of the province's People's
Committee, from the council's published result, in the official format (Nghị định 30/2020,
services/voting/document_parts.py): the People's Committee as issuing body with its number
left blank (the office numbers it when it is signed), the national title and motto, the
place-and-date line with blanks, the bases, one article per award listing the collectives
by their full names, the reward money, who carries it out, Nơi nhận and the signature.
A draft only: the office edits it, numbers it and has it signed outside the app
(services/voting/documents_docx.py writes it as Word).

docs/domain.md names no emulation law by number, so the bases cite the Law on Emulation and
Commendation by its title, the council's rules when the province has entered them, and the
council's minutes by date; the standing office's submission is left with blanks to fill.
"""

from dataclasses import dataclass

from sqlmodel import Session

from db.models import AwardKind, Province
from services.clock import format_day
from services.province.decision import ARTICLE_ORDER, CouncilOutcome, council_outcomes, latest_outcome_by_unit
from services.province.stage_rules import stage_rules
from services.registry.units import names_in_year
from services.voting.document_parts import (
    Block,
    Header,
    Para,
    Recipients,
    Signature,
    SignatureRows,
    place_date,
    province_parts,
    vi,
)
from services.voting.documents_docx import paper_docx

RECIPIENTS = ("execution", "chair", "council", "home_affairs", "archive")


@dataclass(frozen=True)
class Article:
    award: AwardKind
    units: tuple[str, ...]  # full names, as in the decision's year


@dataclass(frozen=True)
class DecisionDraft:
    header: Header
    year: int
    authority: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
    bases: tuple[str, ...]
    articles: tuple[Article, ...]
    reward: str
    execution: str
    recipients: Recipients
    signature: Signature

    @property
    def blocks(self) -> tuple[Block, ...]:
        blocks: list[Block] = [Para(self.authority, bold=True, align="C", indent=False, keep_with_next=True)]
        blocks += [Para(line, italic=True) for line in self.bases]
        blocks.append(Para(vi("decision_doc.decides"), bold=True, align="C", indent=False, keep_with_next=True))
        for number, article in enumerate(self.articles, start=1):
            count = f"{len(article.units):02d}"  # "02 tập thể": a count below ten takes a leading zero
            blocks.append(Para(vi(f"decision_doc.article_{article.award.value}", number=number, count=count,
                                  year=self.year), keep_with_next=True))  # fmt: skip
            last = len(article.units)
            blocks += [Para(f"{i}. {name}{'.' if i == last else ';'}") for i, name in enumerate(article.units, 1)]
        blocks += [Para(self.reward), Para(self.execution)]
        blocks.append(SignatureRows(((self.recipients, self.signature),), split=0.45))
        return tuple(blocks)


def draft_of_year(session: Session, *, province_id: int, year: int) -> DecisionDraft:
    province = session.get(Province, province_id)
    rules = stage_rules(session, province_id)
    outcomes = council_outcomes(session, province_id=province_id, year=year)
    articles = _articles(session, outcomes, year)
    word, place = province_parts(province.name)
    upper = f"{word} {place}".upper()  # "TỈNH LAI CHÂU"
    awards = [vi(f"decision_doc.award_{a.award.value}") for a in articles] or [vi("decision_doc.award_none")]
    named = ", ".join(f"Điều {i}" for i in range(1, len(articles) + 1)) or "Điều 1"
    after = len(articles)
    council = vi("decision_doc.council", province=f"{word} {place}")
    bases = [vi("decision_doc.basis_law")]
    if rules.council_rules_text:
        bases.append(vi("decision_doc.basis_rules", text=rules.council_rules_text.strip().rstrip(";.")))
    for day in sorted({o.held_on for o in outcomes}):
        bases.append(vi("decision_doc.basis_minutes", council=council, date=format_day(day)))
    bases.append(vi("decision_doc.basis_submission"))
    return DecisionDraft(
        header=Header(
            parent=vi("decision_doc.committee"),
            issuer=upper,
            number=vi("decision_doc.number"),
            place_date=place_date(province.name, None),
            title=vi("decision_doc.title"),
            subject=vi("decision_doc.subject", awards=_joined(awards), year=year),
            parent_bold=True,
        ),
        year=year,
        authority=vi("decision_doc.authority", province=upper),
        bases=tuple(bases),
        articles=tuple(articles),
        reward=vi("decision_doc.reward", number=after + 1),
        execution=vi("decision_doc.execution", number=after + 2, articles=named),
        recipients=Recipients(
            heading=vi("decision_doc.recipients"),
            lines=tuple(vi(f"decision_doc.to_{k}", number=after + 2) for k in RECIPIENTS),
        ),
        signature=Signature(titles=(vi("decision_doc.sign_chair"),), hint="", name=rules.decision_signer or ""),
    )


def _articles(session: Session, outcomes: list[CouncilOutcome], year: int) -> list[Article]:
    """One article per award with at least one collective approved, the highest award first;
    each unit once, in the council's order (most votes first)."""
    latest = latest_outcome_by_unit(outcomes)
    ids: dict[AwardKind, list[int]] = {}
    for outcome in sorted(outcomes, key=lambda o: o.round_id):
        for candidate in outcome.candidates:
            _, final = latest[(outcome.award, candidate.unit_id)]
            chosen = ids.setdefault(outcome.award, [])
            if final.approved and candidate.unit_id not in chosen:
                chosen.append(candidate.unit_id)
    every = [u for units in ids.values() for u in units]
    names = names_in_year(session, year=year, unit_ids=every)
    fallback = {c.unit_id: c.name for o in outcomes for c in o.candidates}
    return [
        Article(kind, tuple(names[u].name if u in names else fallback[u] for u in ids[kind]))
        for kind in ARTICLE_ORDER
        if ids.get(kind)
    ]


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


def draft_docx(session: Session, *, province_id: int, year: int) -> bytes:
    draft = draft_of_year(session, province_id=province_id, year=year)
    return paper_docx(draft.header, draft.blocks)
