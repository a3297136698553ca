"""A real browser against `briefgen serve`: reload on save, error overlay, recovery.

Playwright drives Debian's chromium (/usr/bin/chromium); Playwright's own
browser download is never used. Skipped when chromium or Playwright is
missing, unless BRIEFGEN_REQUIRE_TOOLS=1 (as in CI), where that fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import article, write_site
from tests.test_serve import Running, start, stop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("BRIEFGEN_REQUIRE_TOOLS") == "1"

pytestmark = pytest.mark.slow  # every test starts a server and drives a browser

try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

if sync_playwright is None or not Path(CHROMIUM).exists():
    if REQUIRED:
        raise RuntimeError("BRIEFGEN_REQUIRE_TOOLS=1 but Playwright or chromium is missing")
    pytest.skip("Playwright or chromium not installed", allow_module_level=True)

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Running]:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: Briefing\n",
        "content/articles/a.md": article("Lavrov awaits answers", body="First version.",
                                         people="[Sergei Lavrov]"),
        "content/articles/b.md": article("Stoltenberg invites talks", date="2022-01-19",
                                         people="[Jens Stoltenberg]"),
    })
    run = start(root)
    yield run
    stop(run)


def test_tab_reloads_shows_overlay_and_recovers(browser: Any, served: Running) -> None:
    page: Page = browser.new_page()
    base = f"http://127.0.0.1:{served.port}"
    page.goto(f"{base}/articles/lavrov-awaits-answers/")
    expect(page.locator(".body")).to_contain_text("First version.")
    item = served.root / "content/articles/a.md"

    item.write_text(article("Lavrov awaits answers", body="Second version, saved.",
                            people="[Sergei Lavrov]"), encoding="utf-8")
    expect(page.locator(".body")).to_contain_text("Second version, saved.", timeout=10_000)

    item.write_text("---\ntitle: Lavrov awaits answers\ndate: 2022-02-30\n---\nx\n",
                    encoding="utf-8")
    overlay = page.locator("#briefgen-error-overlay")
    expect(overlay).to_be_visible(timeout=10_000)
    expect(overlay).to_contain_text("content/articles/a.md:3: date: not a date: '2022-02-30'")
    expect(page.locator(".body")).to_contain_text("Second version, saved.")  # last good page

    item.write_text(article("Lavrov awaits answers", body="Third version, fixed.",
                            people="[Sergei Lavrov]"), encoding="utf-8")
    expect(page.locator(".body")).to_contain_text("Third version, fixed.", timeout=10_000)
    expect(overlay).to_have_count(0)
    page.close()


def test_deleted_item_disappears_from_open_home_page(browser: Any, served: Running) -> None:
    page: Page = browser.new_page()
    page.goto(f"http://127.0.0.1:{served.port}/")
    expect(page.locator("main")).to_contain_text("Stoltenberg invites talks")
    (served.root / "content/articles/b.md").unlink()
    expect(page.locator("main")).not_to_contain_text("Stoltenberg invites talks",
                                                       timeout=10_000)
    expect(page.locator("main")).to_contain_text("Lavrov awaits answers")
    page.close()


def test_template_error_shows_in_the_page(browser: Any, served: Running) -> None:
    page: Page = browser.new_page()
    page.goto(f"http://127.0.0.1:{served.port}/")
    template = served.root / "templates/home.html"
    template.parent.mkdir()
    template.write_text("{% extends 'base.html' %}\n{% block main %}\n{{ items|nosuchfilter }}\n"
                        "{% endblock %}\n", encoding="utf-8")
    overlay = page.locator("#briefgen-error-overlay")
    expect(overlay).to_contain_text("templates/home.html:3", timeout=10_000)
    template.unlink()
    expect(overlay).to_have_count(0, timeout=10_000)
    page.close()


def test_a_site_that_never_built_says_so_in_the_overlay(browser: Any, tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: Briefing\n",
        "content/articles/a.md": "---\ntitle: Lavrov awaits answers\ndate: 2022-02-30\n---\nText.\n",
    })
    run = start(root)
    try:
        page: Page = browser.new_page()
        page.goto(f"http://127.0.0.1:{run.port}/")
        overlay = page.locator("#briefgen-error-overlay")
        expect(overlay).to_contain_text("the site has not built yet", timeout=10_000)
        expect(overlay).not_to_contain_text("last good site")
        (root / "content/articles/a.md").write_text(article("Lavrov awaits answers"), encoding="utf-8")
        expect(page.locator("h1, h2").first).to_be_visible(timeout=10_000)
        expect(overlay).to_have_count(0, timeout=10_000)
        page.close()
    finally:
        stop(run)
