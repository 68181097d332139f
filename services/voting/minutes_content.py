"""What the vote-count minutes (biên bản kiểm phiếu) say, built once and drawn three ways:
PDF (minutes.py), Word (documents_docx.py) and on screen (components/voting/round_documents.py).

The parts follow the government's own form for a count (NĐ 59/2023, Mẫu 02) in the
official format of Nghị định 30/2020 (document_parts.py): the legal basis, when and where
the count started, the meeting and what was voted on, the committee with each member's
role, units present and absent, method, ballot counts, the rule applied, votes and share
per candidate, winners, tie-break steps, when the minutes were finished, a signature for
each committee member and the secretary, and the audit digest as a small last line.
Every quantity goes through services.numbers (66,67 %); dates and clock times do not
(a year is not a quantity: 2017, never 2.017). Names stay plain text.
"""

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from fractions import Fraction

from sqlmodel import Session, select

from db.models import Bloc, BlocKind, Province
from db.models.voting import AuditEvent, CheckIn, VotingRound
from locales import catalog
from services.clock import local
from services.numbers import format_number, format_percent
from services.province.council import is_council
from services.province.stage_rules import stage_rules
from services.registry.membership import members
from services.voting.audit import round_digest
from services.voting.document_parts import (
    DOTS,
    Block,
    Header,
    Para,
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
from services.voting.electorate import electorate_of
from services.voting.rules import BallotForm, Comparison, RoundKind, RoundSettings, WhenNonePasses
from services.voting.settings_codec import from_json

# Role typed after the name ("Nguyễn Văn A – Trưởng ban") → the title its signature carries.
_ROLE_TITLES = {
    "trưởng ban": "minutes.sign_head",
    "trưởng ban kiểm phiếu": "minutes.sign_head",
    "phó trưởng ban": "minutes.sign_deputy",
    "phó ban": "minutes.sign_deputy",
    "thư ký": "minutes.sign_secretary",
    "thành viên": "minutes.sign_member",
    "ủy viên": "minutes.sign_member",
    "": "minutes.sign_member",
}
_SEPARATORS = (" – ", " — ", " - ")
# Printed when no committee was typed: blanks to fill by hand, one signature each.
_BLANK_COMMITTEE = (f"{DOTS} – Trưởng ban", f"{DOTS} – Thành viên", f"{DOTS} – Thư ký")


@dataclass(frozen=True)
class MinutesInput:
    province: str
    bloc: str
    round_title: str
    year: int
    started_at: datetime | None  # the close: counting starts when the ballot box is closed
    settings: RoundSettings
    result_json: str
    digest: str
    place: str = ""
    committee: tuple[str, ...] = ()
    bloc_kind: BlocKind = BlocKind.BLOC
    ended_at: datetime | None = None  # the publication, when there is one
    present: tuple[tuple[str, str | None], ...] = ()  # (unit, substitute's name)
    absent: tuple[str, ...] = ()
    basis: str = ""
    runoff_of: str | None = None  # the title of the round this runoff follows
    # A council round: present/absent are persons ("name (position)"); the rule cites these rules.
    council_rules: str = ""

    @property
    def words(self) -> str:
        """Where the texts that differ for a council round live: its voters are persons and
        every proposal is judged on its own (no seats to fill)."""
        return "council_minutes" if self.bloc_kind == BlocKind.COUNCIL else "minutes"


@dataclass(frozen=True)
class Minutes:
    header: Header
    basis: str
    opening: tuple[str, ...]  # time and place, what is voted on, runoff of
    committee: tuple[str, ...]  # as typed: "Name – role"
    attendance: tuple[str, ...]
    counts: tuple[str, ...]  # method, rule, ballots issued / collected / valid / invalid
    table_intro: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    winners: str
    notes: tuple[str, ...]  # tie-break steps, runoff
    closing: str  # "Biên bản lập xong vào hồi …"
    signatures: tuple[Signature, ...]
    digest: str = ""
    blocks: tuple[Block, ...] = field(default=(), compare=False)
    words: str = "minutes"  # MinutesInput.words: "council_minutes" for a council round


def split_member(line: str) -> tuple[str, str]:
    """("Lò Thị Hương", "Trưởng ban") from "Lò Thị Hương – Trưởng ban"; no role: ("…", "")."""
    for separator in _SEPARATORS:
        if separator in line:
            name, role = line.rsplit(separator, 1)
            return name.strip(), role.strip()
    return line.strip(), ""


def signatures_of(committee: tuple[str, ...]) -> tuple[Signature, ...]:
    """One signature for each member, and the secretary's even when none was named:
    the secretary first (left), then the head (right), then the others."""
    hint = vi("minutes.sign_hint")
    blocks = []
    for line in committee:
        name, role = split_member(line)
        key = _ROLE_TITLES.get(re.sub(r"\(.*?\)", "", role).strip().lower())  # "Thư ký (minh họa)"
        title = vi(key) if key else role.upper()
        blocks.append(Signature(titles=(title,), hint=hint, name="" if name == DOTS else name))
    secretary, head = vi("minutes.sign_secretary"), vi("minutes.sign_head")
    if not any(s.titles[0] == secretary for s in blocks):
        blocks.insert(0, Signature(titles=(secretary,), hint=hint))
    order = {secretary: 0, head: 1}
    return tuple(sorted(blocks, key=lambda s: order.get(s.titles[0], 2)))


def share_text(threshold: Fraction) -> str:
    """1/2, 2/3, 3/4 as fractions; anything else as a percentage: 70 %, 66,50 %."""
    if threshold.denominator <= 4 and threshold < 1:
        return f"{threshold.numerator}/{threshold.denominator}"
    whole = (threshold * 100).denominator == 1
    return format_percent(threshold, decimals=0 if whole else 2)


def rule_text(settings: RoundSettings) -> str:
    """The threshold in words: "đạt trên 1/2 tổng số phiếu thu vào", "đạt từ 2/3 tổng số thành viên trở lên"."""
    key = "minutes.rule_gt" if settings.comparison == Comparison.MORE_THAN else "minutes.rule_ge"
    return vi(key, share=share_text(settings.threshold), base=vi(f"minutes.base_{settings.base.value}"))


def _when(moment: datetime) -> tuple[str, str, str]:
    at = local(moment)
    return f"{at.hour:02d}", f"{at.minute:02d}", vn_date(at.date())


def _closing(started: datetime | None, ended: datetime | None) -> str:
    """When the minutes were finished: the publication's time when the round is published
    the same day; a publication on a later day names its date; an unpublished round (the
    minutes printed right after the count) leaves the time blank, to be filled by hand."""
    if ended is None:
        return vi("minutes.closing_blank")
    hour, minute, day = _when(ended)
    if started is not None and local(started).date() == local(ended).date():
        return vi("minutes.closing_same_day", hour=hour, minute=minute)
    return vi("minutes.closing_other_day", hour=hour, minute=minute, day=day)


def _purpose(data: MinutesInput) -> str:
    key = f"minutes.purpose_{data.settings.kind.value}"
    if data.settings.kind == RoundKind.CUSTOM or key not in catalog("vi"):  # a kind added later: its title
        return vi("minutes.purpose_custom", title=data.round_title)
    return vi(key, year=data.year, next=data.year + 1)


def _rule_line(data: MinutesInput, result: dict) -> str:
    settings = data.settings
    if data.bloc_kind == BlocKind.COUNCIL:
        base = vi(f"council_minutes.base_{settings.base.value}", count=format_number(result["base_value"]))
        return vi("council_minutes.rule_applied", rule=rule_text(settings), required=format_number(result["required"]),
                  base=base, rules=data.council_rules)  # fmt: skip
    steps = [vi(f"minutes.tie_rule_{policy.value}") for policy in settings.tie_breaks]
    text = vi(
        "minutes.rule_applied",
        rule=rule_text(settings),
        required=format_number(result["required"]),
        seats=format_number(settings.seat_count(result["members"])),
        ties=vi("minutes.then").join(steps),
    )
    if settings.when_none_passes == WhenNonePasses.RUNOFF_TOP_TWO:
        text = text.removesuffix(".") + vi("minutes.none_passes_runoff")
    return text


def _attendance(data: MinutesInput, result: dict) -> tuple[str, ...]:
    present = [vi("minutes.substitute", unit=u, name=s) if s else u for u, s in data.present] or [vi("minutes.none")]
    words = data.words
    lines = [vi(f"{words}.members", year=data.year, count=format_number(result["members"]))]
    lines.append(vi(f"{words}.present", count=format_number(len(data.present)), names="; ".join(present)))
    if data.absent:
        lines.append(vi(f"{words}.absent", count=format_number(len(data.absent)), names="; ".join(data.absent)))
    else:
        lines.append(vi(f"{words}.absent_none"))
    return tuple(lines)


def _table(data: MinutesInput, result: dict) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    approval = data.settings.form == BallotForm.APPROVAL
    columns = ("no", "unit", "agree" if approval else "votes", *(("against", "blank") if approval else ()))
    columns += ("share", "rank", "outcome")
    winners = set(result["winners"])
    # A council judges every proposal: each row says passed or not; a bloc marks only its winners.
    missed = vi("council_minutes.not_elected") if data.bloc_kind == BlocKind.COUNCIL else ""
    rows = []
    # TT numbers the rows 1, 2, 3…; the rank sits in its own column (tied units share it).
    for number, c in enumerate(result["candidates"], start=1):
        cells = [format_number(number), c["name"], format_number(c["votes"])]
        if approval:
            cells += [format_number(c["against"]), format_number(c["blank"])]
        cells += [format_percent(Fraction(c["share"])), format_number(c["rank"])]
        rows.append((*cells, vi(f"{data.words}.elected") if c["id"] in winners else missed))
    return tuple(vi(f"minutes.col_{c}") for c in columns), tuple(rows)


def build_minutes(data: MinutesInput) -> Minutes:
    result = json.loads(data.result_json)
    names = {c["id"]: c["name"] for c in result["candidates"]}
    bloc = bloc_title(data.bloc, data.bloc_kind)
    province = province_phrase(data.province)
    started = _when(data.started_at) if data.started_at else ("……", "……", "ngày …… tháng …… năm ……")
    seats = data.settings.seat_count(result["members"])
    opening = [
        vi(
            f"{data.words}.opening",
            hour=started[0],
            minute=started[1],
            day=started[2],
            place=data.place or DOTS,
            year=data.year,
            bloc=bloc,
            province=province,
            purpose=_purpose(data),
        ),
        vi(f"{data.words}.what", title=data.round_title, seats=format_number(seats)),
    ]
    if data.runoff_of:
        opening.append(vi("minutes.runoff_of", title=data.runoff_of))
    headings, rows = _table(data, result)
    notes = [
        vi(
            f"minutes.tie_{step['policy']}",
            tied="; ".join(names.get(i, str(i)) for i in step["tied"]),
            seats=format_number(step["seats"]),
            seed=step.get("seed") or "",
        )
        for step in result["tie_steps"]
    ]
    if result.get("runoff"):
        notes.append(vi("minutes.runoff"))
    committee = data.committee or _BLANK_COMMITTEE
    winners = result["winners"]
    minutes = Minutes(
        header=Header(
            parent=parent_body(data.province),
            issuer=bloc.upper(),
            number=vi("minutes.number"),
            place_date=place_date(data.province, data.started_at),
            title=vi("minutes.title"),
            subject=vi("minutes.subject", title=data.round_title),
        ),
        basis=data.basis,
        opening=tuple(opening),
        committee=data.committee,
        attendance=_attendance(data, result),
        counts=(
            vi("minutes.method"),
            _rule_line(data, result),
            *(
                vi(f"minutes.count_{key}", count=format_number(result[key]))
                for key in ("issued", "collected", "valid", "invalid")
            ),
        ),
        table_intro=vi("minutes.table_intro", base=vi(f"minutes.base_{data.settings.base.value}")),
        headings=headings,
        rows=rows,
        winners=vi(f"{data.words}.winners", names="; ".join(names[w] for w in winners) or vi("minutes.nobody")),
        notes=tuple(notes),
        closing=_closing(data.started_at, data.ended_at),
        signatures=signatures_of(committee),
        digest=vi("minutes.digest", digest=data.digest) if data.digest else "",
        words=data.words,
    )
    return _with_blocks(minutes, committee)


def _with_blocks(m: Minutes, committee: tuple[str, ...]) -> Minutes:
    """The minutes in reading order, as the three renderers draw them."""
    blocks: list[Block] = [Para(m.basis, italic=True)] if m.basis else []
    blocks += [Para(line) for line in m.opening]
    heading = {"bold": True, "indent": False, "align": "L", "keep_with_next": True}
    blocks.append(Para(vi("minutes.section_committee"), **heading))
    blocks += [Para(f"- {line}") for line in committee]
    blocks.append(Para(vi(f"{m.words}.section_attendance"), **heading))
    blocks += [Para(line) for line in m.attendance]
    blocks.append(Para(vi("minutes.section_count"), **heading))
    blocks += [Para(line) for line in m.counts]
    blocks += [Para(m.table_intro, keep_with_next=True), Table(m.headings, m.rows)]
    blocks.append(Para(vi("minutes.section_result"), **heading))
    blocks += [Para(m.winners, bold=True), *(Para(line) for line in m.notes), Para(m.closing)]
    pairs = [tuple(m.signatures[i : i + 2]) for i in range(0, len(m.signatures), 2)]
    blocks.append(SignatureRows(tuple((p[0], p[1] if len(p) > 1 else None) for p in pairs)))
    if m.digest:
        blocks.append(Para(m.digest, indent=False, align="L", size=9))
    return replace(m, blocks=tuple(blocks))


def _event_time(session: Session, round_id: int, kind: str) -> datetime | None:
    event = session.exec(select(AuditEvent).where(AuditEvent.round_id == round_id, AuditEvent.kind == kind)).first()
    return event.at if event else None


def minutes_input(session: Session, *, round_id: int) -> MinutesInput:
    """Everything the minutes of a closed or published round need, from the database."""
    round_ = session.get(VotingRound, round_id)
    bloc = session.get(Bloc, round_.bloc_id)
    province = session.get(Province, bloc.province_id)
    parent = session.get(VotingRound, round_.runoff_of_id) if round_.runoff_of_id else None
    attendance, basis, council_rules = _unit_attendance(session, round_, bloc), rules_basis(bloc), ""
    if is_council(bloc):
        attendance, council_rules = _person_attendance(session, round_), council_rules_cited(session, bloc)
        basis = vi("council_minutes.basis", rules=council_rules)
    return MinutesInput(
        province=province.name,
        bloc=bloc.name,
        bloc_kind=bloc.kind,
        round_title=round_.title,
        year=round_.year,
        started_at=_event_time(session, round_id, "round_closed"),
        # Finished when published: the app knows no later moment; before publication the
        # time is left blank for the committee to write in.
        ended_at=_event_time(session, round_id, "round_published"),
        settings=from_json(round_.settings_json),
        result_json=round_.result_json,
        digest=round_digest(session, round_id=round_id) or "",
        place=round_.place or "",
        committee=tuple(json.loads(round_.committee_json or "[]")),
        present=attendance[0],
        absent=attendance[1],
        basis=basis,
        runoff_of=parent.title if parent else None,
        council_rules=council_rules,
    )


Attendance = tuple[tuple[tuple[str, str | None], ...], tuple[str, ...]]


def _unit_attendance(session: Session, round_: VotingRound, bloc: Bloc) -> Attendance:
    """Member units present (with a substitute's name) and absent."""
    roster = members(session, bloc_id=bloc.id, year=round_.year)
    query = select(CheckIn).where(CheckIn.round_id == round_.id)
    checked = {c.unit_id: c.substitute_name for c in session.exec(query)}
    present = tuple((m.name, checked[m.unit_id]) for m in roster if m.unit_id in checked)
    return present, tuple(m.name for m in roster if m.unit_id not in checked)


def _person_attendance(session: Session, round_: VotingRound) -> Attendance:
    """Council members present and absent, by name and position ("Lò Văn A (Giám đốc Sở Nội vụ)")."""
    electorate = electorate_of(session, round_)
    present = electorate.present(session)
    roll = electorate.roll(session)

    def named(voter) -> str:
        return vi("council_minutes.person", name=voter.name, position=voter.position) if voter.position else voter.name

    return tuple((named(v), None) for v in roll if v.id in present), tuple(
        named(v) for v in roll if v.id not in present
    )


def council_rules_cited(session: Session, council: Bloc) -> str:
    """The province's council rules as its stage rules name them, else a blank to fill by hand."""
    text = stage_rules(session, council.province_id).council_rules_text
    return text or vi("council_minutes.rules_default", council=council.name, dots=DOTS)


def minutes_of_round(session: Session, *, round_id: int) -> Minutes:
    return build_minutes(minutes_input(session, round_id=round_id))
