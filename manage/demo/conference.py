"""Lai Châu's 2017 year-end conference (the seeds' Culture–Society bloc, 20/12/2017), held
through the real voting services: three rounds created, checked in, voted, closed and
published. The outcome is the seeds' (flags for Sở LĐ-TB&XH and Đài PT-TH, Bằng khen for
Sở GD&ĐT and Trường CĐ Cộng đồng, Đài PT-TH confirmed as chair for 2018); the ballots,
times, place and counting committee are invented and say so (minh họa).

Deterministic: fixed times, fixed draw seeds, fixed ballots, and receipt codes drawn from a
seeded generator (so the README can give one to check). Ballot ids stay random.
"""

import random
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import Award, Bloc, LeadershipRole, LeadershipTerm, Province
from db.models.voting import AuditEvent, Ballot, CheckIn, Participation, RoundCandidate, SealedBallot, VotingRound
from manage.demo import facts
from services.registry.membership import members
from services.voting import casting
from services.voting.casting import Choice, cast_ballot
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round, set_minutes_details
from services.voting.rules import PRESETS, CandidateSource, RoundKind, RoundSettings
from services.voting.tally import Mark

YEAR = 2017
CONFERENCE_BLOC_YEAR = (facts.LAI_CHAU, facts.VHXH, YEAR)
START = datetime(2017, 12, 20, 14, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")).astimezone(UTC)  # "Chiều 20/12"
RECEIPT_SEED = "thidua-demo-2017"
PLACE = "Hội trường Sở Lao động – Thương binh và Xã hội tỉnh Lai Châu (minh họa)"
COMMITTEE = [
    "Đại diện Sở Y tế – Trưởng ban kiểm phiếu (minh họa)",
    "Đại diện Trường Cao đẳng Cộng đồng tỉnh – Ủy viên (minh họa)",
    "Đại diện Sở Lao động – Thương binh và Xã hội – Thư ký (minh họa)",
]


@dataclass(frozen=True)
class DemoRound:
    kind: RoundKind
    title: str
    settings: RoundSettings
    winners: tuple[str, ...]  # the seeds' outcome, by short name
    ballots: dict[str, tuple[str, ...]]  # voter → the units it marked (invented; () is a blank ballot)
    chosen: tuple[str, ...] = ()


ROUNDS = (
    DemoRound(
        RoundKind.PROVINCIAL_FLAG,
        "Bình xét Cờ thi đua của UBND tỉnh năm 2017 (phiếu minh họa)",
        replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=2),  # the seed proposed two units
        ("Sở LĐ-TB&XH", "Đài PT-TH"),
        {
            "Sở LĐ-TB&XH": ("Đài PT-TH", "Sở Y tế"),
            "Sở Y tế": ("Sở LĐ-TB&XH", "Đài PT-TH"),
            "Sở VH-TT&DL": ("Sở LĐ-TB&XH", "Đài PT-TH"),
            "Sở KH&CN": ("Sở LĐ-TB&XH", "Đài PT-TH"),
            "Sở TT&TT": ("Sở LĐ-TB&XH", "Sở GD&ĐT"),
            "Sở GD&ĐT": ("Sở LĐ-TB&XH", "Đài PT-TH"),
            "Đài PT-TH": ("Sở LĐ-TB&XH", "Sở GD&ĐT"),
            "Trường CĐ Cộng đồng": ("Đài PT-TH", "BHXH"),
            "BHXH": ("Sở LĐ-TB&XH", "Đài PT-TH"),
        },
    ),
    DemoRound(
        RoundKind.CERTIFICATE_OF_MERIT,
        "Bình xét Bằng khen của Chủ tịch UBND tỉnh năm 2017 (phiếu minh họa)",
        replace(PRESETS[RoundKind.CERTIFICATE_OF_MERIT], seats=2),
        ("Sở GD&ĐT", "Trường CĐ Cộng đồng"),
        {
            "Sở LĐ-TB&XH": ("Sở GD&ĐT", "Trường CĐ Cộng đồng"),
            "Sở Y tế": ("Sở GD&ĐT", "Trường CĐ Cộng đồng"),
            "Sở VH-TT&DL": ("Sở GD&ĐT", "Sở Y tế"),
            "Sở KH&CN": ("Sở GD&ĐT", "Trường CĐ Cộng đồng"),
            "Sở TT&TT": ("Trường CĐ Cộng đồng", "Sở VH-TT&DL"),
            "Sở GD&ĐT": ("Trường CĐ Cộng đồng", "Sở Y tế"),
            "Đài PT-TH": ("Sở GD&ĐT", "Trường CĐ Cộng đồng"),
            "Trường CĐ Cộng đồng": ("Sở GD&ĐT", "BHXH"),
            "BHXH": ("Sở GD&ĐT", "Trường CĐ Cộng đồng"),
        },
    ),
    DemoRound(
        RoundKind.CHAIR,
        "Thống nhất đề cử Trưởng khối năm 2018 (phiếu minh họa)",
        # The bloc confirms the rotation's nominee ("thống nhất đề cử"): one name on the list.
        replace(PRESETS[RoundKind.CHAIR], seats=1, candidates=CandidateSource.CHOSEN),
        ("Đài PT-TH",),
        {
            "Sở LĐ-TB&XH": ("Đài PT-TH",),
            "Sở Y tế": ("Đài PT-TH",),
            "Sở VH-TT&DL": ("Đài PT-TH",),
            "Sở KH&CN": ("Đài PT-TH",),
            "Sở TT&TT": (),
            "Sở GD&ĐT": ("Đài PT-TH",),
            "Đài PT-TH": (),  # no vote for oneself: a blank ballot
            "Trường CĐ Cộng đồng": ("Đài PT-TH",),
            "BHXH": ("Đài PT-TH",),
        },
        chosen=("Đài PT-TH",),
    ),
)


def conference_bloc(session: Session) -> Bloc:
    code, bloc_name, _ = CONFERENCE_BLOC_YEAR
    return session.exec(select(Bloc).join(Province).where(Province.code == code, Bloc.name == bloc_name)).one()


class _SeededReceipts:
    """Stands in for `secrets` inside services.voting.casting while the demo's invented
    ballots are cast: receipt codes come from a seeded generator, ballot ids stay random."""

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(seed)

    def choice(self, alphabet: str) -> str:
        return self._rng.choice(alphabet)

    def __getattr__(self, name: str):
        return getattr(secrets, name)  # token_hex (ballot ids) and the rest: the real thing


@contextmanager
def _seeded_receipts():
    with mock.patch.object(casting, "secrets", _SeededReceipts(RECEIPT_SEED)):
        yield


def hold_2017_conference(session: Session) -> dict[str, dict[str, str]]:
    """Runs the three rounds; returns each round's receipt codes by voter short name."""
    bloc = conference_bloc(session)
    roster = {m.short_name: m.unit_id for m in members(session, bloc_id=bloc.id, year=YEAR)}
    receipts: dict[str, dict[str, str]] = {}
    with _seeded_receipts():
        for number, demo in enumerate(ROUNDS):
            at = START + timedelta(minutes=30 * number)
            receipts[demo.kind.value] = _hold_round(session, bloc.id, roster, demo, at)
    return receipts


def _hold_round(session: Session, bloc_id: int, roster: dict[str, int], demo: DemoRound,
                at: datetime) -> dict[str, str]:  # fmt: skip
    round_ = create_round(session, bloc_id=bloc_id, year=YEAR, title=demo.title, settings=demo.settings, at=at,
                          chosen=[roster[s] for s in demo.chosen] or None)  # fmt: skip
    round_.draw_seed = f"hoi-nghi-2017-{demo.kind.value}"  # fixed before any ballot, like the random one
    session.add(round_)
    session.flush()
    check_in(session, round_id=round_.id, unit_ids=list(roster.values()), at=at + timedelta(minutes=3))
    # History replayed as it was held in 2017, before sealed ballots: unsealed, so the demo's
    # audit chain stays the same on every build (a sealed ballot's ciphertext is random).
    open_round(session, round_id=round_.id, at=at + timedelta(minutes=5), sealed=False)
    receipts = {}
    for second, (voter, marked) in enumerate(demo.ballots.items()):
        choice = Choice(marks=tuple((roster[s], Mark.AGREE) for s in marked))
        moment = at + timedelta(minutes=6, seconds=40 * second)
        receipts[voter] = cast_ballot(session, round_id=round_.id, unit_id=roster[voter], choice=choice, at=moment)
    set_minutes_details(session, round_id=round_.id, place=PLACE, committee=COMMITTEE, at=at + timedelta(minutes=15))
    close_round(session, round_id=round_.id, at=at + timedelta(minutes=20))
    publish_round(session, round_id=round_.id, at=at + timedelta(minutes=25))
    return receipts


def clear_2017_conference(session: Session) -> None:
    """Takes the demo's 2017 rounds out again, with what their publication wrote (the 2017
    flags and Bằng khen, the 2018 chair), for tests that replay that conference themselves.
    Only on a database whose audit chain ends with these rounds."""
    bloc = conference_bloc(session)
    round_ids = list(session.exec(select(VotingRound.id).where(VotingRound.bloc_id == bloc.id,
                                                               VotingRound.year == YEAR)))  # fmt: skip
    # The chain stays whole only if these rounds are its end: the demo writes the council's
    # 2025 rounds and decision before them, and nothing may follow them.
    first = session.exec(select(sa.func.min(AuditEvent.id)).where(AuditEvent.round_id.in_(round_ids))).one()
    others = select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.id > (first or 0))
    if session.exec(others.where(sa.or_(AuditEvent.round_id.is_(None), AuditEvent.round_id.not_in(round_ids)))).one():
        raise RuntimeError("the audit chain holds more than the demo's 2017 rounds after them: not clearing them")
    for model in (AuditEvent, Ballot, SealedBallot, Participation, CheckIn, RoundCandidate):
        session.execute(sa.delete(model).where(model.round_id.in_(round_ids)))
    session.execute(sa.delete(VotingRound).where(VotingRound.id.in_(round_ids)))
    session.execute(sa.delete(Award).where(Award.bloc_id == bloc.id, Award.year == YEAR, Award.person_name.is_(None)))
    terms = sa.delete(LeadershipTerm).where(LeadershipTerm.bloc_id == bloc.id, LeadershipTerm.year == YEAR + 1)
    session.execute(terms.where(LeadershipTerm.role == LeadershipRole.CHAIR))
    session.flush()
