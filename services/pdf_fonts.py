"""A4 PDF documents with the vendored DejaVu fonts, shared by every printable sheet.

The core PDF fonts only cover Latin-1, so Vietnamese diacritics (ạ, ở, ữ...) need an
embedded Unicode font. The fonts ship in assets/fonts because a fresh server has none.
"""

import unicodedata
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FAMILY = "DejaVu"
MARGIN_MM = 15


def new_document(*, orientation: str = "P", title: str = "") -> FPDF:
    """An empty A4 document (no page yet) with DejaVu regular and bold registered and selected."""
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.add_font(FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.set_font(FAMILY, size=11)
    pdf.set_creator("Thi đua")
    if title:
        pdf.set_title(plain(title))
    return pdf


def plain(text: str) -> str:
    """Text as it should be drawn: NFC, because without text shaping fpdf places decomposed
    combining accents (as some keyboards and Word pastes produce) badly."""
    return unicodedata.normalize("NFC", text)
