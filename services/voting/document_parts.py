"""The parts every paper the bloc files shares, after Nghị định 30/2020/NĐ-CP (Phụ lục I):
top left the issuing body in capitals under its parent and the number; top right the
national title and motto; the place-and-date line; the title and the subject line.
Then the body as a sequence of blocks (paragraphs, a table, signature rows) that the PDF,
Word and on-screen renderers draw in the same order, so the three never disagree.

Always Vietnamese: these are official documents, whatever the interface language.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from db.models import Bloc, BlocKind
from locales import translate
from services.clock import local
from services.pdf_fonts import text_width_mm

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOTS = "……………"  # a blank the office fills in by hand
_PROVINCE_WORDS = ("thành phố", "tỉnh", "tp.")
_BLOC_WORDS = ("khối thi đua", "cụm thi đua", "khối", "cụm")


def vi(key: str, **params) -> str:
    return translate("vi", key, **params)


@dataclass(frozen=True)
class Header:
    parent: str  # "UBND TỈNH LAI CHÂU"
    issuer: str  # "KHỐI THI ĐUA VĂN HÓA – XÃ HỘI"
    number: str  # "Số: ……/BB-KTĐ": numbered by hand when the paper is registered
    place_date: str  # "Lai Châu, ngày 12 tháng 12 năm 2017"
    title: str  # "BIÊN BẢN KIỂM PHIẾU"
    subject: str  # "V/v …"
    national: str = NATIONAL
    motto: str = MOTTO
    parent_bold: bool = False  # a body with no parent (the People's Committee) prints its whole name in bold


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "J"  # J justified, C centred, L left
    indent: bool = True  # first-line indent of running text
    size: float = 13  # points: 13 for running text, 14 for "Kính gửi", 9 for the audit digest
    keep_with_next: bool = False  # a heading, or the line that introduces a table


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    wide: int = 1  # the column (unit names) that takes the width the others leave


@dataclass(frozen=True)
class Signature:
    titles: tuple[str, ...]  # bold capitals: "TRƯỞNG BAN KIỂM PHIẾU", or "TM. KHỐI …", "TRƯỞNG KHỐI"
    hint: str  # "(Ký, ghi rõ họ tên)"
    name: str = ""  # under the space left for the signature


@dataclass(frozen=True)
class Recipients:
    heading: str  # "Nơi nhận:"
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SignatureRows:
    rows: tuple[tuple[Signature | Recipients | None, Signature | None], ...]
    split: float = 0.5  # the left column's share of the width ("Nơi nhận" needs less)


Block = Para | Table | SignatureRows
_HEADING_ON_ONE_LINE_MM = 16  # a heading this short stays on one line ("Đồng ý"); longer ones wrap by word


def column_widths(table: Table, *, total_mm: float, padding_mm: float, size: float) -> list[float]:
    """Widths for the PDF and the Word table alike (Liberation Serif has Times New Roman's
    metrics): a narrow column fits its widest cell and its heading (by word when the heading
    is long); the unit column takes what is left, and wraps a long name instead of cutting it."""
    widths = []
    for index, heading in enumerate(table.headings):
        whole = text_width_mm(heading, style="B", size=size)
        words = [text_width_mm(word, style="B", size=size) for word in heading.split()]
        cells = [text_width_mm(row[index], size=size) for row in table.rows]
        fit = whole if whole <= _HEADING_ON_ONE_LINE_MM else max(words, default=0)
        widths.append(max([fit, *cells, 6]) + padding_mm)
    widths[table.wide] = max(total_mm - sum(widths) + widths[table.wide], 40)
    scale = min(1.0, total_mm / sum(widths))  # many columns of long numbers: all shrink to fit the page
    return [width * scale for width in widths]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def province_parts(name: str) -> tuple[str, str]:
    """("tỉnh", "Lai Châu") from "Lai Châu" or "Tỉnh Lai Châu"; ("thành phố", "Huế") likewise."""
    name = _nfc(name)
    for word in _PROVINCE_WORDS:
        if name.lower().startswith(word + " "):
            rest = name[len(word) :].strip()
            return ("thành phố" if word == "tp." else word), rest
    return "tỉnh", name


def province_phrase(name: str) -> str:
    """The province as running text names it: "tỉnh Lai Châu"."""
    return " ".join(province_parts(name))


def parent_body(province: str) -> str:
    """The parent of the issuing body: the provincial People's Committee."""
    word, rest = province_parts(province)
    return f"UBND {word} {rest}".upper()


def bloc_title(name: str, kind: BlocKind | str = BlocKind.BLOC) -> str:
    """The bloc's full name, "Khối thi đua Văn hóa – Xã hội", from "Khối Văn hóa – Xã hội"
    (or from the full name): the word "Khối" is never repeated."""
    name = _nfc(name)
    if kind == BlocKind.COUNCIL:  # "Hội đồng Thi đua – Khen thưởng tỉnh …" is already its full name
        return name
    word = "Cụm thi đua" if kind == BlocKind.CLUSTER else "Khối thi đua"
    lowered = name.lower()
    for prefix in _BLOC_WORDS:
        if lowered.startswith(prefix) and (len(name) == len(prefix) or name[len(prefix)] in " :–-"):
            word = "Cụm thi đua" if prefix.startswith("cụm") else "Khối thi đua"  # the name's own word wins
            name = name[len(prefix) :].lstrip(" :–-").strip()
            break
    return f"{word} {name}".strip()


def issuer_of(bloc: Bloc) -> str:
    return bloc_title(bloc.name, bloc.kind).upper()


def vn_date(day: date) -> str:
    """A date in words, "ngày 05 tháng 02 năm 2018": a day below 10 and the months 1 and 2
    take a leading zero (Nghị định 30/2020), so nobody can add a digit by hand."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(province: str, moment: datetime | None) -> str:
    place = province_parts(province)[1]
    if moment is None:
        return f"{place}, ngày …… tháng …… năm ……"
    return f"{place}, {vn_date(local(moment).date())}"


def rules_basis(bloc: Bloc) -> str:
    """The legal basis line from the bloc's operating rules (quy chế hoạt động). The columns
    are read with getattr: they arrive with their own migration, and a bloc without them
    prints dotted blanks to fill by hand."""
    number = getattr(bloc, "rules_number", None)
    issued = getattr(bloc, "rules_date", None)
    title = getattr(bloc, "rules_title", None)
    if isinstance(issued, str):
        issued = date.fromisoformat(issued[:10])
    return vi(
        "official.basis",
        title=_nfc(title) if title else vi("official.rules_default", bloc=bloc_title(bloc.name, bloc.kind)),
        number=_nfc(number) if number else DOTS,
        date=issued.strftime("%d/%m/%Y") if issued else "……/……/………",
    )
