"""Safety: hostile content stays text, foreign folders stay untouched, output is reproducible."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import (
    MakeSite,
    anchors,
    article,
    build,
    page_text,
    parse_html,
    run_cli,
    snapshot,
    tree_bytes,
    write_site,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)

HOSTILE_TITLE = "<script>alert('title')</script> Talks"
HOSTILE = """---
title: "<script>alert('title')</script> Talks"
date: 2022-01-18
people: ["<script>alert('person')</script>", 'Eve "Quote" </a><b>']
topics: ['x" onmouseover="alert(1)']
summary: 'He said "no" > then <script>alert(2)</script>'
image: {src: /media/a.png, alt: 'alt" onerror="alert(3)'}
source: "<b>Wire</b>"
source_url: 'https://example.org/?a=1&b="x"'
series: "</p><script>alert(4)</script>"
region: "<script>alert('extra')</script>"
---
Click [me](javascript:alert(5)) or [upper](JAVASCRIPT:alert(6)) or <javascript:alert(7)>
or [entity](&#106;avascript:alert(8)) or [data](data:text/html;base64,PHNjcmlwdD4=).

<img src=x onerror=alert(9)>

<script>alert("body")</script>
"""


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>\n?', re.DOTALL)


def without_json_ld(html: str) -> str:
    """The page without its JSON-LD block (docs/metadata.md), checked first: the one script
    element briefgen writes holds JSON with no raw `<`, `>` or `&`, so nothing ends it early."""
    blocks = JSON_LD.findall(html)
    assert len(blocks) <= 1
    for block in blocks:
        assert not set(block) & {"<", ">", "&"}, block
        json.loads(block)
    return JSON_LD.sub("", html)


# The search page's own two scripts (docs/search.md): fixed markup, their URLs made of the base
# path only, so no front matter value can produce them.
SEARCH_SCRIPTS = re.compile(r'<script src="/(?:[a-z0-9_-]+/)*(?:pagefind/pagefind-ui|static/briefgen-search)'
                            r'\.js" defer></script>\n')


def without_search_scripts(html: str) -> str:
    return SEARCH_SCRIPTS.sub("", html)


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def assert_harmless(html: str, where: object) -> None:
    """No script element, no event handler attribute, no script URL in any attribute."""
    tags, _ = parse_html(html)
    for tag, attrs in tags:
        assert tag != "script", where
        for name, value in attrs.items():
            assert not name.startswith("on"), (where, tag, name, value)
            if name in ("href", "src", "action", "formaction", "srcset", "content"):
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                assert not SCRIPT_SCHEME.match(cleaned), (where, tag, name, value)


@pytest.fixture
def hostile_out(make_site: MakeSite, tmp_path: Path) -> Path:
    site = make_site({"content/articles/h.md": HOSTILE, "content/media/a.png": b"PNG"})
    build(site, "-o", tmp_path / "out")
    return tmp_path / "out"


def test_hostile_item_is_harmless_everywhere(hostile_out: Path) -> None:
    files = html_files(hostile_out)
    assert len(files) > 8
    for file in files:
        html = without_search_scripts(without_json_ld(file.read_text(encoding="utf-8")))
        assert "<script" not in html.lower(), file
        assert 'href="javascript:' not in html.lower(), file
        assert_harmless(html, file)


def test_hostile_values_show_as_the_text_they_are(hostile_out: Path) -> None:
    [page] = [p for p in (hostile_out / "articles").rglob("index.html")]
    html = page.read_text(encoding="utf-8")
    tags, text = parse_html(html)
    assert HOSTILE_TITLE in text
    assert "<script>alert('person')</script>" in text
    assert 'Eve "Quote" </a><b>' in text
    assert "</p><script>alert(4)</script>" in text
    assert "<b>Wire</b>" in text
    assert "<img src=x onerror=alert(9)>" in text  # raw HTML in the body is escaped
    assert '<script>alert("body")</script>' in text
    # attribute values come back exactly, so nothing broke out of its quotes
    assert ("img", {"src": "/media/a.png", "alt": 'alt" onerror="alert(3)'}) in tags
    description = 'He said "no" > then <script>alert(2)</script>'
    assert ("meta", {"name": "description", "content": description}) in tags
    # quotes in a front matter URL are percent-encoded, as a browser would send them
    assert any(t == "a" and a.get("href") == "https://example.org/?a=1&b=%22x%22" for t, a in tags)
    labels = [label for _, label in anchors(html)]
    for label in ("me", "upper", "entity", "data"):  # script links are left as text
        assert label not in labels
    assert not any("alert(" in href for href, _ in anchors(html))


def test_hostile_names_get_plain_slugs(hostile_out: Path) -> None:
    for taxonomy in ("people", "topics"):
        for folder in (hostile_out / taxonomy).iterdir():
            if folder.is_dir():
                assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", folder.name), folder


def test_feeds_stay_well_formed_and_harmless(hostile_out: Path) -> None:
    feeds = sorted(hostile_out.rglob("*.xml"))
    assert len(feeds) >= 4
    for feed in feeds:
        root = ET.fromstring(feed.read_bytes())  # well-formed despite the hostile values
        for entry in root.iter(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}title") == HOSTILE_TITLE
            assert_harmless(entry.findtext(f"{ATOM}content") or "", feed)
            for category in entry.iter(f"{ATOM}category"):
                assert not any(name.startswith("on") for name in category.attrib)


def test_raw_html_is_kept_only_when_markdown_html_is_true(make_site: MakeSite, tmp_path: Path) -> None:
    body = '<figure class="wide"><img src="/media/a.png" alt="map"></figure>\n\nText with <kbd>Ctrl</kbd>.\n'
    item = article("<b>Raw</b> Item", body=body, summary="'<i>not raw</i>'")
    for allowed in (False, True):
        site = make_site({"site.yaml": f"title: T\nmarkdown:\n  html: {str(allowed).lower()}\n",
                          "content/articles/a.md": item}, name=f"site-{allowed}")
        out = tmp_path / f"out-{allowed}"
        build(site, "-o", out)
        html = (out / "articles/b-raw-b-item/index.html").read_text(encoding="utf-8")
        tags, text = parse_html(html)
        assert (('figure', {"class": "wide"}) in tags) is allowed
        assert (("kbd", {}) in tags) is allowed
        assert ('<figure class="wide">' in text) is not allowed
        # front matter is never raw HTML, whatever markdown.html says
        assert "<b>Raw</b> Item" in text and "<i>not raw</i>" in text
        assert ("b", {}) not in tags and ("i", {}) not in tags


def test_hostile_body_is_harmless_even_with_markdown_html_on(make_site: MakeSite, tmp_path: Path) -> None:
    body = ('<p onclick="alert(1)">para</p>\n\n<a href="javascript:alert(2)">x</a>\n\n'
            '<img src=x onerror=alert(3)>\n\n<script>alert(4)</script>\n\n'
            '<iframe src="javascript:alert(5)"></iframe>\n\n<a href=" JaVaScRiPt:alert(6)">y</a>\n')
    site = make_site({"site.yaml": "title: T\nmarkdown:\n  html: true\n",
                      "content/articles/a.md": article("Raw", body=body)})
    build(site, "-o", tmp_path / "out")
    for file in html_files(tmp_path / "out"):
        html = without_search_scripts(without_json_ld(file.read_text(encoding="utf-8")))
        assert "<script" not in html.lower() and "<iframe" not in html.lower(), file
        assert_harmless(html, file)
    assert "para" in page_text((tmp_path / "out/articles/raw/index.html").read_text(encoding="utf-8"))


def test_template_values_are_escaped_in_site_templates_too(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/a.md": article("Item", region="\"<script>alert('extra')</script>\""),
        "templates/article.html": '{% extends "base.html" %}{% block main %}'
                                  '<p data-region="{{ article.extra.region }}">{{ article.extra.region }}</p>'
                                  "{% endblock %}\n",
    })
    build(site, "-o", tmp_path / "out")
    html = without_json_ld((tmp_path / "out/articles/item/index.html").read_text(encoding="utf-8"))
    assert "<script" not in html
    tags, text = parse_html(html)
    assert ("p", {"data-region": "<script>alert('extra')</script>"}) in tags
    assert "<script>alert('extra')</script>" in text


@pytest.mark.parametrize(("rel", "text", "line"), [
    ("content/articles/a.md", article("Item", image="javascript:alert(1)"), 4),
    ("content/articles/a.md", article("Item", image="{src: 'JavaScript:alert(1)', alt: x}"), 4),
    ("content/articles/a.md", article("Item", image="//evil.example/x.png"), 4),
    ("content/people/p.md", "---\nname: P\nimage: 'data:image/svg+xml,<svg onload=alert(1)>'\n---\n", 3),
])
def test_script_urls_in_front_matter_are_refused(make_site: MakeSite, tmp_path: Path,
                                                 rel: str, text: str, line: int) -> None:
    site = make_site({rel: text})
    result = run_cli("build", site, "-o", tmp_path / "out")
    assert result.code == 1
    assert result.err_lines[0].startswith(f"{rel}:{line}: image: ")
    assert not (tmp_path / "out").exists()


def test_yaml_cannot_run_code(make_site: MakeSite, tmp_path: Path) -> None:
    target = tmp_path / "created-by-yaml"
    site = make_site({
        "site.yaml": f'title: !!python/object/apply:os.mkdir ["{target}-config"]\n',
        "content/articles/a.md": "---\ntitle: x\ndate: 2022-01-18\n"
                                 f'x: !!python/object/apply:os.mkdir ["{target}"]\n---\n',
    })
    result = run_cli("build", site)
    assert result.code == 1
    assert "invalid YAML" in result.err and "Traceback" not in result.err
    assert not target.exists() and not Path(f"{target}-config").exists()


# --- the output folder -----------------------------------------------------------------------


def test_a_foreign_non_empty_output_folder_is_refused(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": article("Item")})
    out = tmp_path / "thesis"
    write_site(out, {"chapter1.tex": "years of work", "figures/plot.pdf": b"%PDF"})
    before = snapshot(out)
    result = run_cli("build", site, "-o", out)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert str(out) in result.err and "refusing" in result.err
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "thesis"]


def test_the_default_output_folder_is_refused_too_when_foreign(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("Item"), "public/index.html": "my hand-made page"})
    before = snapshot(site / "public")
    result = run_cli("build", site)
    assert result.code == 1
    assert snapshot(site / "public") == before


def test_the_site_folder_itself_is_never_an_output(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("Item")})
    before = snapshot(site)
    result = run_cli("build", site, "-o", site)
    assert result.code == 1
    assert snapshot(site) == before


def test_an_empty_folder_is_used(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": article("Item")})
    (tmp_path / "empty").mkdir()
    build(site, "-o", tmp_path / "empty")
    assert (tmp_path / "empty/articles/item/index.html").is_file()


def test_briefgens_own_folder_is_replaced_whole(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": article("First"), "content/articles/b.md": article("Second")})
    build(site, "-o", tmp_path / "out")
    (site / "content/articles/b.md").unlink()
    build(site, "-o", tmp_path / "out")
    assert not (tmp_path / "out/articles/second").exists()  # stale pages go
    assert (tmp_path / "out/articles/first/index.html").is_file()


def test_a_failed_build_leaves_the_previous_output_as_it_was(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": article("Item"), "content/media/x.bin": b"\x00\x01"})
    out = tmp_path / "out"
    build(site, "-o", out)
    before = snapshot(out)
    write_site(site, {"content/articles/a.md": article("Item", date="2022-13-01"),
                      "content/articles/new.md": article("New"),
                      "content/media/x.bin": b"changed"})
    assert run_cli("build", site, "-o", out).code == 1
    assert snapshot(out) == before
    write_site(site, {"content/articles/a.md": article("Item")})
    assert run_cli("build", site, "-o", out).code == 0  # and a fixed site builds again
    assert (out / "articles/new/index.html").is_file()
    assert (out / "media/x.bin").read_bytes() == b"changed"


# --- same input, same bytes ------------------------------------------------------------------

RICH = {
    "site.yaml": "title: Déterminisme\nbase_url: https://host.example/b/\n"
                 "timezone: Europe/Moscow\nper_page: 2\n",
    "content/articles/2022/01/a.md": article("Zürich Talks", "2022-01-10", people="[Мария Захарова, Anna]",
                                             topics="[Zürich, NATO]"),
    "content/articles/2022/01/b.md": article("Zurich Again", "2022-01-10", people="[anna, Bob]",
                                             topics="[Zurich, Nato, C++]"),
    "content/articles/2022/01/c.md": article("Third", "2022-01-11T23:30:00Z",
                                             people="[Charlie, Мария Захарова]", topics="[C, NATO]"),
    "content/articles/2022/02/d.md": article("Fourth", "2022-02-01T08:00:00-05:00",
                                             people="[Dora, Eve, Anna]"),
    "content/people/anna.md": "---\nname: Anna\naliases: [Анна]\nrole: Envoy\n---\nBio.\n",
    "content/people/ghost.md": "---\nname: Ghost\n---\n",
    "content/pages/about.md": "---\ntitle: About\n---\nAbout.\n",
    "content/media/m.bin": bytes(range(256)),
}


@pytest.mark.slow
def test_same_input_same_bytes(make_site: MakeSite, tmp_path: Path) -> None:
    """Two builds in separate processes (other hash seeds, folders and file times) are identical."""
    site = make_site(RICH)
    runs = []
    for n, seed in enumerate(("1", "4242")):
        if n:  # touch every source file: mtimes must not leak into the output
            for file in site.rglob("*"):
                os.utime(file, (1_000_000_000 + n, 1_000_000_000 + n))
        out = tmp_path / f"out-{n}" / ("public" if n else "elsewhere")
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": "Pacific/Auckland" if n else "UTC"}
        command = [sys.executable, "-m", "briefgen", "build", str(site), "-o", str(out), "-q"]
        proc = subprocess.run(command, cwd=tmp_path if n else site, env=env,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        runs.append(tree_bytes(out))
    assert sorted(runs[0]) == sorted(runs[1])
    for rel in runs[0]:
        assert runs[0][rel] == runs[1][rel], rel
    everything = b"".join(runs[0].values())
    assert str(tmp_path).encode() not in everything  # no machine paths
    assert date.today().isoformat().encode() not in everything  # no clock


def test_same_input_same_bytes_in_one_process(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(RICH)
    build(site, "-o", tmp_path / "a", "-q")
    build(site, "-o", tmp_path / "b", "-q")
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


def test_page_text_helper_sees_entities_as_text() -> None:
    assert page_text("<p>&lt;b&gt; &amp; &#34;</p>") == '<b> & "'
