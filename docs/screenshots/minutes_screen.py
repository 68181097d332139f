"""Regenerate minutes-screen-desktop.png: the vote-count minutes on screen (rounds page).

    .venv/bin/python docs/screenshots/minutes_screen.py [--out DIR]

Starts the demo app on a fresh SQLite file (tests/e2e/browser.py), logs in as the demo
admin, opens the published provincial-flag round of Lai Châu's 2017 conference and its
on-screen minutes in headless Debian Chromium (desktop 1280×800).
"""

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent


def main() -> None:
    from playwright.sync_api import expect, sync_playwright

    from locales import translate
    from tests.e2e.browser import choose, demo_app, log_in, new_context, wait_settled
    from tests.e2e.browser import main as main_area

    def vi(key: str) -> str:
        return translate("vi", key)

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp, demo_app(Path(temp)) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"]
        )
        page = new_context(browser).new_page()
        log_in(page, f"{app.base}/vong-bo-phieu", "quantri")
        choose(page, vi("rounds.bloc"), "Lai Châu · Khối Văn hóa – Xã hội")
        year = main_area(page).get_by_label(vi("rounds.year"))
        year.fill("2017")
        year.press("Enter")
        wait_settled(page)
        rounds = page.get_by_role("combobox", name=vi("rounds.round"))
        expect(rounds).to_have_value(re.compile(" · "))
        flag = next(o for o in _options(page, rounds) if "Cờ thi đua" in o)
        choose(page, vi("rounds.round"), flag)
        main_area(page).get_by_text(vi("documents.preview")).click()
        title = main_area(page).get_by_text("BIÊN BẢN KIỂM PHIẾU")
        expect(title).to_be_visible()
        preview = main_area(page).get_by_text(vi("documents.preview_note"))
        preview.evaluate("element => element.scrollIntoView({block: 'start'})")  # the header at the top
        wait_settled(page)
        page.screenshot(path=str(args.out / "minutes-screen-desktop.png"))
        browser.close()


def _options(page, box) -> list[str]:
    box.click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options


if __name__ == "__main__":
    main()
