"""What the browser tests share: Debian's Chromium (/usr/bin/chromium) driven by Python Playwright
(`playwright install` is never needed), axe-core from npm (`npm ci --ignore-scripts`), and a local
server for a built output. The browser itself is launched once per test session: the `browser`
fixture of tests/conftest.py (and the `playwright` fixture for a test that needs Chromium's own
arguments).

Outside CI a browser test module is skipped when any of the three is missing
(``skip_without_browser``); in CI (`$CI` set) it always runs.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.cli.serve import _Handler

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules/axe-core/axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def missing() -> list[str]:
    return [what for what, ok in (("chromium (apt-get install chromium)", CHROMIUM.is_file()),
                                  ("playwright (pip install --require-hashes -r requirements/test.lock)",
                                   sync_playwright is not None),
                                  ("axe-core (npm ci --ignore-scripts)", AXE.is_file())) if not ok]


def skip_without_browser(module: bool = True) -> None:
    """At a module's top (or in a test, `module=False`): skip outside CI when a tool is missing; in CI
    it runs, and fails."""
    lacking = missing()
    if lacking and not os.environ.get("CI"):
        pytest.skip("needs " + ", ".join(lacking) + "; CI installs them and never skips", allow_module_level=module)


def launch(playwright, *more_args: str):
    """Chromium as every browser test drives it; `more_args` for a test that needs its own, such as
    --host-rules (launched through the session's one Playwright, the `playwright` fixture)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *more_args])


@contextlib.contextmanager
def serving(out: Path):
    """A built output served at http://<host>.localhost:<port>/ (127.0.0.1 only); yields the port."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    port = httpd.server_address[1]
    httpd.RequestHandlerClass = functools.partial(_Handler, out=out, port=port)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def local_only(route):
    """A context's route: *.localhost only; analytics (EMC) and other hosts are refused, so a test
    stays offline and deterministic."""
    if (urlsplit(route.request.url).hostname or "").endswith(".localhost"):
        route.continue_()
    else:
        route.abort()


@contextlib.contextmanager
def page_opener(browser, port: int):
    """Yields open(host, path, **context_options) -> a loaded page of the server at ``port``: its status
    200 asserted, its JavaScript errors in ``page.js_errors``, nothing outside *.localhost fetched.
    Every context it made is closed at the end."""
    contexts = []

    def open_page(host: str, path: str, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        context.route("**/*", local_only)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        response = page.goto(f"http://{host}.localhost:{port}{path}", wait_until="load")
        assert response is not None and response.status == 200, (host, path, response and response.status)
        page.js_errors = errors  # type: ignore[attr-defined]
        return page

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


def run_axe(page) -> dict:
    assert AXE.is_file(), f"{AXE} is missing: npm ci --ignore-scripts"
    page.add_script_tag(path=str(AXE))
    return page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
