"""The Content-Type and Cache-Control each uploaded file is served with.

A bucket serves an object with the headers it was uploaded with, so they are
decided here, by path alone. How long a file may be cached depends on whether
its name changes when its bytes do: Pagefind names its index files after
their content, so they may be kept for a year; the pages, feeds, sitemap and
the search bundle's entry files keep their names and must be fetched again
soon after a deploy; the theme's static files and media keep their names
too but change rarely, so an hour.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re

from ..core.paths import PAGEFIND

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=60"
HOUR = "public, max-age=3600"

# Pagefind's files named by a hash of their bytes: fragments, index chunks,
# filters and the language's metadata (pagefind.<hash>.pf_meta).
_FINGERPRINTED = re.compile(r"\.pf_(fragment|index|filter|meta)$")
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    # Pagefind's own data, its gzipped WebAssembly among them: bytes its script
    # fetches and unpacks, sent as static hosts send them (and as the browser
    # test of the search page serves them).
    ".pagefind": "application/octet-stream",
}
_FEED = "feed.xml"


def content_type(rel: str) -> str:
    """The media type of the output file REL; feeds are Atom, not plain XML."""
    name = posixpath.basename(rel)
    if name == _FEED:
        return "application/atom+xml; charset=utf-8"
    ext = posixpath.splitext(name)[1].lower()
    if ext in _TYPES:
        return _TYPES[ext]
    if _FINGERPRINTED.search(name):
        return "application/octet-stream"
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def cache_control(rel: str) -> str:
    """How long browsers and CDNs may keep the output file REL without asking again."""
    if rel.startswith(PAGEFIND) and _FINGERPRINTED.search(rel):
        return IMMUTABLE
    if rel.startswith(PAGEFIND) or rel.endswith((".html", ".xml")):
        return SHORT
    return HOUR  # static/, media/ and bundles' files: renamed rarely, replaced rarely


def rank(rel: str) -> int:
    """Where the upload of REL falls in a deploy: files pages refer to first
    (assets, the search index's data), then the search bundle's entry files,
    then pages, then what refers to pages (feeds, the sitemap); a reader never
    gets a page whose stylesheet or index has not arrived yet."""
    if rel.endswith(".xml"):
        return 3
    if rel.endswith(".html"):
        return 2
    if rel.startswith(PAGEFIND) and not _FINGERPRINTED.search(rel):
        return 1
    return 0
