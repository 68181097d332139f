"""Word versions of the voting documents, which the office edits and signs.

python-docx writes the .docx; the content comes from the same builders as the PDF
(minutes_content.py, proposal.py), so the two never disagree. Times New Roman 13 pt
is the usual face of Vietnamese administrative documents; Word has its diacritics.
"""

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import Table

from services.voting.minutes_content import Minutes, vi
from services.voting.proposal import Proposal

FACE = "Times New Roman"


def _new_document() -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FACE
    style.font.size = Pt(13)
    style.paragraph_format.space_after = Pt(3)
    return document


def _paragraph(document_or_cell, text: str, *, bold: bool = False, italic: bool = False, center: bool = False,
               size: float | None = None) -> None:  # fmt: skip
    paragraph = document_or_cell.add_paragraph()
    run = paragraph.add_run(text)  # a run is literal text: no markup is interpreted
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _grid(document: Document, rows: list[tuple[str, ...]]) -> Table:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            if index == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return table


def _two_columns(document: Document, left: list[tuple[str, bool]], right: list[tuple[str, bool]]) -> None:
    """Side-by-side blocks without borders (header or signatures): (text, bold) lines."""
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].text = ""
        for text, bold in lines:
            _paragraph(cell, text, bold=bold, center=True)


def _bytes(document: Document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def minutes_docx(minutes: Minutes) -> bytes:
    document = _new_document()
    for line in minutes.national:
        _paragraph(document, line, bold=True, center=True)
    _paragraph(document, minutes.title, bold=True, center=True, size=15)
    _paragraph(document, minutes.subtitle, center=True)
    for line in minutes.intro:
        _paragraph(document, line)
    _paragraph(document, vi("minutes.committee"))
    for member in minutes.committee:
        _paragraph(document, f"- {member}")
    for line in minutes.counts:
        _paragraph(document, line)
    _grid(document, [minutes.headings, *minutes.rows])
    _paragraph(document, minutes.winners, bold=True)
    for line in minutes.notes:
        _paragraph(document, line)
    hint = (vi("minutes.sign_hint"), False)
    _two_columns(document, [(minutes.signatures[0], True), hint], [(minutes.signatures[1], True), hint])
    return _bytes(document)


def proposal_docx(proposal: Proposal) -> bytes:
    document = _new_document()
    _two_columns(
        document,
        [(proposal.issuer, True), (proposal.number, False)],
        [(proposal.national[0], True), (proposal.national[1], True), (proposal.place_date, False)],
    )
    _paragraph(document, proposal.title, bold=True, center=True, size=15)
    _paragraph(document, proposal.subject, bold=True, center=True)
    _paragraph(document, proposal.addressee, center=True)
    for line in proposal.body:
        _paragraph(document, line)
    _grid(document, [proposal.headings, *proposal.rows])
    _paragraph(document, proposal.closing)
    recipients = [(vi("proposal.recipients"), True), *((f"- {r}", False) for r in proposal.recipients)]
    _two_columns(document, recipients, [(line, index < 2) for index, line in enumerate(proposal.signature)])
    return _bytes(document)
