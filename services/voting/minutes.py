"""The vote-count minutes as an A4 PDF (content: minutes_content.py). Every name is
drawn as plain text (fpdf's markup mode stays off), whatever it contains."""

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlmodel import Session

from services.pdf_fonts import FAMILY, new_document, plain
from services.voting.minutes_content import Minutes, minutes_of_round, vi

UNIT_COLUMN = 1  # the wide column; the others share what is left


def minutes_pdf(minutes: Minutes) -> bytes:
    pdf = new_document(title=minutes.title)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 12)
    for line in minutes.national:
        _line(pdf, line, align="C")
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 14)
    _line(pdf, minutes.title, align="C")
    pdf.set_font(FAMILY, "", 11)
    _line(pdf, minutes.subtitle, align="C")
    pdf.ln(2)
    for line in minutes.intro:
        _line(pdf, line)
    _line(pdf, vi("minutes.committee"))
    for member in minutes.committee:
        _line(pdf, f"- {member}")
    for line in minutes.counts:
        _line(pdf, line)
    _table(pdf, minutes)
    pdf.set_font(FAMILY, "B", 11)
    _line(pdf, minutes.winners)
    pdf.set_font(FAMILY, "", 11)
    for line in minutes.notes:
        _line(pdf, line)
    _signatures(pdf, minutes.signatures)
    return bytes(pdf.output())


def _line(pdf: FPDF, text: str, *, align: str = "L", height: float = 6) -> None:
    pdf.multi_cell(0, height, plain(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: FPDF, minutes: Minutes) -> None:
    """fpdf2's table wraps a long unit name inside its cell instead of cutting it."""
    narrow = 20 if len(minutes.headings) > 5 else 24
    widths = [narrow] * len(minutes.headings)
    widths[0] = 12
    widths[UNIT_COLUMN] = pdf.w - 2 * pdf.l_margin - sum(widths) + narrow
    aligns = ["CENTER"] * len(widths)
    aligns[UNIT_COLUMN] = "LEFT"
    pdf.set_font(FAMILY, "", 10)
    with pdf.table(col_widths=widths, text_align=aligns, line_height=6, markdown=False) as table:
        for row in (minutes.headings, *minutes.rows):
            cells = table.row()
            for text in row:
                cells.cell(plain(text))
    pdf.ln(2)


def _signatures(pdf: FPDF, titles: tuple[str, str]) -> None:
    pdf.ln(8)
    pdf.set_font(FAMILY, "B", 11)
    half = (pdf.w - 2 * pdf.l_margin) / 2
    pdf.cell(half, 6, titles[0], align="C")
    pdf.cell(half, 6, titles[1], align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(half, 5, vi("minutes.sign_hint"), align="C")
    pdf.cell(half, 5, vi("minutes.sign_hint"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def minutes_for_round(session: Session, *, round_id: int) -> bytes:
    """The minutes of a closed or published round, from what the database holds."""
    return minutes_pdf(minutes_of_round(session, round_id=round_id))
