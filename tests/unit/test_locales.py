"""Every UI string comes from the catalogs, in both languages, with Vietnamese diacritics."""

import ast
import re
from pathlib import Path

import pytest

from locales import catalog, translate

ROOT = Path(__file__).resolve().parents[2]
UI_DIRS = ["app.py", "pages", "components"]
VIETNAMESE_MARKS = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)


def ui_files() -> list[Path]:
    files = []
    for entry in UI_DIRS:
        path = ROOT / entry
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def test_both_catalogs_have_the_same_keys():
    assert set(catalog("vi")) == set(catalog("en"))


def test_vietnamese_catalog_is_written_with_diacritics():
    texts = [v for v in catalog("vi").values() if len(v.split()) >= 3]
    without = [v for v in texts if not VIETNAMESE_MARKS.search(v)]
    assert texts and not without, f"Vietnamese texts without diacritics: {without}"


def test_every_literal_key_used_in_the_ui_exists():
    keys = set()
    for path in ui_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    keys.add(first.value)
                    for language in ("vi", "en"):
                        assert first.value in catalog(language), f"{path.name}: {first.value} missing in {language}"
    assert len(keys) > 30


STREAMLIT_TEXT_CALLS = {
    "title", "header", "subheader", "write", "markdown", "caption", "text", "info", "error", "warning",
    "success", "button", "form_submit_button", "selectbox", "text_input", "number_input", "radio", "metric",
    "tabs", "expander", "checkbox", "multiselect", "download_button", "toast",
}  # fmt: skip


def test_pages_and_components_hold_no_hard_coded_ui_text():
    offenders = []
    for path in ui_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in STREAMLIT_TEXT_CALLS:
                continue
            for arg in node.args[:1]:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and re.search(r"[A-Za-zÀ-ỹ]", arg.value)
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {arg.value!r}")
    assert not offenders, offenders


@pytest.mark.parametrize(
    ("language", "expected"), [("vi", "Năm phải từ 2000 đến 2100."), ("en", "The year must be between 2000 and 2100.")]
)
def test_messages_take_parameters_and_fall_back_to_vietnamese(language, expected):
    assert translate(language, "error.year_range", min=2000, max=2100) == expected
    assert translate("fr", "role.admin") == "Quản trị viên"
    assert translate("en", "no.such.key") == "no.such.key"


def test_every_message_key_raised_by_services_exists():
    keys = set()
    for path in sorted((ROOT / "services").rglob("*.py")):
        keys |= set(re.findall(r"\"((?:error|vote_error)\.[a-z_]+)\"", path.read_text()))
    missing = {k for k in keys if k not in catalog("vi") or k not in catalog("en")}
    assert keys and not missing, missing


def test_no_multiselect_offers_streamlits_english_select_all():
    # Streamlit adds a "Select all" entry that only exists in English; every list turns it off.
    for path in sorted((ROOT / "components").rglob("*.py")) + sorted((ROOT / "pages").rglob("*.py")):
        text = path.read_text()
        assert text.count("st.multiselect(") == text.count("select_all=False"), path.name
