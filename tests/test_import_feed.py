"""`briefgen import feed`: RSS and Atom entries become draft items, once each;
feeds come from files and from a local HTTP server, never the internet."""

from __future__ import annotations

import http.server
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
import yaml

from tests.conftest import article, build, run_cli, write_site

FEEDS = Path(__file__).parent / "sites" / "import-feeds"


def items(site: Path) -> dict[str, dict[str, object]]:
    """Every item's front matter, by its path under content/articles/."""
    out = {}
    for path in sorted((site / "content/articles").rglob("*.md")):
        front = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        out[path.relative_to(site / "content/articles").as_posix()] = yaml.safe_load(front)
    return out


@pytest.fixture
def server() -> Iterator[str]:
    """The feeds folder over HTTP on 127.0.0.1; yields its base URL."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(FEEDS))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_rss_entries_become_drafts_with_source_and_plain_summary(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_cli("import", "feed", FEEDS / "wire.rss", "-o", site)
    assert result.code == 0, result.err
    assert "2 draft item(s) added, 0 already imported" in result.err
    assert yaml.safe_load((site / "site.yaml").read_text()) == {"title": "Example Wire"}
    found = items(site)
    assert found["2022/01/ministers-agree-to-meet-again-in-geneva.md"] == {
        "title": "Ministers agree to meet again in Geneva",
        "date": "2022-01-18T06:30:00+00:00",
        "slug": "ministers-agree-to-meet-again-in-geneva",
        "draft": True,
        "source": "Example Wire",
        "source_url": "https://wire.example.org/news/geneva-again",
        "summary": "Both sides called the talks useful; a date is & will be set.",
    }
    sanctions = found["2022/01/sanctions-package-what-it-leaves-out.md"]
    assert sanctions["title"] == "Sanctions package & what it leaves out"
    assert sanctions["source"] == "Example Desk"  # the entry's own <source>
    assert run_cli("check", site).code == 0
    out = tmp_path / "public"
    build(site, "-o", out)
    assert not (out / "articles/ministers-agree-to-meet-again-in-geneva").exists()
    build(site, "-o", out, "--drafts")
    assert (out / "articles/ministers-agree-to-meet-again-in-geneva/index.html").is_file()


def test_entries_already_imported_are_skipped_by_url(tmp_path: Path) -> None:
    """An editor's own item with the same source_url counts as imported; a
    second run of the same feed adds nothing."""
    site = write_site(tmp_path / "site", {
        "content/articles/mine.md": article(
            "My own item", "2022-01-18", source_url="https://wire.example.org/news/sanctions"),
    })
    first = run_cli("import", "feed", FEEDS / "wire.rss", "-o", site)
    assert first.code == 0, first.err
    assert "1 draft item(s) added, 1 already imported" in first.err
    again = run_cli("import", "feed", FEEDS / "wire.rss", "-o", site)
    assert "0 draft item(s) added, 2 already imported" in again.err
    assert sorted(items(site)) == ["2022/01/ministers-agree-to-meet-again-in-geneva.md", "mine.md"]
    assert (site / "site.yaml").read_text() == "title: Test\n"  # the editor's site.yaml is kept


def test_atom_over_http_and_a_title_already_taken(tmp_path: Path, server: str) -> None:
    site = tmp_path / "site"
    assert run_cli("import", "feed", FEEDS / "wire.rss", "-o", site).code == 0
    result = run_cli("import", "feed", f"{server}/desk.atom", "-o", site)
    assert result.code == 0, result.err
    found = items(site)
    wrap = found["2022/01/envoys-wrap-up-in-geneva.md"]
    assert wrap["title"] == "Envoys wrap up in Geneva"  # type="html", as text
    assert wrap["date"] == "2022-01-20T10:00:00+00:00"
    assert wrap["source"] == "Example Desk"
    assert wrap["summary"] == "Seven hours of talks ended without a statement."
    again = found["2022/01/ministers-agree-to-meet-again-in-geneva-2.md"]
    assert again["slug"] == "ministers-agree-to-meet-again-in-geneva-2"  # no URL clash
    assert again["date"] == "2022-01-18T08:00:00+00:00"  # <updated> when not <published>
    assert "summary" not in again
    assert run_cli("check", site).code == 0


def test_feed_errors_are_one_line_each(tmp_path: Path, server: str) -> None:
    missing = run_cli("import", "feed", tmp_path / "nope.xml", "-o", tmp_path / "a")
    assert missing.code == 1 and "no such file" in missing.err
    (tmp_path / "page.html").write_text("<html><body>not a feed</body></html>")
    bad = run_cli("import", "feed", tmp_path / "page.html", "-o", tmp_path / "b")
    assert bad.code == 1 and "not an RSS or Atom feed" in bad.err
    gone = run_cli("import", "feed", f"{server}/missing.rss", "-o", tmp_path / "c")
    assert gone.code == 1 and "cannot fetch the feed" in gone.err
    for result in (missing, bad, gone):
        assert "Traceback" not in result.err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_without_feedparser_it_says_how_to_install_it(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "feedparser", None)  # import feedparser raises ImportError
    result = run_cli("import", "feed", FEEDS / "wire.rss", "-o", tmp_path / "site")
    assert result.code == 1
    assert "pip install 'briefgen[import]'" in result.err
    assert not (tmp_path / "site").exists()
