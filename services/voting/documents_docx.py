"""Word versions of the voting documents, which the office edits, numbers and signs.

python-docx writes the .docx from the same header and blocks as the PDF (document_parts.py),
so the two never disagree. Format of Nghị định 30/2020: A4 portrait on every section
(python-docx's template is US Letter), margins 20/20/30/15 mm, Times New Roman 13 pt (Word
has it; elsewhere a metric-compatible face such as Liberation Serif takes its place).
"""

import math
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table as DocxTable

from services.pdf_fonts import BODY_PT, OFFICIAL_MARGINS, text_width_mm
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
from services.voting.minutes_content import Minutes
from services.voting.proposal import Proposal

FACE = "Times New Roman"
A4 = (Twips(11906), Twips(16838))  # Word's own A4, in twentieths of a point
TEXT_WIDTH = 210 - OFFICIAL_MARGINS["left"] - OFFICIAL_MARGINS["right"]  # mm
ISSUER_WIDTH = 74  # mm, as in the PDF
TABLE_PT = 12
_ALIGN = {"J": WD_ALIGN_PARAGRAPH.JUSTIFY, "C": WD_ALIGN_PARAGRAPH.CENTER, "L": WD_ALIGN_PARAGRAPH.LEFT}
# w:pPr children that must follow w:pBdr (the schema fixes their order).
_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr")


def minutes_docx(minutes: Minutes) -> bytes:
    return paper_docx(minutes.header, minutes.blocks)


def proposal_docx(proposal: Proposal) -> bytes:
    return paper_docx(proposal.header, proposal.blocks)


def paper_docx(header: Header, blocks: tuple[Block, ...]) -> bytes:
    document = _new_document(f"{header.title} - {header.subject}")
    _header(document, header)
    for block in blocks:
        if isinstance(block, Para):
            paragraph = _paragraph(document, block.text, bold=block.bold, italic=block.italic, size=block.size,
                                   align=block.align, space_after=3)  # fmt: skip
            if block.indent:
                paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.paragraph_format.keep_with_next = block.keep_with_next
        elif isinstance(block, Table):
            _grid(document, block)
        else:
            _signature_rows(document, block)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _new_document(title: str) -> Document:
    document = Document()
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4
        section.top_margin = _at_least(OFFICIAL_MARGINS["top"])
        section.bottom_margin = _at_least(OFFICIAL_MARGINS["bottom"])
        section.left_margin = _at_least(OFFICIAL_MARGINS["left"])
        section.right_margin = _at_least(OFFICIAL_MARGINS["right"])
        _page_numbers(section)
    style = document.styles["Normal"]
    style.font.name = FACE
    style.font.size = Pt(BODY_PT)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), FACE)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.line_spacing = 1.15
    document.core_properties.title = title[:255]  # the file's properties hold 255 characters; a round title 300
    document.core_properties.author = "Thi đua"
    return document


def _at_least(mm: float) -> Twips:
    """A margin Word stores in twips, rounded up so it never falls below the decree's minimum
    (15 mm is 850.4 twips: 850 would be 14.99 mm)."""
    return Twips(math.ceil(mm * 1440 / 25.4))


def _page_numbers(section) -> None:
    """Page numbers from the second page on, centred at the top (Nghị định 30/2020)."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)


def _paragraph(container, text: str, *, bold: bool = False, italic: bool = False, size: float = BODY_PT,
               align: str = "L", space_after: float = 0, first: bool = False):  # fmt: skip
    """One paragraph holding one run: a run is literal text, no markup is interpreted.
    first: write into the container's empty first paragraph (a new table cell has one)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = _ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name = FACE
    run.font.size = Pt(size)
    return paragraph


def _rule(cell, *, length_mm: float, width_mm: float) -> None:
    """A short horizontal rule centred in the cell: the top border of an empty, thin paragraph
    whose indents leave `length_mm` between them (under the motto; under the issuing body)."""
    paragraph = cell.add_paragraph()
    side = Mm(max((width_mm - length_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(4)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        top.set(qn(name), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


def _fixed_table(document: Document, rows: int, widths_mm: list[float], *, style: str | None = None,
                 side_margin_mm: float | None = None) -> DocxTable:  # fmt: skip
    """A table of fixed column widths: on the grid (LibreOffice reads that) and on every
    cell (Word reads that). side_margin_mm narrows the cells' left and right padding."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    if style:
        table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    if side_margin_mm is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), str(round(side_margin_mm * 56.7)))  # twentieths of a point
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        table._tbl.tblPr.append(margins)
    return table


def _header(document: Document, header: Header) -> None:
    """Issuing body | national title and motto; number | place and date; title; subject."""
    right = TEXT_WIDTH - ISSUER_WIDTH
    table = _fixed_table(document, 2, [ISSUER_WIDTH, right], side_margin_mm=0.5)
    body, nation = table.rows[0].cells
    _paragraph(body, header.parent, bold=header.parent_bold, size=12, align="C", first=True)
    _paragraph(body, header.issuer, bold=True, size=12, align="C", space_after=2)
    _rule(body, length_mm=ISSUER_WIDTH / 3, width_mm=ISSUER_WIDTH)
    _paragraph(nation, header.national, bold=True, size=12, align="C", first=True)
    _paragraph(nation, header.motto, bold=True, size=13, align="C", space_after=2)
    _rule(nation, length_mm=text_width_mm(header.motto, style="B", size=13), width_mm=right)
    number, place = table.rows[1].cells
    _paragraph(number, header.number, align="C", first=True)
    _paragraph(place, header.place_date, italic=True, align="C", first=True)
    _paragraph(document, "", space_after=6)
    _paragraph(document, header.title, bold=True, size=14, align="C")
    _paragraph(document, header.subject, bold=True, align="C")
    rule_cell = _fixed_table(document, 1, [TEXT_WIDTH]).rows[0].cells[0]
    rule_cell.paragraphs[0].paragraph_format.line_spacing = Pt(2)
    _rule(rule_cell, length_mm=TEXT_WIDTH / 4, width_mm=TEXT_WIDTH)


def _grid(document: Document, table: Table) -> None:
    grid = _fixed_table(
        document,
        1 + len(table.rows),
        column_widths(table, total_mm=TEXT_WIDTH, padding_mm=5, size=TABLE_PT),
        style="Table Grid",
    )
    for number, (row, texts) in enumerate(zip(grid.rows, (table.headings, *table.rows), strict=True)):
        heading = number == 0
        if heading:  # repeated on every page the table runs over, never left alone at a page's foot
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            align = "L" if index == table.wide and not heading else "C"
            paragraph = _paragraph(cell, text, bold=heading, size=TABLE_PT, align=align, first=True)
            paragraph.paragraph_format.keep_with_next = heading
    _paragraph(document, "", space_after=0)


def _signature_rows(document: Document, rows: SignatureRows) -> None:
    left = TEXT_WIDTH * rows.split
    table = _fixed_table(document, len(rows.rows), [left, TEXT_WIDTH - left])
    for row, pair in zip(table.rows, rows.rows, strict=True):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a signature never straddles two pages
        for cell, block in zip(row.cells, pair, strict=True):
            if isinstance(block, Recipients):
                _paragraph(cell, block.heading, bold=True, italic=True, size=12, first=True)
                for line in block.lines:
                    _paragraph(cell, line, size=11)
            elif isinstance(block, Signature):
                for index, title in enumerate(block.titles):
                    _paragraph(cell, title, bold=True, align="C", first=index == 0)
                _paragraph(cell, block.hint, italic=True, align="C")
                for _ in range(4):  # room for the hand signature
                    _paragraph(cell, "")
                _paragraph(cell, block.name, bold=True, align="C", space_after=12)
