"""The schedule, the scores frozen at opening, and the documents of a counted round
(minutes as PDF, Word and on-screen content; the draft proposal letter)."""

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from io import BytesIO
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader
from sqlmodel import select

from db.models import Bloc, Score, ScoreSheet
from db.models.voting import CheckIn, VotingRound
from services.clock import now
from services.registry.membership import members, set_leader
from services.voting.audit import events_of_round, round_digest
from services.voting.casting import Choice, cast_ballot
from services.voting.documents_docx import minutes_docx, proposal_docx
from services.voting.minutes import minutes_for_round
from services.voting.minutes_content import minutes_of_round
from services.voting.proposal import has_proposal, proposal_of_round
from services.voting.results import round_candidates, verified_totals
from services.voting.rounds import (
    check_in,
    close_round,
    create_round,
    create_runoff,
    open_round,
    publish_round,
    set_minutes_details,
)
from services.voting.rules import PRESETS, BallotForm, CandidateSource, Comparison, RoundKind, ThresholdBase, TieBreak
from services.voting.tally import Mark
from tests.db.test_voting import agree, lai_chau_culture, refusal

YEAR = 2025  # a year whose demo scores are verified
# The flag preset proposes one leading unit; these rounds propose two, as Lai Châu's bloc did in 2017.
TWO_FLAGS = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=2)


def make_round(session, *, kind=RoundKind.PROVINCIAL_FLAG, settings=None, year=YEAR, **extra) -> tuple:
    bloc_id, _ = lai_chau_culture(session)
    units = [m.unit_id for m in members(session, bloc_id=bloc_id, year=year)]
    round_ = create_round(
        session,
        bloc_id=bloc_id,
        year=year,
        title=f"Vòng {kind.value}",
        settings=settings or (TWO_FLAGS if kind == RoundKind.PROVINCIAL_FLAG else PRESETS[kind]),
        at=now(),
        **extra,
    )
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    return round_, units


def docx_text(data: bytes) -> str:
    document = Document(BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_electronic_ballots_are_taken_only_inside_the_scheduled_window(demo_session):
    start = now() + timedelta(hours=1)
    round_, units = make_round(demo_session, opens_at=start, closes_at=start + timedelta(hours=2))
    open_round(demo_session, round_id=round_.id, at=now())
    voter, a, b = units[0], units[1], units[2]

    def cast(at):
        return cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=agree(a, b), at=at)

    assert refusal(lambda: cast(now())) == "vote_error.not_yet_time"
    assert refusal(lambda: cast(start + timedelta(hours=2))) == "vote_error.time_over"
    assert cast(start + timedelta(minutes=5))  # a receipt
    demo_session.refresh(round_)
    assert round_.status.value == "open"  # the schedule never closes a round by itself


def test_a_schedule_that_ends_before_it_starts_or_in_the_past_is_refused(demo_session):
    bloc_id, _ = lai_chau_culture(demo_session)
    flag = PRESETS[RoundKind.PROVINCIAL_FLAG]
    start = now() + timedelta(hours=1)
    with pytest.raises(Exception) as backwards:
        create_round(
            demo_session,
            bloc_id=bloc_id,
            year=YEAR,
            title="T",
            settings=flag,
            at=now(),
            opens_at=start,
            closes_at=start - timedelta(minutes=1),
        )
    assert [e.key for e in backwards.value.errors] == ["vote_error.schedule_order"]
    assert (
        refusal(
            lambda: create_round(
                demo_session,
                bloc_id=bloc_id,
                year=YEAR,
                title="T",
                settings=flag,
                at=now(),
                closes_at=now() - timedelta(minutes=1),
            )
        )
        == "vote_error.schedule_past"
    )


def test_the_scores_a_tie_break_uses_are_those_at_opening(demo_session):
    round_, units = make_round(demo_session)
    before = verified_totals(demo_session, bloc_id=round_.bloc_id, year=YEAR)
    assert before, "the demo year must have verified scores"
    open_round(demo_session, round_id=round_.id, at=now())
    corrected = units[0]
    sheet_ids = select(ScoreSheet.id).where(ScoreSheet.unit_id == corrected)
    demo_session.execute(
        sa.update(Score).where(Score.sheet_id.in_(sheet_ids)).values(verified_score=Score.verified_score + 1)
    )
    after = verified_totals(demo_session, bloc_id=round_.bloc_id, year=YEAR)
    assert after[corrected] != before[corrected]
    frozen = {c.id: c.score for c in round_candidates(demo_session, round_)}
    assert frozen == {u: before.get(u) for u in units}


# The count used by the document tests, computed by hand: 6 of the bloc's units are present,
# every present unit votes; seats 2, elected with more than 1/2 of the ballots collected.
#   b: 5 votes (5/6 = 83,33 %), a: 4 (4/6 = 66,67 %), c: 2 (33,33 %), d: 1 (16,67 %), others 0.
# More than 3 of 6 means at least 4 votes: b and a are elected; c, d and the rest are not.
START = datetime(2025, 12, 12, 7, 0, tzinfo=UTC)  # 14:00 in Vietnam
CLOSED = START + timedelta(minutes=30)  # 14:30 in Vietnam: the count starts
PUBLISHED = START + timedelta(minutes=70)  # 15:10: the minutes are finished
FLAG_RULES = replace(
    PRESETS[RoundKind.PROVINCIAL_FLAG],
    form=BallotForm.PICK,
    seats=2,
    seats_share=None,
    max_choices=None,
    min_choices=0,
    comparison=Comparison.MORE_THAN,
    threshold=Fraction(1, 2),
    base=ThresholdBase.COLLECTED,
    quorum=Fraction(1, 2),
    candidates=CandidateSource.ALL_MEMBERS,
    self_vote=False,
    tie_breaks=(TieBreak.SCORE, TieBreak.RUNOFF),
)
COMMITTEE = ["Lò Thị Hương – Trưởng ban", "", "Nguyễn Đức Thắng – Thư ký", "Tẩn Văn Páo – Ủy viên"]
PLACE = "Hội trường UBND tỉnh Lai Châu"
SUBSTITUTE = "Phó Giám đốc Vàng A Dế"


def counted_flag_round(session, *, publish: bool = True) -> SimpleNamespace:
    bloc_id, _ = lai_chau_culture(session)
    roster = members(session, bloc_id=bloc_id, year=YEAR)
    units = [m.unit_id for m in roster]
    present = units[:6]
    round_ = create_round(session, bloc_id=bloc_id, year=YEAR, title="Bình xét Cờ thi đua của UBND tỉnh năm 2025",
                          settings=FLAG_RULES, at=START)  # fmt: skip
    check_in(session, round_id=round_.id, unit_ids=present, at=START)
    row = session.exec(select(CheckIn).where(CheckIn.round_id == round_.id, CheckIn.unit_id == present[5])).one()
    row.substitute_name = SUBSTITUTE
    session.add(row)
    set_minutes_details(session, round_id=round_.id, place=PLACE, committee=COMMITTEE, at=START)
    open_round(session, round_id=round_.id, at=START + timedelta(minutes=5))
    a, b, c, d = present[:4]
    ballots = {a: (b, c), b: (c, d), c: (a, b), d: (a, b), present[4]: (a, b), present[5]: (a, b)}
    for voter, marked in ballots.items():
        cast_ballot(session, round_id=round_.id, unit_id=voter, choice=agree(*marked), at=START + timedelta(minutes=10))
    close_round(session, round_id=round_.id, at=CLOSED)
    if publish:
        publish_round(session, round_id=round_.id, at=PUBLISHED)
    names = {m.unit_id: m.name for m in roster}
    return SimpleNamespace(round=round_, names=names, a=a, b=b, c=c, d=d, units=units, present=present,
                           absent=[u for u in units if u not in present])  # fmt: skip


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_the_minutes_carry_every_official_part_in_pdf_word_and_on_screen(demo_session):
    world = counted_flag_round(demo_session)
    round_id, names = world.round.id, world.names
    bloc = demo_session.get(Bloc, world.round.bloc_id)
    minutes = minutes_of_round(demo_session, round_id=round_id)
    number = getattr(bloc, "rules_number", None)  # the bloc's operating rules, once recorded
    basis = "Căn cứ Quy chế hoạt động" if not number else f"số {number}"
    digest = round_digest(demo_session, round_id=round_id)
    closed = next(e for e in events_of_round(demo_session, round_id=round_id) if e.kind == "round_closed")
    expected = [
        "UBND TỈNH LAI CHÂU",
        "KHỐI THI ĐUA VĂN HÓA – XÃ HỘI",
        "Số: ……/BB-KTĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lai Châu, ngày 12 tháng 12 năm 2025",
        "BIÊN BẢN KIỂM PHIẾU",
        "V/v Bình xét Cờ thi đua của UBND tỉnh năm 2025",
        basis,
        f"Hôm nay, vào hồi 14 giờ 30 phút, ngày 12 tháng 12 năm 2025, tại {PLACE}",
        "Hội nghị tổng kết công tác thi đua năm 2025 của Khối thi đua Văn hóa – Xã hội tỉnh Lai Châu",
        "- Lò Thị Hương – Trưởng ban",
        "- Nguyễn Đức Thắng – Thư ký",
        "- Tẩn Văn Páo – Ủy viên",
        "Đơn vị có mặt (6): ",
        f"{names[world.present[5]]} (người dự thay: {SUBSTITUTE})",
        f"Đơn vị vắng mặt ({len(world.absent)}): " + "; ".join(sorted(names[u] for u in world.absent)),
        "Hình thức: bỏ phiếu kín.",
        "Số phiếu phát ra: 6.",
        "Số phiếu thu vào: 6.",
        "Số phiếu hợp lệ: 6.",
        "Số phiếu không hợp lệ: 0.",
        "đơn vị trúng phải đạt trên 1/2 tổng số phiếu thu vào (ít nhất 4 phiếu)",
        "83,33 %",
        "66,67 %",
        "16,67 %",
        f"Kết quả trúng: {names[world.b]}; {names[world.a]}.",
        "Biên bản lập xong vào hồi 15 giờ 10 phút cùng ngày.",
        "TRƯỞNG BAN KIỂM PHIẾU",
        "THƯ KÝ",
        "THÀNH VIÊN",
        digest,
    ]
    on_screen = squeeze(" ".join(_screen_lines(minutes)))
    for text in (pdf_text(minutes_for_round(demo_session, round_id=round_id)), docx_text(minutes_docx(minutes))):
        flat = squeeze(text)
        for part in expected:
            assert squeeze(part) in flat, part
        assert "Khối thi đua: Khối" not in flat and "KHỐI THI ĐUA KHỐI" not in flat
        assert "66.67%" not in flat and "Trên (>)" not in flat
        assert json.loads(closed.payload_json)["digest"] not in flat  # the chain head before the close: not it
    for part in expected:
        assert squeeze(part) in on_screen, part


def _screen_lines(minutes) -> list[str]:
    """What the on-screen view prints: the same header and blocks."""
    header = minutes.header
    lines = [header.parent, header.issuer, header.number, header.national, header.motto, header.place_date,
             header.title, header.subject]  # fmt: skip
    for block in minutes.blocks:
        if hasattr(block, "text"):
            lines.append(block.text)
        elif hasattr(block, "headings"):
            lines += [" | ".join(row) for row in (block.headings, *block.rows)]
        else:
            lines += [" ".join((*s.titles, s.hint, s.name)) for pair in block.rows for s in pair if s]
    return lines


def test_tt_numbers_the_rows_while_tied_units_share_a_rank(demo_session):
    world = counted_flag_round(demo_session)
    minutes = minutes_of_round(demo_session, round_id=world.round.id)
    assert minutes.headings == ("TT", "Đơn vị", "Số phiếu", "Tỷ lệ", "Xếp hạng", "Kết quả")
    count = len(world.units)
    assert [row[0] for row in minutes.rows] == [str(i) for i in range(1, count + 1)]
    # b 5, a 4, c 2, d 1, then every other unit with 0 votes, all ranked 5th.
    assert [row[4] for row in minutes.rows] == ["1", "2", "3", "4"] + ["5"] * (count - 4)
    assert [row[3] for row in minutes.rows][:4] == ["83,33 %", "66,67 %", "33,33 %", "16,67 %"]
    assert [row[5] for row in minutes.rows] == ["Trúng", "Trúng"] + [""] * (count - 2)
    grid = Document(BytesIO(minutes_docx(minutes))).tables
    table = next(t for t in grid if t.rows[0].cells[0].text == "TT")
    assert [r.cells[0].text for r in table.rows[1:]] == [str(i) for i in range(1, count + 1)]


def test_minutes_printed_before_publication_leave_the_end_time_blank(demo_session):
    world = counted_flag_round(demo_session, publish=False)
    text = squeeze(pdf_text(minutes_for_round(demo_session, round_id=world.round.id)))
    assert "Biên bản lập xong vào hồi …… giờ …… phút cùng ngày." in text
    assert "Hôm nay, vào hồi 14 giờ 30 phút" in text


def test_the_minutes_pdf_is_a4_in_embedded_liberation_serif_inside_the_official_margins(demo_session):
    world = counted_flag_round(demo_session)
    reader = PdfReader(BytesIO(minutes_for_round(demo_session, round_id=world.round.id)))
    fonts, lefts = set(), []

    def visit(text, cm, tm, font, size):
        if text.strip():
            lefts.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - 595.28) <= 1 and abs(float(box.height) - 841.89) <= 1
        fonts |= {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
        page.extract_text(visitor_text=visit)
    assert fonts and all("LiberationSerif" in name for name in fonts), fonts
    assert any("Bold" in name for name in fonts) and any("Italic" in name for name in fonts)
    mm = 72 / 25.4
    assert lefts and min(lefts) >= 30 * mm - 0.5  # left margin 30 mm
    assert len(reader.pages) >= 2


def test_the_minutes_word_file_is_a4_times_new_roman_13_pt_inside_the_official_margins(demo_session):
    world = counted_flag_round(demo_session)
    document = Document(BytesIO(minutes_docx(minutes_of_round(demo_session, round_id=world.round.id))))
    assert_official_word_format(document)


def assert_official_word_format(document) -> None:
    for section in document.sections:
        # Word stores twentieths of a point: A4 is 11906 × 16838, within 0.1 mm of 210 × 297.
        assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
        assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
        assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    body = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    assert body
    for run in body:
        size = (run.font.size or document.styles["Normal"].font.size).pt
        assert (run.font.name or document.styles["Normal"].font.name) == "Times New Roman", run.text
        assert 13 <= size <= 14 or (size == 9 and run.text.startswith("Mã kiểm toán")), (run.text, size)
    cells = [run for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for run in p.runs]
    for run in cells:
        assert run.font.name == "Times New Roman" and 11 <= run.font.size.pt <= 14, run.text


def test_an_approval_round_prints_agree_disagree_and_blank_columns(demo_session):
    settings = replace(FLAG_RULES, kind=RoundKind.CERTIFICATE_OF_MERIT, form=BallotForm.APPROVAL)
    round_, units = make_round(demo_session, kind=RoundKind.CERTIFICATE_OF_MERIT, settings=settings)
    open_round(demo_session, round_id=round_.id, at=now())
    for voter in units:
        marks = ((units[0], Mark.AGREE), (units[1], Mark.DISAGREE)) if voter != units[0] else ((units[1], Mark.AGREE),)
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=Choice(marks=marks), at=now())
    close_round(demo_session, round_id=round_.id, at=now())
    minutes = minutes_of_round(demo_session, round_id=round_.id)
    assert minutes.headings == ("TT", "Đơn vị", "Đồng ý", "Không đồng ý", "Để trống", "Tỷ lệ", "Xếp hạng", "Kết quả")
    second = next(row for row in minutes.rows if row[2] == "1")
    assert second[3] == str(len(units) - 1)  # everyone else disagreed
    assert second[4] == "0"


def test_a_runoffs_minutes_name_the_round_it_follows(demo_session):
    # Six present: a and b get 3 votes each, both above 1/4 of 6, tied for the one seat: runoff.
    tie_then_runoff = replace(FLAG_RULES, seats=1, threshold=Fraction(1, 4), tie_breaks=(TieBreak.RUNOFF,))
    bloc_id, _ = lai_chau_culture(demo_session)
    present = [m.unit_id for m in members(demo_session, bloc_id=bloc_id, year=YEAR)][:6]
    round_ = create_round(demo_session, bloc_id=bloc_id, year=YEAR, title="Cờ thi đua (vòng 1)",
                          settings=tie_then_runoff, at=now())  # fmt: skip
    check_in(demo_session, round_id=round_.id, unit_ids=present, at=now())
    open_round(demo_session, round_id=round_.id, at=now())
    a, b = present[0], present[1]
    for number, voter in enumerate(present):
        marked = b if voter == a else a if voter == b else (a if number % 2 else b)
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=agree(marked), at=now())
    result = json.loads(close_round(demo_session, round_id=round_.id, at=now()))
    assert result["runoff"] and result["winners"] == []
    runoff = create_runoff(demo_session, round_id=round_.id, at=now())
    check_in(demo_session, round_id=runoff.id, unit_ids=present, at=now())
    open_round(demo_session, round_id=runoff.id, at=now())
    for voter in present:
        cast_ballot(demo_session, round_id=runoff.id, unit_id=voter, choice=agree(a if voter != a else b), at=now())
    close_round(demo_session, round_id=runoff.id, at=now())
    first = minutes_of_round(demo_session, round_id=round_.id)
    assert any("tổ chức bầu lại" in note for note in first.notes)
    assert not any("vòng bầu lại sau" in line for line in first.opening)
    text = squeeze(pdf_text(minutes_for_round(demo_session, round_id=runoff.id)))
    assert "Đây là vòng bầu lại sau vòng bỏ phiếu “Cờ thi đua (vòng 1)”." in text


def test_the_draft_proposal_letter_is_an_official_paper_listing_the_winners(demo_session):
    world = counted_flag_round(demo_session)
    set_leader(session=demo_session, bloc_id=world.round.bloc_id, year=YEAR, role="chair", unit_id=world.units[3])
    round_ = demo_session.get(VotingRound, world.round.id)
    assert has_proposal(round_)
    proposal = proposal_of_round(demo_session, round_id=round_.id)
    names = world.names
    assert proposal.rows == (("1", names[world.b], "5", "83,33 %"), ("2", names[world.a], "4", "66,67 %"))
    data = proposal_docx(proposal)
    text = squeeze(docx_text(data))
    for expected in (
        "UBND TỈNH LAI CHÂU",
        "KHỐI THI ĐUA VĂN HÓA – XÃ HỘI",
        "Số: ……/TTr-KTĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lai Châu, ngày 12 tháng 12 năm 2025",
        "TỜ TRÌNH",
        "V/v đề nghị tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm 2025",
        "Kính gửi: Hội đồng Thi đua – Khen thưởng tỉnh Lai Châu.",
        "Căn cứ Quy chế hoạt động",
        "(6/9 đơn vị thành viên tham gia bỏ phiếu" if len(world.units) == 9 else "đơn vị thành viên tham gia bỏ phiếu",
        "cho 2 đơn vị sau:",
        f"1 | {names[world.b]} | 5 | 83,33 %",
        f"2 | {names[world.a]} | 4 | 66,67 %",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. KHỐI THI ĐUA VĂN HÓA – XÃ HỘI",
        "ĐƠN VỊ TRƯỞNG KHỐI",
        names[world.units[3]],
    ):
        assert squeeze(expected) in text, expected
    assert "Khối thi đua: Khối" not in text
    assert_official_word_format(Document(BytesIO(data)))


def test_minutes_details_are_checked_and_freeze_at_publication(demo_session):
    round_, _ = make_round(demo_session)
    too_many = [f"Thành viên {i}" for i in range(16)]
    assert (
        refusal(lambda: set_minutes_details(demo_session, round_id=round_.id, place="", committee=too_many, at=now()))
        == "vote_error.committee_too_long"
    )
    open_round(demo_session, round_id=round_.id, at=now())
    close_round(demo_session, round_id=round_.id, at=now())
    publish_round(demo_session, round_id=round_.id, at=now())
    assert (
        refusal(lambda: set_minutes_details(demo_session, round_id=round_.id, place="X", committee=[], at=now()))
        == "vote_error.minutes_final"
    )


def test_no_proposal_letter_for_a_chair_election_or_when_nobody_won(demo_session):
    chair, _ = make_round(demo_session, kind=RoundKind.CHAIR)
    open_round(demo_session, round_id=chair.id, at=now())
    close_round(demo_session, round_id=chair.id, at=now())
    flag, _ = make_round(demo_session)
    open_round(demo_session, round_id=flag.id, at=now())
    close_round(demo_session, round_id=flag.id, at=now())  # no ballots: nobody passes
    assert not has_proposal(demo_session.get(VotingRound, chair.id))
    assert not has_proposal(demo_session.get(VotingRound, flag.id))
    assert json.loads(demo_session.get(VotingRound, flag.id).result_json)["winners"] == []


def test_a_chosen_candidate_list_must_hold_only_member_units(demo_session):
    bloc_id, _ = lai_chau_culture(demo_session)
    units = [m.unit_id for m in members(demo_session, bloc_id=bloc_id, year=YEAR)]
    chosen = replace(PRESETS[RoundKind.GOVERNMENT_FLAG], candidates=CandidateSource.CHOSEN)
    round_ = create_round(
        demo_session,
        bloc_id=bloc_id,
        year=YEAR,
        title="Cờ Chính phủ",
        settings=chosen,
        at=now(),
        chosen=[units[2], units[0]],
    )
    assert [c.id for c in round_candidates(demo_session, round_)] == [units[2], units[0]]
    stranger = max(units) + 1000
    assert (
        refusal(
            lambda: create_round(
                demo_session,
                bloc_id=bloc_id,
                year=YEAR,
                title="X",
                settings=chosen,
                at=now(),
                chosen=[units[0], stranger],
            )
        )
        == "vote_error.chosen_not_member"
    )


def test_the_minutes_and_the_letter_cite_the_blocs_operating_rules_by_number_and_date(demo_session):
    world = counted_flag_round(demo_session)
    bloc = demo_session.get(Bloc, world.round.bloc_id)
    bloc.rules_number, bloc.rules_date = "01/QC-KTĐVHXH", date(2017, 3, 15)
    bloc.rules_title = "Quy chế hoạt động của Khối thi đua Văn hóa – Xã hội tỉnh Lai Châu"
    demo_session.add(bloc)
    demo_session.flush()
    basis = "Căn cứ Quy chế hoạt động của Khối thi đua Văn hóa – Xã hội tỉnh Lai Châu số 01/QC-KTĐVHXH ngày 15/03/2017;"
    minutes = minutes_of_round(demo_session, round_id=world.round.id)
    proposal = proposal_of_round(demo_session, round_id=world.round.id)
    for text in (
        pdf_text(minutes_for_round(demo_session, round_id=world.round.id)),
        docx_text(minutes_docx(minutes)),
        docx_text(proposal_docx(proposal)),
    ):
        assert basis in squeeze(text)


def test_a_round_title_of_the_full_300_characters_goes_into_the_word_files(demo_session):
    title = ("Bình xét Cờ thi đua của Ủy ban nhân dân tỉnh năm 2025 " * 6)[:300]
    round_, units = make_round(demo_session, settings=FLAG_RULES)
    round_.title = title  # as long as the form allows
    demo_session.add(round_)
    open_round(demo_session, round_id=round_.id, at=now())
    for voter in units:
        cast_ballot(
            demo_session,
            round_id=round_.id,
            unit_id=voter,
            choice=agree(units[0] if voter != units[0] else units[1]),
            at=now(),
        )
    close_round(demo_session, round_id=round_.id, at=now())
    minutes = docx_text(minutes_docx(minutes_of_round(demo_session, round_id=round_.id)))
    proposal = docx_text(proposal_docx(proposal_of_round(demo_session, round_id=round_.id)))
    assert squeeze(f"V/v {title}") in squeeze(minutes)
    assert "TỜ TRÌNH" in proposal
