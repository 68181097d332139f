"""Names full of markup are printed literally on the vote-count minutes (PDF and Word)."""

import io
from dataclasses import replace

from docx import Document
from pypdf import PdfReader

from db.models import Bloc, Province
from services.clock import now
from services.registry.membership import set_membership
from services.registry.units import create_unit
from services.voting.casting import cast_ballot
from services.voting.documents_docx import minutes_docx
from services.voting.minutes import minutes_for_round
from services.voting.minutes_content import minutes_of_round
from services.voting.rounds import check_in, close_round, create_round, open_round, set_minutes_details
from services.voting.rules import PRESETS, RoundKind
from tests.db.records_world import agree

PROVINCE = "Tỉnh <b>Thử</b>"
BLOC = "Khối **VH** :red[XH] $x^2$"
WINNER = "Sở [bấm](http://evil.example) <script>alert(1)</script>"
OTHERS = ("Sở _nghiêng_ `mã`", "# Trường ~~gạch~~ &amp;")
ROUND = "Cờ **thi đua** <u>2026</u>"
COMMITTEE = ["Nguyễn *Văn* A – Trưởng ban", "<i>Trần</i> B – Thành viên"]
PLACE = "Hội trường [A](javascript:alert(1))"
# Running text names them the official way: "tỉnh …" and "Khối thi đua …" (never "Khối" twice).
PRINTED = ("tỉnh <b>Thử</b>", "Khối thi đua **VH** :red[XH] $x^2$", "UBND TỈNH <B>THỬ</B>")


def squeezed(text: str) -> str:
    return "".join(text.split())  # PDF text extraction breaks long lines where it likes


def closed_round(session) -> int:
    province = Province(code="TT", name=PROVINCE)
    session.add(province)
    session.flush()
    bloc = Bloc(province_id=province.id, name=BLOC)
    session.add(bloc)
    session.flush()
    units = []
    for name in (WINNER, *OTHERS):
        unit = create_unit(session=session, province_id=province.id, name=name, short_name="", from_year=2020)
        set_membership(session=session, unit_id=unit.id, bloc_id=bloc.id, year=2026)
        units.append(unit.id)
    settings = replace(PRESETS[RoundKind.PROVINCIAL_FLAG], seats=1)
    round_ = create_round(session, bloc_id=bloc.id, year=2026, title=ROUND, settings=settings, at=now())
    check_in(session, round_id=round_.id, unit_ids=units, at=now())
    set_minutes_details(session, round_id=round_.id, place=PLACE, committee=COMMITTEE, at=now())
    open_round(session, round_id=round_.id, at=now())
    for voter in units:
        choice = agree(units[0] if voter != units[0] else units[1])
        cast_ballot(session, round_id=round_.id, unit_id=voter, choice=choice, at=now())
    close_round(session, round_id=round_.id, at=now())
    return round_.id


def test_the_minutes_pdf_prints_every_name_as_typed(session):
    round_id = closed_round(session)
    pdf = PdfReader(io.BytesIO(minutes_for_round(session, round_id=round_id)))
    text = squeezed("".join(page.extract_text() for page in pdf.pages))
    for name in (*PRINTED, WINNER, *OTHERS, ROUND, *COMMITTEE, PLACE):
        assert squeezed(name) in text, name
    lines = "".join(page.extract_text() for page in pdf.pages).splitlines()
    winners = next(line for line in lines if line.startswith("Kết quả trúng"))
    assert "Sở [bấm]" in winners


def test_the_minutes_docx_prints_every_name_as_typed(session):
    round_id = closed_round(session)
    document = Document(io.BytesIO(minutes_docx(minutes_of_round(session, round_id=round_id))))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    for name in (*PRINTED, WINNER, *OTHERS, ROUND, *COMMITTEE, PLACE):
        assert name in text, name
