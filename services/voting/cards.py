"""The vote-count committee's cards: one A4 page per member, to print and hand out.

Each card carries the member's name, the round (or conference), which card it is, the
rule (k of n), the share's 20 words numbered (SLIP-39: the last words are the share's own
checksum, so a typo is caught when the card is typed), a short check code to compare when
reading it back, and a QR code of the same words. The PDF is built in memory and returned
as bytes: it is never written to a file by the app. The caller passes every word of UI
language (labels), so this module stays language-neutral.
"""

import hashlib
from dataclasses import dataclass

from services.pdf_fonts import FAMILY, new_document, plain
from services.qr_image import qr_png
from services.voting.sealing import normalize

LABEL_KEYS = ("title", "member", "round", "number", "rule", "checksum")
QR_MM = 60.0
COLUMNS = 4


@dataclass(frozen=True)
class CardRow:
    member: str  # the member's name, or blank for a name written by hand
    share: str

    def __repr__(self) -> str:
        return f"CardRow(member={self.member!r}, share=<hidden>)"


def check_code(share: str) -> str:
    """A short code printed on the card: read the words back, compare this (not a secret)."""
    return hashlib.sha256(normalize(share).encode()).hexdigest()[:8].upper()


def cards_pdf(*, round_title: str, rows: list[CardRow], labels: dict[str, str]) -> bytes:
    """labels: title, member, round, and number/rule as already formatted templates with
    {number} ({cards}, {threshold} already filled in by the caller where needed)."""
    missing = [key for key in LABEL_KEYS if key not in labels]
    if missing:
        raise ValueError(f"card labels missing: {', '.join(missing)}")
    pdf = new_document(title=labels["title"])
    for number, row in enumerate(rows, start=1):
        pdf.add_page()
        _card(pdf, number, row, round_title, labels)
    return bytes(pdf.output())


def _card(pdf, number: int, row: CardRow, round_title: str, labels: dict[str, str]) -> None:
    pdf.set_font(FAMILY, "B", 18)
    pdf.multi_cell(0, 9, plain(labels["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 12)
    pdf.multi_cell(0, 6, plain(labels["number"].format(number=number)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for caption, text, size in ((labels["member"], row.member or "……………………………………", 15),
                                (labels["round"], round_title, 12)):  # fmt: skip
        pdf.set_font(FAMILY, "", 9)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(0, 5, plain(caption), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FAMILY, "B", size)
        pdf.multi_cell(0, 7, plain(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    words = normalize(row.share).split()
    width = pdf.epw / COLUMNS
    pdf.set_font(FAMILY, "", 13)
    for start in range(0, len(words), COLUMNS):
        for offset, word in enumerate(words[start : start + COLUMNS]):
            pdf.cell(width, 9, f"{start + offset + 1:>2}. {word}", border=1)
        pdf.ln(9)
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 7, f"{labels['checksum']}: {check_code(row.share)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    y = pdf.get_y()
    pdf.image(qr_png(" ".join(words)), x=pdf.l_margin, y=y, w=QR_MM, h=QR_MM)
    pdf.set_xy(pdf.l_margin + QR_MM + 6, y)
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(pdf.epw - QR_MM - 6, 5.5, plain(labels["rule"]), new_x="LMARGIN", new_y="NEXT")
