"""Structured data for sharing: schema.org JSON-LD built from the template views.

Pure functions of what a template already has (`page`, `site`, `article`,
`term`); `FILTERS` exposes them to templates (see render.make_environment and
docs/metadata.md). The theme's meta.html prints the result inside
`<script type="application/ld+json">`, so the JSON text is made safe to embed
there: `<`, `>` and `&` are written as \\u003c, \\u003e and \\u0026, which no
HTML parser reads as a tag and every JSON parser reads as the same string.

Keys keep a fixed insertion order, so the same site builds to the same bytes.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from ..core.urls import is_http_url
from ..site.taxonomy import normalise
from .views import ItemCard, PageInfo, SiteView, TermView

SCHEMA = "https://schema.org"
HEADLINE_MAX = 110  # Google's limit for a NewsArticle headline
DESCRIPTION_MAX = 300
ABOUT_TYPES = {"people": "Person", "topics": "Thing"}  # taxonomy -> schema.org type in `about`

# Characters that may not appear raw inside <script>...</script> (and the two
# line separators old JavaScript parsers refused in strings). Applied with
# str.replace: str.translate with a table is ten times slower on such text.
_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                   ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


# Remembers site text: emptied as each build starts (build/memo.py).
@lru_cache(maxsize=65536)
def origin(url: str) -> str:
    """scheme://host of an http(s) URL, or '' for anything else."""
    if not is_http_url(url):
        return ""
    # What urlsplit gives for a URL is_http_url took (no white space, a host
    # after "//"), without splitting it a second time: every item's source.
    scheme, host = _SCHEME_AND_HOST.match(url).groups()  # type: ignore[union-attr]
    return f"{scheme.lower()}://{host}"


_SCHEME_AND_HOST = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)")


# Remembers site text: emptied as each build starts (build/memo.py).
@lru_cache(maxsize=65536)
def absolute_url(url: str, base: str) -> str:
    """URL as an absolute http(s) URL, resolved against BASE (the site's absolute URL).

    '' when that is impossible: BASE has no host (base_url is only a path) or
    URL is neither http(s) nor a path. Sharing metadata then leaves the value
    out rather than publish a link that only works inside the site.
    """
    if not url:
        return ""
    if is_http_url(url):
        return url
    if "://" in url or url.startswith("//") or ":" in url.split("/", 1)[0]:
        return ""
    if not origin(base):
        return ""
    return urljoin(base, url)


def page_url(url: str, base: str) -> str:
    """A page's URL, absolute when the site has a host, else as the site links it.

    Without a host the canonical link and the sitemap are site-relative too;
    JSON-LD readers resolve such an IRI against the page's address.
    """
    return absolute_url(url, base) or url


def shorten(text: str, limit: int) -> str:
    """TEXT with white space collapsed, cut at a word boundary to at most LIMIT characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and text[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "br", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dd", "dt"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dd", "dt"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, white space collapsed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def _image(image: Any, base: str) -> str:
    return absolute_url(image.src, base) if image is not None else ""


def news_article(page: PageInfo, site: SiteView, article: ItemCard) -> str:
    """A schema.org NewsArticle for an item's page, as JSON text.

    Written out here rather than built as a dict for json.dumps: every item
    page has one, and its people and topics, the same few thousand across
    the site, are then encoded once each (see _named). The text is what
    json.dumps(..., ensure_ascii=False) writes for the same object
    (tests/test_metadata.py reads it back and writes it again to check).
    """
    base = site.absolute_url
    url = _string(page_url(page.canonical, base))
    fields = [
        ('"@context"', _SCHEMA_JSON),
        ('"@type"', '"NewsArticle"'),
        ('"headline"', _string(shorten(article.title, HEADLINE_MAX))),
        ('"url"', url),
        ('"mainEntityOfPage"', _object([('"@type"', '"WebPage"'), ('"@id"', url)])),
        ('"datePublished"', _string(article.date_iso)),
        ('"dateModified"', _string(article.updated_iso or article.date_iso)),
    ]
    description = article.summary or page.description
    if description:
        fields.append(('"description"', _string(" ".join(description.split()))))
    image = _image(article.image, base) or _image(site.image, base)  # site.yaml's as the fallback
    if image:
        fields.append(('"image"', _string(image)))
    if article.series:
        fields.append(('"articleSection"', _string(article.series)))
    briefing = _named("Organization", site.title, page_url(site.absolute_url, base))
    # The summary is the briefing's writing: by its writers when the byline names them, else
    # by the briefing itself. The outlet reported what happened; the item is based on it.
    fields.append(('"author"', "[" + ", ".join(
        _named("Person", a.name, page_url(a.url, base)) for a in article.authors) + "]"
        if article.authors else briefing))
    fields.append(('"publisher"', briefing))
    if article.source_url:
        fields.append(('"isBasedOn"', _string(article.source_url)))
    about = [_named(ABOUT_TYPES[group.name], term.name, page_url(term.url, base))
             for group in article.terms if group.name in ABOUT_TYPES for term in group.terms]
    if about:
        fields.append(('"about"', "[" + ", ".join(about) + "]"))
    fields.append(('"inLanguage"', _string(site.language)))
    return _object(fields)


_string = json.encoder.encode_basestring  # how json.dumps(..., ensure_ascii=False) writes a str
_SCHEMA_JSON = _string(SCHEMA)


def _object(fields: list[tuple[str, str]]) -> str:
    """A JSON object from (key, value) pairs already written as JSON, as json.dumps lays it out."""
    return "{" + ", ".join([f"{key}: {value}" for key, value in fields]) + "}"


# Remembers site text: emptied as each build starts (build/memo.py).
@lru_cache(maxsize=65536)
def _named(kind: str, name: str, url: str | None) -> str:
    """{"@type": KIND, "name": NAME, "url": URL} as JSON (no "url" for None): the
    people and topics an item is about, its source and the publisher, the
    same few thousand across a site, each written once."""
    fields = [('"@type"', _string(kind)), ('"name"', _string(name))]
    if url is not None:
        fields.append(('"url"', _string(url)))
    return _object(fields)


def person(page: PageInfo, site: SiteView, term: TermView) -> dict[str, Any]:
    """A schema.org Person for a person's page (a term of the `people` taxonomy)."""
    base = site.absolute_url
    data: dict[str, Any] = {"@context": SCHEMA, "@type": "Person", "name": term.name}
    alternates = alternate_names(term.name, term.aliases)
    if alternates:
        data["alternateName"] = alternates
    if term.role:
        data["jobTitle"] = term.role
    description = shorten(plain_text(term.bio_html), DESCRIPTION_MAX)
    if description:
        data["description"] = description
    data["url"] = page_url(term.url, base)
    image = _image(term.image, base)
    if image:
        data["image"] = image
    return data


def alternate_names(name: str, aliases: tuple[str, ...]) -> list[str]:
    """ALIASES that are other names, not the name respelt, each once.

    A term's aliases without a profile are the spellings items use, which
    differ from its name only in case or spacing (`SERGEI LAVROV`): they are
    the same name to briefgen and no alternate name to a search engine.
    """
    seen = {normalise(name)}
    out = []
    for alias in aliases:
        key = normalise(alias)
        if key not in seen:
            seen.add(key)
            out.append(alias)
    return out


def script_json(data: Any) -> Markup:
    """DATA as JSON text that can sit inside <script> without ending it early."""
    return _script_safe(json.dumps(data, ensure_ascii=False))


def _script_safe(text: str) -> Markup:
    for char, escaped in _SCRIPT_ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return Markup(text)


def news_article_ld(article: ItemCard, page: PageInfo, site: SiteView) -> Markup:
    """`{{ article|news_article_ld(page, site) }}`: the item's NewsArticle as script-safe JSON."""
    return _script_safe(news_article(page, site, article))


def person_ld(term: TermView, page: PageInfo, site: SiteView) -> Markup:
    """`{{ term|person_ld(page, site) }}`: the person's Person as script-safe JSON."""
    return script_json(person(page, site, term))


FILTERS = {
    "absolute_url": absolute_url,
    "news_article_ld": news_article_ld,
    "person_ld": person_ld,
}
