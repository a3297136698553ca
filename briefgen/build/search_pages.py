"""Which pages Pagefind indexes, and in what order they are cut into shards.

Pagefind indexes the pages that carry `data-pagefind-body` (the theme puts it
on item pages and the first page of each term), or, when no page carries it,
every page. Which pages carry it depends on their templates, so it is read
from the pages themselves; what was read is remembered by page key (which
decides a page's bytes, build/incremental.py) in the search cache, so that a
warm build reads only the pages it rendered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from .pagefind_data import encode, gzipped, read_data

MARKER = b"data-pagefind-body"
KEY_SIZE = 16  # bytes of a page key
MEMO = "marked"  # the cache file of page keys known to carry the marker, or not


def marked_pages(keys: dict[str, bytes], read: Callable[[str], bytes], cache: Path | None,
                 stamp: str) -> list[str] | None:
    """The HTML pages of KEYS (output file -> page key) that carry the marker,
    each read with READ unless CACHE remembers it; None when none does."""
    marked, plain = _memo(cache, stamp)
    found: list[str] = []
    known_marked: list[bytes] = []
    known_plain: list[bytes] = []
    for rel, key in keys.items():
        if not rel.endswith(".html"):
            continue
        if key in marked:
            has = True
        elif key in plain:
            has = False
        else:
            has = MARKER in read(rel)
        (known_marked if has else known_plain).append(key)
        if has:
            found.append(rel)
    if cache is not None and cache.is_dir():
        data = encode([stamp, *(b"".join(k for k in keys_ if len(k) == KEY_SIZE)
                                for keys_ in (known_marked, known_plain))])
        tmp = cache / f"{MEMO}.{uuid.uuid4().hex}.tmp"  # a preview and a build may write at once
        tmp.write_bytes(gzipped(data))
        tmp.replace(cache / MEMO)
    return found or None


def _memo(cache: Path | None, stamp: str) -> tuple[set[bytes], set[bytes]]:
    """The page keys the cache knows to carry the marker, and not to."""
    if cache is None:
        return set(), set()
    try:
        saved, marked, plain = read_data(cache / MEMO)
    except (OSError, ValueError, TypeError, EOFError):
        return set(), set()
    if saved != stamp or not isinstance(marked, bytes) or not isinstance(plain, bytes):
        return set(), set()
    return _split(marked), _split(plain)


def _split(data: bytes) -> set[bytes]:
    return {data[n:n + KEY_SIZE] for n in range(0, len(data), KEY_SIZE)}


def shard_order(pages: list[str], days: dict[str, str]) -> list[str]:
    """PAGES in the order shards are cut: item pages by day (DAYS: page -> its
    day) then URL, then the other pages by URL, so that new items join the
    last shards and an edit changes one shard."""
    return sorted(pages, key=lambda rel: (rel not in days, days.get(rel, ""), rel))
