"""The printable access-code sheet, read back the way a person (or a phone camera) would see it."""

import unicodedata
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from services.access.code_sheet import CodeSheetRow, code_sheet_pdf
from services.qr_image import qr_png

VI = {"unit": "Đơn vị", "code": "Mã truy cập", "scan": "Quét mã QR để đăng nhập", "keep_secret": "Giữ bí mật mã này"}
EN = {
    "unit": "Unit",
    "code": "Access code",
    "scan": "Scan the QR code to log in",
    "keep_secret": "Keep this code secret",
}
NAMES = [
    "Sở Lao động – Thương binh và Xã hội",
    "Trường Cao đẳng Cộng đồng tỉnh",
    "Đài Phát thanh – Truyền hình tỉnh",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Ban Quản lý các khu công nghiệp và khu kinh tế cửa khẩu tỉnh Điện Biên",
    "<script>alert(1)</script> & *bold*",
]


def row(i: int, name: str) -> CodeSheetRow:
    raw = f"K{i:03d}QF9MZT2X"
    return CodeSheetRow(name, f"{raw[:4]}-{raw[4:8]}-{raw[8:]}", f"http://host:8501/?code={raw}")


def render(rows: list[CodeSheetRow], labels: dict[str, str] = VI, **header: str) -> PdfReader:
    header = {"title": "Mã truy cập đại biểu", "subtitle": "Khối thi đua Văn hóa – Xã hội", "expires_text": ""} | header
    return PdfReader(BytesIO(code_sheet_pdf(rows=rows, labels=labels, **header)))


def page_texts(reader: PdfReader) -> list[str]:
    # Long names wrap over several lines; a reader sees them joined by spaces.
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def many(n: int) -> list[CodeSheetRow]:
    return [row(i, f"{NAMES[i % len(NAMES)]} (đơn vị {i:02d})") for i in range(n)]


def test_every_name_with_its_diacritics_and_every_code_is_printed():
    rows = [row(i, name) for i, name in enumerate(NAMES)]
    text = " ".join(page_texts(render(rows, expires_text="Mã hết hạn lúc 17:00 ngày 20/12/2025")))
    for r in rows:
        assert r.unit_name in text
        assert r.code in text
    assert "Mã truy cập đại biểu" in text and "Khối thi đua Văn hóa – Xã hội" in text
    assert "Mã hết hạn lúc 17:00 ngày 20/12/2025" in text
    assert "Quét mã QR để đăng nhập" in text and "Giữ bí mật mã này" in text


def test_markup_in_names_is_printed_literally():
    text = page_texts(render([row(1, "<script>alert(1)</script> & *bold*"), row(2, "<b>Sở</b> **Y tế**")]))[0]
    assert "<script>alert(1)</script> & *bold*" in text
    assert "<b>Sở</b> **Y tế**" in text


def test_one_qr_per_unit_encoding_that_units_login_url():
    rows = [row(i, name) for i, name in enumerate(NAMES)]
    reader = render(rows)
    embedded = [img.image.convert("L").tobytes() for page in reader.pages for img in page.images]
    expected = [Image.open(qr_png(r.login_url)).convert("L").tobytes() for r in rows]
    assert len(embedded) == len(rows)
    assert sorted(embedded) == sorted(expected)


def test_forty_units_span_pages_without_splitting_a_card():
    rows = many(40)
    reader = render(rows)
    texts = page_texts(reader)
    assert len(texts) > 1
    per_page = [0] * len(texts)
    for r in rows:
        pages_with_code = [i for i, text in enumerate(texts) if r.code in text]
        assert len(pages_with_code) == 1, r.code
        assert r.unit_name in texts[pages_with_code[0]], f"{r.unit_name} is not on the page of its code"
        per_page[pages_with_code[0]] += 1
    assert all(4 <= n <= 6 for n in per_page[:-1]), per_page
    assert [len(page.images) for page in reader.pages] == per_page


def test_english_labels_replace_the_vietnamese_ones():
    text = page_texts(render([row(1, "Department of Health")], EN, title="Delegate access codes"))[0]
    for word in (*EN.values(), "Delegate access codes", "Department of Health"):
        assert word in text
    assert "Đơn vị" not in text and "Mã truy cập" not in text


def test_a_very_long_name_is_wrapped_not_cut_off():
    name = "Trung tâm " + "Phát triển quỹ đất và Dịch vụ công " * 6 + "Xuất-nhập-khẩu-" * 8 + "tỉnh Lai Châu"
    text = page_texts(render([row(1, name)]))[0]
    assert "".join(name.split()) in "".join(text.split())


def test_decomposed_accents_print_as_normal_vietnamese():
    name = "Sở Giáo dục và Đào tạo"
    text = page_texts(render([row(1, unicodedata.normalize("NFD", name))]))[0]
    assert name in text


def test_missing_labels_are_refused():
    with pytest.raises(ValueError, match="keep_secret"):
        code_sheet_pdf(title="T", subtitle="", expires_text="", rows=[], labels={"unit": "U", "code": "C", "scan": "S"})
