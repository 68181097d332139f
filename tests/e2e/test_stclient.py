"""bench.stclient drives a form the way a browser does: fill widgets, submit, read the page.

A throwaway script (not the app) on its own server, so this checks the client only.
"""

import asyncio
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.stclient import StreamlitSession, trigger, widget_state
from tests.e2e.conftest import free_port, running_server

SCRIPT = textwrap.dedent(
    """
    import streamlit as st

    AWARDS = {"flag": "Cờ thi đua", "merit": "Bằng khen"}

    st.title("Phiếu thử")
    with st.form("ballot"):
        unit = st.text_input("Đơn vị", key="unit")
        award = st.selectbox("Danh hiệu", list(AWARDS), index=None, format_func=AWARDS.get)
        note = st.text_input("Ghi chú")
        sent = st.form_submit_button("Gửi phiếu")
    details = st.checkbox("Hiện chi tiết", key="details")
    if sent:
        st.write(f"SUBMITTED unit={unit!r} award={award!r} note={note!r}")
    else:
        st.write("NOT SUBMITTED")
    if details:
        st.markdown("chi tiết " + "x" * 12_000)  # over 10 kB: a message the client may cache
    """
)


@contextmanager
def serve(script: Path) -> Iterator[int]:
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with running_server(command, port=port, cwd=script.parent, log_path=script.parent / "server.log"):
        yield port


@pytest.fixture(scope="module")
def form_app(tmp_path_factory) -> Iterator[int]:
    script = tmp_path_factory.mktemp("stclient") / "form_app.py"
    script.write_text(SCRIPT)
    with serve(script) as port:
        yield port


def test_fills_and_submits_a_form_like_a_browser(form_app):
    async def scenario() -> None:
        async with StreamlitSession(form_app, timeout=20) as session:
            run = await session.open()
            assert run.finished_ok, run.status_name
            assert "Phiếu thử" in run.texts()
            assert "NOT SUBMITTED" in run.text()
            assert run.forms() == ["ballot"]

            unit = run.widget(key="unit")  # by st key
            award = run.widget(label="Danh hiệu")  # by label, as a user sees it
            note = run.widget(label="Ghi chú", kind="text_input")
            submit = run.widget(label="Gửi phiếu")
            assert submit.is_form_submitter and {unit.form_id, award.form_id, note.form_id} == {submit.form_id}
            assert award.options == ["Cờ thi đua", "Bằng khen"]  # labels after format_func

            run = await session.submit_form(submit, {unit: "Sở Y tế", award: "Bằng khen", note: "đủ điều kiện"})
            assert "SUBMITTED unit='Sở Y tế' award='merit' note='đủ điều kiện'" in run.text()

            # The trigger is one-shot: a later rerun is not another submission.
            run = await session.rerun()
            assert "NOT SUBMITTED" in run.text()

            # Widgets outside a form; the same session keeps its form values.
            details = run.widget(key="details")
            run = await session.set_values({details: True})
            assert "chi tiết xxx" in run.text()
            run = await session.rerun([trigger(submit)])
            assert "SUBMITTED unit='Sở Y tế' award='merit'" in run.text()
            assert run.cache_hits >= 1, "the big markdown should come back as a ref_hash the client resolves"
            assert "chi tiết xxx" in run.text()

            with pytest.raises(ValueError, match="no option"):
                widget_state(award, "Huân chương")

    asyncio.run(scenario())


def test_concurrent_sessions_are_independent(form_app):
    """The load driver's shape: N delegates at once, each its own session and ballot."""

    async def delegate(number: int) -> str:
        async with StreamlitSession(form_app, timeout=30) as session:
            run = await session.open()
            submit = run.widget(label="Gửi phiếu")
            run = await session.submit_form(submit, {run.widget(key="unit"): f"Đơn vị {number}"})
            return run.text()

    async def crowd() -> list[str]:
        return await asyncio.gather(*(delegate(n) for n in range(8)))

    for number, text in enumerate(asyncio.run(crowd())):
        assert f"SUBMITTED unit='Đơn vị {number}' award=None note=''" in text
