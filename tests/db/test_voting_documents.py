"""The schedule, the scores frozen at opening, and the documents of a counted round
(minutes as PDF, Word and on-screen content; the draft proposal letter)."""

import json
from dataclasses import replace
from datetime import timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa
from docx import Document
from pypdf import PdfReader
from sqlmodel import select

from db.models import Score, ScoreSheet
from db.models.voting import VotingRound
from services.clock import now
from services.membership import members, set_leader
from services.voting.casting import cast_ballot
from services.voting.documents_docx import minutes_docx, proposal_docx
from services.voting.minutes import minutes_for_round
from services.voting.minutes_content import minutes_of_round
from services.voting.proposal import has_proposal, proposal_of_round
from services.voting.results import round_candidates, verified_totals
from services.voting.rounds import check_in, close_round, create_round, open_round, publish_round, set_minutes_details
from services.voting.rules import PRESETS, BallotForm, CandidateSource, RoundKind
from services.voting.tally import Mark
from tests.db.test_voting import agree, lai_chau_culture, refusal

YEAR = 2025  # a year whose demo scores are verified


def make_round(session, *, kind=RoundKind.PROVINCIAL_FLAG, settings=None, year=YEAR, **extra) -> tuple:
    bloc_id, _ = lai_chau_culture(session)
    units = [m.unit_id for m in members(session, bloc_id=bloc_id, year=year)]
    round_ = create_round(
        session,
        bloc_id=bloc_id,
        year=year,
        title=f"Vòng {kind.value}",
        settings=settings or PRESETS[kind],
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


def test_the_minutes_carry_place_committee_counts_and_winners_in_pdf_word_and_on_screen(demo_session):
    round_, units = make_round(demo_session)
    set_minutes_details(
        demo_session,
        round_id=round_.id,
        place="Hội trường UBND tỉnh Lai Châu",
        committee=["Lò Thị Hương – Trưởng ban", "", "Nguyễn Đức Thắng – Thư ký"],
        at=now(),
    )
    open_round(demo_session, round_id=round_.id, at=now())
    a, b = units[0], units[1]
    for voter in units:
        choice = agree(a, b) if voter not in (a, b) else agree(units[2])
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=choice, at=now())
    close_round(demo_session, round_id=round_.id, at=now())
    minutes = minutes_of_round(demo_session, round_id=round_.id)
    names = {c.id: c.name for c in round_candidates(demo_session, round_)}
    assert minutes.committee == ("Lò Thị Hương – Trưởng ban", "Nguyễn Đức Thắng – Thư ký")
    assert names[a] in minutes.winners and names[b] in minutes.winners
    assert [row[1] for row in minutes.rows][:2] == [names[a], names[b]]
    for text in (pdf_text(minutes_for_round(demo_session, round_id=round_.id)), docx_text(minutes_docx(minutes))):
        flat = " ".join(text.split())
        for expected in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "BIÊN BẢN KIỂM PHIẾU",
            "Hội trường UBND tỉnh Lai Châu",
            "Lò Thị Hương – Trưởng ban",
            "Nguyễn Đức Thắng – Thư ký",
            minutes.winners,
            "TRƯỞNG BAN KIỂM PHIẾU",
            f"Số phiếu thu vào: {len(units)}",
        ):
            assert " ".join(expected.split()) in flat, expected


def test_an_approval_round_prints_disagree_and_blank_columns(demo_session):
    settings = replace(PRESETS[RoundKind.CERTIFICATE_OF_MERIT], form=BallotForm.APPROVAL)
    round_, units = make_round(demo_session, kind=RoundKind.CERTIFICATE_OF_MERIT, settings=settings)
    open_round(demo_session, round_id=round_.id, at=now())
    from services.voting.casting import Choice

    for voter in units:
        marks = ((units[0], Mark.AGREE), (units[1], Mark.DISAGREE)) if voter != units[0] else ((units[1], Mark.AGREE),)
        cast_ballot(demo_session, round_id=round_.id, unit_id=voter, choice=Choice(marks=marks), at=now())
    close_round(demo_session, round_id=round_.id, at=now())
    minutes = minutes_of_round(demo_session, round_id=round_.id)
    assert minutes.headings == ("TT", "Đơn vị", "Số phiếu", "Không đồng ý", "Để trống", "Tỷ lệ", "Đạt")
    second = next(row for row in minutes.rows if row[2] == "1")
    assert second[3] == str(len(units) - 1)  # everyone else disagreed


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


def test_the_draft_proposal_letter_lists_the_winners_for_the_council(demo_session):
    round_, units = make_round(demo_session)
    set_leader(session=demo_session, bloc_id=round_.bloc_id, year=YEAR, role="chair", unit_id=units[3])
    open_round(demo_session, round_id=round_.id, at=now())
    a, b = units[0], units[1]
    for voter in units:
        cast_ballot(
            demo_session,
            round_id=round_.id,
            unit_id=voter,
            choice=agree(a, b) if voter not in (a, b) else agree(units[2]),
            at=now(),
        )
    close_round(demo_session, round_id=round_.id, at=now())
    round_ = demo_session.get(VotingRound, round_.id)
    assert has_proposal(round_)
    names = {c.id: c.name for c in round_candidates(demo_session, round_)}
    proposal = proposal_of_round(demo_session, round_id=round_.id)
    assert [row[1] for row in proposal.rows] == [names[a], names[b]]
    text = " ".join(docx_text(proposal_docx(proposal)).split())
    for expected in (
        "TỜ TRÌNH",
        "Cờ thi đua của Ủy ban nhân dân tỉnh năm 2025",
        "Kính gửi: Hội đồng Thi đua",
        "Lai Châu",
        names[a],
        names[b],
        names[units[3]],
        "Số: ……/TTr-KTĐ",
        "ĐƠN VỊ TRƯỞNG KHỐI",
    ):
        assert expected in text, expected


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
