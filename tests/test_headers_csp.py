"""The `_headers` file the build writes: its Content-Security-Policy holds on every
page type, in a real browser.

tests/visual/site is built and served on 127.0.0.1 by a small host that
sends the headers `_headers` gives for each path, as Netlify and Cloudflare
Pages do. Each page type is opened in Debian's chromium (the search page
with a query typed, whose results must show); the page records every
`securitypolicyviolation` event and the console every "Refused to" message.
There must be none, so the policy the build ships is one its own pages keep:
their scripts and stylesheets, JSON-LD, Pagefind's WebAssembly.
"""

from __future__ import annotations

import fnmatch
import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.browser_pages import PAGES, VIEWS, SiteHandler, chromium, hosted_site, type_a_query
from tests.conftest import article, build, write_site

pytestmark = pytest.mark.slow  # a browser over a served site

# Listens from before the page's own scripts run, for the whole of its life.
RECORD = """window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));"""


def header_rules(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """`_headers` as hosts read it: a path pattern, then its indented `Name: value` lines."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class HeadersHandler(SiteHandler):
    """A static host that sends the headers `_headers` names for the path asked for."""

    def end_headers(self) -> None:
        rules = header_rules((Path(self.directory) / "_headers").read_text(encoding="utf-8"))
        path = self.path.split("?", 1)[0]
        for pattern, headers in rules:
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hosted_site(tmp_path_factory.mktemp("csp"), HeadersHandler) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def test_every_build_writes_headers_under_its_base_path(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nbase_url: https://example.org/brief/\nsearch: false\n",
        "content/articles/a.md": article("A")})
    build(root, "-q")
    rules = dict(header_rules((root / "public/_headers").read_text(encoding="utf-8")))
    assert list(rules) == ["/brief/*", "/brief/pagefind/fragment/*", "/brief/pagefind/index/*",
                           "/brief/pagefind/filter/*"]
    every = dict(rules["/brief/*"])
    assert set(every) == {"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                          "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy"}
    assert "'unsafe-inline'" not in every["Content-Security-Policy"]
    assert dict(rules["/brief/pagefind/index/*"]) == {"Cache-Control": "public, max-age=31536000, immutable"}


@pytest.mark.parametrize("kind", [*PAGES, "page"])
def test_no_page_breaks_the_content_security_policy(browser: Any, root: str, kind: str) -> None:
    view = VIEWS[0]
    context = browser.new_context(viewport={"width": view.width, "height": view.height})
    refused: list[str] = []
    try:
        context.add_init_script(RECORD)
        page = context.new_page()
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text
                or "Refused to" in m.text else None)
        response = page.goto(root + (PAGES.get(kind, "about/")), wait_until="load")
        assert response is not None
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert response.headers.get("x-content-type-options") == "nosniff"
        if kind == "search":
            type_a_query(page)  # results shown: Pagefind ran under the policy
        if kind == "item":
            assert page.locator('script[type="application/ld+json"]').count() >= 1
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__violations")
    finally:
        context.close()
    assert violations == [] and refused == []


TABLE = "| left | centre | right |\n|:--|:-:|--:|\n| a | b | c |\n"


def test_an_aligned_markdown_table_keeps_its_alignment_under_the_policy(browser: Any,
                                                                      tmp_path: Path) -> None:
    """Markdown writes style="text-align:..." on aligned cells: the policy allows
    exactly those, by their hashes, and the cells stay aligned."""
    root = write_site(tmp_path / "site", {"site.yaml": "title: T\nsearch: false\n",
                                          "content/articles/t.md": article("Table", body=TABLE)})
    build(root, "-q")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(HeadersHandler, directory=str(root / "public")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()
    try:
        context.add_init_script(RECORD)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/articles/table/", wait_until="load")
        aligned = page.eval_on_selector_all("td", "cells => cells.map(c => getComputedStyle(c).textAlign)")
        violations = page.evaluate("window.__violations")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert aligned == ["left", "center", "right"] and violations == []


def test_the_check_sees_a_violation_when_there_is_one(browser: Any, root: str) -> None:
    """The listener works: an inline script, which the policy forbids, is reported."""
    context = browser.new_context()
    try:
        context.add_init_script(RECORD)
        page = context.new_page()
        page.goto(root, wait_until="load")
        page.evaluate("""() => { const s = document.createElement("script");
                                 s.textContent = "window.ran = 1"; document.body.append(s); }""")
        page.wait_for_function("window.__violations.length > 0")
        assert page.evaluate("window.ran") is None
        assert "script-src" in page.evaluate("window.__violations")[0]
    finally:
        context.close()
