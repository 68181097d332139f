"""Start the app: `python serve.py [streamlit options]` is `streamlit run app.py [options]`
without two traps.

1. Streamlit sees the `pages/` folder next to app.py and, until some session has run
   st.navigation, serves the server's first deep link (a shared dashboard link, say) in
   its legacy multipage mode: the visitor gets an English "Page not found" dialog over
   the page. This app declares every page through st.navigation, so the legacy mode is
   switched off before the server starts.
2. Streamlit (1.67 runs on Starlette/uvicorn) sends no security headers and answers
   /_stcore/metrics to anyone. A small ASGI middleware, put in front of Streamlit's own,
   adds the headers (pages cannot be framed by other sites, no referrer leaves the
   site, no content sniffing, HSTS when served over TLS) and answers the metrics
   endpoint only to loopback. nginx sets the same headers in production (deploy/nginx).

3. Streamlit answers any unknown path with its page, which loads its scripts and opens its
   websocket relative to the address: at /a/b (an old /pages/home link, a typo) it looks
   under /a/ and the visitor gets a blank page forever. An HTML answer at a path of two or
   more segments is replaced by a redirect to the first segment, where the app answers.

4. Python's garbage collector, left at its defaults (700, 10, 10), walked the whole heap
   every ~80 000 allocations. A server's heap holds every open session (a hall of 200
   phones: ~300 000 objects), so in a 200-phone burst it made ~10 full collections of
   150-230 ms each, every session waiting (1.4 s of the 6.7 s of CPU, bench/RESULTS.md).
   Higher thresholds keep young collections (10 times rarer) and make full ones rare.

It also tells the app which address it listens on (THIDUA_BOUND_ADDRESS): the demo's
login page lists the demo passwords only on loopback (see services/access/login.py).
Every way of starting the app (scripts/dev.sh, deploy/, tests, benchmarks) goes through here.
"""

import gc
import os
import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_app

from services.access.login import BOUND_ADDRESS_ENV

APP = Path(__file__).resolve().parent / "app.py"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
METRICS_PATH = "/_stcore/metrics"
# Streamlit draws custom components (the login cookie writer) in frames from its own origin.
FRAMED_PREFIXES = ("/component/", "/_stcore/bidi-components/")
HEADERS = [
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
]
NO_FRAMES = [(b"x-frame-options", b"DENY"), (b"content-security-policy", b"frame-ancestors 'none'")]
OWN_FRAMES = [(b"x-frame-options", b"SAMEORIGIN"), (b"content-security-policy", b"frame-ancestors 'self'")]
HSTS = (b"strict-transport-security", b"max-age=31536000")


def security_headers(path: str, *, tls: bool) -> list[tuple[bytes, bytes]]:
    framing = OWN_FRAMES if path.startswith(FRAMED_PREFIXES) else NO_FRAMES
    return [*HEADERS, *framing, *([HSTS] if tls else [])]


class SecurityMiddleware:
    """Pure ASGI (a websocket passes untouched): headers on every HTTP answer,
    /_stcore/metrics refused (404) unless the client is on loopback, and the app's page
    asked for at a deep path redirected to the path's first segment (trap 3 above)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        client = (scope.get("client") or ("", 0))[0]
        if path.rstrip("/").endswith(METRICS_PATH) and client not in LOOPBACK:
            start = {"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]}
            await _with_headers(send, path, scope)(start)
            return await send({"type": "http.response.body", "body": b"Not Found"})
        sending = _with_headers(send, path, scope)
        if deep_page_path(path):
            sending = _redirect_the_page(sending, path, scope.get("query_string", b""))
        return await self.app(scope, receive, sending)


def deep_page_path(path: str) -> bool:
    """A path the app's own page could be answered at only by mistake: two or more segments,
    outside the prefixes Streamlit serves real files and frames from."""
    return len([part for part in path.split("/") if part]) >= 2 and not path.startswith(
        (*FRAMED_PREFIXES, "/_stcore/", "/static/", "/media/", "/app/static/")
    )


def _redirect_the_page(send, path: str, query: bytes):
    """Streamlit's index page at a deep path becomes a 302 to its first segment (the query
    string kept); any other answer (a script, an image, an error) passes unchanged."""
    first = "/" + next(part for part in path.split("/") if part)
    target = (first + ("?" + query.decode("latin-1") if query else "")).encode("latin-1")
    replaced = False

    async def sending(message) -> None:
        nonlocal replaced
        if message["type"] == "http.response.start":
            headers = dict((k.lower(), v) for k, v in message.get("headers", []))
            if message["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
                replaced = True
                return await send({"type": "http.response.start", "status": 302,
                                   "headers": [(b"location", target), (b"content-length", b"0")]})  # fmt: skip
        elif replaced:
            if not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b""})
            return None
        await send(message)

    return sending


def _with_headers(send, path: str, scope):
    extra = security_headers(path, tls=scope.get("scheme") == "https")
    names = {name for name, _ in extra}

    async def sending(message) -> None:
        if message["type"] == "http.response.start":
            kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
            message = {**message, "headers": [*kept, *extra]}
        await send(message)

    return sending


def _install_middleware() -> None:
    from starlette.middleware import Middleware

    streamlit_middleware = starlette_app.create_streamlit_middleware
    starlette_app.create_streamlit_middleware = lambda: [Middleware(SecurityMiddleware), *streamlit_middleware()]


GC_THRESHOLDS = (7000, 20, 20)  # see 4. above; the bench's bare-form floor uses the same


def tune_garbage_collector() -> None:
    gc.set_threshold(*GC_THRESHOLDS)


def bound_address(argv: list[str], environ: dict[str, str]) -> str:
    """--server.address from the command line, else STREAMLIT_SERVER_ADDRESS; "" = every interface."""
    address = environ.get("STREAMLIT_SERVER_ADDRESS", "")
    for index, arg in enumerate(argv):
        if arg == "--server.address" and index + 1 < len(argv):
            address = argv[index + 1]
        elif arg.startswith("--server.address="):
            address = arg.split("=", 1)[1]
    return address


def main() -> None:
    tune_garbage_collector()
    PagesManager.uses_pages_directory = False
    _install_middleware()
    os.environ[BOUND_ADDRESS_ENV] = bound_address(sys.argv[1:], dict(os.environ))
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
