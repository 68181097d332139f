"""How many runs of the app a delegate's phone asks for, in a real browser.

bench/hall.py speaks Streamlit's protocol itself, so it never loads what a browser loads
besides the page (a custom component's frame, whose report back starts one more run).
This opens a QR code link in headless Chromium at phone size, logs in with the code, ticks
one candidate, reviews and confirms, and counts the runs the browser asked for
(`rerun_script` messages) and the runs that ended, and the frames it loaded.

    .venv/bin/python -m bench.phone_runs --phones 5
"""

import argparse
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from services.access.keys import DEMO_KEY
from tests.conference_world import demo_code_conference
from tests.e2e.browser import after_run, demo_app, main, new_context, visit, wait_settled
from tests.e2e.conference import vi
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

CODES: list[str] = []


def _conference(url: str) -> None:
    CODES.extend(demo_code_conference(url, round_title="Cờ thi đua", key=DEMO_KEY).values())


def one_phone(browser, base: str, code: str) -> dict[str, int]:
    counts = {"asked": 0, "ended": 0, "frames": 0}

    def watch(socket) -> None:
        if not socket.url.endswith("/_stcore/stream"):
            return

        def sent(payload) -> None:
            if isinstance(payload, bytes) and BackMsg.FromString(payload).WhichOneof("type") == "rerun_script":
                counts["asked"] += 1

        def received(payload) -> None:
            if isinstance(payload, bytes) and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished":
                counts["ended"] += 1

        socket.on("framesent", sent)
        socket.on("framereceived", received)

    context = new_context(browser, phone=True)
    page = context.new_page()
    page.on("websocket", watch)
    page.on("frameattached", lambda frame: counts.__setitem__("frames", counts["frames"] + 1))
    visit(page, f"{base}/?code={code.replace('-', '')}")
    after_run(page, main(page).get_by_role("button", name=vi("login.code_submit")).click)
    wait_settled(page)
    main(page).locator("[data-testid=stCheckbox]:not(:has(input[disabled]))").first.click()
    after_run(page, main(page).get_by_role("button", name=vi("ballot.review")).click)
    after_run(page, main(page).get_by_role("button", name=vi("ballot.confirm")).click)
    main(page).get_by_text("Mã biên nhận", exact=False).first.wait_for()
    wait_settled(page)
    context.close()
    return counts


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=5)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        demo_app(Path(folder), prepare=_conference) as app,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        results = [one_phone(browser, app.base, code) for code in CODES[: args.phones]]
        browser.close()
    for result in results:
        print(f"runs asked={result['asked']} ended={result['ended']} frames={result['frames']}")
    medians = {key: statistics.median(r[key] for r in results) for key in ("asked", "ended", "frames")}
    print(f"median over {len(results)} phones: runs asked={medians['asked']} ended={medians['ended']} "
          f"frames={medians['frames']}")  # fmt: skip


if __name__ == "__main__":
    main_()
