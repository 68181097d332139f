"""In Chromium, text passed through components.text.plain() reads exactly as typed in every
kind of Streamlit element that interprets Markdown: no bold, link, image, code, colour,
icon, emoji, LaTeX, list or heading comes out of a name (the app's pages are checked to
use plain() by tests/app/test_plain_names.py)."""

import os
import sys

import pytest

from tests.e2e.conftest import IDLE, ROOT, free_port, running_server

pytestmark = pytest.mark.browser

NAMES = [
    "Sở **Y tế** _nghiêng_ [bấm](http://evil.example) ![ảnh](http://127.0.0.1:9/a.png) <script>alert(1)</script>",
    "Khối <b>VH</b> :red[XH] :blue-background[nền] $x^2$ $$y$$ :material/home: :smile: :white_check_mark:",
    "# Nhóm một",
    "- gạch đầu dòng",
    "1. Mục một",
    "> trích dẫn",
    "Quản trị `mã` ~~gạch~~ ~ngã~ | ống &amp; &#65; \\* www.evil.example thu@evil.example https://a.b/c",
    "Sở LĐ-TB&XH (tỉnh) 1.5 điểm; 50% - ok!",
]
SCRIPT = f"""
import streamlit as st
from components.text import plain
NAMES = {NAMES!r}
for i, name in enumerate(NAMES):
    st.markdown(plain(name))
    st.caption(plain(name))
    st.subheader(plain(name), anchor=False)  # its own <h3>; any other heading would come from the name
    st.info(plain(name))
    st.checkbox(plain(name), key=f"c{{i}}")
    st.radio("Chọn", [name], format_func=plain, key=f"r{{i}}")
    st.button(plain(name), key=f"b{{i}}")
    with st.expander(plain(name)):
        st.text("nội dung")
st.tabs([plain(name) for name in NAMES])
"""
FORMATTING = "a, img, strong, em, del, code, h1, h2, h4, h5, h6, blockquote, ol, ul, li, .katex, span[role=img]"
FORMATTING += ", span[style]"  # coloured text


def test_plain_names_render_literally_in_every_markdown_element(tmp_path, browser):
    script = tmp_path / "names.py"
    script.write_text(SCRIPT)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    with running_server(command, port=port, cwd=ROOT, log_path=tmp_path / "app.log", env=env):
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}")
        page.wait_for_selector(IDLE)
        page.get_by_text("Chọn").first.wait_for()
        # Eight elements per name plus its radio's label: wait until the browser has drawn them all.
        page.wait_for_function(
            f"document.querySelectorAll('[data-testid=stMarkdownContainer]').length >= {9 * len(NAMES)}"
        )
        shown = page.locator("[data-testid=stMarkdownContainer]").evaluate_all(
            f"""nodes => nodes.map(n => [n.innerText.replaceAll('\\u2060', '').trim(),
                Array.from(n.querySelectorAll('{FORMATTING}')).map(e => e.outerHTML.slice(0, 120))])"""
        )
        headings = page.locator("h3").count()
        tabs = page.get_by_role("tab").evaluate_all("nodes => nodes.map(n => n.innerText.replaceAll('\\u2060', ''))")
        page.close()
    texts = [text for text, _ in shown]
    for name in NAMES:
        # markdown, caption, subheader, alert, checkbox, radio option, button, expander label
        assert texts.count(name) == 8, (name, [t for t in texts if t not in NAMES][:5])
    assert [(text, tags) for text, tags in shown if tags] == []
    assert set(texts) <= {*NAMES, "Chọn"}
    assert [tab.strip() for tab in tabs] == NAMES
    assert headings == len(NAMES)  # the subheaders', and no heading made from a name
