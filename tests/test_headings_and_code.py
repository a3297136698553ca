"""Heading ids, the table of contents and code highlighting on built sites, and
the same final HTML whichever Markdown engine rendered a body (docs/content.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.source.headings import add_heading_ids
from briefgen.source.highlight import highlight_code
from briefgen.source.markdown import accelerated_render, make_markdown, reference_render
from tests.conftest import MakeSite, article, build, run_cli

BODY = """Intro.

## Talks in Geneva

### Мария Захарова

```python
print("<script>alert(1)</script>")
```

## Main

#### Deep {#deep-dive}
"""


def page(out: Path, slug: str) -> str:
    return (out / "articles" / slug / "index.html").read_text()


def toc_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="toc".*?</nav>', html, re.DOTALL)
    return re.findall(r'href="#([^"]*)"', nav.group(0)) if nav else []


def test_headings_get_ids_and_anchors_and_fences_are_highlighted(make_site: MakeSite,
                                                                tmp_path: Path) -> None:
    site = make_site({"site.yaml": "title: Brief\nsearch: false\n",
                      "content/articles/a.md": article("One", body=BODY)})
    out = tmp_path / "out"
    build(site, "-o", out)
    html = page(out, "one")
    assert '<h2 id="talks-in-geneva">Talks in Geneva<a class="heading-anchor" href="#talks-in-geneva"' in html
    assert '<h3 id="mariia-zakharova">' in html
    assert '<h2 id="main-1">' in html and html.count('id="main"') == 1  # the theme's <main>
    assert '<h4 id="deep-dive">Deep<a' in html
    assert '<pre><code class="language-python"><span class="nb">print</span>' in html
    assert "<script>alert" not in html
    assert toc_links(html) == []  # no table of contents unless asked for
    assert (out / "static" / "briefgen-code.css").is_file()
    assert 'href="/static/briefgen-code.css"' in html
    feed = (out / "feed.xml").read_text()
    assert "id=&#34;talks-in-geneva&#34;" in feed and "heading-anchor" not in feed


def test_the_email_digest_leaves_the_anchors_out(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"site.yaml": "title: Brief\nsearch: false\n",
                      "content/articles/a.md": article("One", body=BODY)})
    here = tmp_path / "here"
    here.mkdir()
    result = run_cli("digest", "2022-01-18", site, "--full", cwd=here)
    assert result.code == 0, result.err
    mail = (here / "digest-2022-01-18.html").read_text()
    assert 'id="talks-in-geneva"' in mail and "heading-anchor" not in mail
    assert "Talks in Geneva#" not in (here / "digest-2022-01-18.txt").read_text()


def test_toc_per_item_and_site_wide(make_site: MakeSite, tmp_path: Path) -> None:
    files = {"content/articles/a.md": article("One", body=BODY, toc="true"),
             "content/articles/b.md": article("Two", body=BODY),
             "content/articles/c.md": article("Three", body=BODY, toc="false")}
    out = tmp_path / "out"
    build(make_site({"site.yaml": "title: Brief\nsearch: false\n", **files}), "-o", out)
    expected = ["talks-in-geneva", "mariia-zakharova", "main-1", "deep-dive"]
    assert [toc_links(page(out, s)) for s in ("one", "two", "three")] == [expected, [], []]
    nested = re.search(r'<nav class="toc".*?</nav>', page(out, "one"), re.DOTALL)
    assert nested is not None and nested.group(0).count("<ol>") == 3  # the list, and two nested
    wide = tmp_path / "wide"
    build(make_site({"site.yaml": "title: Brief\nsearch: false\ntoc: true\n", **files}, "site2"),
          "-o", wide)
    assert [toc_links(page(wide, s)) for s in ("one", "two", "three")] == [expected, expected, []]


def test_toc_is_checked_like_other_fields(make_site: MakeSite) -> None:
    site = make_site({"site.yaml": "title: Brief\nsearch: false\n",
                      "content/articles/a.md": article("One", toc="'yes'"),
                      "content/articles/b.md": article("Two", TOC="true")})
    result = run_cli("check", site)
    assert result.code == 1
    assert "content/articles/a.md:4: toc: expected true or false, got 'yes'" in result.err
    assert "content/articles/b.md:4: TOC: not a key briefgen reads (did you mean 'toc'?)" in result.err


BODIES = [
    BODY,
    "# One\n\n## One\n\n## one\n\nText with `code` and *emphasis*.\n",
    "## Lavrov & Blinken: *no* deal[^1]\n\n[^1]: A note.\n\n## fn1\n",
    "```js\nconst a = '<b>' && 1;\n```\n\n```\nplain\n```\n\n```nosuchlang\nx\n```\n",
    "Setext heading\n==============\n\nAnother\n-------\n\n    indented code\n",
    "## 🙂\n\n## …\n\n### Crème brûlée\n\n```python\n\tif a < b:\n\t\tpass\n```\n",
    "- list\n\n  ```python\n  x = 1\n  ```\n\n> ## Quoted heading\n",
]


@pytest.mark.parametrize("body", BODIES)
def test_both_engines_give_the_same_final_html(body: str) -> None:
    md = make_markdown(False)
    if md.accelerated is None:
        pytest.skip("markdown-it-pyrs is not installed or the reference paths are on")
    fast = accelerated_render(md.accelerated, body, "/", False)
    reference = reference_render(md, body, "/")
    assert fast is not None, "the Rust engine declined this body: the test compares nothing"

    def final(html: str) -> tuple[str, object]:
        return add_heading_ids(highlight_code(html))

    assert final(fast[0]) == final(reference[0])


def test_edits_to_headings_and_toc_equal_clean_builds(tmp_path: Path) -> None:
    """A body edit that changes the headings takes the body-only path; the table
    of contents must follow it, as must turning `toc` on for the whole site."""
    from briefgen.serve.server import Preview
    from tests.test_incremental import assert_same, served, start_site, touch_write

    root = start_site(tmp_path / "site")
    item = root / "content/articles/2022/01/item-0.md"

    def write(body: str) -> None:
        touch_write(item, article("Item 0", date="2022-01-10", body=body, summary="S.", toc="true"))

    write("Body 0.\n\n## First\n")
    preview = Preview(root, drafts=False)
    assert_same(preview, root, tmp_path, "first build")
    write("Body 0.\n\n## First\n\n### Second\n\n```python\nx = 1\n```\n")
    assert_same(preview, root, tmp_path, "a heading added")
    assert toc_links(served(preview)["articles/item-0/index.html"].decode()) == ["first", "second"]
    site_yaml = root / "site.yaml"
    touch_write(site_yaml, site_yaml.read_text() + "toc: true\n")
    assert_same(preview, root, tmp_path, "toc on for the site")
