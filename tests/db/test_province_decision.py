"""The decision that closes the province's year, on both backends: the council's published
rounds (made here by hand: hand-chosen ballots counted by the ordinary tally) decide which
proposals become awards once the decision's number and date are entered; the rest are not
approved, with the council's result in words. Bad input changes nothing. The Word draft
lists the approved collectives by their full names, in the official format."""

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from functools import partial
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from docx import Document
from sqlmodel import select

from db.models import (
    ArchivedYear,
    Award,
    AwardKind,
    AwardStatus,
    Bloc,
    Province,
    Role,
    Unit,
    UnitName,
    User,
    UserScope,
)
from db.models.voting import AuditEvent
from manage.demo.council import enter_council_round
from services.clock import local_today
from services.errors import ValidationFailed
from services.province.council import council_of
from services.province.decision import council_outcomes, record_decision
from services.province.decision_draft import draft_docx
from services.province.stage_rules import StageRules, save_stage_rules, stage_rules
from services.voting.audit import verify_chain
from services.voting.tally import Ballot, Mark
from tests.db.test_voting_documents import assert_official_word_format, docx_text

YEAR = 2025
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
COUNCIL_DAY = datetime(2026, 1, 15, 15, 0, tzinfo=VIETNAM).astimezone(UTC)  # published 15/01/2026, Vietnam time
A, B, C, D, E = "Sở Alpha tỉnh Thử", "Sở Bêta tỉnh Thử", "Sở Gamma tỉnh Thử", "Sở Đenta tỉnh Thử", "Sở Epsilon"


def _province(session, code: str, name: str) -> Province:
    province = Province(code=code, name=name)
    session.add(province)
    session.flush()
    return province


def _unit(session, province: Province, name: str) -> int:
    unit = Unit(province_id=province.id)
    session.add(unit)
    session.flush()
    session.add(UnitName(unit_id=unit.id, from_year=2015, name=name, short_name=name.split()[1]))
    return unit.id


def _propose(session, unit_id: int, kind: AwardKind, *, year: int = YEAR, person: str | None = None) -> Award:
    award = Award(year=year, kind=kind, unit_id=unit_id, status=AwardStatus.PROPOSED, person_name=person)
    session.add(award)
    session.flush()
    return award


def _council(session, province: Province, size: int) -> list[User]:
    council = council_of(session, province.id, create=True)
    people = []
    for n in range(size):
        user = User(username=f"hd{province.code}{n}", full_name=f"Ủy viên {n}", password_hash="x",
                    role=Role.COUNCIL_MEMBER, position="Ủy viên")  # fmt: skip
        session.add(user)
        session.flush()
        session.add(UserScope(user_id=user.id, bloc_id=council.id))
        people.append(user)
    session.flush()
    return people


def _ballots(marks_by_ballot: list[dict[int, Mark]]) -> list[Ballot]:
    return [Ballot(marks=tuple(marks.items())) for marks in marks_by_ballot]


class World:
    """Tỉnh Thử: 9 council members (at least 2/3 of all: 6 votes). The flag round: A 7 agree,
    B 5 agree; the Bằng khen round: C exactly 6 agree, D 4 agree, 3 disagree and 2 blank.
    E was proposed for a Bằng khen but not put to the vote. Another province, an individual
    title, a Government-flag proposal (no council round) and 2024 are there to stay untouched."""

    def __init__(self, session):
        self.province = _province(session, "TT", "Thử")
        self.units = {name: _unit(session, self.province, name) for name in (A, B, C, D, E)}
        u = self.units
        self.flags = {n: _propose(session, u[n], AwardKind.PROVINCIAL_FLAG) for n in (A, B)}
        self.merits = {n: _propose(session, u[n], AwardKind.CERTIFICATE_OF_MERIT) for n in (C, D, E)}
        self.government = _propose(session, u[A], AwardKind.GOVERNMENT_FLAG)
        self.person = _propose(session, u[C], AwardKind.CERTIFICATE_OF_MERIT, person="Nguyễn Văn Một")
        self.earlier = _propose(session, u[A], AwardKind.PROVINCIAL_FLAG, year=YEAR - 1)
        other = _province(session, "KH", "Tỉnh Khác")
        self.elsewhere = _propose(session, _unit(session, other, "Sở Khác tỉnh Khác"), AwardKind.PROVINCIAL_FLAG)
        _council(session, self.province, 9)
        agree, disagree = Mark.AGREE, Mark.DISAGREE
        flag_ballots = [{u[A]: agree, u[B]: agree}] * 5 + [{u[A]: agree, u[B]: disagree}] * 2 + [{}] * 2
        self.flag_round = enter_council_round(
            session, province_id=self.province.id, year=YEAR, kind=AwardKind.PROVINCIAL_FLAG, unit_ids=[u[A], u[B]],
            ballots=_ballots(flag_ballots), at=COUNCIL_DAY, title="Hội đồng xét tặng Cờ thi đua",
        )  # fmt: skip
        merit_ballots = [{u[C]: agree, u[D]: agree}] * 4 + [{u[C]: agree, u[D]: disagree}] * 2
        merit_ballots += [{u[C]: disagree, u[D]: disagree}] + [{}] * 2
        self.merit_round = enter_council_round(
            session, province_id=self.province.id, year=YEAR, kind=AwardKind.CERTIFICATE_OF_MERIT,
            unit_ids=[u[C], u[D]], ballots=_ballots(merit_ballots), at=COUNCIL_DAY + timedelta(minutes=30),
            title="Hội đồng xét tặng Bằng khen",
        )  # fmt: skip

    def record(self, session, number="125", signed_on=date(2026, 1, 20)):
        return record_decision(session, province_id=self.province.id, year=YEAR, number=number, signed_on=signed_on,
                               at=datetime.now(UTC))  # fmt: skip


def refusal_keys(call) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        call()
    return [e.key for e in info.value.errors]


def statuses(session) -> dict[int, tuple]:
    rows = session.exec(select(Award.id, Award.status, Award.decision_ref, Award.status_reason)).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_the_council_outcome_reads_the_tally(session):
    world = World(session)
    outcomes = {o.award: o for o in council_outcomes(session, province_id=world.province.id, year=YEAR)}
    assert [(c.name, c.votes, c.approved) for c in outcomes[AwardKind.PROVINCIAL_FLAG].candidates] == [
        (A, 7, True),
        (B, 5, False),
    ]
    assert [(c.name, c.votes, c.approved) for c in outcomes[AwardKind.CERTIFICATE_OF_MERIT].candidates] == [
        (C, 6, True),  # exactly 2/3 of 9: at least 2/3 passes
        (D, 4, False),
    ]
    assert outcomes[AwardKind.PROVINCIAL_FLAG].held_on == date(2026, 1, 15)


def test_recording_the_decision_approves_what_the_council_passed_and_not_the_rest(session):
    world = World(session)
    untouched = {a.id: statuses(session)[a.id] for a in (world.government, world.person, world.earlier,
                                                          world.elsewhere)}  # fmt: skip
    result = world.record(session)
    assert (result.approved, result.not_approved, result.decision_ref) == (2, 3, "125/QĐ-UBND")
    session.expire_all()

    def award(a: Award) -> Award:
        return session.get(Award, a.id)

    for approved, round_ in ((world.flags[A], world.flag_round), (world.merits[C], world.merit_round)):
        assert award(approved).status == AwardStatus.APPROVED
        assert award(approved).decision_ref == "125/QĐ-UBND" and award(approved).decision_date == date(2026, 1, 20)
        assert award(approved).council_round_id == round_.id and award(approved).status_reason is None
    b, d, e = award(world.flags[B]), award(world.merits[D]), award(world.merits[E])
    assert b.status == d.status == e.status == AwardStatus.NOT_APPROVED
    assert b.decision_ref is None
    assert b.status_reason == (
        "Hội đồng: 5/9 phiếu đồng ý, chưa đạt từ 2/3 tổng số thành viên trở lên (cần ít nhất 6 phiếu)"
    )
    assert d.status_reason.startswith("Hội đồng: 4/9 phiếu đồng ý") and d.council_round_id == world.merit_round.id
    assert e.status_reason == "Không được đưa ra Hội đồng bỏ phiếu"
    assert {i: statuses(session)[i] for i in untouched} == untouched
    event = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.kind == "decision_recorded" and '"approved": 2' in event.payload_json
    assert verify_chain(session).intact


def test_a_number_typed_with_its_symbol_is_kept_as_typed(session):
    world = World(session)
    assert world.record(session, number=" 07/QĐ-UBND ").decision_ref == "07/QĐ-UBND"


@pytest.mark.parametrize(
    ("number", "signed_on", "key"),
    [
        ("", date(2026, 1, 20), "error.required"),
        ("   ", date(2026, 1, 20), "error.required"),
        ("125", None, "error.required"),
        ("125", date(2026, 1, 14), "decision.error.date_before_council"),
        ("125", "tomorrow", "decision.error.date_future"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_changes(session, number, signed_on, key):
    world = World(session)
    before, events = statuses(session), session.exec(select(sa.func.count()).select_from(AuditEvent)).one()
    day = local_today() + timedelta(days=1) if signed_on == "tomorrow" else signed_on
    assert refusal_keys(lambda: world.record(session, number=number, signed_on=day)) == [key]
    assert statuses(session) == before
    assert session.exec(select(sa.func.count()).select_from(AuditEvent)).one() == events


def test_no_published_council_round_is_refused(session):
    province = _province(session, "TR", "Trống")
    unit = _unit(session, province, "Sở Một tỉnh Trống")
    proposed = _propose(session, unit, AwardKind.PROVINCIAL_FLAG)
    keys = refusal_keys(lambda: record_decision(session, province_id=province.id, year=YEAR, number="1",
                                                signed_on=date(2026, 1, 2), at=datetime.now(UTC)))  # fmt: skip
    assert keys == ["decision.error.no_council_round"]
    assert session.get(Award, proposed.id).status == AwardStatus.PROPOSED


def test_a_decision_is_recorded_once(session):
    world = World(session)
    world.record(session)
    after = statuses(session)
    assert refusal_keys(lambda: world.record(session, number="126")) == ["decision.error.already_recorded"]
    assert statuses(session) == after


def test_the_draft_lists_the_approved_collectives_in_the_official_format(session):
    world = World(session)
    rules = stage_rules(session, world.province.id)
    save_stage_rules(session, world.province.id, StageRules(**{**rules.__dict__, "decision_signer": "Lê Văn Ký"}))
    data = draft_docx(session, province_id=world.province.id, year=YEAR)
    document = Document(BytesIO(data))
    assert_official_word_format(document)
    text = docx_text(data)
    for line in (
        "ỦY BAN NHÂN DÂN",
        "TỈNH THỬ",
        "Số: ……/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Thử, ngày …… tháng …… năm ……",
        "QUYẾT ĐỊNH",
        "Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh và Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2025",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỬ",
        "Căn cứ Biên bản kiểm phiếu của Hội đồng Thi đua – Khen thưởng tỉnh Thử ngày 15/01/2026;",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Cờ thi đua của Ủy ban nhân dân tỉnh cho 01 tập thể",
        f"1. {A}.",
        "Điều 2. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể",
        f"1. {C}.",
        "Điều 3. Tiền thưởng",
        "Điều 4. Quyết định này có hiệu lực kể từ ngày ký.",
        "Nơi nhận:",
        "- Như Điều 4;",
        "CHỦ TỊCH",
        "Lê Văn Ký",
    ):
        assert line in text, line
    assert B not in text and D not in text and E not in text  # not passed, or never voted on
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.index("QUYẾT ĐỊNH:") < paragraphs.index(f"1. {A}.") < paragraphs.index(f"1. {C}.")
    header = document.tables[0].rows[0].cells[0].paragraphs
    assert all(run.bold for p in header[:2] for run in p.runs)  # the People's Committee has no parent: all bold


def test_a_decision_touching_an_archived_bloc_year_is_refused_and_changes_nothing(session):
    import services.archive  # noqa: F401 (installs the read-only check of archived years)

    world = World(session)
    bloc = Bloc(province_id=world.province.id, name="Khối thử")
    session.add(bloc)
    session.flush()
    world.flags[B].bloc_id = bloc.id
    session.add(world.flags[B])
    session.add(ArchivedYear(bloc_id=bloc.id, year=YEAR, archived_by="quantri"))
    session.flush()
    before = statuses(session)
    with pytest.raises(ValidationFailed) as refused, session.begin_nested():
        world.record(session)
    assert [e.key for e in refused.value.errors] == ["archive_error.archived"]
    session.expire_all()
    assert statuses(session) == before


def test_a_decision_that_approves_nothing_is_still_recorded_once(session):
    world = World(session)
    rules = stage_rules(session, world.province.id)
    # At least 90 % of all 9 members (9 votes): nobody passes.
    save_stage_rules(session, world.province.id, StageRules(**{**rules.__dict__, "council_threshold": Fraction(9, 10)}))
    unit = world.units[A]
    strict = enter_council_round(
        session, province_id=world.province.id, year=YEAR + 1, kind=AwardKind.PROVINCIAL_FLAG, unit_ids=[unit],
        ballots=_ballots([{unit: Mark.AGREE}] * 8 + [{}]), at=COUNCIL_DAY, title="Hội đồng, ngưỡng 90 %",
    )  # fmt: skip
    proposal = _propose(session, unit, AwardKind.PROVINCIAL_FLAG, year=YEAR + 1)
    record = partial(record_decision, session, province_id=world.province.id, year=YEAR + 1, at=datetime.now(UTC))
    assert record(number="9", signed_on=date(2026, 1, 20)).approved == 0
    assert session.get(Award, proposal.id).council_round_id == strict.id
    keys = refusal_keys(lambda: record(number="10", signed_on=date(2026, 1, 21)))
    assert keys == ["decision.error.already_recorded"]
