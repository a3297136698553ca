"""Sharing metadata: OpenGraph and Twitter card tags on every page, JSON-LD on item and person pages.

A small fixture site is built twice, hosted (base_url https://news.example.org/brief/)
and path-only (base_url /sub/). Every JSON-LD block found is parsed and checked
against the shapes in `SHAPES` (required and allowed keys, value types, ISO 8601
dates, absolute URLs), a small stand-in for schema.org validation without network.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from briefgen.core.urls import is_http_url
from briefgen.render.jsonld import absolute_url, origin, plain_text, script_json, shorten
from tests.conftest import article, build, fixture_copy, parse_html, write_site

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"

HOSTED = "https://news.example.org/brief/"
PATH_ONLY = "/sub/"
HOSTILE_TITLE = """</script><script>alert(1)</script> "Double" & 'single' <!-- quotes"""
HOSTILE_SOURCE = "</script><b>Wire</b> & Co"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>\n'
LONG_BIO = ("Jane Doe leads one of the *delegations* and has [a page](/about/). "
            + "She has negotiated for many years in many capitals. " * 12)

FILES = {
    "site.yaml": "title: Meta & <Test>\ndescription: Briefings on talks.\nlanguage: en-GB\n"
                 "timezone: Europe/Berlin\nper_page: 1\n",
    "content/articles/full.md": article(
        "Talks Resume in Geneva", "2023-05-06T10:30:00+02:00", "The talks *resumed*.",
        updated="2023-05-07T08:00:00+02:00", source="Example Wire",
        source_url="https://wire.example.com/stories/geneva?id=7", series="MORNING",
        summary="Delegations met again.", image="{src: /media/map.svg, alt: Map of Geneva}",
        people="[Jane Doe, Sam Roe]", topics="[Diplomacy, Arms control]"),
    "content/articles/plain.md": article("A Plain Note", "2023-05-05", "Nothing else."),
    "content/articles/hostile.md": article(
        "'" + HOSTILE_TITLE.replace("'", "''") + "'", "2023-05-04",
        "Body.", source="'" + HOSTILE_SOURCE + "'", source_url="https://evil.example/x?a=1&b=2",
        summary="'Ends </script> early?'", topics="['</script><script>alert(2)</script>']"),
    "content/articles/long.md": article("Word " * 40, "2023-05-03", "Long headline.",
                                        image="https://cdn.example.net/photo.jpg", people="[Jane Doe]"),
    "content/people/jane-doe.md": "---\nname: Jane Doe\naliases: [J. Doe, Джейн Доу]\n"
                                  "role: Chief negotiator\nimage: {src: /media/portrait.svg, alt: Jane}\n"
                                  f"---\n{LONG_BIO}\n",
    "content/media/map.svg": SVG,
    "content/media/portrait.svg": SVG,
    "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture site built with a host and without one."""
    root = write_site(tmp_path_factory.mktemp("metadata") / "site", FILES)
    out = tmp_path_factory.mktemp("metadata-out")
    return {"hosted": build_with(root, out / "hosted", HOSTED),
            "path-only": build_with(root, out / "path-only", PATH_ONLY)}


def build_with(root: Path, out: Path, base_url: str) -> Path:
    root = fixture_copy(root, out.parent)
    build(root, "-o", out, "--base-url", base_url)
    return out


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def metas(html: str) -> dict[str, list[str]]:
    """Every <meta property=...> and <meta name=...> content, by property or name."""
    found: dict[str, list[str]] = {}
    for tag, attrs in parse_html(html)[0]:
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            found.setdefault(key, []).append(attrs.get("content", ""))
    return found


def meta(html: str, key: str) -> str | None:
    values = metas(html).get(key, [])
    assert len(values) <= 1, f"{key} appears {len(values)} times"
    return values[0] if values else None


LD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(html: str) -> list[dict[str, Any]]:
    """The parsed content of every JSON-LD script of a page."""
    return [json.loads(text) for text in LD_SCRIPT.findall(html)]


def the_json_ld(html: str) -> dict[str, Any]:
    [data] = json_ld(html)
    return data


# --- a small schema.org shape check ----------------------------------------------------------

# type -> {key: (value type, required)}; a key not listed is an error.
SHAPES: dict[str, dict[str, tuple[type, bool]]] = {
    "NewsArticle": {
        "headline": (str, True), "url": (str, True), "mainEntityOfPage": (dict, True),
        "datePublished": (str, True), "dateModified": (str, True), "publisher": (dict, True),
        "inLanguage": (str, True), "description": (str, False), "image": (str, False),
        "articleSection": (str, False), "isBasedOn": (str, False), "about": (list, False),
        # the briefing (an Organization), or the writers (a list of Person): see _author_problems
        "author": (object, True),
    },
    "Person": {"name": (str, True), "url": (str, False), "alternateName": (list, False),
               "jobTitle": (str, False), "description": (str, False), "image": (str, False)},
    "Organization": {"name": (str, True), "url": (str, False)},
    "WebPage": {"@id": (str, True)},
    "Thing": {"name": (str, True), "url": (str, True)},
}
DATES = ("datePublished", "dateModified")
URLS = ("url", "image", "isBasedOn", "@id")
ISO_8601 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")


def _author_problems(author: Any) -> list[str]:
    """A NewsArticle's author is the briefing, an Organization, or its writers, a
    non-empty list of Person (each checked as a nested entity all the same)."""
    if isinstance(author, dict) and author.get("@type") == "Organization":
        return []
    if isinstance(author, list) and author and all(
            isinstance(a, dict) and a.get("@type") == "Person" for a in author):
        return []
    return [f"NewsArticle.author: expected an Organization or a list of Person, got {author!r}"]


def shape_problems(data: Any, hosted: bool, where: str = "", top: bool = True) -> list[str]:
    """What keeps DATA from being the schema.org entity it says it is."""
    if not isinstance(data, dict):
        return [f"{where or 'top'}: expected an object, got {type(data).__name__}"]
    problems = []
    if top and data.get("@context") != "https://schema.org":
        problems.append(f"{where or 'top'}: @context is {data.get('@context')!r}")
    if not top and "@context" in data:
        problems.append(f"{where}: a nested entity repeats @context")
    kind = data.get("@type")
    shape = SHAPES.get(kind)  # type: ignore[arg-type]
    if shape is None:
        return [*problems, f"{where or 'top'}: unknown @type {kind!r}"]
    for key, (kind_of, required) in shape.items():
        if key not in data:
            if required:
                problems.append(f"{where}{kind}: missing {key}")
            continue
        value = data[key]
        if not isinstance(value, kind_of):
            problems.append(f"{where}{kind}.{key}: expected {kind_of.__name__}, got {value!r}")
            continue
        if isinstance(value, str) and not value.strip():
            problems.append(f"{where}{kind}.{key}: empty")
        if key in DATES and not ISO_8601.match(value):
            problems.append(f"{where}{kind}.{key}: not an ISO 8601 date-time: {value!r}")
        if key in URLS and (hosted or key == "image" or key == "isBasedOn") \
                and not re.match(r"^https?://[^/]+", value):
            problems.append(f"{where}{kind}.{key}: not an absolute URL: {value!r}")
        if isinstance(value, dict):
            problems += shape_problems(value, hosted, f"{where}{kind}.{key}.", top=False)
        if isinstance(value, list):
            for n, element in enumerate(value):
                if isinstance(element, dict):
                    problems += shape_problems(element, hosted, f"{where}{kind}.{key}[{n}].", top=False)
                elif not isinstance(element, str):
                    problems.append(f"{where}{kind}.{key}[{n}]: expected text, got {element!r}")
    extra = set(data) - set(shape) - {"@context", "@type"}
    problems += [f"{where}{kind}: unexpected key {key}" for key in sorted(extra)]
    if kind == "NewsArticle":
        problems += _author_problems(data.get("author"))
        if len(data.get("headline", "")) > 110:
            problems.append("NewsArticle.headline: longer than 110 characters")
        if all(isinstance(data.get(k), str) and ISO_8601.match(data[k]) for k in DATES) and \
                datetime.fromisoformat(data["dateModified"]) < datetime.fromisoformat(data["datePublished"]):
            problems.append("NewsArticle: dateModified before datePublished")
        if data.get("publisher", {}).get("@type") != "Organization":
            problems.append("NewsArticle.publisher: not an Organization")
    return problems


def test_shape_check_catches_problems() -> None:
    bad = {"@context": "http://schema.org", "@type": "NewsArticle", "headline": "x" * 111,
           "datePublished": "18 January 2022", "dateModified": "2022-01-18T00:00:00+00:00",
           "url": "/a/", "mainEntityOfPage": {"@type": "WebPage", "@id": "/a/"},
           "publisher": {"@type": "Person"}, "inLanguage": "en", "image": "/media/x.png",
           "wordCount": 3}
    problems = "\n".join(shape_problems(bad, hosted=True))
    for expected in ("@context is 'http://schema.org'", "longer than 110", "not an ISO 8601",
                     "NewsArticle.url: not an absolute URL", "NewsArticle.image: not an absolute URL",
                     "publisher.Person: missing name", "unexpected key wordCount",
                     "publisher: not an Organization"):
        assert expected in problems
    assert shape_problems({"@context": "https://schema.org", "@type": "Person", "name": "A"}, True) == []


# --- every page ------------------------------------------------------------------------------

@pytest.mark.parametrize("case", ["hosted", "path-only"])
def test_every_page_has_opengraph_and_twitter_tags(sites: dict[str, Path], case: str) -> None:
    pages = html_pages(sites[case])
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        tags = metas(html)
        for key in ("og:site_name", "og:title", "og:type", "og:url", "og:locale",
                    "twitter:card", "twitter:title"):
            assert len(tags.get(key, [])) == 1, (page, key, tags.get(key))
        assert tags["og:site_name"] == ["Meta & <Test>"]
        assert tags["og:locale"] == ["en_GB"]
        canonical = [a["href"] for t, a in parse_html(html)[0] if t == "link" and a.get("rel") == "canonical"]
        assert tags["og:url"] == canonical, page
        assert tags["twitter:card"][0] in ("summary", "summary_large_image")
        for key in ("og:description", "twitter:description"):
            assert all(0 < len(v) <= 200 for v in tags.get(key, [])), (page, key)


def test_og_type_and_urls_per_page_kind(sites: dict[str, Path]) -> None:
    out = sites["hosted"]
    kinds = {
        "articles/talks-resume-in-geneva/index.html": "article",
        "people/jane-doe/index.html": "profile",
        "people/jane-doe/page/2/index.html": "profile",
        "topics/diplomacy/index.html": "website",
        "people/index.html": "website",
        "index.html": "website",
        "2023/05/06/index.html": "website",
        "archive/index.html": "website",
        "about/index.html": "website",
        "404.html": "website",
    }
    for rel, kind in kinds.items():
        assert meta(read(out, rel), "og:type") == kind, rel
    home = read(out, "index.html")
    assert meta(home, "og:url") == HOSTED
    assert meta(home, "og:title") == "Meta & <Test>"
    assert meta(home, "og:description") == "Briefings on talks."
    assert meta(home, "twitter:card") == "summary"
    assert json_ld(home) == []  # JSON-LD only on item and person pages
    assert json_ld(read(out, "topics/diplomacy/index.html")) == []


def test_item_page_tags(sites: dict[str, Path]) -> None:
    html = read(sites["hosted"], "articles/talks-resume-in-geneva/index.html")
    tags = metas(html)
    assert tags["og:title"] == ["Talks Resume in Geneva"]
    assert tags["og:url"] == [HOSTED + "articles/talks-resume-in-geneva/"]
    assert tags["og:description"] == ["Delegations met again."]
    assert tags["og:image"] == [HOSTED + "media/map.svg"]
    assert tags["og:image:alt"] == ["Map of Geneva"]
    assert tags["article:published_time"] == ["2023-05-06T10:30:00+02:00"]
    assert tags["article:modified_time"] == ["2023-05-07T08:00:00+02:00"]
    assert tags["article:section"] == ["MORNING"]
    assert tags["article:tag"] == ["Diplomacy", "Arms control"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image:alt"] == ["Map of Geneva"]
    assert tags["twitter:title"] == ["Talks Resume in Geneva"]
    assert tags["twitter:description"] == ["Delegations met again."]


# --- JSON-LD ---------------------------------------------------------------------------------

@pytest.mark.parametrize("case", ["hosted", "path-only"])
def test_every_json_ld_block_has_a_valid_shape(sites: dict[str, Path], case: str) -> None:
    seen = 0
    for page in html_pages(sites[case]):
        for data in json_ld(page.read_text(encoding="utf-8")):
            seen += 1
            problems = shape_problems(data, hosted=case == "hosted")
            assert not problems, f"{page}:\n" + "\n".join(problems)
    assert seen >= 6  # four items, two pages of Jane Doe


def test_news_article(sites: dict[str, Path]) -> None:
    data = the_json_ld(read(sites["hosted"], "articles/talks-resume-in-geneva/index.html"))
    url = HOSTED + "articles/talks-resume-in-geneva/"
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Talks Resume in Geneva",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": "2023-05-06T10:30:00+02:00",
        "dateModified": "2023-05-07T08:00:00+02:00",
        "description": "Delegations met again.",
        "image": HOSTED + "media/map.svg",
        "articleSection": "MORNING",
        # The briefing wrote the summary; Example Wire's report is what it is based on.
        "author": {"@type": "Organization", "name": "Meta & <Test>", "url": HOSTED},
        "publisher": {"@type": "Organization", "name": "Meta & <Test>", "url": HOSTED},
        "isBasedOn": "https://wire.example.com/stories/geneva?id=7",
        "about": [
            {"@type": "Person", "name": "Jane Doe", "url": HOSTED + "people/jane-doe/"},
            {"@type": "Person", "name": "Sam Roe", "url": HOSTED + "people/sam-roe/"},
            {"@type": "Thing", "name": "Diplomacy", "url": HOSTED + "topics/diplomacy/"},
            {"@type": "Thing", "name": "Arms control", "url": HOSTED + "topics/arms-control/"},
        ],
        "inLanguage": "en-GB",
    }
    assert datetime.fromisoformat(data["datePublished"]).tzinfo is not None


def test_news_article_without_source_or_update(sites: dict[str, Path]) -> None:
    data = the_json_ld(read(sites["hosted"], "articles/a-plain-note/index.html"))
    assert "isBasedOn" not in data and "image" not in data
    assert "about" not in data and "articleSection" not in data
    assert data["dateModified"] == data["datePublished"] == "2023-05-05T00:00:00+02:00"
    assert data["publisher"] == data["author"] == {
        "@type": "Organization", "name": "Meta & <Test>", "url": HOSTED}
    tags = metas(read(sites["hosted"], "articles/a-plain-note/index.html"))
    assert "og:image" not in tags and "article:section" not in tags and "article:tag" not in tags
    assert tags["article:modified_time"] == tags["article:published_time"]
    assert tags["twitter:card"] == ["summary"]


def long_item(out: Path) -> str:
    [page] = [p for p in html_pages(out / "articles") if "/word-word" in p.as_posix()]
    return page.read_text(encoding="utf-8")


def test_long_headline_is_shortened_at_a_word(sites: dict[str, Path]) -> None:
    html = long_item(sites["hosted"])
    data = the_json_ld(html)
    assert len(data["headline"]) <= 110
    assert data["headline"].endswith("Word…")
    assert meta(html, "og:title") == ("Word " * 40).strip()  # OpenGraph keeps the whole title
    # an http(s) image is used as it is
    assert data["image"] == "https://cdn.example.net/photo.jpg"
    assert meta(html, "og:image") == "https://cdn.example.net/photo.jpg"


def test_person(sites: dict[str, Path]) -> None:
    for rel in ("people/jane-doe/index.html", "people/jane-doe/page/2/index.html"):
        data = the_json_ld(read(sites["hosted"], rel))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Person"
        assert data["name"] == "Jane Doe"
        assert data["alternateName"] == ["J. Doe", "Джейн Доу"]
        assert data["jobTitle"] == "Chief negotiator"
        assert data["url"] == HOSTED + "people/jane-doe/"  # the profile, on every page of it
        assert data["image"] == HOSTED + "media/portrait.svg"
        description = data["description"]
        assert description.startswith("Jane Doe leads one of the delegations and has a page. She has")
        assert len(description) <= 300 and description.endswith("…")
        assert "<" not in description and "*" not in description
    # a person without a profile: just the name and the page
    assert the_json_ld(read(sites["hosted"], "people/sam-roe/index.html")) == {
        "@context": "https://schema.org", "@type": "Person", "name": "Sam Roe",
        "url": HOSTED + "people/sam-roe/"}


def test_json_ld_is_deterministic(sites: dict[str, Path], tmp_path: Path) -> None:
    again = build_with(write_site(tmp_path / "site", FILES), tmp_path / "out", HOSTED)
    for rel in ("articles/talks-resume-in-geneva/index.html", "people/jane-doe/index.html"):
        assert read(again, rel) == read(sites["hosted"], rel)


# --- hostile values ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", ["hosted", "path-only"])
def test_hostile_values_cannot_break_out(sites: dict[str, Path], case: str) -> None:
    html = read(sites[case], "articles/script-script-alert-1-script-double-single-quotes/index.html")
    # exactly one script element, the JSON-LD one, and it ends where it should
    tags, _ = parse_html(html)
    assert [(t, a) for t, a in tags if t == "script"] == [("script", {"type": "application/ld+json"})]
    assert html.lower().count("<script") == 1
    assert html.lower().count("</script") == 1
    assert "<!--" not in html
    [raw] = LD_SCRIPT.findall(html)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert data["headline"] == HOSTILE_TITLE
    assert data["description"] == "Ends </script> early?"
    assert data["author"] == data["publisher"]
    assert data["isBasedOn"] == "https://evil.example/x?a=1&b=2"
    assert data["about"][0]["name"] == "</script><script>alert(2)</script>"
    # attributes come back exactly: nothing broke out of its quotes
    assert meta(html, "og:title") == HOSTILE_TITLE
    assert meta(html, "twitter:title") == HOSTILE_TITLE
    assert meta(html, "og:description") == "Ends </script> early?"
    assert metas(html)["article:tag"] == ["</script><script>alert(2)</script>"]
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)


def test_site_title_cannot_break_out(tmp_path: Path) -> None:
    files = {**FILES, "site.yaml": "title: '</script><script>alert(3)</script>'\nbase_url: " + HOSTED + "\n"}
    out = tmp_path / "out"
    build(write_site(tmp_path / "site", files), "-o", out)
    for rel in ("articles/talks-resume-in-geneva/index.html", "people/jane-doe/index.html"):
        html = read(out, rel)
        assert html.lower().count("<script") == 1, rel
        assert meta(html, "og:site_name") == "</script><script>alert(3)</script>"
        data = the_json_ld(html)
        if data["@type"] == "NewsArticle":
            assert data["publisher"]["name"] == "</script><script>alert(3)</script>"


# --- images and hosts -------------------------------------------------------------------------

def test_relative_images_are_absolute_with_a_host(sites: dict[str, Path]) -> None:
    out = sites["hosted"]
    assert meta(read(out, "articles/talks-resume-in-geneva/index.html"), "og:image") == \
        "https://news.example.org/brief/media/map.svg"
    person = read(out, "people/jane-doe/index.html")
    assert meta(person, "og:image") == "https://news.example.org/brief/media/portrait.svg"
    assert meta(person, "og:image:alt") == "Jane"
    assert meta(person, "twitter:card") == "summary_large_image"


def test_relative_images_are_left_out_without_a_host(sites: dict[str, Path]) -> None:
    out = sites["path-only"]
    for rel in ("articles/talks-resume-in-geneva/index.html", "people/jane-doe/index.html"):
        html = read(out, rel)
        tags = metas(html)
        assert not {"og:image", "og:image:alt", "twitter:image:alt"} & set(tags), rel
        assert tags["twitter:card"] == ["summary"], rel
        assert "image" not in the_json_ld(html), rel
        assert "/sub/media/" in html  # the page itself still shows the image
    # an http(s) image needs no host of ours
    html = long_item(out)
    assert meta(html, "og:image") == "https://cdn.example.net/photo.jpg"
    assert the_json_ld(html)["image"] == "https://cdn.example.net/photo.jpg"


def test_urls_without_a_host_are_the_site_paths(sites: dict[str, Path]) -> None:
    html = read(sites["path-only"], "articles/talks-resume-in-geneva/index.html")
    assert meta(html, "og:url") == "/sub/articles/talks-resume-in-geneva/"
    data = the_json_ld(html)
    assert data["url"] == "/sub/articles/talks-resume-in-geneva/"
    assert data["publisher"]["url"] == "/sub/"
    assert data["about"][0]["url"] == "/sub/people/jane-doe/"
    assert data["isBasedOn"] == "https://wire.example.com/stories/geneva?id=7"


# --- other sites of the test suite -----------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("site", "base_url"), [
    (REPO, "https://example.org/briefings/"),
    (SITES / "all_pages", None),
    (SITES / "golden_site", None),
])
def test_other_sites_json_ld_shapes(site: Path, base_url: str | None, tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = fixture_copy(site, tmp_path)
    build(site, "-o", out, *(["--base-url", base_url] if base_url else []))
    hosted = "://" in (base_url or (site / "site.yaml").read_text(encoding="utf-8"))
    kinds: dict[str, int] = {}
    for page in html_pages(out):
        html = page.read_text(encoding="utf-8")
        assert meta(html, "og:title") is not None, page
        blocks = json_ld(html)
        kind = meta(html, "og:type")
        assert len(blocks) == (1 if kind in ("article", "profile") else 0), page
        for data in blocks:
            kinds[data["@type"]] = kinds.get(data["@type"], 0) + 1
            problems = shape_problems(data, hosted)
            assert not problems, f"{page}:\n" + "\n".join(problems)
    assert kinds.get("NewsArticle") and kinds.get("Person"), kinds


def test_site_templates_can_replace_meta_html(tmp_path: Path) -> None:
    files = {**FILES, "templates/meta.html": '<meta property="og:title" content="mine: {{ page.title }}">\n'}
    out = tmp_path / "out"
    build(write_site(tmp_path / "site", files), "-o", out)
    html = read(out, "articles/talks-resume-in-geneva/index.html")
    assert metas(html) == {"description": ["Delegations met again."],
                           "viewport": ["width=device-width, initial-scale=1"],
                           "og:title": ["mine: Talks Resume in Geneva"]}
    assert "<script" not in html


# --- the functions behind the filters ----------------------------------------------------------

def test_script_json_escapes_what_could_end_a_script() -> None:
    data = {"a": "</script><!-- & \u2028 é", "b": ["<", ">"]}
    text = str(script_json(data))
    assert not set(text) & {"<", ">", "&", "\u2028"}
    assert "é" in text  # ensure_ascii=False: readable text
    assert json.loads(text) == data
    assert list(json.loads(text)) == ["a", "b"]  # order kept


@pytest.mark.parametrize(("url", "base", "expected"), [
    ("/brief/media/x.svg", "https://example.org/brief/", "https://example.org/brief/media/x.svg"),
    ("media/x.svg", "https://example.org/brief/", "https://example.org/brief/media/x.svg"),
    ("https://cdn.example.net/y.jpg", "/", "https://cdn.example.net/y.jpg"),
    ("/media/x.svg", "/", ""),
    ("/media/x.svg", "", ""),
    ("javascript:alert(1)", "https://example.org/", ""),
    ("//evil.example/x", "https://example.org/", ""),
    ("", "https://example.org/", ""),
])
def test_absolute_url(url: str, base: str, expected: str) -> None:
    assert absolute_url(url, base) == expected


@pytest.mark.parametrize("case", ["hosted", "path-only"])
def test_json_ld_is_laid_out_as_json_dumps_lays_it_out(sites: dict[str, Path], case: str) -> None:
    """Item pages write their NewsArticle as text, not through json.dumps: it must
    read back to the same text, so that the bytes match what json.dumps writes."""
    for page in html_pages(sites[case]):
        for text in LD_SCRIPT.findall(page.read_text(encoding="utf-8")):
            assert script_json(json.loads(text)) == text


@pytest.mark.parametrize("url", [
    "https://wire.example.com:8443/a/b?c=d", "HTTP://Example.COM", "https://[::1]:80/x",
    "http://a.b#frag", "https://host?q", "https://xn--d1acpjx3f.xn--p1ai/путь", "Https://a.b/",
    "/relative", "javascript:alert(1)", "https:///x", "ftp://host/", "https://a b/"])
def test_origin_is_the_scheme_and_host_urlsplit_finds(url: str) -> None:
    parts = urlsplit(url)
    assert origin(url) == (f"{parts.scheme}://{parts.netloc}" if is_http_url(url) else "")


def test_origin_shorten_and_plain_text() -> None:
    assert origin("https://wire.example.com:8443/a/b?c=d") == "https://wire.example.com:8443"
    assert origin("/relative") == origin("javascript:alert(1)") == ""
    assert shorten("  a  b\n c ", 10) == "a b c"
    assert shorten("alpha beta gamma", 12) == "alpha beta…"
    assert len(shorten("x" * 50, 10)) == 10
    assert plain_text('<p>One <em>two</em> &amp; <a href="/x">three</a></p><p>Four</p>'
                      "<script>alert(1)</script>") == "One two & three Four"


def test_person_alternate_names_leave_out_mere_respellings_of_the_name() -> None:
    """Without a profile a person's other 'names' are the spellings items use,
    which differ from the name only in case or spacing (SERGEI LAVROV); they
    are no alternate names, and metadata.md promises such a person only a name
    and a URL. The same holds for a profile alias that only respells its name."""
    from briefgen.render.jsonld import person
    from briefgen.render.views import PageInfo, SiteView, TermView

    site = SiteView("T", "", "en", "/", "https://x.org/", "/feed.xml", (), (), "/static/",
                    "/archive/")
    page = PageInfo("Sergei Lavrov", "people/sergei-lavrov/", "/people/sergei-lavrov/",
                    "https://x.org/people/sergei-lavrov/", "term")

    def view(aliases: tuple[str, ...]) -> TermView:
        return TermView(taxonomy="people", taxonomy_title="People", taxonomy_url="/people/",
                        name="Sergei Lavrov", slug="sergei-lavrov", url="/people/sergei-lavrov/",
                        feed_url="/people/sergei-lavrov/feed.xml", count=2, role="", image=None,
                        bio_html="", aliases=aliases)

    assert "alternateName" not in person(page, site, view(("SERGEI LAVROV", "sergei  lavrov")))
    assert person(page, site, view(("Lavrov", "sergei lavrov", "LAVROV", "Сергей Лавров"))
                  )["alternateName"] == ["Lavrov", "Сергей Лавров"]


# --- the site's image: shared for pages without their own ----------------------------------------

CARD = b"\x89PNG\r\n\x1a\n" + bytes(24)  # what a PNG starts with: never decoded


@pytest.fixture(scope="module")
def with_card(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    files: dict[str, str | bytes] = {**FILES, "content/media/card.png": CARD,
             "site.yaml": FILES["site.yaml"] + "image: {src: /media/card.png, alt: The briefing's card}\n"}
    root = write_site(tmp_path_factory.mktemp("card") / "site", files)
    out = tmp_path_factory.mktemp("card-out")
    return {"hosted": build_with(root, out / "hosted", HOSTED),
            "path-only": build_with(root, out / "path-only", PATH_ONLY)}


def test_pages_without_an_image_share_the_site_s(with_card: dict[str, Path]) -> None:
    out = with_card["hosted"]
    card = HOSTED + "media/card.png"
    for rel in ("index.html", "articles/a-plain-note/index.html", "people/sam-roe/index.html",
                "topics/diplomacy/index.html", "2023/05/06/index.html", "about/index.html"):
        tags = metas(read(out, rel))
        assert tags["og:image"] == [card], rel
        assert tags["og:image:alt"] == tags["twitter:image:alt"] == ["The briefing's card"], rel
        assert tags["twitter:card"] == ["summary_large_image"], rel
    assert the_json_ld(read(out, "articles/a-plain-note/index.html"))["image"] == card
    # A page's own picture wins; a person is never given the site's card as their image.
    own = read(out, "articles/talks-resume-in-geneva/index.html")
    assert meta(own, "og:image") == HOSTED + "media/map.svg" == the_json_ld(own)["image"]
    assert meta(own, "og:image:alt") == "Map of Geneva"
    assert "image" not in the_json_ld(read(out, "people/sam-roe/index.html"))
    assert the_json_ld(read(out, "people/jane-doe/index.html"))["image"] == HOSTED + "media/portrait.svg"


def test_feeds_show_the_site_s_image_as_their_logo(with_card: dict[str, Path]) -> None:
    for feed in ("feed.xml", "people/jane-doe/feed.xml"):
        assert f"<logo>{HOSTED}media/card.png</logo>" in read(with_card["hosted"], feed)
        assert "<logo>" not in read(with_card["path-only"], feed)


def test_the_site_s_image_needs_a_host_like_any_other(with_card: dict[str, Path]) -> None:
    html = read(with_card["path-only"], "articles/a-plain-note/index.html")
    assert "og:image" not in metas(html) and "image" not in the_json_ld(html)


def test_an_http_site_image_is_shared_as_it_is(tmp_path: Path) -> None:
    files = {**FILES, "site.yaml": FILES["site.yaml"] + "image: https://cdn.example.net/card.jpg\n"}
    out = build_with(write_site(tmp_path / "site", files), tmp_path / "out", PATH_ONLY)
    html = read(out, "index.html")
    assert meta(html, "og:image") == "https://cdn.example.net/card.jpg"
    assert meta(html, "og:image:alt") is None  # no alt text was given


# --- base_url without a host -----------------------------------------------------------------------

def test_build_and_check_warn_when_base_url_has_no_host(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    root = write_site(tmp_path / "site", {"site.yaml": "title: T\nbase_url: /news/\n",
                                          "content/articles/a.md": article("One")})
    warning = ("warning: site.yaml:2: base_url '/news/' has no scheme and host, so canonical links, "
               "og:url, feed links and sitemap URLs are paths, which search engines, feed readers and "
               "link previews cannot resolve (a sitemap must list full URLs); set the address the site "
               "will be served from, such as base_url: https://briefing.example.org/ in site.yaml, "
               "or pass --base-url")
    for args in (("build", root, "-o", tmp_path / "out"), ("check", root)):
        result = run_cli(*args)
        assert result.code == 0 and warning in result.err_lines, result.err
    given = run_cli("build", root, "-o", tmp_path / "out", "--base-url", "/")
    assert [line for line in given.err_lines if "base_url" in line] == [
        "warning: --base-url: base_url '/' has no scheme and host, so canonical links, og:url, feed "
        "links and sitemap URLs are paths, which search engines, feed readers and link previews "
        "cannot resolve (a sitemap must list full URLs); pass the address the site will be served "
        "from, such as --base-url https://briefing.example.org/"]
    hosted = run_cli("build", root, "-o", tmp_path / "out", "--base-url", HOSTED)
    assert "base_url" not in hosted.err
    assert "base_url" not in run_cli("build", root, "-q", "-o", tmp_path / "out").err


# --- the example site ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from tests.conftest import run_cli

    scratch = tmp_path_factory.mktemp("example-meta")
    out = scratch / "out"
    result = run_cli("build", fixture_copy(REPO, scratch), "-o", out)
    assert result.code == 0, result.err
    return out, result.err


def test_the_example_site_is_hosted_and_shares_a_picture_on_every_item(example: tuple[Path, str]) -> None:
    out, err = example
    assert "warning" not in err
    base = "https://briefing.example.org/"
    items = sorted((out / "articles").glob("*/index.html"))
    assert len(items) == 26
    for page in items:
        html = page.read_text(encoding="utf-8")
        data = the_json_ld(html)
        assert data["image"].startswith(base + "media/") and meta(html, "og:image") == data["image"], page
        assert data["publisher"] == {"@type": "Organization", "name": "RUSSIALINK Briefing", "url": base}
        assert data["author"] == data["publisher"] or all(a["@type"] == "Person" for a in data["author"])
        assert data["isBasedOn"].startswith("https://") and data["isBasedOn"] != data["url"], page
        assert meta(html, "og:url") == data["url"] and data["url"].startswith(base)
    sitemap = read(out, "sitemap.xml")
    locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert locs and all(loc.startswith(base) for loc in locs)
    feed = read(out, "feed.xml")
    assert 'rel="self" type="application/atom+xml" href="https://briefing.example.org/feed.xml"' in feed
    assert "<name>Reuters</name>" not in feed  # the outlet is a via link, not the entry's author
    assert 'rel="via"' in feed and 'title="Reuters"' in feed
