"""The vote-count minutes as an A4 PDF in the official format (Nghị định 30/2020): Liberation
Serif (Times New Roman's metrics) embedded, 13 pt body, margins 20/20/30/15 mm.

paper_pdf draws any official paper from its header and blocks (document_parts.py); the
content comes from minutes_content.py. Every name is drawn as plain text (fpdf's markup
stays off), whatever it contains.
"""

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlmodel import Session

from services.pdf_fonts import BODY_PT, SERIF, official_document, plain
from services.voting.document_parts import (
    Block,
    Header,
    Para,
    Recipients,
    Signature,
    SignatureRows,
    Table,
    column_widths,
)
from services.voting.minutes_content import minutes_of_round

ISSUER_WIDTH = 74  # mm: the top-left column (issuing body, number); the national title takes the rest
LINE = 6  # mm per line at 13 pt
TABLE_PT = 12
SIGNATURE_SPACE = 22  # mm left blank for the hand signature


def paper_pdf(header: Header, blocks: tuple[Block, ...]) -> bytes:
    pdf = official_document(title=f"{header.title} - {header.subject}")
    pdf.add_page()
    _header(pdf, header)
    for block in blocks:
        if isinstance(block, Para):
            _paragraph(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        else:
            _signature_rows(pdf, block)
    return bytes(pdf.output())


def minutes_for_round(session: Session, *, round_id: int) -> bytes:
    """The minutes of a closed or published round, from what the database holds."""
    minutes = minutes_of_round(session, round_id=round_id)
    return paper_pdf(minutes.header, minutes.blocks)


def _centred(pdf: FPDF, text: str, *, x: float, width: float, style: str, size: float, height: float = LINE) -> None:
    pdf.set_font(SERIF, style, size)
    pdf.set_x(x)
    pdf.multi_cell(width, height, plain(text), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)


def _rule(pdf: FPDF, *, centre: float, y: float, length: float) -> None:
    pdf.set_line_width(0.3)
    pdf.line(centre - length / 2, y, centre + length / 2, y)


def _header(pdf: FPDF, header: Header) -> None:
    """Issuing body under its parent (left), national title and motto (right), then the
    number and the place-and-date line on one level; then the title and subject."""
    left, top, width = pdf.l_margin, pdf.t_margin, pdf.epw
    right, right_width = left + ISSUER_WIDTH, width - ISSUER_WIDTH
    pdf.set_y(top)
    _centred(pdf, header.parent, x=left, width=ISSUER_WIDTH, style="", size=12)
    _centred(pdf, header.issuer, x=left, width=ISSUER_WIDTH, style="B", size=12)
    left_end = pdf.get_y()
    _rule(pdf, centre=left + ISSUER_WIDTH / 2, y=left_end + 1, length=ISSUER_WIDTH / 3)
    pdf.set_y(top)
    _centred(pdf, header.national, x=right, width=right_width, style="B", size=12)
    _centred(pdf, header.motto, x=right, width=right_width, style="B", size=13)
    right_end = pdf.get_y()
    _rule(pdf, centre=right + right_width / 2, y=right_end + 1, length=pdf.get_string_width(header.motto))
    level = max(left_end, right_end) + 3
    pdf.set_y(level)
    _centred(pdf, header.number, x=left, width=ISSUER_WIDTH, style="", size=BODY_PT)
    number_end = pdf.get_y()
    pdf.set_y(level)
    _centred(pdf, header.place_date, x=right, width=right_width, style="I", size=BODY_PT)
    pdf.set_y(max(number_end, pdf.get_y()) + 8)
    _centred(pdf, header.title, x=left, width=width, style="B", size=14, height=7)
    _centred(pdf, header.subject, x=left + width / 12, width=width * 5 / 6, style="B", size=BODY_PT)
    _rule(pdf, centre=left + width / 2, y=pdf.get_y() + 1.5, length=width / 4)
    pdf.ln(7)


def _paragraph(pdf: FPDF, para: Para) -> None:
    if para.keep_with_next and pdf.get_y() + 4 * LINE > pdf.page_break_trigger:
        pdf.add_page()  # a heading or a table's first line never ends a page alone
    style = ("B" if para.bold else "") + ("I" if para.italic else "")
    pdf.set_font(SERIF, style, para.size)
    align = {"J": "J", "C": "C", "L": "L"}[para.align]
    indent = 10 if para.indent else 0
    with (
        pdf.text_columns(text_align=align, line_height=1.3) as columns,
        columns.paragraph(first_line_indent=indent, bottom_margin=1.6) as paragraph,
    ):
        paragraph.write(plain(para.text))


def _table(pdf: FPDF, table: Table) -> None:
    widths = column_widths(table, total_mm=pdf.epw, padding_mm=4, size=TABLE_PT)
    aligns = ["CENTER"] * len(widths)
    aligns[table.wide] = "LEFT"
    pdf.set_font(SERIF, "", TABLE_PT)
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        line_height=5.6,
        markdown=False,
        width=min(sum(widths), pdf.epw),  # col_widths are proportions: a crowded table shrinks to fit
        padding=1,
        align="LEFT",
    ) as grid:
        for row in (table.headings, *table.rows):
            cells = grid.row()
            for text in row:
                cells.cell(plain(text))
    pdf.ln(3)


def _signature_rows(pdf: FPDF, rows: SignatureRows) -> None:
    widths = (pdf.epw * rows.split, pdf.epw * (1 - rows.split))
    for pair in rows.rows:
        needed = LINE * (2 + max(len(c.titles) if isinstance(c, Signature) else 4 for c in pair if c)) + SIGNATURE_SPACE
        if pdf.get_y() + needed > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(3)
        top, bottom = pdf.get_y(), pdf.get_y()
        for column, cell in enumerate(pair):
            pdf.set_y(top)
            x, width = pdf.l_margin + column * widths[0], widths[column]
            if isinstance(cell, Recipients):
                _recipients(pdf, cell, x=x, width=width)
            elif isinstance(cell, Signature):
                for title in cell.titles:
                    _centred(pdf, title, x=x, width=width, style="B", size=BODY_PT)
                _centred(pdf, cell.hint, x=x, width=width, style="I", size=BODY_PT)
                pdf.set_y(pdf.get_y() + SIGNATURE_SPACE)
                if cell.name:
                    _centred(pdf, cell.name, x=x, width=width, style="B", size=BODY_PT)
            bottom = max(bottom, pdf.get_y())
        pdf.set_y(bottom + 2)


def _recipients(pdf: FPDF, recipients: Recipients, *, x: float, width: float) -> None:
    """The recipients: "Nơi nhận:" in bold italics at 12 pt, the list at 11 pt (Nghị định 30/2020)."""
    pdf.set_font(SERIF, "BI", 12)
    pdf.set_x(x)
    pdf.multi_cell(width, 5.5, plain(recipients.heading), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(SERIF, "", 11)
    for line in recipients.lines:
        pdf.set_x(x)
        pdf.multi_cell(width, 5, plain(line), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
