"""Relative links and images of bodies (items, pages, profiles), made into the URLs they mean.

A relative URL in a body names a file beside the item's source
(source/refs.py records each): a file of the item's bundle, or of another's
(`map.png`, `../geneva-talks/photo.jpg`), becomes its published URL; another
item's, page's or profile's Markdown file (`../2021/talks.md#end`, or a
bundle's folder) becomes that page's URL; a file under content/media/ its
/media/ URL. Every URL an item's page gets depends only on paths, never on
whether a file is there, so adding an image re-renders no page; whether it
is there is `check`'s question (`broken_links`). A URL that names none of
these is left as written, for the browser to resolve against the page.
`check` also asks it of site paths (`/media/map.png`): each must name a
page or file this build publishes.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from html import escape
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, unquote

from ..core.errors import Problem
from ..core.paths import CONTENT
from ..site.autolink import Edits, apply_edits
from ..site.model import Site
from ..source.bundles import ARTICLES, INDEX_NAMES
from ..source.listing import MARKDOWN_SUFFIXES
from ..source.records import Article, Page, Profile
from ..source.refs import relative_urls, site_paths, split_url
from ..source.schedule import Held
from .routes import Routes

BROKEN = "relative link"  # the kinds of build notices this module gives
NOWHERE = "site path"
MEDIA = f"{CONTENT}/media/"
Body = Article | Page | Profile  # a record with a Markdown body


class Target(NamedTuple):
    """Where a relative URL leads: the site path it becomes ('' for none), the
    source path it names, and whether that is a file that must exist."""

    path: str
    source: str
    is_file: bool
    why: str = ""  # for none: what the source path is not
    held: bool = False  # none because it is an item held back (source/schedule.py)


def resolve(site: Site, routes: Routes, key: str, url: str) -> Target:
    """What the relative URL in the body of the file KEY leads to; for an item
    this build holds back (scheduled, expired), none, saying so."""
    target = _resolve(site, routes, key, url)
    if target.why and site.held:
        item = held_item(site, target.source)
        if item is not None:
            return target._replace(why=f"{item.key} is {item.describe(site.config.tz)}; "
                                       "no link until it is published", held=True)
    return target


def held_item(site: Site, source: str) -> Held | None:
    """The item left out of this build as scheduled or expired whose file is
    SOURCE, or whose bundle holds it; None for any other path."""
    found = site.held.get(source)
    folder = source
    while found is None and folder.startswith(ARTICLES + "/"):
        found = next((site.held[k] for k in (f"{folder}/{name}" for name in INDEX_NAMES)
                      if k in site.held), None)
        folder = posixpath.dirname(folder)
    return found if found is not None and found.key not in site.by_key else None


def _resolve(site: Site, routes: Routes, key: str, url: str) -> Target:
    written, rest = split_url(url)
    source = posixpath.normpath(posixpath.join(posixpath.dirname(key), written))
    if source == ".." or source.startswith("../"):
        return Target("", source, False, "it leads out of the site folder")
    if source.endswith(MARKDOWN_SUFFIXES):
        page = _page_of(site, routes, source)
        if page is None:
            return Target("", source, False, f"{source} is no item, page or profile this build has")
        return Target(page + rest, source, False)
    if source.startswith(MEDIA):
        return Target(routes.MEDIA + quote(source[len(MEDIA):]) + rest, source, True)
    found = bundle_of(site, source)
    if found is None:
        return Target("", source, False, f"{source} is not published: only the files of a bundle "
                                         "(a folder with index.md) and of content/media/ are")
    article, inside = found
    return Target(routes.article(article) + quote(inside) + rest, source, bool(inside))


def _page_of(site: Site, routes: Routes, source: str) -> str | None:
    """The site path of the item, page or profile read from SOURCE, if any."""
    article = site.by_key.get(source)
    if article is not None:
        return routes.article(article)
    page = next((p for p in site.pages if p.key == source), None)
    if page is not None:
        return routes.page(page)
    for taxonomy in site.taxonomies.values():
        term = next((t for t in taxonomy.terms if t.profile and t.profile.key == source), None)
        if term is not None:
            return routes.term(term)
    return None


def bundle_of(site: Site, source: str) -> tuple[Article, str] | None:
    """The bundle item whose folder holds SOURCE (or is it), and SOURCE's path
    inside that folder ('' for the folder itself); None outside bundles."""
    folder = source
    while folder.startswith(ARTICLES + "/"):
        for name in INDEX_NAMES:
            article = site.by_key.get(f"{folder}/{name}")
            if article is not None:
                return article, source[len(folder) + 1:]
        folder = posixpath.dirname(folder)
    return None


def relative_edits(site: Site, record: Body, routes: Routes) -> Edits:
    """The edits that put each relative URL's target in an item's, page's or
    profile's body (see autolink.apply_edits); URLs that lead nowhere are
    left as written."""
    if not (record.refs or record.shortcodes):  # a shortcode may have given one
        return ()
    html = record.body_html
    edits = []
    for offset, length, url in relative_urls(html):
        target = resolve(site, routes, record.key, url)
        if not target.why:
            edits.append((offset, length, escape(routes.url(target.path))))
        elif target.held:
            edits += unlinked(html, offset, length)
    return tuple(sorted(edits))


def unlinked(html: str, offset: int, length: int) -> list[tuple[int, int, str]]:
    """The edits that make the link whose href is at OFFSET plain text (a
    <span> in place of the <a>): a link to an item held back would lead to no
    page. An image's src is left as written (`check` says where)."""
    if html[offset - 6:offset] != 'href="':
        return []
    start = html.rfind("<a", 0, offset)
    end = html.find(">", offset + length) + 1
    close = html.find("</a>", end)
    if start < 0 or end <= 0 or close < 0:
        return []
    return [(start, end - start, "<span>"), (close, len("</a>"), "</span>")]


def resolved_html(site: Site, record: Page | Profile, routes: Routes) -> str:
    """A page's or profile's body with its relative URLs made the ones they mean."""
    return apply_edits(record.body_html, relative_edits(site, record, routes))


def bundle_files(site: Site, routes: Routes, bundled: Iterable[str], root: Path) -> dict[str, Path]:
    """Each published bundle file's output file, and its source: beside its
    item's page (a draft's are published only with its page)."""
    out = {}
    for source in bundled:
        found = bundle_of(site, source)
        if found is not None:
            article, inside = found
            out[routes.article(article) + inside] = root / source
    return out


def broken_links(site: Site, routes: Routes, exists: Callable[[str], bool],
                 published: Callable[[str], bool]) -> list[tuple[str, Problem]]:
    """A notice for each relative link or image of a body that leads nowhere,
    at its line: to no page, or to a file EXISTS says is not there. A URL
    that works from the page itself (written for the site's URLs, such as
    `../other-slug/`) is no notice: PUBLISHED says which output files exist.
    A site path leads nowhere when PUBLISHED has no file at it."""
    found = []
    for record, page in _bodies(site, routes):
        html = record.body_html
        seen: Counter[str] = Counter()  # a URL written twice is found at each of its lines
        for offset, _, url in relative_urls(html):
            target = resolve(site, routes, record.key, url)
            why = target.why or (f"{target.source} does not exist"
                                 if target.is_file and not exists(target.source) else "")
            seen[url] += 1
            if why and not _works_from_page(page, url, published):
                found.append((BROKEN, Problem(f"relative {_what(html, offset)} {split_url(url)[0]!r} "
                                              f"leads nowhere: {why}", record.key,
                                              _line(record, url, seen[url]))))
        for offset, url in site_paths(html):
            inside = _inside(split_url(url)[0], routes.base_path)
            seen[url] += 1
            if inside is not None and not _published_at(inside, published):
                found.append((NOWHERE, Problem(
                    f"{_what(html, offset)} '/{inside}' leads nowhere: this site publishes "
                    "no page or file at that path", record.key, _line(record, url, seen[url]))))
    found += _front_images(site, published)
    # One link definition (`[x]: /path`) used three times is one place to fix: said once.
    return list(dict.fromkeys(found))


def _front_images(site: Site, published: Callable[[str], bool]) -> list[tuple[str, Problem]]:
    """A notice for each `image` of an item or profile at a site path that
    this build publishes nothing at: the page would show a broken picture,
    and its social card and JSON-LD would point at nothing."""
    found = []
    records: list[Article | Profile] = [*site.articles]
    records += [t.profile for tax in site.taxonomies.values() for t in tax.terms if t.profile is not None]
    for record in records:
        image = record.image
        if image is None or "://" in image.src:
            continue
        inside = unquote(split_url(image.src)[0].lstrip("/"))  # pages add the base path
        if not _published_at(inside, published):
            found.append((NOWHERE, Problem(f"image {image.src!r} leads nowhere: this site "
                                           "publishes no file at that path", record.key,
                                           record.image_line)))
    return found


def _what(html: str, offset: int) -> str:
    """'image' for the src at OFFSET of HTML, 'link' for an href."""
    return "image" if html[offset - 5:offset] == 'src="' else "link"


def _inside(path: str, base_path: str) -> str | None:
    """The site path PATH below the site's BASE_PATH (`media/x.png`); None
    for a path outside it, which is the host's, not the site's."""
    return path[len(base_path):] if path.startswith(base_path) else None


def _published_at(inside: str, published: Callable[[str], bool]) -> bool:
    """Whether the path INSIDE the site names a page or file PUBLISHED says is there."""
    if inside == "" or inside.endswith("/"):
        return published(inside + "index.html")
    return published(inside) or published(inside + "/index.html")


def _bodies(site: Site, routes: Routes) -> Iterator[tuple[Body, str]]:
    """Every item, page and profile of SITE whose body has a relative URL or a
    site path as written, or a shortcode that may make one, with the site
    path of its page.
    (Most bodies have neither: their page's path is not even worked out, which
    the preview, checking after every save, would otherwise pay for each item.)"""
    for article in site.articles:
        if article.refs or article.shortcodes:
            yield article, routes.article(article)
    for page in site.pages:
        if page.refs or page.shortcodes:
            yield page, routes.page(page)
    for taxonomy in site.taxonomies.values():
        for term in taxonomy.terms:
            if term.profile is not None and (term.profile.refs or term.profile.shortcodes):
                yield term.profile, routes.term(term)


def _line(record: Body, url: str, nth: int = 1) -> int:
    """The line of the NTH time URL is written: as parsing found it, else the
    line of a shortcode that gave it (`{{< figure src="map.png" >}}`), else
    the first."""
    written = split_url(url)[0]
    lines = [ref.line for ref in record.refs if ref.url == url]
    return lines[min(nth, len(lines)) - 1] if lines else next(
        (code.line for code in record.shortcodes if written in dict(code.args).values()), 1)


def known_files(bundled: Iterable[str], static: Iterable[str]) -> set[str]:
    """The source paths a relative URL may name as a file: BUNDLED (every
    bundle's files) and content/media/'s, from the STATIC output files."""
    media = Routes.MEDIA
    return {*bundled, *(MEDIA + out[len(media):] for out in static if out.startswith(media))}


def _works_from_page(page: str, url: str, published: Callable[[str], bool]) -> bool:
    """Whether URL, left as written, names an output file from the page at PAGE."""
    written = split_url(url)[0]
    path = posixpath.normpath(posixpath.join("/" + page, written)).lstrip("/")
    if path.startswith("..") or path == ".":
        return False
    return published(path) or published(f"{path}/index.html")


def summary_line(found: Iterable[tuple[str, Problem]]) -> list[str]:
    """The build's lines for the relative links and site paths that lead
    nowhere, if any."""
    kinds = [kind for kind, _ in found]
    lines = []
    for kind, one, many in ((BROKEN, "relative link leads", "relative links lead"),
                            (NOWHERE, "link to a site path leads", "links to site paths lead")):
        count = kinds.count(kind)
        if count:
            lines.append(f"{count} {one if count == 1 else many} nowhere; run briefgen check for where")
    return lines


def bundle_clashes(bundled: dict[str, Path], pages: Iterable[tuple[str, str]],
                   root: Path) -> list[Problem]:
    """An error for each bundle file whose output file a page (output file,
    source) is written to as well: a bundle's own `index.html`, say."""
    if not bundled:
        return []  # the usual case: no page is even listed
    written = dict(pages)
    return [Problem(f"output file /{out} is also written for {written[out] or 'a built-in page'}",
                    source.relative_to(root).as_posix())
            for out, source in bundled.items() if out in written]
