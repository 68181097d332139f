"""The Excel template of a bloc-year: one row per member unit × criterion, pre-filled.

The file format is a contract with the import, so its column titles are fixed
Vietnamese text (the people filling it in are Vietnamese officials), whatever
language the app is shown in.
"""

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlmodel import Session, select

from db.models import Covenant, CriterionKind, Score, ScoreSheet
from services.registry.units import names_in_year
from services.scoring.context import member_unit_ids
from services.scoring.covenants import criteria

SHEET_NAME = "Điểm"
HELP_SHEET_NAME = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    required: bool  # the import needs it; the others are there to help the reader
    width: int


COLUMNS = [
    Column("unit_id", "Mã đơn vị", True, 11),
    Column("unit", "Đơn vị", False, 34),
    Column("criterion_id", "Mã tiêu chí", True, 11),
    Column("group", "Nhóm", False, 26),
    Column("criterion", "Tiêu chí", False, 48),
    Column("kind", "Loại", False, 11),
    Column("max", "Điểm tối đa", False, 11),
    Column("self", "Điểm tự chấm", True, 13),
    Column("verified", "Điểm thẩm định", True, 14),
    Column("note", "Ghi chú minh chứng", True, 40),
]
KIND_TITLES = {CriterionKind.NORMAL: "Thường", CriterionKind.BONUS: "Điểm cộng", CriterionKind.DEDUCTION: "Điểm trừ"}
HELP_LINES = [
    "Mỗi dòng là một tiêu chí của một đơn vị. Không sửa các cột Mã đơn vị, Mã tiêu chí.",
    "Điểm có tối đa 2 chữ số thập phân (ví dụ 7,5 hoặc 7.5).",
    "Tiêu chí thường và điểm cộng: từ 0 đến điểm tối đa. Điểm trừ: nhập số âm, từ -điểm tối đa đến 0.",
    "Ô để trống là chưa chấm. Chỉ các ô thay đổi so với dữ liệu hiện có mới được ghi.",
    "Điểm tự chấm chỉ sửa được khi bảng điểm là bản nháp hoặc bị trả lại; "
    "điểm thẩm định chỉ khi bảng điểm đã gửi hoặc đã thẩm định. Bảng điểm đã khóa không sửa được.",
    "Tệp chỉ được nhập khi mọi dòng hợp lệ, trừ khi người nhập chọn chỉ nhập các dòng hợp lệ sau khi xem báo cáo lỗi.",
]


def template_bytes(session: Session, *, covenant: Covenant) -> bytes:
    lines = criteria(session, covenant_id=covenant.id)
    units = member_unit_ids(session, bloc_id=covenant.bloc_id, year=covenant.year)
    names = names_in_year(session, year=covenant.year, unit_ids=list(units))
    stored = _stored(session, covenant.id)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append([c.title for c in COLUMNS])
    for unit_id in sorted(units, key=lambda u: names[u].name if u in names else ""):
        unit_name = names[unit_id].name if unit_id in names else ""
        for line in lines:
            own, verified, note = stored.get((unit_id, line.id), (None, None, None))
            kind = KIND_TITLES[line.kind]
            title = f"{line.code} {line.name}"
            append_plain(
                sheet, [unit_id, unit_name, line.id, line.group, title, kind, line.max_points, own, verified, note]
            )
    _style(sheet)
    help_sheet = book.create_sheet(HELP_SHEET_NAME)
    for text in [covenant.title, *HELP_LINES]:
        append_plain(help_sheet, [text])
    help_sheet.column_dimensions["A"].width = 110
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def append_plain(sheet, values: list) -> None:
    """Append a row whose text never becomes a formula: openpyxl turns any string starting
    with "=" into one, and unit names and notes are user input. Control characters, which
    an .xlsx cell cannot hold, are dropped."""
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _stored(
    session: Session, covenant_id: int
) -> dict[tuple[int, int], tuple[Decimal | None, Decimal | None, str | None]]:
    query = (
        select(ScoreSheet.unit_id, Score.criterion_id, Score.self_score, Score.verified_score, Score.evidence_note)
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .where(ScoreSheet.covenant_id == covenant_id)
    )
    return {(u, c): (own, verified, note) for u, c, own, verified, note in session.exec(query)}


def _style(sheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        header = sheet.cell(1, index)
        header.font = Font(bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="center")
        if column.key in {"self", "verified", "note"}:
            header.fill = PatternFill("solid", fgColor="FFF2CC")  # the columns to fill in
    sheet.freeze_panes = "C2"
