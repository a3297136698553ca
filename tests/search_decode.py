"""Read a Pagefind bundle back into plain values, to compare two bundles' contents."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from briefgen.build import pagefind_data

Pages = frozenset[tuple[str, tuple[int, ...], tuple[int, ...]]]


def _pages(entries: list[list[Any]], urls: list[str]) -> Pages:
    at, found = 0, []
    for n, (delta, locations, meta_locations) in enumerate(entries):
        at = delta if n == 0 else at + delta
        found.append((urls[at], tuple(locations), tuple(meta_locations)))
    assert len(set(found)) == len(found)
    return frozenset(found)


def decode_bundle(bundle: Path) -> dict[str, Any]:
    """Per language: each page's fragment by URL, each word's pages (URL and
    locations) and forms, each filter value's page URLs, the metadata fields."""
    entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
    languages: dict[str, Any] = {}
    for lang, info in entry["languages"].items():
        meta = pagefind_data.read_data(bundle / f"pagefind.{info['hash']}.pf_meta")
        fragments = [json.loads(gzip.decompress((bundle / f"fragment/{h}.pf_fragment").read_bytes())
                                [len(pagefind_data.MAGIC):]) for h, _ in meta[1]]
        urls = [f["url"] for f in fragments]
        words: dict[str, Any] = {}
        for _, _, chunk in meta[2]:
            for word, pages, forms in pagefind_data.read_data(bundle / f"index/{chunk}.pf_index")[0]:
                assert word not in words
                words[word] = (_pages(pages, urls),
                               {form: _pages(p, urls) for form, p in forms})
        filters = {}
        for name, chunk in meta[3]:
            _, values = pagefind_data.read_data(bundle / f"filter/{chunk}.pf_filter")
            filters[name] = {value: sorted(urls[n] for n in pages) for value, pages in values}
        languages[lang] = {
            "pages": {f["url"]: (f, words_) for f, (_, words_) in zip(fragments, meta[1], strict=True)},
            "words": words, "filters": filters, "fields": meta[5] if len(meta) > 5 else None,
            "count": info["page_count"]}
    return languages
