"""Internal links of the built output all resolve, under any base_url.

`check_links` parses every .html file of an output folder with the standard
library's html.parser and checks every URL attribute (href, src, srcset,
poster, data, action; so also <link rel=canonical>, stylesheets and feed
links) that points into the site:

* http(s) links to other hosts, mailto: and tel: are skipped; any other
  scheme (javascript:, data:...) is an error;
* absolute links to the site's own host count as internal when under the
  base path (canonical links when base_url is a full URL);
* `x/` means `x/index.html`; the query is dropped; a fragment must name an id
  (or <a name>) in the target page; a link to a folder without its trailing
  slash is an error, and so is an empty URL;
* with a base path such as /briefings/, every internal link must start with
  it, and is looked up relative to the output root.

Feeds and the sitemap are checked too: their URLs must carry the base URL and
resolve to output files.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.conftest import build as build_site_cli
from tests.conftest import fixture_copy

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
PREFIXED = "https://example.org/briefings/"

# name -> (site folder, --base-url)
CASES = {
    "example": (REPO, "/"),
    "example-prefixed": (REPO, PREFIXED),
    "all_pages": (SITES / "all_pages", "/"),
    "all_pages-path-prefix": (SITES / "all_pages", "/news/"),
    "all_pages-prefixed": (SITES / "all_pages", "http://localhost:8000/a/b/"),
    "golden_site": (SITES / "golden_site", "https://example.org/brief/"),
}

URL_ATTRS = frozenset({"href", "src", "srcset", "poster", "data", "action", "formaction"})
EXTERNAL_SCHEMES = frozenset({"mailto", "tel"})
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def build(site: Path, out: Path, base_url: str | None = None) -> Path:
    """Build SITE into OUT with the real command line (conftest.build fails on errors)."""
    site = fixture_copy(site, out.parent)
    build_site_cli(site, "-o", out, "-q", *(["--base-url", base_url] if base_url else []))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("links")
    return {name: build(site, root / name, base) for name, (site, base) in CASES.items()}


# --- the checker ---------------------------------------------------------------------------------

class LinkParser(HTMLParser):
    """Collect (line, tag, attribute, URL) and the ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append((line, tag, name, candidate.split()[0]))
            elif name in URL_ATTRS:
                self.links.append((line, tag, name, value))

    handle_startendtag = handle_starttag


def parse_html(text: str) -> LinkParser:
    parser = LinkParser()
    parser.feed(text)
    parser.close()
    return parser


class Site:
    """An output folder and the base URL it was built for."""

    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}".lower() if parts.netloc else ""
        path = parts.path if parts.netloc else base_url
        self.base_path = "/" + path.strip("/") + "/" if path.strip("/") else "/"
        self.ids = cache(self._ids)

    def _ids(self, file: Path) -> frozenset[str]:
        return frozenset(parse_html(file.read_text(encoding="utf-8")).ids)

    def page_url(self, file: Path) -> str:
        """The URL path a file is served at (its folder for index.html)."""
        rel = file.relative_to(self.root).as_posix()
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.base_path + rel

    def check(self, url: str, page: str, own_ids: frozenset[str] | set[str]) -> str:
        """'' if URL (found on the page at path PAGE) is fine or external, else the problem."""
        url = url.strip()
        if not url:
            return "empty URL"
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in EXTERNAL_SCHEMES:
            return ""
        if scheme and scheme not in ("http", "https"):
            return f"{scheme}: URL"
        if parts.netloc:
            origin = f"{scheme or 'https'}://{parts.netloc}".lower()
            if origin != self.origin or not (parts.path + "/").startswith(self.base_path):
                return ""  # another host, or another part of this one
        if not parts.path and not parts.netloc:  # '#frag' or '?q' on this page
            if parts.fragment and unquote(parts.fragment) not in own_ids:
                return f"no id {parts.fragment!r} on this page"
            return ""
        path = posixpath.normpath(urljoin(page, parts.path)) + ("/" if parts.path.endswith("/") else "")
        path = path.replace("//", "/")
        if not (path + "/").startswith(self.base_path):
            return f"outside the base path {self.base_path}"
        rel = unquote(path[len(self.base_path):])
        target = self.root / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        if not target.is_file():
            if target.is_dir():
                return "links to a folder without its trailing slash"
            return f"no file {target.relative_to(self.root).as_posix()} in the output"
        if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in self.ids(target):
            return f"no id {parts.fragment!r} in {target.relative_to(self.root).as_posix()}"
        return ""

    def html_files(self) -> Iterator[Path]:
        yield from sorted(self.root.rglob("*.html"))


def check_links(root: Path, base_url: str) -> list[str]:
    """Every broken or misplaced internal link of an output folder, as 'file:line: <tag attr=url>: why'."""
    site = Site(root, base_url)
    errors = []
    for file in site.html_files():
        rel = file.relative_to(root).as_posix()
        parsed = parse_html(file.read_text(encoding="utf-8"))
        page = site.page_url(file)
        for line, tag, attr, url in parsed.links:
            problem = site.check(url, page, parsed.ids)
            if not problem and rel == "404.html" and _relative(url):
                problem = "a relative link on the 404 page breaks at any other address"
            if problem:
                errors.append(f"{rel}:{line}: <{tag} {attr}={url!r}>: {problem}")
    return errors


def _relative(url: str) -> bool:
    parts = urlsplit(url.strip())
    return not parts.scheme and not parts.netloc and bool(parts.path) and not parts.path.startswith("/")


def check_xml_urls(root: Path, base_url: str) -> list[str]:
    """Feed and sitemap URLs: each carries the base URL and resolves to an output file."""
    site = Site(root, base_url)
    prefix = site.origin + site.base_path
    errors = []

    def expect(url: str, where: str, *, must_exist: bool = True) -> None:
        if not url.startswith(prefix):
            errors.append(f"{where}: {url!r} does not start with {prefix!r}")
        elif must_exist and (problem := site.check(url, site.base_path, set())):
            errors.append(f"{where}: {url!r}: {problem}")

    sitemap = ET.parse(root / "sitemap.xml").getroot()
    locs = [(u.findtext(SITEMAP + "loc") or "").strip() for u in sitemap.iter(SITEMAP + "url")]
    if not locs:
        errors.append("sitemap.xml: no <loc>")
    for loc in locs:
        expect(loc, "sitemap.xml <loc>")
    for feed_file in sorted(root.rglob("feed.xml")):
        rel = feed_file.relative_to(root).as_posix()
        feed = ET.parse(feed_file).getroot()
        self_links = [lk.get("href", "") for lk in feed.findall(ATOM + "link") if lk.get("rel") == "self"]
        if self_links != [prefix + rel]:
            errors.append(f"{rel}: self link {self_links} is not [{prefix + rel!r}]")
        for link in feed.iter(ATOM + "link"):
            if link.get("rel") != "via":  # an entry's source, on its own site
                expect(link.get("href", ""), f"{rel} <link rel={link.get('rel')}>")
        for element in feed.iter(ATOM + "id"):
            value = (element.text or "").strip()
            if not value.startswith("urn:"):
                expect(value, f"{rel} <id>", must_exist=False)
        for category in feed.iter(ATOM + "category"):
            if category.get("scheme"):
                expect(category.get("scheme", ""), f"{rel} <category scheme>")
        for n, content in enumerate(feed.iter(ATOM + "content"), 1):
            if content.get("type") == "html" and content.text:
                body = parse_html(content.text)
                for _, tag, attr, url in body.links:
                    if (problem := site.check(url, site.base_path + rel, body.ids)) or _relative(url):
                        errors.append(f"{rel} entry {n} content: <{tag} {attr}={url!r}>: "
                                      f"{problem or 'a relative URL in a feed resolves against the feed'}")
    return errors


# --- the tests -----------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_internal_links_resolve(case: str, built: dict[str, Path]) -> None:
    errors = check_links(built[case], CASES[case][1])
    assert not errors, f"{len(errors)} broken internal link(s) in the {case} site:\n" + "\n".join(errors)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_feed_and_sitemap_urls_carry_the_base_url(case: str, built: dict[str, Path]) -> None:
    errors = check_xml_urls(built[case], CASES[case][1])
    assert not errors, "\n".join(errors)


@pytest.mark.slow
def test_prefixed_build_links_under_the_prefix(built: dict[str, Path]) -> None:
    """With base_url https://example.org/briefings/, root-relative links start with /briefings/."""
    root = built["example-prefixed"]
    seen = 0
    for file in sorted(root.rglob("*.html")):
        for line, tag, attr, url in parse_html(file.read_text(encoding="utf-8")).links:
            if url.startswith("/"):
                seen += 1
                where = f"{file.relative_to(root)}:{line}: <{tag} {attr}={url!r}>"
                assert url.startswith("/briefings/"), where
    assert seen > 100
    canonical = (root / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/briefings/">' in canonical


def test_checker_finds_broken_links(tmp_path: Path) -> None:
    """The checker itself: each kind of bad link is reported, good ones are not."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h1 id="top">A</h1>', encoding="utf-8")
    (tmp_path / "x.css").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text("\n".join([
        '<link rel="stylesheet" href="/b/x.css"><link rel="canonical" href="https://h.org/b/">',
        '<a href="/b/a/">ok</a> <a href="a/#top">ok</a> <a href="#here" id="here">ok</a>',
        '<a href="https://elsewhere.org/">ext</a> <a href="mailto:x@y.org">mail</a>',
        '<a href="https://h.org/other/">same host, not the site</a> <a href="/b/a/?q=1">ok</a>',
        '<a href="/b/missing/">1</a> <a href="/a/">2</a> <a href="/b/a">3</a>',
        '<a href="/b/a/#nope">4</a> <a href="javascript:alert(1)">5</a> <a href="">6</a>',
        '<img src="../x.css" alt=""> <img srcset="/b/x.css 1x, /b/none.png 2x" alt="">',
        '<a href="https://h.org/b/gone/">9</a> <a href="#nowhere">10</a>',
    ]), encoding="utf-8")
    errors = check_links(tmp_path, "https://h.org/b/")
    assert len(errors) == 10, "\n".join(errors)
    for expected in ("no file missing/index.html", "outside the base path", "without its trailing slash",
                     "no id 'nope' in a/index.html", "javascript: URL", "empty URL",
                     "no file none.png", "no file gone/index.html", "no id 'nowhere' on this page"):
        assert any(expected in e for e in errors), (expected, errors)
