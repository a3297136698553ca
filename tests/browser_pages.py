"""The fixture site of the browser checks, built, served and opened as a reader would.

tests/test_pages_audit.py (axe-core), tests/test_visual.py (screenshots against
baselines) and tests/test_lighthouse.py share it: tests/visual/site/ built by
the real command line and served over HTTP on 127.0.0.1 (Pagefind's search
needs HTTP; a missing path gets the site's 404 page with status 404, as static
hosts do), each page type at a desktop and a phone size, light and dark.

Chromium is Debian's (/usr/bin/chromium) driven by Playwright; Playwright's
browser download is never used. Its fonts are pinned by tests/visual/fonts.conf
(fonts-dejavu-core only), and every page is waited on until it stops changing.
Missing tools skip, or fail when BRIEFGEN_REQUIRE_TOOLS=1 (as in .ci/run).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from briefgen.build import pagefind_bin
from tests.conftest import build, fixture_copy

REPO = Path(__file__).resolve().parent.parent
VISUAL = REPO / "tests" / "visual"
SITE = VISUAL / "site"
FONTS_CONF = VISUAL / "fonts.conf"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("BRIEFGEN_REQUIRE_TOOLS") == "1"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", "--font-render-hinting=none", "--force-color-profile=srgb"]

ITEM = "articles/us-and-russian-delegations-meet-in-geneva-on-strategic-stability/"
# page type -> path under the site's root; "search" also types a query (open_page).
PAGES = {
    "home": "",
    "item": ITEM,
    "person": "people/sergei-ryabkov/",
    "topic": "topics/security-guarantees/",
    "people-index": "people/",
    "edition": "2022/01/13/",
    "archive": "archive/",
    "search": "search/",
    "404": "no-such-page/",
}
SEARCH_QUERY = "Ryabkov"
# Load lazy images now (a full-page screenshot would not wait for them), then
# wait until every image is decoded and every font is ready.
SETTLE = """async () => {
    for (const img of document.images) img.loading = "eager";
    await Promise.allSettled([...document.images].map(img => img.decode()));
    await document.fonts.ready;
}"""


@dataclass(frozen=True)
class View:
    """A window a reader looks through: its size and colour scheme."""

    name: str
    width: int
    height: int
    mobile: bool
    scheme: str


VIEWS = [View(f"{size}-{scheme}", w, h, size == "mobile", scheme)
         for size, w, h in (("desktop", 1366, 900), ("mobile", 390, 844))
         for scheme in ("light", "dark")]


def missing_tool(reason: str) -> None:
    """Skip for a missing tool, or fail when BRIEFGEN_REQUIRE_TOOLS=1."""
    if REQUIRED:
        pytest.fail(f"BRIEFGEN_REQUIRE_TOOLS=1 but {reason}")
    pytest.skip(reason)


def sync_playwright() -> Any:
    """Playwright's entry point, once chromium and Playwright are known to be there."""
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        missing_tool("Playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        missing_tool("chromium is not installed (apt-get install chromium)")
    return start


class SiteHandler(SimpleHTTPRequestHandler):
    """A static host: files as they are, the site's 404.html for anything missing."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def hosted_site(scratch: Path, handler: type[SiteHandler] = SiteHandler) -> Iterator[str]:
    """Build tests/visual/site for the server about to serve it; yield its root URL.

    The server's port is known before the build, so the site's base_url is the
    address it is served at and canonical links are absolute, as in production.
    HANDLER: the host (one that also sends the `_headers` file's headers, say)."""
    out = scratch / "www"
    out.mkdir(parents=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(out)))
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    build(fixture_copy(SITE, scratch), "-o", out, "--base-url", root, "-q")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium under Playwright, with the pinned fonts; yield the browser."""
    start = sync_playwright()
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    with start() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS, env=env)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def opened(browser: Any, root: str, kind: str, view: View) -> Iterator[Any]:
    """Page type KIND of the site at ROOT in VIEW, loaded and settled; yield the page."""
    context = browser.new_context(
        viewport={"width": view.width, "height": view.height}, device_scale_factor=1,
        is_mobile=view.mobile, has_touch=view.mobile, color_scheme=view.scheme,
        reduced_motion="reduce", locale="en-GB", timezone_id="UTC")
    try:
        page = context.new_page()
        page.goto(root + PAGES[kind], wait_until="load")
        if kind == "search":
            type_a_query(page)
        page.evaluate(SETTLE)
        yield page
    finally:
        context.close()


def type_a_query(page: Any) -> None:
    """Type SEARCH_QUERY into Pagefind's box and wait until its results are shown.

    Pagefind's UI shows the filter groups of the first search's answer, which
    holds only the groups whose files had arrived by then: typing before they
    all have makes the filters differ from one run to the next. So the query is
    typed once Pagefind (the very module the UI imported) has them all."""
    from playwright.sync_api import expect

    if not pagefind_bin.search_available():
        missing_tool("Pagefind is not installed (pip install -e '.[test]')")
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_visible(timeout=10_000)
    box.focus()  # the UI loads Pagefind when its box has the focus
    page.evaluate("""async () => {
        const bundle = document.getElementById("search").dataset.bundlePath;
        const pagefind = await import(new URL(bundle + "pagefind.js", document.baseURI).href);
        await pagefind.filters();
    }""")
    box.fill(SEARCH_QUERY)
    expect(page.locator(".pagefind-ui__result-link")).to_have_count(2, timeout=10_000)
    page.locator(".pagefind-ui__message").wait_for(state="visible")
