"""Printable sheet of delegate access codes: one card per unit, to cut apart and hand out.

The caller passes every word of UI language (title, labels), so this module stays
language-neutral. All text is drawn as plain text: fpdf's markdown mode stays off, so a
unit named "<b>" or "*x*" prints exactly that.
"""

from dataclasses import dataclass
from typing import NamedTuple

from fpdf import FPDF

from services.pdf_fonts import FAMILY, new_document, plain
from services.qr_image import qr_png

LABEL_KEYS = ("unit", "code", "scan", "keep_secret")
PAD = 4.0  # inner padding of a card, mm
GAP = 4.0  # space between cards: room for the scissors
QR_MM = 36.0  # big enough for any phone camera at arm's length, small enough for 5 cards a page
GREY = (90, 90, 90)


@dataclass(frozen=True)
class CodeSheetRow:
    unit_name: str
    code: str  # e.g. "K7QF-9MZT-2XPA"
    login_url: str  # e.g. "http://host:8501/?code=K7QF9MZT2XPA" (the QR encodes this)


class _Style(NamedTuple):
    style: str
    size: float  # pt
    line: float  # line height, mm
    grey: bool = False
    spacing: float = 0  # extra pt between letters


# The text blocks of a card, top to bottom. The code is spaced out so it reads letter by letter.
_CAPTION = _Style("", 8, 4.0, grey=True)
_NAME = _Style("B", 13, 6.0)
_CODE = _Style("B", 20, 9.0, spacing=1.5)
_NOTE = _Style("", 8.5, 4.2, grey=True)


def code_sheet_pdf(
    *, title: str, subtitle: str, expires_text: str, rows: list[CodeSheetRow], labels: dict[str, str]
) -> bytes:
    """The whole sheet as PDF bytes: a header, then the unit cards in the given order."""
    missing = [key for key in LABEL_KEYS if not labels.get(key)]
    if missing:
        raise ValueError(f"code sheet labels missing: {', '.join(missing)}")
    pdf = new_document(title=title)
    pdf.add_page()
    _header(pdf, title, subtitle, expires_text)
    for row in rows:
        _card(pdf, row, labels, expires_text)
    return bytes(pdf.output())


def _header(pdf: FPDF, title: str, subtitle: str, expires_text: str) -> None:
    for text, style, size, line in ((title, "B", 16, 8.0), (subtitle, "", 11, 5.5), (expires_text, "", 10, 5.0)):
        if text:
            pdf.set_font(FAMILY, style, size)
            pdf.multi_cell(0, line, plain(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(GAP)


def _card(pdf: FPDF, row: CodeSheetRow, labels: dict[str, str], expires_text: str) -> None:
    text_w = pdf.epw - 3 * PAD - QR_MM
    note = f"{labels['scan']} · {labels['keep_secret']}"
    blocks = [
        (_CAPTION, labels["unit"]),
        (_NAME, row.unit_name),
        (_CAPTION, labels["code"]),
        (_CODE, row.code),
        (_NOTE, note),
    ]
    if expires_text:
        blocks.append((_NOTE, expires_text))
    # Measure first so a card moves to the next page whole instead of being split.
    measured = [(spec, lines) for spec, text in blocks if (lines := _lines(pdf, spec, plain(text), text_w))]
    text_h = sum(spec.line * len(lines) for spec, lines in measured)
    height = max(text_h, QR_MM) + 2 * PAD
    if pdf.will_page_break(height):
        pdf.add_page()
    x, y = pdf.l_margin, pdf.get_y()

    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    with pdf.local_context(dash_pattern={"dash": 1.5, "gap": 1.5}):
        pdf.rect(x, y, pdf.epw, height)  # dashed: the cutting line
    pdf.image(qr_png(row.login_url), x=x + pdf.epw - PAD - QR_MM, y=y + PAD, w=QR_MM, h=QR_MM)

    pdf.set_xy(x + PAD, y + PAD)
    for spec, lines in measured:
        _use(pdf, spec)
        pdf.set_text_color(*(GREY if spec.grey else (0, 0, 0)))
        # Lines were wrapped while measuring; drawing them one by one keeps the height exact.
        for text in lines:
            pdf.cell(text_w, spec.line, text, new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_char_spacing(0)
    pdf.set_xy(x, y + height + GAP)


def _use(pdf: FPDF, spec: _Style) -> None:
    pdf.set_font(FAMILY, spec.style, spec.size)
    pdf.set_char_spacing(spec.spacing)


def _lines(pdf: FPDF, spec: _Style, text: str, width: float) -> list[str]:
    if not text:
        return []
    _use(pdf, spec)
    return pdf.multi_cell(width, spec.line, text, dry_run=True, output="LINES")
