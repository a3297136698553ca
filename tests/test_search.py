"""Full-text search: Pagefind indexes the built site; the search page uses it.

Unit-ish tests run Pagefind (the `pagefind[bin]` package of the test extra)
on small sites: the bundle it writes, its reproducibility, `search: false`,
a missing or failing Pagefind. They are skipped when Pagefind is not
installed, unless BRIEFGEN_REQUIRE_TOOLS=1 (as in CI), where that fails.

The browser tests build a site, serve its output folder with the standard
library's http.server on 127.0.0.1 (as any static host would), and use the
search page in Debian's chromium through Playwright: type a person's name,
see their items; narrow by a filter; all under a base path too; terms named
like HTML tags show as text and run no script.
"""

from __future__ import annotations

import functools
import gzip
import html
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from briefgen.build import pagefind_bin, pagefind_data, search
from briefgen.build.pipeline import build_site
from briefgen.core.errors import BriefgenError
from briefgen.serve.server import Preview
from tests.conftest import article, build, page_text, run_cli, snapshot, tree_bytes, write_site

REQUIRED = os.environ.get("BRIEFGEN_REQUIRE_TOOLS") == "1"

if not pagefind_bin.search_available():
    if REQUIRED:
        raise RuntimeError("BRIEFGEN_REQUIRE_TOOLS=1 but Pagefind is not installed "
                           "(pip install -e '.[test]')")
    pytest.skip("Pagefind is not installed", allow_module_level=True)

ITEMS = {
    "content/articles/lavrov-answers.md": article(
        "Lavrov awaits written answers", date="2022-01-18",
        body="Moscow wants written replies from Washington on security guarantees.",
        people="[Sergei Lavrov]", topics="[NATO, Security guarantees]", source="TASS"),
    "content/articles/lavrov-geneva.md": article(
        "Geneva meeting ends without a breakthrough", date="2022-01-21",
        body="The foreign ministers met for ninety minutes.",
        people="[Sergei Lavrov, Antony Blinken]", topics="[Diplomacy]", source="Reuters"),
    "content/articles/scholz-kyiv.md": article(
        "Scholz travels to Kyiv", date="2022-01-24",
        body="The chancellor promised more humanitarian aid.",
        people="[Olaf Scholz]", topics="[Ukraine]", source="Reuters"),
    "content/pages/about.md": "---\ntitle: About\n---\nAbout this briefing.\n",
}


def make(root: Path, config: str = "title: Briefing\n") -> Path:
    return write_site(root, {"site.yaml": config, **ITEMS})


ITEM_SLUGS = ("lavrov-awaits-written-answers", "scholz-travels-to-kyiv",
              "geneva-meeting-ends-without-a-breakthrough")


def marked_pages(out: Path) -> list[str]:
    """The output's HTML pages that carry data-pagefind-body, which Pagefind indexes."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                  if "pagefind" not in p.parts and b"data-pagefind-body" in p.read_bytes())


def bundle(out: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in tree_bytes(out).items() if rel.startswith("pagefind/")}


# --- the index -----------------------------------------------------------------------------------

def test_build_writes_the_index_of_the_item_pages(tmp_path: Path) -> None:
    out = build_site(make(tmp_path / "site")).output
    files = bundle(out)
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert f"pagefind/{name}" in files
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    marked = marked_pages(out)  # the items, and the pages of the theme that ask for it
    assert {f"articles/{slug}/index.html" for slug in ITEM_SLUGS} <= set(marked)
    assert "archive/index.html" not in marked and "index.html" not in marked
    assert entry["languages"]["en"]["page_count"] == len(marked)
    meta = f"pagefind/pagefind.{entry['languages']['en']['hash']}.pf_meta"
    assert meta in files
    assert sum(1 for f in files if f.startswith("pagefind/fragment/")) == len(marked)
    filters = {}
    for rel, data in files.items():
        if rel.startswith("pagefind/filter/"):
            body = gzip.decompress(data)[len(pagefind_data.MAGIC):]
            name, values = pagefind_data.reference_decode(body, 0)[0]
            filters[name] = [v[0] for v in values]
    assert filters["people"] == ["Antony Blinken", "Olaf Scholz", "Sergei Lavrov"]  # sorted
    assert filters["topics"] == ["Diplomacy", "NATO", "Security guarantees", "Ukraine"]
    assert filters["sources"] == ["Reuters", "TASS"]
    assert not any(p.name.endswith("briefgen-tmp") for p in out.parent.rglob("*"))


def test_index_site_on_a_built_folder(tmp_path: Path) -> None:
    out = build_site(make(tmp_path / "site", "title: Briefing\nsearch: false\n")).output
    assert not (out / "pagefind").exists()
    result = search.index_site(out)
    assert (out / "pagefind/pagefind.js").is_file()
    assert (out / "pagefind/pagefind-entry.json").is_file()
    pages = len(marked_pages(out))
    assert result.pages == pages and result.written == result.files > 10
    assert f"Indexed {pages} pages" in result.log
    again = search.index_site(out)  # same pages: the same bytes, nothing written
    assert again.written == 0 and again.files == result.files


@pytest.mark.slow
def test_the_index_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    """Pagefind writes filter files in hash-map order; briefgen makes the bundle reproducible."""
    site = make(tmp_path / "site")
    runs = []
    for n in range(3):
        build(site, "-o", tmp_path / f"out-{n}", "-q")
        runs.append(bundle(tmp_path / f"out-{n}"))
    assert runs[0] == runs[1] == runs[2]
    assert str(tmp_path).encode() not in b"".join(runs[0].values())  # no machine paths


@pytest.mark.slow
def test_warm_builds_keep_unchanged_index_files_and_equal_clean_builds(tmp_path: Path) -> None:
    site = make(tmp_path / "site")
    out = build_site(site).output
    before = snapshot(out / "pagefind")
    assert build_site(site).written == 0
    assert snapshot(out / "pagefind") == before
    item = site / "content/articles/scholz-kyiv.md"
    item.write_text(item.read_text(encoding="utf-8").replace("humanitarian", "zebracorn"),
                    encoding="utf-8")
    os.utime(item, ns=(0, item.stat().st_mtime_ns + 1_000_000_000))
    build_site(site)
    after = snapshot(out / "pagefind")
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    # the item's entry, the word index, and the metadata and entry files that name them
    assert {rel.split("/")[0] if "/" in rel else rel.split(".")[-1] for rel in changed} == {
        "fragment", "index", "pf_meta", "json"}
    build_site(site, output=tmp_path / "clean", use_cache=False)
    assert bundle(out) == bundle(tmp_path / "clean")


def test_cbor_codec_round_trips() -> None:
    value = ["1.5.2", [["en_abc", 177], ["x", 2**40]], [], -3, "Лавров", b"\x00", True, None]
    encoded = pagefind_data.reference_encode(value)
    assert pagefind_data.reference_decode(encoded, 0) == (value, len(encoded))
    with pytest.raises(ValueError):
        pagefind_data.reference_decode(b"\xc1\x00", 0)  # a tag


def test_the_c_codec_reads_and_writes_pagefind_s_files_as_the_reference_does(tmp_path: Path) -> None:
    """cbor2 (the search accelerator) against the Python codec, on every data file
    of a bundle: the same values, and both encode them back to the file's bytes."""
    import cbor2

    site = make(tmp_path / "site")
    out = build_site(site, output=tmp_path / "out").output
    files = sorted((out / "pagefind").rglob("*.pf_*"))
    data = [f for f in files if f.suffix in (".pf_meta", ".pf_index", ".pf_filter")]
    assert {f.suffix for f in data} == {".pf_meta", ".pf_index", ".pf_filter"}
    for file in data:
        body = gzip.decompress(file.read_bytes())[len(pagefind_data.MAGIC):]
        value, end = pagefind_data.reference_decode(body, 0)
        assert end == len(body)
        assert cbor2.loads(body) == value, file.name
        assert cbor2.dumps(value) == pagefind_data.reference_encode(value) == body, file.name


# --- names shown as text --------------------------------------------------------------------------

# Names a hostile (or careless) author could give terms. Each payload would run if the
# search page inserted the name as HTML: it sets window.__pwned or opens a dialog.
HOSTILE = {
    "people": "<img src=x onerror=window.__pwned='people'>",
    "topics": "R&D <img src=x onerror=alert('topics')>",
    "sources": "<img src=x onerror=alert('sources')>",
    "series": "<img src=x onerror=window.__pwned='series'> & co",
}
HOSTILE_TITLE = "Hostile <img src=x onerror=window.__pwned='title'> names"
# A filter a site's own article.html adds: its name written in the attribute, where a
# `<` is itself and `&amp;` is `&`; and the name it should show.
HOSTILE_FILTER_ATTRIBUTE = "<img src=x onerror=window.__pwned='filter'> &amp; co"
HOSTILE_FILTER = "<img src=x onerror=window.__pwned='filter'> & co"
THEME = Path(search.__file__).parent.parent / "theme/templates"


def hostile_article_template() -> str:
    """The theme's article.html with one more filter, whose name is HTML."""
    theme = (THEME / "article.html").read_text(encoding="utf-8")
    found = re.search(r"<article [^>]*data-pagefind-body>\n", theme)
    assert found
    marker = found.group(0)
    span = f'<span hidden data-pagefind-filter="{HOSTILE_FILTER_ATTRIBUTE}">odd</span>\n'
    return theme.replace(marker, marker + span)


def hostile_site(root: Path) -> Path:
    """A site whose terms, title, summary and body carry HTML, and whose article.html
    adds a filter named like a tag (HOSTILE_FILTER_ATTRIBUTE)."""
    return write_site(root, {
        "site.yaml": "title: Briefing\n",
        "templates/article.html": hostile_article_template(),
        "content/articles/hostile.md": article(
            json.dumps(HOSTILE_TITLE), body="A hostile body quoting <img src=x onerror=alert('body')>.",
            people=json.dumps([HOSTILE["people"], "Sergei Lavrov"]), topics=json.dumps([HOSTILE["topics"]]),
            source=json.dumps(HOSTILE["sources"]), series=json.dumps(HOSTILE["series"]),
            summary=json.dumps("A hostile summary <script>window.__pwned='summary'</script>")),
        "content/articles/calm.md": article(
            "A calm hostile-free item", body="Nothing hostile here, only Lavrov.",
            people="[Sergei Lavrov]", topics="[NATO]", source="TASS"),
    })


def filter_files(out: Path) -> dict[str, list[Any]]:
    """{filter name: [[value, pages], ...]} as the bundle in OUT stores them."""
    found: dict[str, list[Any]] = {}
    for file in sorted((out / "pagefind/filter").glob("*.pf_filter")):
        name, values = pagefind_data.read_data(file)
        found[name] = values
    return found


def test_filter_values_are_stored_as_html_that_shows_the_name(tmp_path: Path) -> None:
    """Pagefind's UI inserts filter names and values as HTML: the bundle holds them
    escaped, so a name is shown as the author wrote it and never makes an element."""
    out = build_site(hostile_site(tmp_path / "site")).output
    filters = filter_files(out)
    shown = {name: [html.unescape(value) for value, _ in values] for name, values in filters.items()}
    assert shown["people"] == [HOSTILE["people"], "Sergei Lavrov"]
    assert shown["topics"] == ["NATO", HOSTILE["topics"]]
    assert shown["sources"] == [HOSTILE["sources"], "TASS"]
    assert shown["series"] == [HOSTILE["series"]]
    assert html.unescape(next(n for n in filters if "filter" in n)) == HOSTILE_FILTER
    strings = [name for name in filters] + [v for values in filters.values() for v, _ in values]
    assert not any("<" in text or ">" in text for text in strings)  # no tag can form
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_bytes())
    meta = pagefind_data.read_data(out / f"pagefind/pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert sorted(name for name, _ in meta[3]) == sorted(filters)  # looked up by these names


def test_a_filter_file_briefgen_cannot_read_is_not_published(tmp_path: Path) -> None:
    """Its names might run as script: the index fails, as a failed Pagefind does."""
    (tmp_path / "filter").mkdir()
    odd = gzip.compress(pagefind_data.MAGIC + b"\xff\x00")  # not CBOR this codec reads
    (tmp_path / "filter/en_1234567.pf_filter").write_bytes(odd)
    (tmp_path / "pagefind-entry.json").write_text('{"languages": {}}', encoding="utf-8")
    with pytest.raises(BriefgenError, match=r"^search: cannot read Pagefind's filter file "
                                            r"pagefind/filter/en_1234567\.pf_filter \("):
        search._canonical(tmp_path)
    assert (tmp_path / "filter/en_1234567.pf_filter").read_bytes() == odd


def test_metadata_briefgen_cannot_read_still_gets_safe_filters(tmp_path: Path) -> None:
    """Only reproducibility needs the metadata: the filters are escaped in place."""
    (tmp_path / "filter").mkdir()
    name = "filter/en_1234567.pf_filter"
    data = pagefind_data.encode(["people", [["<b>x</b>", [0]]]])
    (tmp_path / name).write_bytes(pagefind_data.gzipped(data))
    (tmp_path / "pagefind-entry.json").write_text('{"languages": {}}', encoding="utf-8")
    (tmp_path / "pagefind.en_123.pf_meta").write_bytes(gzip.compress(pagefind_data.MAGIC + b"\xff"))
    search._canonical(tmp_path)
    assert pagefind_data.read_data(tmp_path / name) == ["people", [["&lt;b&gt;x&lt;/b&gt;", [0]]]]
    assert (tmp_path / "pagefind-entry.json").read_text(encoding="utf-8") == '{"languages": {}}'


def decoded_bundle(out: Path) -> tuple[list[str], dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """The built bundle read back: page URLs in page order, each word's page
    URLs (page numbers delta-encoded, see search._plan_canonical) and each filter
    value's page URLs."""
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_bytes())
    meta = pagefind_data.read_data(out / f"pagefind/pagefind.{entry['languages']['en']['hash']}.pf_meta")
    hashes = [page[0] for page in meta[1]]
    urls = [json.loads(gzip.decompress((out / f"pagefind/fragment/{h}.pf_fragment").read_bytes())
                       [len(pagefind_data.MAGIC):])["url"] for h in hashes]
    words: dict[str, list[str]] = {}
    for _, _, chunk in meta[2]:
        for word, pages, _ in pagefind_data.read_data(out / f"pagefind/index/{chunk}.pf_index")[0]:
            at, found = 0, []
            for page in pages:
                at += page[0]
                found.append(urls[at])
            words[word] = found
    filters = {}
    for name, chunk in meta[3]:
        _, values = pagefind_data.read_data(out / f"pagefind/filter/{chunk}.pf_filter")
        filters[name] = {value: [urls[n] for n in pages] for value, pages in values}
    return urls, words, filters


def test_pages_are_numbered_by_url_and_every_number_agrees(tmp_path: Path) -> None:
    """Pagefind numbers pages in file-system order; briefgen renumbers them by fragment
    URL everywhere a page number occurs, so words and filters still find their pages."""
    out = build_site(make(tmp_path / "site")).output
    urls, words, filters = decoded_bundle(out)
    scholz = "/articles/scholz-travels-to-kyiv/"
    geneva = "/articles/geneva-meeting-ends-without-a-breakthrough/"
    lavrov = "/articles/lavrov-awaits-written-answers/"
    assert urls == sorted(urls)  # one shard: every page by URL
    assert [url for url in urls if url.startswith("/articles/")] == [geneva, lavrov, scholz]
    assert words["humanitarian"] == [scholz]  # a word of one item only
    assert words["foreign"] == [geneva]
    assert lavrov in words["lavrov"] and scholz not in words["lavrov"]
    assert sorted(filters["sources"]["Reuters"]) == sorted([geneva, scholz])
    assert filters["sources"]["TASS"] == [lavrov]
    assert sorted(filters["people"]["Sergei Lavrov"]) == sorted([geneva, lavrov])
    assert filters["topics"]["Ukraine"] == [scholz]


def test_renumbering_an_index_chunk_keeps_each_words_pages() -> None:
    # "a" on pages 0, 2, 3 (delta-encoded 0, 2, 1), "b" on page 1; pages 0<->3 and 1<->2 swap
    # "cafe" written "café" on pages 1 and 3 (delta-encoded 1, 2)
    chunk = [[["a", [[0, [-25, 4], []], [2, [5], [-3, 1]], [1, [6], []]], []],
              ["b", [[1, [7], []]], []],
              ["cafe", [], [["café", [[1, [8], []], [2, [9], []]]]]]]]
    assert search._renumbered_index(chunk, [3, 2, 1, 0], "x") == [
        [["a", [[0, [6], []], [1, [5], [-3, 1]], [2, [-25, 4], []]], []],
         ["b", [[2, [7], []]], []],
         ["cafe", [], [["café", [[0, [9], []], [2, [8], []]]]]]]]
    for odd in ([[["a", [[0, [], []], [0, [], []]], []]]],  # a page twice
                [[["a", [[4, [], []]], []]]],  # no such page
                [[["a", [[0, [], [], 1]], []]]],  # a field this does not know
                [[["a", [[0, [], []]], ["?"]]]],
                [[["a", [], [["á", [[1, [], []], [0, [], []]]]]]]]):  # not increasing
        with pytest.raises(ValueError):
            search._renumbered_index(odd, [0, 1, 2, 3], "x")


# --- search off, Pagefind missing or failing -------------------------------------------------------

def test_search_false_writes_no_index_and_says_so(tmp_path: Path) -> None:
    site = make(tmp_path / "site", "title: Briefing\nsearch: false\n")
    result = build(site, "-o", tmp_path / "out")
    assert result.err_lines[0] == "search is off (search: false in site.yaml)"
    assert result.err_lines[-1].startswith("built ")
    out = tmp_path / "out"
    assert not (out / "pagefind").exists()
    page = (out / "search/index.html").read_text(encoding="utf-8")
    assert "Search is not available on this site." in page_text(page)
    assert "pagefind" not in page and "briefgen-search.js" not in page
    assert 'href="/search/"' not in (out / "index.html").read_text(encoding="utf-8")  # no nav link


def test_search_on_links_the_search_page_from_every_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(make(tmp_path / "site"), "-o", out, "--base-url", "/news/")
    for page in ("index.html", "articles/scholz-travels-to-kyiv/index.html", "404.html"):
        assert '<a href="/news/search/">Search</a>' in (out / page).read_text(encoding="utf-8")
    html = (out / "search/index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="/news/pagefind/pagefind-ui.css">' in html
    assert '<script src="/news/pagefind/pagefind-ui.js" defer></script>' in html
    assert 'data-bundle-path="/news/pagefind/" data-base-url="/news/"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "/search/" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_missing_pagefind_warns_and_the_build_succeeds(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagefind_bin, "executable", lambda: None)
    result = build(make(tmp_path / "site"), "-o", tmp_path / "out")
    assert result.err_lines[0] == ("warning: search is off: Pagefind is not installed "
                                   "(pip install 'briefgen[search]')")
    assert not (tmp_path / "out/pagefind").exists()
    assert "Search is not available" in (tmp_path / "out/search/index.html").read_text(encoding="utf-8")
    with pytest.raises(BriefgenError, match="Pagefind is not installed"):
        search.index_site(tmp_path / "out")


def test_a_wrong_pagefind_binary_path_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "nowhere"))
    result = build(make(tmp_path / "site"), "-o", tmp_path / "out")
    assert result.err_lines[0] == (f"warning: search is off: PAGEFIND_BINARY_PATH is "
                                   f"'{tmp_path / 'nowhere'}', which is not an executable file")


def failing_pagefind(folder: Path) -> Path:
    script = folder / "pagefind"
    script.write_text(f"#!{sys.executable}\nimport sys\n"
                      "print('Running Pagefind')\n"
                      "sys.stderr.write('Error: the disk is on fire\\n')\nsys.exit(3)\n",
                      encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.slow
def test_a_failed_index_leaves_the_previous_output_untouched(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    site = make(tmp_path / "site")
    out = tmp_path / "out"
    build(site, "-o", out, "-q")
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing_pagefind(tmp_path / "bin")))
    before, siblings = snapshot(out), sorted(p.name for p in tmp_path.iterdir())
    (site / "content/articles/new.md").write_text(article("A new item"), encoding="utf-8")
    result = run_cli("build", site, "-o", out)
    assert result.code == 1
    assert "search: Pagefind failed (exit status 3): Error: the disk is on fire" in result.err
    assert "Traceback" not in result.err
    assert snapshot(out) == before  # same files, bytes and dates
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no leftovers beside it
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    build(site, "-o", out, "-q")
    assert json.loads((out / "pagefind/pagefind-entry.json").read_bytes())["languages"]["en"][
        "page_count"] == len(marked_pages(out))
    assert "articles/a-new-item/index.html" in marked_pages(out)


@pytest.mark.slow
def test_a_failed_index_after_a_warm_update_is_redone_by_the_next_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm build patches pages in place, so a failing index cannot undo them; the next
    build must not trust that output and starts afresh."""
    import briefgen.build.search

    site = make(tmp_path / "site")
    out = build_site(site).output
    item = site / "content/articles/scholz-kyiv.md"
    item.write_text(article("Scholz travels to Kyiv", body="Edited."), encoding="utf-8")
    os.utime(item, ns=(0, item.stat().st_mtime_ns + 1_000_000_000))

    def fail(*args: Any, **kwargs: Any) -> search.Indexed:
        raise BriefgenError("search: Pagefind failed (exit status 1): Error: simulated")

    monkeypatch.setattr(briefgen.build.search, "index_site", fail)
    monkeypatch.setattr(briefgen.build.search, "index_items", fail)
    with pytest.raises(BriefgenError, match="simulated"):
        build_site(site)
    monkeypatch.undo()
    build_site(site)
    build_site(site, output=tmp_path / "clean", use_cache=False)
    assert tree_bytes(out) == tree_bytes(tmp_path / "clean")


def test_pagefind_is_a_reserved_path(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/pages/p.md": "---\ntitle: P\nslug: pagefind\n---\nx\n"})
    result = run_cli("build", site)
    assert result.code == 1
    assert "slug: 'pagefind' is reserved for briefgen's own pages" in result.err


def test_the_preview_s_search_page_loads_pagefind_as_the_built_site_s_does(tmp_path: Path) -> None:
    """The preview indexes its pages in the background (tests/test_serve_search.py)."""
    preview = Preview(make(tmp_path / "site"), drafts=False)
    try:
        assert preview.rebuild() == []
        files = preview.snapshot.pages()
        page = files["search/index.html"].decode()
        assert "/pagefind/pagefind-ui.js" in page and "briefgen-search.js" in page
        assert not any(rel.startswith("pagefind/") for rel in files)  # served by serve/search.py
        assert '<a href="/search/">Search</a>' in files["index.html"].decode()
        assert not (tmp_path / "site/public").exists()  # the preview writes no output folder
    finally:
        preview.stopping.set()


# --- in the browser -----------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def need_browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None  # type: ignore[assignment]
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if REQUIRED:
            pytest.fail("BRIEFGEN_REQUIRE_TOOLS=1 but Playwright or chromium is missing")
        pytest.skip("Playwright or chromium not installed")
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = need_browser()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    """Serve FOLDER from a plain static file server on loopback; yield its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site built for /news/ and served from a plain static file server."""
    tmp = tmp_path_factory.mktemp("search_browser")
    site = make(tmp / "site")
    build(site, "-o", tmp / "www/news", "--base-url", "/news/", "-q")
    for root in serve(tmp / "www"):
        yield root + "news/"


def open_search(browser: Any, url: str) -> tuple[Any, list[str]]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text} {msg.location}")
            if msg.type == "error" and "/favicon.ico" not in str(msg.location) else None)
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    page.on("response", lambda res: problems.append(f"HTTP {res.status}: {res.url}")
            if res.status >= 400 and not res.url.endswith("/favicon.ico") else None)

    def on_dialog(dialog: Any) -> None:  # a script ran: alert() from a payload
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    return page, problems


def item_links(results: Any) -> list[str]:
    """The result links that lead to items (the theme may index other pages too)."""
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return sorted(href for href in hrefs if "/articles/" in href)


@pytest.mark.slow
def test_typing_a_word_finds_its_items_and_filters_narrow(browser: Any, hosted: str) -> None:
    from playwright.sync_api import expect

    page, problems = open_search(browser, hosted + "search/")
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_visible(timeout=10_000)
    page.wait_for_load_state("networkidle")  # Pagefind has fetched its index and filters
    box.fill("ministers")
    results = page.locator(".pagefind-ui__result-link")
    expect(page.locator(".pagefind-ui__results")).to_contain_text("Geneva meeting ends without")
    expect(page.locator(".pagefind-ui__results")).not_to_contain_text("Scholz travels to Kyiv")
    assert item_links(results) == ["/news/articles/geneva-meeting-ends-without-a-breakthrough/"]

    # Narrow by a filter: of the two items with "the", the topic Ukraine leaves Scholz's.
    box.fill("the")
    expect(results).to_have_count(2, timeout=10_000)
    page.wait_for_load_state("networkidle")  # the filters of this search are fetched
    page.locator(".pagefind-ui__filter-name", has_text="topics").click()
    page.get_by_label("Ukraine").check()
    expect(results).to_have_count(1, timeout=10_000)
    expect(results).to_have_text("Scholz travels to Kyiv")
    page.get_by_label("Ukraine").uncheck()
    box.fill("ninety")
    expect(results).to_have_count(1, timeout=10_000)
    expect(results).to_have_text("Geneva meeting ends without a breakthrough")

    results.first.click()  # a result leads to the item, under the base path
    page.wait_for_url(hosted + "articles/geneva-meeting-ends-without-a-breakthrough/")
    expect(page.locator("h1")).to_have_text("Geneva meeting ends without a breakthrough")
    assert problems == []
    page.close()


@pytest.mark.slow
def test_a_query_in_the_address_runs_at_once(browser: Any, hosted: str) -> None:
    from playwright.sync_api import expect

    page, problems = open_search(browser, hosted + "search/?q=chancellor")
    results = page.locator(".pagefind-ui__result-link")
    expect(results).to_have_count(1, timeout=10_000)
    expect(results).to_have_text("Scholz travels to Kyiv")
    assert problems == []
    page.close()


@pytest.mark.slow
def test_a_word_of_one_item_finds_only_that_item_and_filters_narrow(browser: Any, hosted: str) -> None:
    """After renumbering, a word finds its own item's URL and a filter the right items."""
    from playwright.sync_api import expect

    page, problems = open_search(browser, hosted + "search/?q=humanitarian")
    results = page.locator(".pagefind-ui__result-link")
    expect(results).to_have_count(1, timeout=10_000)
    assert results.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "/news/articles/scholz-travels-to-kyiv/"]
    page.goto(hosted + "search/?q=ninety")
    expect(results).to_have_count(1, timeout=10_000)
    assert results.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "/news/articles/geneva-meeting-ends-without-a-breakthrough/"]
    page.goto(hosted + "search/?q=Lavrov")
    expect(page.locator(".pagefind-ui__results")).to_contain_text("Lavrov awaits written")
    page.wait_for_load_state("networkidle")
    page.locator(".pagefind-ui__filter-name", has_text="sources").click()
    page.get_by_label("TASS").check()
    expect(results).to_have_count(1, timeout=10_000)
    assert results.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "/news/articles/lavrov-awaits-written-answers/"]
    assert problems == []
    page.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """hostile_site built and served at the root."""
    tmp = tmp_path_factory.mktemp("search_hostile")
    build(hostile_site(tmp / "site"), "-o", tmp / "www", "-q")
    yield from serve(tmp / "www")


@pytest.mark.slow
def test_hostile_term_names_are_shown_as_text_and_run_nothing(browser: Any, hostile: str) -> None:
    """Stored XSS: Pagefind's UI inserts filter names and values as HTML. A person, topic,
    source or series named like an HTML tag must show as that text and run no script."""
    from playwright.sync_api import expect

    page, problems = open_search(browser, hostile + "search/")
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_visible(timeout=10_000)
    page.wait_for_load_state("networkidle")
    box.fill("hostile")
    results = page.locator(".pagefind-ui__result-link")
    expect(results).to_have_count(2, timeout=10_000)
    expect(results.filter(has_text="names")).to_have_text(HOSTILE_TITLE)
    expect(page.locator(".pagefind-ui__results")).to_contain_text(
        "A hostile summary <script>window.__pwned='summary'</script>")  # the excerpt, as text

    for taxonomy, name in HOSTILE.items():
        page.locator(".pagefind-ui__filter-name", has_text=taxonomy).click()
        label = page.locator(".pagefind-ui__filter-label", has_text=name)
        expect(label).to_have_text(f"{name} (1)")  # the name as written, then its count
    page.locator(".pagefind-ui__filter-name", has_text=HOSTILE_FILTER).click()
    expect(page.locator(".pagefind-ui__filter-group-label", has_text=HOSTILE_FILTER)).to_have_count(1)
    expect(page.locator(".pagefind-ui__filter-label", has_text="odd")).to_have_text("odd (2)")
    expect(page.locator("#search img")).to_have_count(0)  # no element made from a name

    page.get_by_label(HOSTILE["people"]).check()  # the filter still narrows
    expect(results).to_have_count(1, timeout=10_000)
    expect(results).to_have_text(HOSTILE_TITLE)
    page.get_by_label(HOSTILE["topics"]).check()
    expect(results).to_have_count(1, timeout=10_000)

    assert page.evaluate("window.__pwned") is None
    assert problems == []  # no dialog, no request for the payloads' src=x
    page.close()
