"""What the vote-count minutes (biên bản kiểm phiếu) say, built once and drawn three ways:
PDF (minutes.py), Word (documents_docx.py) and on screen (components/voting/minutes_view.py).

Always Vietnamese: it is an official document. Layout after the administrative
style: national header, title, bloc, time and place, committee, method, counts,
per-candidate votes and share, the rule applied, winners, tie-break steps, audit
digest, signatures. Names stay plain text; each renderer draws them without markup.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlmodel import Session, select

from db.models import Bloc, Province
from db.models.voting import AuditEvent, VotingRound
from locales import translate
from services.clock import local_time
from services.voting.rules import BallotForm, RoundSettings
from services.voting.settings_codec import from_json

NATIONAL_HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
BLANK_LINE = "…………………………"


def vi(key: str, **params) -> str:
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


@dataclass(frozen=True)
class Minutes:
    title: str
    subtitle: str
    intro: tuple[str, ...]  # bloc, time and place
    committee: tuple[str, ...]
    counts: tuple[str, ...]  # method, ballot counts, the rule applied
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    winners: str
    notes: tuple[str, ...]  # tie-break steps, runoff, audit digest
    signatures: tuple[str, str] = ("", "")
    national: tuple[str, str] = NATIONAL_HEADER


def rule_text(settings: RoundSettings) -> str:
    fraction = settings.threshold
    share = f"{fraction.numerator}/{fraction.denominator}" if fraction.denominator <= 4 else f"{fraction * 100:g}%"
    return vi(
        "minutes.rule",
        comparison=vi(f"comparison.{settings.comparison.value}"),
        share=share,
        base=vi(f"threshold_base.{settings.base.value}").lower(),
    )


def percent(share: str) -> str:
    return f"{float(Fraction(share) * 100):.2f}%"


def build_minutes(data: MinutesInput) -> Minutes:
    result = json.loads(data.result_json)
    approval = data.settings.form == BallotForm.APPROVAL
    columns = ("rank", "unit", "votes", *(("against", "blank") if approval else ()), "share", "passed")
    rows = []
    for c in result["candidates"]:
        cells = [str(c["rank"]), c["name"], str(c["votes"])]
        if approval:
            cells += [str(c["against"]), str(c["blank"])]
        rows.append((*cells, percent(c["share"]), "✓" if c["passed"] else ""))
    names = {c["id"]: c["name"] for c in result["candidates"]}
    notes = [
        vi(
            f"minutes.tie_{step['policy']}",
            tied=", ".join(names.get(i, str(i)) for i in step["tied"]),
            seats=step["seats"],
            seed=step.get("seed") or "",
        )
        for step in result["tie_steps"]
    ]
    if result.get("runoff"):
        notes.append(vi("minutes.runoff"))
    notes.append(vi("minutes.digest", digest=data.digest))
    return Minutes(
        title=vi("minutes.title"),
        subtitle=data.round_title,
        intro=(
            vi("minutes.bloc", bloc=data.bloc, province=data.province, year=data.year),
            vi("minutes.when", when=local_time(data.closed_at, "%H:%M ngày %d/%m/%Y"), place=data.place or BLANK_LINE),
        ),
        committee=data.committee or (BLANK_LINE,) * 3,
        counts=(
            vi("minutes.method"),
            *(
                f"- {vi(f'minutes.count_{key}')}: {result[key]}"
                for key in ("members", "issued", "collected", "valid", "invalid")
            ),
            vi("minutes.rule_applied", rule=rule_text(data.settings), required=result["required"]),
        ),
        headings=tuple(vi(f"minutes.col_{c}") for c in columns),
        rows=tuple(rows),
        winners=vi("minutes.winners", names=", ".join(names[w] for w in result["winners"]) or vi("minutes.nobody")),
        notes=tuple(notes),
        signatures=(vi("minutes.sign_secretary"), vi("minutes.sign_head")),
    )


def minutes_input(session: Session, *, round_id: int) -> MinutesInput:
    """Everything the minutes of a closed or published round need, from the database."""
    round_ = session.get(VotingRound, round_id)
    bloc = session.get(Bloc, round_.bloc_id)
    province = session.get(Province, bloc.province_id)
    closed = session.exec(
        select(AuditEvent).where(AuditEvent.round_id == round_id, AuditEvent.kind == "round_closed")
    ).first()
    return MinutesInput(
        province=province.name,
        bloc=bloc.name,
        round_title=round_.title,
        year=round_.year,
        closed_at=closed.at if closed else round_.created_at,
        settings=from_json(round_.settings_json),
        result_json=round_.result_json,
        digest=json.loads(closed.payload_json)["digest"] if closed else "",
        place=round_.place or "",
        committee=tuple(json.loads(round_.committee_json or "[]")),
    )


def minutes_of_round(session: Session, *, round_id: int) -> Minutes:
    return build_minutes(minutes_input(session, round_id=round_id))
