"""The search page in chromium: what a reader sees of a result.

An item page holds the other names of the people it names in a hidden
paragraph, so that searching an old spelling finds the item; the excerpt
shown for such a result must come from what the page shows, never from that
list. Built as tests/visual/site, served by a static host (browser_pages).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.build import pagefind_bin
from tests.browser_pages import VIEWS, chromium, hosted_site, missing_tool, opened

pytestmark = pytest.mark.slow  # a browser over a served site


def test_an_excerpt_never_shows_the_hidden_list_of_other_names(tmp_path: Path) -> None:
    if not pagefind_bin.search_available():
        missing_tool("Pagefind is not installed (pip install -e '.[test]')")
    from playwright.sync_api import expect

    with hosted_site(tmp_path) as root, chromium() as browser, \
            opened(browser, root, "404", VIEWS[0]) as page:
        # "Sergey" is only in Sergei Ryabkov's profile aliases: found through the hidden list.
        page.goto(root + "search/?q=Sergey", wait_until="load")
        results = page.locator(".pagefind-ui__result")
        expect(results.first).to_be_visible(timeout=10_000)
        excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
        assert excerpts and all(text.strip() for text in excerpts)
        assert not [text for text in excerpts if "Also known as" in text or "Sergey" in text]
        page.goto(root + "search/?q=Ryabkov", wait_until="load")
        expect(results.first).to_be_visible(timeout=10_000)
        assert not [t for t in page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
                    if "Also known as" in t]
