"""Hostile or unusual content: the output stays well-formed XML, valid HTML and plain text.

Findings of an audit that fed briefgen markup, Jinja syntax, character references,
odd Unicode and odd URLs in every field, then read the output with real parsers
(xml.etree for feeds and the sitemap, the Nu Html Checker for pages).
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefgen.core.urls import encode_unsafe
from tests.conftest import MakeSite, article, build, parse_html
from tests.test_html_valid import atom_problems, names, shown, vnu_command, vnu_messages

ATOM = "{http://www.w3.org/2005/Atom}"
# Code points XML 1.0 forbids, and the noncharacters HTML forbids too.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                       "\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)

# Character references for code points XML or HTML forbid, which markdown-it (a form
# feed) or, with markdown.html on, nh3 (the rest) decode into the body as they are.
REFERENCES = "Form&#12;feed, &#x0C; and [a](/x \"t&#12;t\") ![b&#12;](/m.png)."
# Links to hosts that cannot be: browsers go nowhere and validators refuse them.
BAD_HOSTS = ("[two](<http://a b/>) [three](http://[::1) [four](https://ex%zzample.com/) "
             "[five](http://a..b/) [six](https:///x) [seven](http://:80/) [eight](http://exa\\mple.com) "
             "<https://a%20b.example/> and a [good](https://a_b.example.org/) one.")
RAW_REFERENCES = ('<p title="&#2;">SOH&#1;VT&#11;C1&#x81;FFFE&#xFFFE;FDD0&#xFDD0;'
                  "astral&#x1FFFF;&#x10FFFF;end</p>\n\n" + REFERENCES)

HOSTILE = {
    "site.yaml": "title: \"Site </title><script>alert(1)</script> {{ 7*7 }} ]]> &amp;\"\n"
                 "base_url: https://example.org/b&c/\nsearch: false\n"
                 "taxonomies: {people: , topics: , sources: {field: source}, series: {field: series}}\n",
    "content/articles/a.md": article(
        "\"<script>alert(1)</script> {{ 7*7 }} {% if true %}JINJA{% endif %} ]]> &amp; \\u2028 \\u202e x\"",
        "2022-01-18T09:30:00+03:00",
        REFERENCES + "\n\nBody {{ 7*7 }} {% raw %} ]]> </script>\n\n" + BAD_HOSTS + "\n",
        source="'\"><img src=x onerror=alert(2)> {{ config }}'",
        source_url="'https://fonts.example/css?family=A|B&x={y}^z&p=5%&q=\"x\"#a#b'",
        also_appeared_at="['https://example.org/{x}|^%zz']",
        series="'</script><script>alert(3)</script> {# c #}'",
        people="['</script><!-- x', Мария Захарова, 'e\\u0301\\u0301', '👨‍👩‍👧 Family']",
        topics="['x\" onmouseover=\"alert(1)', 東京, Ελλάδα, 'a\\u200db']",
        summary="'Summary </script> ]]> {{ 1+1 }} \\u200f rtl'",
        image="{src: /media/a.png, alt: '\"><img onerror=alert(5)> {{ x }}'}"),
    "content/people/m.md": "---\nname: Мария Захарова\naliases: ['</script><script>alert(6)</script>', "
                           "'{{ 7*7 }}']\nrole: \"Role </script> {{ 7*7 }}\"\n"
                           "image: {src: /media/a.png, alt: '</script>'}\n---\nBio {{ 7*7 }} </script>\n",
    "content/pages/p.md": "---\ntitle: \"Page </title> {{ 7*7 }}\"\nslug: about\n---\n{{ 7*7 }}\n",
    "content/media/a.png": b"PNG",
}


def output_texts(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*")) if p.suffix in (".html", ".xml")}


def assert_clean_xml(out: Path) -> None:
    """Every feed and the sitemap parse, feeds are Atom; no file holds a forbidden code point."""
    for rel, text in output_texts(out).items():
        found = FORBIDDEN.search(text)
        assert found is None, f"{rel}: {found.group()!r}"
        if rel.endswith(".xml"):
            root = ET.fromstring(text.encode())  # raises on a malformed feed
            if root.tag == ATOM + "feed":
                assert not atom_problems(root), (rel, atom_problems(root))


@pytest.mark.parametrize("allow_html", [False, True])
def test_character_references_never_put_forbidden_code_points_in_pages_or_feeds(
        make_site: MakeSite, tmp_path: Path, allow_html: bool) -> None:
    """`&#12;` (markdown-it decodes it to a form feed) and, with markdown.html on,
    `&#1;`, `&#xFFFE;` or `&#xFDD0;` in raw HTML (nh3 decodes them) made every feed
    with the item malformed XML. Each becomes a space, like a typed control character."""
    site = make_site({
        "site.yaml": f"title: T\nsearch: false\nmarkdown: {{html: {str(allow_html).lower()}}}\n",
        "content/articles/a.md": article("Refs", body=RAW_REFERENCES, people="[Ann]"),
        "content/people/ann.md": "---\nname: Ann\n---\nBio&#12;graphy &#x0C;.\n",
        "content/pages/p.md": "---\ntitle: P\n---\nPage&#12;body.\n",
    })
    out = tmp_path / "out"
    build(site, "-o", out)
    assert_clean_xml(out)
    page = (out / "articles/refs/index.html").read_text(encoding="utf-8")
    assert "Form feed" in page and "Page body" in (out / "p/index.html").read_text(encoding="utf-8")
    if allow_html:
        assert re.search(r"SOH\s+VT\s+C1\s+FFFE\s+FDD0\s+astral\s+end", page), page


def test_no_named_reference_stands_for_a_forbidden_code_point() -> None:
    """Bodies are scanned for forbidden code points only when they hold `&#`: that is
    right only while neither markdown-it's entity table nor HTML's (which nh3 decodes
    in raw HTML) maps a name to one of them."""
    from html.entities import html5

    from markdown_it.common.entities import entities

    assert not [name for name, text in {**entities, **html5}.items() if FORBIDDEN.search(text)]


@pytest.mark.parametrize(("written", "published"), [
    ("https://fonts.example/css?family=A|B", "https://fonts.example/css?family=A%7CB"),
    ("https://example.org/{x}^", "https://example.org/%7Bx%7D%5E"),
    ("https://example.org/100%", "https://example.org/100%25"),
    ("https://example.org/%41%zz", "https://example.org/%41%25zz"),
    ("https://example.org/a#b#c", "https://example.org/a#b%23c"),
    ("https://example.org/?q=\"a\"<b>`", "https://example.org/?q=%22a%22%3Cb%3E%60"),
    ("https://example.org/a%7Cb#top", "https://example.org/a%7Cb#top"),
])
def test_front_matter_urls_are_encoded_as_html_requires(written: str, published: str) -> None:
    """`{ } | ^`, a `%` without two hex digits and a second `#` are not allowed in an
    HTML URL: a source_url such as a font link `family=A|B` made the page invalid."""
    assert encode_unsafe(written) == published


@pytest.mark.slow
def test_hostile_site_is_valid_safe_and_prints_jinja_literally(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(HOSTILE)
    out = tmp_path / "out"
    build(site, "-o", out)
    assert_clean_xml(out)
    texts = output_texts(out)
    for rel, text in texts.items():
        assert not re.search(r"\b49\b", text), rel  # {{ 7*7 }} is printed, never evaluated
        if not rel.endswith(".html"):
            continue
        blocks = JSON_LD.findall(text)
        for block in blocks:
            assert not set(block) & {"<", ">", "&"}, (rel, block)
            json.loads(block)
        tags, _ = parse_html(JSON_LD.sub("", text))
        for tag, attrs in tags:
            assert tag not in ("script", "iframe", "object", "embed"), (rel, tag)
            assert not any(name.startswith("on") for name in attrs), (rel, tag, attrs)
    item = next(rel for rel in texts if rel.startswith("articles/"))
    tags, text = parse_html(texts[item])
    assert "{% if true %}JINJA{% endif %}" in text and "{{ config }}" in text
    assert "\u202e x\u202c" in text  # the title's right-to-left override is closed
    for word in ("two", "three", "four", "five", "six", "seven", "eight", "https://a b.example/"):
        assert word in text  # shown as text, not as a link
    body_links = [attrs.get("href") for tag, attrs in tags if tag == "a" and "class" not in attrs]
    assert "https://a_b.example.org/" in body_links
    bad = ("a%20b", "..", ":///", "://:", "[", "%5C")
    assert not [h for h in body_links if h and any(s in h for s in bad)]
    source = "https://fonts.example/css?family=A%7CB&x=%7By%7D%5Ez&p=5%25&q=%22x%22#a%23b"
    assert ("a", {"class": "source", "href": source, "rel": "external noopener"}) in tags
    # the Nu Html Checker finds nothing wrong in any page
    proc = subprocess.run([*vnu_command(), str(out)], capture_output=True, text=True, timeout=300,
                          check=False)
    messages = [shown(m, out) for m in vnu_messages(proc.stdout + proc.stderr) if names(m, out)]
    assert not messages, "\n".join(messages)
    assert proc.returncode == 0, proc.stdout + proc.stderr
