"""Regenerate the dashboard screenshots in this folder (desktop 1280×800, phone 390×844).

    .venv/bin/python docs/screenshots/take.py            # own demo app on a temporary SQLite file
    .venv/bin/python docs/screenshots/take.py --url http://127.0.0.1:8620   # an app already running in demo mode

Without --url it builds a fresh demo database, starts `streamlit run app.py` in demo
mode on a free port and stops it afterwards. It logs in as the demo leader
(`lanhdao`, Lai Châu), opens each dashboard by its shareable URL (filters in the
query string) in headless Debian Chromium and saves dashboard-<name>-<desktop|phone>.png.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OUT = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def views(database_url: str) -> dict[str, str]:
    """name → path with query string, ids looked up in the demo database."""
    from sqlmodel import select

    from db.engine import make_engine, session_scope
    from db.models import Bloc, Province, UnitName
    from manage.demo import facts

    engine = make_engine(database_url)
    with session_scope(engine) as session:
        province = session.exec(select(Province).where(Province.code == facts.LAI_CHAU)).one()
        bloc = session.exec(select(Bloc).where(Bloc.province_id == province.id, Bloc.name == facts.VHXH)).one()
        unit = session.exec(select(UnitName).where(UnitName.name == "Sở Lao động – Thương binh và Xã hội")).one()
    engine.dispose()
    where = f"tinh={province.code}&khoi={bloc.id}"
    return {
        "bloc": f"tong-quan-khoi?{where}&nam=2017",
        "heatmap": f"ban-do-nhiet?{where}&nam=2017",
        "unit": f"ho-so-don-vi?{where}&nam=2017&donvi={unit.unit_id}",
        "history": f"lich-su-khoi?{where}",
        "province": f"tong-quan-tinh?tinh={province.code}&nam=2026",
    }


def start_app(database_url: str) -> tuple[subprocess.Popen, str]:
    subprocess.run([sys.executable, "-m", "manage", "init", "--demo"], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": database_url})  # fmt: skip
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": database_url, "THIDUA_DEMO": "1"}
    command = [sys.executable, "serve.py", "--server.port", str(port),
               "--server.headless", "true", "--client.showErrorDetails", "full"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
            return process, base
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("the app did not start")


def settle(page) -> None:
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_timeout(800)  # charts draw after the run ends
    page.wait_for_selector(IDLE, timeout=60_000)


def log_in_at(page, url: str) -> None:
    """Open the dashboard's URL logged out: the login form is shown there and the
    dashboard (with the filters of the query string) follows the login."""
    page.goto(url)
    settle(page)
    page.get_by_role("textbox", name="Tên đăng nhập").fill("lanhdao")
    page.get_by_role("textbox", name="Mật khẩu").fill("thidua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for(timeout=60_000)
    settle(page)


def shoot(base: str, targets: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"], headless=True
        )
        for size, (width, height) in SIZES.items():
            for name, path in targets.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                log_in_at(page, f"{base}/{path}")
                # Streamlit scrolls inside its main block, not the document: grow the
                # window to the content's height so one picture shows the whole page.
                full = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
                page.set_viewport_size({"width": width, "height": max(height, full)})
                settle(page)
                page.screenshot(path=str(OUT / f"dashboard-{name}-{size}.png"))
                print(f"dashboard-{name}-{size}.png")
                context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an app already running in demo mode (its DATABASE_URL via --database-url)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    if args.url:
        shoot(args.url.rstrip("/"), views(args.database_url or "sqlite:///data/thidua.db"))
        return
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/screenshots.db"
        process, base = start_app(database_url)
        try:
            shoot(base, views(database_url))
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
