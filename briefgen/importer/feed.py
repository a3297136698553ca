"""`briefgen import feed`: each entry of an RSS or Atom feed as a draft item,
so an editor can start the day's briefing from the outlets' feeds.

An entry whose link an item already gives as its `source_url` is skipped, so
the same feed can be imported every morning. Feeds are read with feedparser
(the optional extra `briefgen[import]`), from a file or over http(s).
"""

from __future__ import annotations

import re
import urllib.request
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

from ..core.errors import BriefgenError
from ..core.paths import CONFIG_FILE
from ..core.slugs import make_slug
from ..core.urls import is_http_url
from ..site.unwritten import PLACEHOLDER
from .post import read_front
from .report import Report
from .writer import check_target_folder, item_text, start_site, walk, write_file

MAX_FEED_BYTES = 20 * 1024 * 1024  # far above any outlet's feed; a stream that never ends stops here
SUMMARY_LIMIT = 1000  # characters: a summary is a paragraph, not the article
BODY = PLACEHOLDER + "\n"


def feedparser_module() -> ModuleType:
    """feedparser, or an error that says how to install it."""
    try:
        import feedparser  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise BriefgenError("reading feeds needs feedparser: pip install 'briefgen[import]' "
                            "(or pip install feedparser)") from None
    return feedparser  # type: ignore[no-any-return]


def read_feed(source: str, timeout: float = 30) -> tuple[bytes, str]:
    """The bytes of the feed at SOURCE (a file or an http(s) URL) and its base URL."""
    if re.match(r"https?://", source, re.I):
        if not is_http_url(source):
            raise BriefgenError(f"{source}: not an http(s) URL")
        request = urllib.request.Request(source, headers={"User-Agent": "briefgen-import"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read(MAX_FEED_BYTES), response.geturl()
        except OSError as exc:
            raise BriefgenError(f"{source}: cannot fetch the feed: {exc}") from None
    path = Path(source)
    if not path.is_file():
        raise BriefgenError(f"{source}: no such file (give a feed file or an http(s) URL)")
    with path.open("rb") as fh:
        return fh.read(MAX_FEED_BYTES), ""


def import_feed(source: str, dest: Path) -> Report:
    """Add each new entry of the feed at SOURCE to the site DEST as a draft item."""
    feedparser = feedparser_module()
    data, base = read_feed(source)
    parsed = feedparser.parse(data, response_headers={"content-location": base} if base else None)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "no entries")()
        raise BriefgenError(f"{source}: not an RSS or Atom feed ({reason})")
    feed_title = to_text(parsed.feed.get("title", "")) or source
    if not (dest / CONFIG_FILE).is_file():
        check_target_folder(dest)
        start_site(dest, {"title": feed_title}, f"feed {source}")
    report = Report()
    known, slugs = existing(dest, report)
    for number, entry in enumerate(parsed.entries, start=1):
        _entry(entry, number, source, feed_title, dest, known, slugs, report)
    return report


def existing(dest: Path, report: Report) -> tuple[set[str], set[str]]:
    """The source_url and slug of every item already in DEST."""
    urls: set[str] = set()
    slugs: set[str] = set()
    articles = dest / "content" / "articles"
    for path in walk(articles) if articles.is_dir() else []:
        if path.suffix not in (".md", ".markdown"):
            continue
        try:
            front, _, _ = read_front(path, str(path))
        except BriefgenError as exc:
            report.note(f"not read for duplicates: {exc.problem.message}", str(path))
            continue
        plain = front.plain()
        if isinstance(plain.get("source_url"), str):
            urls.add(plain["source_url"].strip())
        slug = plain.get("slug") or make_slug(str(plain.get("title") or ""), path.stem)
        slugs.add(str(slug).casefold())
    return urls, slugs


def _entry(entry: Any, number: int, source: str, feed_title: str, dest: Path, known: set[str],
           slugs: set[str], report: Report) -> None:
    """Write one entry as a draft item, unless its link was imported before."""
    where = f"{source}: entry {number}"
    link = str(entry.get("link") or "").strip()
    if link and link in known:
        report.skipped += 1
        return
    title = to_text(entry.get("title", "")) or f"Untitled entry from {feed_title}"
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when is None:
        report.note("no date; dated now", where)
    moment = (datetime(*tuple(when)[:6]).replace(tzinfo=UTC) if when
              else datetime.now(UTC).replace(microsecond=0))
    slug = make_slug(title)
    base, n = slug, 2
    while slug.casefold() in slugs:
        slug, n = f"{base}-{n}", n + 1
    slugs.add(slug.casefold())
    front: dict[str, Any] = {"title": title, "date": moment.isoformat(), "slug": slug,
                             "draft": True}
    origin = entry.get("source", {})
    front["source"] = to_text(origin.get("title", "")) if origin.get("title") else feed_title
    if is_http_url(link):
        front["source_url"] = link
        known.add(link)
    elif link:
        report.note(f"link {link!r} is not an http(s) URL; no source_url", where)
    summary = shorten(to_text(entry.get("summary", "")))
    if summary:
        front["summary"] = summary
    write_file(dest / "content" / "articles" / f"{moment:%Y}" / f"{moment:%m}" / f"{slug}.md",
               item_text(front, BODY))
    report.items += 1
    report.drafts += 1


# Tags that end a line of text; others (b, a, em, span) sit inside words.
_BLOCKS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                     "blockquote", "pre", "table", "tr", "td", "th", "hr", "figure", "figcaption"})


class _Text(HTMLParser):
    """The text of an HTML fragment: tags dropped, entities read, scripts left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style") and self.hidden > 0
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def to_text(html: str) -> str:
    """HTML as one line of plain text."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def shorten(text: str) -> str:
    """TEXT cut at a word boundary to at most SUMMARY_LIMIT characters."""
    if len(text) <= SUMMARY_LIMIT:
        return text
    return text[:SUMMARY_LIMIT].rsplit(" ", 1)[0] + " …"
