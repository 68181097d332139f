"""Start the app: `python serve.py [streamlit options]` is `streamlit run app.py [options]`
without one trap.

Streamlit sees the `pages/` folder next to app.py and, until some session has run
st.navigation, serves the server's first deep link (a shared dashboard link, say) in its
legacy multipage mode: the visitor gets an English "Page not found" dialog over the page.
This app declares every page through st.navigation, so the legacy mode is switched off
before the server starts. Every way of starting the app (scripts/dev.sh, deploy/, tests,
benchmarks) goes through here.
"""

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent / "app.py"


def main() -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
