"""A4 PDF documents with fonts shipped in assets/fonts, shared by every printable sheet.

The core PDF fonts only cover Latin-1, so Vietnamese diacritics (ạ, ở, ữ...) need an
embedded Unicode font. The fonts ship in assets/fonts because a fresh server has none:
- DejaVu Sans for working sheets (the access-code cards);
- Liberation Serif 2.x (SIL OFL 1.1, metric-compatible with Times New Roman) for the
  papers the office files, whose format Nghị định 30/2020/NĐ-CP fixes: A4 portrait,
  Times New Roman 13–14 pt, margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
  Liberation 1.x (Debian's fonts-liberation) has no Vietnamese letters: only 2.x does.
"""

import threading
import unicodedata
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FAMILY = "DejaVu"
MARGIN_MM = 15

SERIF = "LiberationSerif"
SERIF_FILES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
# Nghị định 30/2020 margins, in mm: the lower bound of each range.
OFFICIAL_MARGINS = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
BODY_PT = 13


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


class OfficialPDF(FPDF):
    """An administrative paper: page numbers from the second page on, centred at the top
    (Nghị định 30/2020, Phụ lục I)."""

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_y(OFFICIAL_MARGINS["top"] / 2)
            self.set_font(SERIF, "", BODY_PT)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(OFFICIAL_MARGINS["top"])


def official_document(*, title: str = "") -> OfficialPDF:
    """An empty A4 portrait document (no page yet) in Liberation Serif 13 pt with the
    official margins."""
    pdf = OfficialPDF(orientation="P", unit="mm", format="A4")
    for style, suffix in SERIF_FILES.items():
        pdf.add_font(SERIF, style, FONT_DIR / f"LiberationSerif-{suffix}.ttf")
    margins = OFFICIAL_MARGINS
    pdf.set_margins(margins["left"], margins["top"], margins["right"])
    pdf.set_auto_page_break(True, margin=margins["bottom"])
    pdf.set_font(SERIF, size=BODY_PT)
    pdf.set_creator("Thi đua")
    if title:
        pdf.set_title(plain(title))
    return pdf


def plain(text: str) -> str:
    """Text as it should be drawn: NFC, because without text shaping fpdf places decomposed
    combining accents (as some keyboards and Word pastes produce) badly."""
    return unicodedata.normalize("NFC", text)


_MEASURE: FPDF | None = None
_MEASURE_LOCK = threading.Lock()  # app sessions run in threads; set_font + measure is one step


def text_width_mm(text: str, *, style: str = "", size: float = BODY_PT) -> float:
    """How wide `text` prints in Liberation Serif, which has Times New Roman's metrics: the
    Word documents size their columns and rules with it too."""
    global _MEASURE
    with _MEASURE_LOCK:
        if _MEASURE is None:
            _MEASURE = official_document()
        _MEASURE.set_font(SERIF, style, size)
        return _MEASURE.get_string_width(plain(text))
