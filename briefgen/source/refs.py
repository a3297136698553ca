"""Relative links and images in a body, and old URLs (aliases), as parsing finds them.

A relative link (`![map](map.png)`, `[earlier](../2021/talks.md#end)`) means a
file beside the item's source, not beside its page: the two differ under any
permalink pattern. Which URL it becomes depends on every other item's URL,
which the parser of one file cannot know, so parsing records each such URL
with the line of the file it was written on, and the render stage rewrites
it in the body's final HTML (render/relative.py), shortcodes rendered. Both
Markdown engines write the same HTML, so URLs are found in the HTML, not in
either engine's tokens: every `<a href>` and `<img src>`, raw HTML's included.

A site path (`/media/map.png`, `/people/lavrov/`) is left as written, but
parsing records it too, with its line, so that `check` can say where one
names nothing the site publishes: an image copied from another site's
layout, a page that was renamed.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right
from html import unescape
from typing import NamedTuple
from urllib.parse import unquote

# An <a> or <img> tag's href or src, double-quoted as both engines and the
# HTML cleaner write it; group 1 is the value as the HTML holds it.
_ATTR = re.compile(r'<(?:a|img)\s(?:[^>]*?\s)?(?:href|src)="([^"]*)"')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# What stands before a link's URL in Markdown or HTML source: `](`, `]: `, `<`, `="`.
_BEFORE = r"(?:\]\(\s*<?|\]:[ \t]*<?|=[\"']?)"
# What may follow a URL as written: its end, not more of a longer one
# (`/governance` is not the start of `/governance/`).
_AFTER = r"(?=[\s)>\]\"']|$)"
# Characters an alias may hold besides letters and digits (of any script).
_ALIAS_CHARS = frozenset("-._~+,=@/")


class Ref(NamedTuple):
    """A relative URL of a body, as its HTML holds it, and its line in the file."""

    url: str  # escaped and percent-encoded, as in the HTML
    line: int


def is_relative(url: str) -> bool:
    """True for a URL that names a place relative to the page: no scheme, no
    leading '/', not only a fragment or query (`map.png`, `../x.md#a`)."""
    return bool(url) and not url.startswith(("/", "#", "?")) and _SCHEME.match(url) is None


def is_site_path(url: str) -> bool:
    """True for a path of this site: a leading '/' and no host (`//host/x`)."""
    return url.startswith("/") and not url.startswith("//")


def split_url(url: str) -> tuple[str, str]:
    """A relative URL from the HTML as (path, the rest): the path unescaped and
    percent-decoded, as file names are written; the rest its `?query#fragment`."""
    text = unescape(url)
    cut = min((i for i in (text.find("?"), text.find("#")) if i >= 0), default=len(text))
    return unquote(text[:cut]), text[cut:]


def relative_urls(html: str) -> list[tuple[int, int, str]]:
    """(offset, length, URL) of every relative href and src in HTML, in order."""
    return [(m.start(1), len(m.group(1)), m.group(1)) for m in _ATTR.finditer(html)
            if is_relative(m.group(1))]


def site_paths(html: str) -> list[tuple[int, str]]:
    """(offset, URL) of every href and src in HTML that is a site path, in order."""
    return [(m.start(1), m.group(1)) for m in _ATTR.finditer(html) if is_site_path(m.group(1))]


def url_refs(html: str, text: str, start: int = 0, base_path: str = "/") -> tuple[Ref, ...]:
    """Every relative or site-path href and src in HTML, in order, with the
    line of the file TEXT where its URL is written (looked for from START,
    the body). A site path Markdown gave the site's BASE_PATH is looked for
    as written, without it."""
    refs = []
    breaks: list[int] | None = None
    searched: dict[str, int] = {}
    for m in _ATTR.finditer(html):
        url = m.group(1)
        if not (is_relative(url) or is_site_path(url)):
            continue
        if breaks is None:
            breaks = [i for i, ch in enumerate(text) if ch == "\n"]
        written = "/" + url[len(base_path):] if base_path != "/" and url.startswith(base_path) else url
        at = _written_at(text, url, searched, start, written)
        refs.append(Ref(url, 1 + bisect_right(breaks, at - 1)))
    return tuple(refs)


def _written_at(text: str, url: str, searched: dict[str, int], start: int, written: str) -> int:
    """Where URL (WRITTEN in the file, when Markdown changed it) is written in
    TEXT: after where it was last found (a URL written twice), else anywhere
    from START (one reference definition used twice); START, the body's
    first line, when it is not found as written."""
    forms = dict.fromkeys((unescape(written), unquote(unescape(written)), written, unescape(url), url))
    for begin in (searched.get(url, start), start):
        for form in forms:
            m = re.compile(_BEFORE + re.escape(form) + _AFTER).search(text, begin)
            if m is not None:
                searched[url] = m.end()
                return m.end() - len(form)
    return start


def alias_problem(alias: str) -> str | None:
    """What is wrong with an old URL given in `aliases`, or None: it must be a
    path of this site (`/2019/01/old-slug/`, `old/page.html`), with no scheme,
    host, query, fragment, `.` or `..` part, and not the home page."""
    if _SCHEME.match(alias) or alias.startswith("//"):
        return f"{alias!r} is not a path of this site: write it without a scheme or host, as /old/path/"
    parts = alias.strip("/").split("/")
    if not alias.strip("/"):
        return f"{alias!r} is the home page, which cannot redirect"
    if any(p in ("", ".", "..") for p in parts):
        return f"{alias!r} has an empty, '.' or '..' part between slashes"
    bad = next((c for c in alias if not (c.isalnum() or c in _ALIAS_CHARS)), None)
    if bad is not None:
        return (f"{alias!r} has the character {bad!r}; use letters, digits and "
                f"{' '.join(sorted(_ALIAS_CHARS - {'/'}))} between slashes")
    return None


def alias_path(alias: str) -> str:
    """The site path an alias is written to: a file when it ends in .html or
    .htm (`old/page.html`), else a folder's index page (`old/slug/`)."""
    path = alias.strip("/")
    if posixpath.splitext(path)[1].lower() in (".html", ".htm"):
        return path
    return path + "/"
