"""Vote-count minutes (biên bản kiểm phiếu) as PDF, always in Vietnamese: it is an
official document. Layout after the administrative style: national header,
title, bloc, time and place, committee, method, counts, per-candidate votes and
share, the rule applied, winners, tie-break steps, audit digest, signatures.
Every name is drawn as plain text (no markup mode), whatever it contains."""

import json
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlmodel import Session, select

from db.models import Bloc, Province
from db.models.voting import AuditEvent, VotingRound
from locales import translate
from services.pdf_fonts import FAMILY, new_document, plain
from services.voting.rules import RoundSettings
from services.voting.settings_codec import from_json


def _t(key: str, **params) -> str:
    return translate("vi", key, **params)


@dataclass(frozen=True)
class MinutesInput:
    province: str
    bloc: str
    round_title: str
    year: int
    closed_at: datetime
    settings: RoundSettings
    result_json: str
    digest: str
    place: str = ""
    committee: tuple[str, ...] = ()


def rule_text(settings: RoundSettings) -> str:
    fraction = settings.threshold
    share = f"{fraction.numerator}/{fraction.denominator}" if fraction.denominator <= 4 else f"{fraction * 100:g}%"
    return _t(
        "minutes.rule",
        comparison=_t(f"comparison.{settings.comparison.value}"),
        share=share,
        base=_t(f"threshold_base.{settings.base.value}").lower(),
    )


def minutes_pdf(data: MinutesInput) -> bytes:
    result = json.loads(data.result_json)
    pdf = new_document(title=_t("minutes.title"))
    pdf.add_page()
    _header(pdf, data)
    _line(pdf, _t("minutes.method"))
    for key in ("members", "issued", "collected", "valid", "invalid"):
        _line(pdf, f"- {_t(f'minutes.count_{key}')}: {result[key]}")
    _line(pdf, _t("minutes.rule_applied", rule=rule_text(data.settings), required=result["required"]))
    _table(pdf, result)
    winners = {c["id"]: c["name"] for c in result["candidates"]}
    names = ", ".join(winners[w] for w in result["winners"]) or _t("minutes.nobody")
    pdf.set_font(FAMILY, "B", 11)
    _line(pdf, _t("minutes.winners", names=names))
    pdf.set_font(FAMILY, "", 11)
    for step in result["tie_steps"]:
        tied = ", ".join(winners.get(i, str(i)) for i in step["tied"])
        _line(pdf, _t(f"minutes.tie_{step['policy']}", tied=tied, seats=step["seats"], seed=step.get("seed") or ""))
    if result.get("runoff"):
        _line(pdf, _t("minutes.runoff"))
    _line(pdf, _t("minutes.digest", digest=data.digest))
    _signatures(pdf)
    return bytes(pdf.output())


def _line(pdf: FPDF, text: str, *, align: str = "L", height: float = 6) -> None:
    pdf.multi_cell(0, height, plain(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _header(pdf: FPDF, data: MinutesInput) -> None:
    pdf.set_font(FAMILY, "B", 12)
    _line(pdf, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C")
    _line(pdf, "Độc lập - Tự do - Hạnh phúc", align="C")
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 14)
    _line(pdf, _t("minutes.title"), align="C")
    pdf.set_font(FAMILY, "", 11)
    _line(pdf, data.round_title, align="C")
    pdf.ln(2)
    _line(pdf, _t("minutes.bloc", bloc=data.bloc, province=data.province, year=data.year))
    _line(pdf, _t("minutes.when", when=data.closed_at.strftime("%H:%M ngày %d/%m/%Y"), place=data.place or "…………"))
    _line(pdf, _t("minutes.committee"))
    for member in data.committee or ("…………………………", "…………………………", "…………………………"):
        _line(pdf, f"- {member}")


def _table(pdf: FPDF, result: dict) -> None:
    widths = (12, 98, 25, 25, 20)
    headings = [_t(f"minutes.col_{c}") for c in ("rank", "unit", "votes", "share", "passed")]
    pdf.set_font(FAMILY, "B", 10)
    for width, heading in zip(widths, headings, strict=True):
        pdf.cell(width, 7, heading, border=1, align="C")
    pdf.ln()
    pdf.set_font(FAMILY, "", 10)
    for c in result["candidates"]:
        share = Fraction(c["share"]) * 100
        cells = (str(c["rank"]), c["name"], str(c["votes"]), f"{float(share):.2f}%", "✓" if c["passed"] else "")
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, 7, plain(text)[:60], border=1, align="L" if width == 98 else "C")
        pdf.ln()
    pdf.ln(2)


def _signatures(pdf: FPDF) -> None:
    pdf.ln(8)
    pdf.set_font(FAMILY, "B", 11)
    half = (pdf.w - 2 * pdf.l_margin) / 2
    pdf.cell(half, 6, _t("minutes.sign_secretary"), align="C")
    pdf.cell(half, 6, _t("minutes.sign_head"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(half, 5, _t("minutes.sign_hint"), align="C")
    pdf.cell(half, 5, _t("minutes.sign_hint"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def minutes_for_round(session: Session, *, round_id: int) -> bytes:
    """The minutes of a closed or published round, from what the database holds."""
    round_ = session.get(VotingRound, round_id)
    bloc = session.get(Bloc, round_.bloc_id)
    province = session.get(Province, bloc.province_id)
    closed = session.exec(
        select(AuditEvent).where(AuditEvent.round_id == round_id, AuditEvent.kind == "round_closed")
    ).first()
    return minutes_pdf(
        MinutesInput(
            province=province.name,
            bloc=bloc.name,
            round_title=round_.title,
            year=round_.year,
            closed_at=closed.at if closed else round_.created_at,
            settings=from_json(round_.settings_json),
            result_json=round_.result_json,
            digest=json.loads(closed.payload_json)["digest"] if closed else "",
        )
    )
