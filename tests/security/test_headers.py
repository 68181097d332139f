"""Security headers and the metrics endpoint, on a started app: directly (one process,
serve.py's middleware) and behind nginx with the deploy configuration (HTTP on loopback
as deploy/local_cluster.py renders it, and TLS as deploy/production.py renders it).

The review's finding: no X-Frame-Options / frame-ancestors, no Referrer-Policy, no HSTS
behind TLS, and /_stcore/metrics answered without login.
"""

import asyncio
import contextlib
import secrets
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from db.migrate import upgrade_to_head
from deploy.local_cluster import find_nginx, free_port, local_cluster, render_nginx_conf, stop
from deploy.production import Layout, placeholder_cert, render_site
from serve import SecurityMiddleware
from tests.databases import in_ci

PAGE_HEADERS = {
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
}


def answer(url: str) -> tuple[int, dict[str, str]]:
    """Status and headers (lower-case names) of a GET, like curl -sI; redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the placeholder certificate
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def require_nginx() -> None:
    if find_nginx() is None:
        message = "nginx is not installed (bash scripts/dev.sh test installs Debian's nginx as root)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def asgi_get(
    path: str, *, client: str, scheme: str = "http", content_type: bytes = b"text/plain", query: bytes = b""
) -> tuple[int, dict[str, str]]:
    """One GET through serve.py's middleware in front of a stand-in app that answers 200."""

    async def stand_in(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", content_type)]})
        await send({"type": "http.response.body", "body": b"metrics or page"})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": "GET", "path": path, "scheme": scheme, "client": (client, 40000), "headers": [],
             "query_string": query}  # fmt: skip
    asyncio.run(SecurityMiddleware(stand_in)(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}


def test_the_middleware_refuses_metrics_off_loopback_and_heads_every_answer():
    assert asgi_get("/_stcore/metrics", client="198.51.100.9")[0] == 404
    status, headers = asgi_get("/", client="198.51.100.9")
    assert status == 200 and {k: headers[k] for k in PAGE_HEADERS} == PAGE_HEADERS
    assert "strict-transport-security" not in headers  # plain HTTP: HSTS means nothing
    _, frame = asgi_get("/component/streamlit_cookies/index.html", client="198.51.100.9")  # the app's own frames
    assert (frame["x-frame-options"], frame["content-security-policy"]) == ("SAMEORIGIN", "frame-ancestors 'self'")
    assert asgi_get("/_stcore/metrics", client="127.0.0.1")[0] == 200
    _, tls = asgi_get("/", client="198.51.100.9", scheme="https")
    assert tls["strict-transport-security"].startswith("max-age=")


def test_the_page_at_a_deep_path_goes_to_its_first_segment_and_files_do_not():
    html = b"text/html; charset=utf-8"
    status, headers = asgi_get("/pages/home", client="198.51.100.9", content_type=html, query=b"nam=2025")
    assert (status, headers["location"]) == (302, "/pages?nam=2025")
    assert headers["x-frame-options"] == "DENY"  # a redirect is headed like any answer
    assert asgi_get("/trang-chu", client="198.51.100.9", content_type=html)[0] == 200  # one segment: the app's
    assert asgi_get("/static/js/main.js", client="198.51.100.9", content_type=b"text/javascript")[0] == 200
    assert asgi_get("/a/b/logo.png", client="198.51.100.9", content_type=b"image/png")[0] == 200
    assert asgi_get("/component/cookies/index.html", client="198.51.100.9", content_type=html)[0] == 200


@contextlib.contextmanager
def nginx_with(site: str, directory: Path):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "tmp").mkdir(exist_ok=True)
    conf = directory / "nginx.conf"
    conf.write_text(render_nginx_conf(directory, site))
    flags = ["-p", str(directory), "-c", str(conf), "-e", str(directory / "nginx-error.log")]
    checked = subprocess.run([find_nginx(), "-t", *flags], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([find_nginx(), *flags], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                               start_new_session=True)  # fmt: skip
    try:
        yield process
    finally:
        stop(process)


def test_a_started_app_and_nginx_send_the_headers_and_refuse_metrics(tmp_path):
    require_nginx()
    url = f"sqlite:///{tmp_path / 'headers.db'}"
    upgrade_to_head(url)
    env = {"DATABASE_URL": url, "THIDUA_SECRET_KEY": secrets.token_urlsafe(48), "PATH": "/usr/bin:/bin"}
    with local_cluster(processes=1, env=env, workdir=tmp_path) as cluster:
        app = f"http://127.0.0.1:{cluster.app_ports[0]}"
        # One process alone (serve.py): headers on the page; metrics only for loopback.
        status, headers = answer(f"{app}/")
        assert status == 200 and {k: headers.get(k) for k in PAGE_HEADERS} == PAGE_HEADERS
        assert answer(f"{app}/_stcore/metrics")[0] == 200  # this test is on loopback
        # Behind nginx (HTTP, as deploy/local_cluster.py renders deploy/nginx/thidua.conf).
        status, headers = answer(f"{cluster.url}/")
        assert status == 200 and {k: headers.get(k) for k in PAGE_HEADERS} == PAGE_HEADERS
        assert "strict-transport-security" not in headers
        assert all(len(v.split(",")) == 1 for k, v in headers.items() if k in PAGE_HEADERS)  # nginx's, not twice
        assert answer(f"{cluster.url}/_stcore/metrics")[0] == 404  # nginx refuses it for everyone
        assert answer(f"{cluster.url}/_stcore/health")[0] == 200
        status, headers = answer(f"{cluster.url}/component/any/index.html")
        assert headers.get("x-frame-options") == "SAMEORIGIN"
        # Production's TLS server (deploy/production.py): HSTS too, and plain HTTP redirects.
        http_port, https_port = free_port(), free_port()
        etc = tmp_path / "etc"
        placeholder_cert(etc / "tls", "_")
        layout = Layout(processes=1, first_port=cluster.app_ports[0], http_listen=f"127.0.0.1:{http_port}",
                        https_listen=f"127.0.0.1:{https_port}", etc_dir=str(etc))  # fmt: skip
        with nginx_with(render_site(layout), tmp_path / "tls-nginx"):
            status, headers = _retry(lambda: answer(f"https://127.0.0.1:{https_port}/"))
            assert status == 200 and {k: headers.get(k) for k in PAGE_HEADERS} == PAGE_HEADERS
            assert headers["strict-transport-security"] == "max-age=31536000"
            assert answer(f"https://127.0.0.1:{https_port}/_stcore/metrics")[0] == 404
            assert answer(f"http://127.0.0.1:{http_port}/")[0] == 301


def _retry(call, attempts: int = 50):
    """nginx takes a moment to listen after it starts."""
    for _ in range(attempts):
        try:
            return call()
        except OSError:
            time.sleep(0.1)
    return call()
