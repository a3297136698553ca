"""Search indexed in shards: the merged bundle holds what one Pagefind run's does,
an edit re-runs Pagefind for one shard only, and the bundle is reproducible."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from briefgen.build import pagefind_bin, search, search_merge, search_pages, search_shards
from briefgen.build.pipeline import build_site
from tests.conftest import tree_bytes
from tests.search_decode import decode_bundle

pytestmark = pytest.mark.skipif(not pagefind_bin.search_available(), reason="Pagefind is not installed")


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shards of a few pages, so that a small site has several, and small chunks."""
    monkeypatch.setattr(search_shards, "MEAN_PAGES", 6)
    monkeypatch.setattr(search_shards, "MOST_PAGES", 10)
    monkeypatch.setattr(search_merge, "CHUNK_BYTES", 2000)


def corpus(root: Path, items: int = 40) -> Path:
    site = write_corpus(root, "briefing", items, seed=2, profiles=True)
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("search: false", "search: true"),
                      encoding="utf-8")
    return site


def pagefind_runs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count Pagefind's runs: the shards' site folders, as they are run."""
    runs: list[Path] = []
    real = search_shards.run_pagefind

    def counted(binary: Path, site: Path, out: Path, glob: str | None = None,
                fragments: dict[str, bytes] | None = None) -> str:
        runs.append(site)
        return real(binary, site, out, glob, fragments)

    monkeypatch.setattr(search_shards, "run_pagefind", counted)
    return runs


@pytest.mark.slow
def test_the_merged_index_holds_what_one_run_over_all_pages_holds(
        tmp_path: Path, small_shards: None, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = pagefind_runs(monkeypatch)
    out = build_site(corpus(tmp_path / "site"), output=tmp_path / "out").output
    assert len(runs) > 3  # several shards were merged
    single = tmp_path / "single"
    shutil.copytree(out, single, ignore=shutil.ignore_patterns("pagefind"))
    search.index_site(single)  # one Pagefind run over every page
    merged, whole = decode_bundle(out / "pagefind"), decode_bundle(single / "pagefind")
    assert merged.keys() == whole.keys()
    for lang in whole:
        for part in ("pages", "words", "filters", "fields", "count"):
            assert merged[lang][part] == whole[lang][part], (lang, part)
    words = merged["en"]["words"]
    assert any(forms for _, forms in words.values())  # a word written with accents merged too
    assert len({url for pages, _ in words.values() for url, _, _ in pages}) == merged["en"]["count"]


@pytest.mark.slow
def test_an_edit_re_runs_pagefind_for_its_shard_only_and_equals_a_clean_build(
        tmp_path: Path, small_shards: None, monkeypatch: pytest.MonkeyPatch) -> None:
    site = corpus(tmp_path / "site")
    out = tmp_path / "out"
    build_site(site, output=out)
    runs = pagefind_runs(monkeypatch)
    item = sorted((site / "content/articles").rglob("*.md"))[5]
    item.write_text(item.read_text(encoding="utf-8") + "\nA zebracorn appears.\n", encoding="utf-8")
    os.utime(item, ns=(0, item.stat().st_mtime_ns + 1_000_000_000))
    result = build_site(site, output=out)
    assert len(runs) == 1  # the edited item's shard (its term pages did not change)
    words = decode_bundle(out / "pagefind")["en"]["words"]
    assert [url for url, _, _ in words["zebracorn"][0]] == [
        "/" + rel.removesuffix("index.html") for rel in result.rendered
        if rel.endswith(".html") and b"zebracorn" in (out / rel).read_bytes()]
    shutil.rmtree(site / ".briefgen-cache")
    build_site(site, output=tmp_path / "clean", use_cache=False)
    assert tree_bytes(out / "pagefind") == tree_bytes(tmp_path / "clean/pagefind")


def test_a_new_item_moves_no_other_shard_boundary() -> None:
    pages = [f"articles/{n:04}/index.html" for n in range(3000)]
    keys = {rel: b"k" * 16 for rel in pages}
    before = search_shards.plan_shards(pages, keys, "s")
    new = "articles/1500x/index.html"
    grown = sorted([*pages, new])
    after = search_shards.plan_shards(grown, {**keys, new: b"n" * 16}, "s")
    at = next(n for n, s in enumerate(after) if new in s.pages)
    # The shard the new page joined changed; so did the next if the page itself ends a shard.
    assert {s.key for n, s in enumerate(after) if n not in (at, at + 1)} <= {s.key for s in before}
    assert len({s.key for s in after} - {s.key for s in before}) in (1, 2)
    assert all(len(s.pages) <= search_shards.MOST_PAGES for s in after)
    assert [p for s in after for p in s.pages] == grown  # every page once, in order
    edited = search_shards.plan_shards(pages, {**keys, pages[10]: b"e" * 16}, "s")
    assert len({s.key for s in edited} - {s.key for s in before}) == 1
    assert {s.key for s in search_shards.plan_shards(pages, keys, "other stamp")}.isdisjoint(
        {s.key for s in before})  # another build stamp (templates, options): nothing reused


def test_pages_carrying_the_marker_are_read_once_then_remembered(tmp_path: Path) -> None:
    pages = {"a/index.html": b"<article data-pagefind-body>x</article>", "b/index.html": b"<p>y</p>",
             "feed.xml": b"<feed data-pagefind-body/>"}
    keys = {rel: bytes([n]) * 16 for n, rel in enumerate(pages)}
    read: list[str] = []

    def reader(rel: str) -> bytes:
        read.append(rel)
        return pages[rel]

    assert search_pages.marked_pages(keys, reader, tmp_path, "s") == ["a/index.html"]
    assert read == ["a/index.html", "b/index.html"]  # HTML pages only
    read.clear()
    assert search_pages.marked_pages(keys, reader, tmp_path, "s") == ["a/index.html"]
    assert read == []
    assert search_pages.marked_pages(keys, reader, tmp_path, "new stamp") == ["a/index.html"]
    assert len(read) == 2  # another stamp: read again
    assert search_pages.marked_pages({"b/index.html": keys["b/index.html"]}, reader, None, "s") is None
    order = search_pages.shard_order(["t/x/index.html", "a/2/index.html", "a/1/index.html"],
                                     {"a/2/index.html": "2022-01-01", "a/1/index.html": "2022-01-02"})
    assert order == ["a/2/index.html", "a/1/index.html", "t/x/index.html"]


def test_two_builds_remembering_the_marked_pages_at_once_both_finish(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview and a build of one site share its search cache: where one
    writes the memo between the other's write and rename, neither fails (one
    temporary file name for both made the second rename find nothing)."""
    pages = {"a/index.html": b"<article data-pagefind-body>x</article>"}
    keys = {"a/index.html": b"k" * 16}
    replace = Path.replace
    interleaved: list[Path] = []

    def other_build_first(self: Path, target: Path) -> Path:
        if not interleaved:
            interleaved.append(self)
            assert search_pages.marked_pages(keys, pages.__getitem__, tmp_path, "s") == ["a/index.html"]
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", other_build_first)
    assert search_pages.marked_pages(keys, pages.__getitem__, tmp_path, "s") == ["a/index.html"]
    assert interleaved and [f.name for f in tmp_path.iterdir()] == [search_pages.MEMO]


def test_a_record_pagefind_wrote_in_unknown_forms_falls_back_to_one_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The whole index still, from one run, and a warning: that run's memory
    grows with the site (a gigabyte at 10,000 pages), which the user must know."""
    site = corpus(tmp_path / "site", 6)

    def unknown(out: Path, record: Path, fragments: object = None) -> None:
        raise ValueError("a form briefgen does not know")

    monkeypatch.setattr(search_shards, "read_run", unknown)
    out = build_site(site, output=tmp_path / "out").output
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_bytes())
    assert entry["languages"]["en"]["page_count"] == len(search_pages.marked_pages(
        {rel: b"x" * 16 for rel in tree_bytes(out) if not rel.startswith("pagefind/")},
        lambda rel: (out / rel).read_bytes(), None, "s") or [])
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warned == ["warning: search: cannot merge Pagefind's shards (a form briefgen does not "
                      "know); indexing every page in one Pagefind run instead, which needs about "
                      "100 KB of memory a page and runs again in full after any edit"]


def test_records_read_with_cbor2_and_with_the_reference_codec_are_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.build import pagefind_data, search_records

    site = corpus(tmp_path / "site", 12)
    out = build_site(site, output=tmp_path / "out").output
    pages = tmp_path / "pages"
    for page in out.glob("articles/**/index.html"):
        (pages / page.relative_to(out)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, pages / page.relative_to(out))
    binary = pagefind_bin.executable()
    assert binary is not None
    search_shards.run_pagefind(binary, pages, tmp_path / "run")
    records = {}
    for accelerated in (True, False):
        monkeypatch.setattr(pagefind_data, "ACCELERATED", accelerated)
        run = tmp_path / f"run-{accelerated}"
        shutil.copytree(tmp_path / "run", run)
        search_records.read_run(run, tmp_path / f"record-{accelerated}")
        records[accelerated] = tree_bytes(tmp_path / f"record-{accelerated}")
    assert records[True] == records[False]
    assert any(name.startswith("words.") for name in records[True])


@pytest.mark.slow
def test_pagefind_s_ui_finds_items_of_every_shard(tmp_path: Path, small_shards: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """In the browser: words of items in the first and in the last shards are found."""
    from tests.test_search import CHROMIUM, LAUNCH_ARGS, need_browser, open_search, serve

    sync_playwright = need_browser()
    from playwright.sync_api import expect

    runs = pagefind_runs(monkeypatch)
    out = build_site(corpus(tmp_path / "site"), output=tmp_path / "www").output
    assert len(runs) > 3
    decoded = decode_bundle(out / "pagefind")["en"]
    items = [url for url in decoded["pages"] if url.startswith("/articles/")]  # in page order
    ordered = sorted(decoded["words"])
    alone = {word for word, after in zip(ordered, [*ordered[1:], ""], strict=True)
             if not after.startswith(word)}  # Pagefind's UI also finds the words it begins
    only = {url: word for word, (found, _) in decoded["words"].items()
            if len(found) == 1 and word.isalpha() and word in alone for url, _, _ in found}
    unique = [url for url in items if url in only]
    first, last = unique[0], unique[-1]
    assert items.index(last) - items.index(first) > search_shards.MOST_PAGES  # other shards
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        for root in serve(out):
            for url in (first, last):
                page, problems = open_search(browser, f"{root}search/?q={only[url]}")
                results = page.locator(".pagefind-ui__result-link")
                expect(results).to_have_count(1, timeout=15_000)
                assert results.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [url]
                assert problems == []
                page.close()
        browser.close()


def test_the_cache_keeps_the_records_used_and_as_many_others_the_most_recent(tmp_path: Path) -> None:
    store = search_shards.RecordStore(tmp_path)
    for n, name in enumerate(["old1", "old2", "recent1", "recent2", "used1", "used2"]):
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, (1_000_000 + n, 1_000_000 + n))
    (tmp_path / search_pages.MEMO).write_bytes(b"x")
    (tmp_path / "new.dead").mkdir()
    os.utime(tmp_path / "new.dead", (1_000_000, 1_000_000))  # left by a build that died long ago
    store.prune({"used1", "used2"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        search_pages.MEMO, "recent1", "recent2", "used1", "used2"]
    assert store.get("recent1") is not None and store.get("gone") is None
    assert search_shards.RecordStore(None).get("used1") is None  # no cache: nothing kept


def test_words_pagefind_numbered_by_url_are_read_quickly_into_the_same_spans(tmp_path: Path) -> None:
    from briefgen.build import pagefind_data, search_records

    if not pagefind_data.ACCELERATED:
        pytest.skip("the quick way is cbor2's")
    site = corpus(tmp_path / "site", 12)
    out = build_site(site, output=tmp_path / "out").output
    binary = pagefind_bin.executable()
    assert binary is not None
    search_shards.run_pagefind(binary, out, tmp_path / "run")
    entry = json.loads((tmp_path / "run/pagefind-entry.json").read_bytes())
    meta = pagefind_data.read_data(tmp_path / f"run/pagefind.{entry['languages']['en']['hash']}.pf_meta")
    identity = list(range(len(meta[1])))
    spans = 0
    for _, _, chunk in meta[2]:
        raw = search_records._raw(tmp_path / f"run/index/{chunk}.pf_index")
        quick = list(search_records._chunk_stream(raw, identity, in_order=True))
        general = list(search_records._chunk_stream(raw, identity, in_order=False))
        assert quick == general
        spans += sum(1 for word in quick if word[1])
    assert spans > 100


@pytest.mark.slow
def test_pages_of_two_shards_whose_fragments_share_a_name_are_both_found(
        tmp_path: Path, small_shards: None) -> None:
    """Pagefind names a page's fragment by a short hash, unique within one run
    only: at 100,000 pages two shards hold fragments of one name some twenty
    times. The merged index keeps both pages, the later under a longer name."""
    from briefgen.build.pagefind_data import encode, gzipped, read_data

    site = corpus(tmp_path / "site")
    out = build_site(site, output=tmp_path / "out").output
    records = sorted(p.parent for p in (site / ".briefgen-cache/search").glob("*/record"))
    assert len(records) > 3
    assets = tmp_path / "assets"
    shutil.copytree(out / "pagefind", assets, ignore=shutil.ignore_patterns(
        "fragment", "index", "filter", "*.pf_meta", "pagefind-entry.json"))
    copies = [Path(shutil.copytree(r, tmp_path / "records" / r.name)) for r in records]
    first = read_data(copies[0] / "record")[2][0][1][1][0][1]  # the first page's fragment
    header = read_data(copies[-1] / "record")
    pages = header[2][0][1][1]
    clashing = pages[0][1]
    os.rename(copies[-1] / f"fragment/{clashing}.pf_fragment", copies[-1] / f"fragment/{first}.pf_fragment")
    pages[0][1] = first  # the last shard's first page now has the first shard's fragment name
    (copies[-1] / "record").write_bytes(gzipped(encode(header)))

    search_merge.merge_records(records, assets, tmp_path / "plain")
    count = search_merge.merge_records(copies, assets, tmp_path / "clashing")
    assert decode_bundle(tmp_path / "clashing") == decode_bundle(tmp_path / "plain")
    names = os.listdir(tmp_path / "clashing/fragment")
    assert len(names) == count
    assert f"{first}.pf_fragment" in names
    assert len([n for n in names if n.startswith(first)]) == 2  # kept, and renamed


def test_kept_scripts_are_never_emptied_under_another_build(tmp_path: Path) -> None:
    """A preview's worker and `briefgen build` share the cache: keeping the
    same Pagefind's scripts again leaves the folder another may be copying
    from in place (it was removed and replaced, and a build failed copying
    it); another Pagefind's scripts take its place whole."""
    out = tmp_path / "bundle"
    out.mkdir()
    (out / "pagefind.js").write_text("one", encoding="utf-8")
    store = search_shards.RecordStore(tmp_path / "cache")
    kept = store.keep_assets(out, "pagefind 1.5", tmp_path / "scratch")
    first = kept.stat().st_ino
    assert store.keep_assets(out, "pagefind 1.5", tmp_path / "scratch").stat().st_ino == first
    (out / "pagefind.js").write_text("two", encoding="utf-8")
    again = store.keep_assets(out, "pagefind 1.6", tmp_path / "scratch")
    assert (again / "pagefind.js").read_text(encoding="utf-8") == "two"
    assert store.assets("pagefind 1.6") == again and store.assets("pagefind 1.5") is None
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["assets"]  # nothing left aside
