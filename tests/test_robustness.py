"""Whatever an editor writes, a build ends cleanly: generated inputs (hypothesis).

Front matter of every type and shape (unicode, huge and impossible dates,
nested values), bodies of Markdown mixed with raw HTML, script links and
template-like text, and file names of any script with spaces and dots: each
site either builds, or fails with errors that each name a file and a line.
Never a traceback; never a page that is not well-formed; never a script from
content (no <script> but the theme's, no on*= attribute, no javascript:
URL). Well-formedness is checked per example with the standard library's
parser; the Nu Html Checker, slow to start, runs once at the end over the
sites gathered meanwhile.

Examples are derandomized, so a run in CI is the run on any machine; set
BRIEFGEN_FUZZ=N to try N times as many (and new ones) while working.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefgen.build.pipeline import build_site
from briefgen.core.errors import SiteErrors
from tests.conftest import write_site
from tests.test_html_valid import vnu_command, vnu_messages
from tests.test_safety import assert_harmless, without_json_ld, without_search_scripts

FUZZ = int(os.environ.get("BRIEFGEN_FUZZ", "1"))
pytestmark = pytest.mark.slow  # about two hundred builds: out of the quick run


def examples(n: int) -> Any:
    return settings(max_examples=n * FUZZ, deadline=None, derandomize=FUZZ == 1, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


SITE_YAML = "title: Fuzz\nbase_url: https://briefing.example.org/\nsearch: false\n"
KEPT = 12  # sites kept for the one run of the Nu Html Checker


# --- what a page must be ------------------------------------------------------------------------

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})


class Balance(HTMLParser):
    """Every element closed, in order; no void element closed; no attribute given twice."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.problems.append(f"<{tag}> repeats an attribute: {names}")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """`<x/>`: void, or foreign content (SVG, MathML), closed where it opens."""

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"</{tag}> closes a void element")
        elif not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def well_formed(html: str) -> list[str]:
    parser = Balance()
    parser.feed(html)
    parser.close()
    if not html.startswith("<!DOCTYPE html>"):
        parser.problems.append("no doctype")
    if parser.open:
        parser.problems.append(f"left open: {parser.open}")
    return parser.problems


def check_site(batch: Path, files: dict[str, str | bytes], site_yaml: str = SITE_YAML) -> None:
    """Build FILES as a site: a clean build with sound pages, or errors with places;
    the first sites built are kept in BATCH (a folder) for the Nu Html Checker."""
    with tempfile.TemporaryDirectory(prefix="briefgen-fuzz-") as scratch:
        root = write_site(Path(scratch) / "site", {"site.yaml": site_yaml, **files})
        out = Path(scratch) / "out"
        try:
            build_site(root, output=out, jobs=1)
        except SiteErrors as exc:
            for problem in exc.problems:
                assert problem.path and problem.line >= 1, f"an error without its place: {problem}"
            return
        for page in sorted(out.rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            where = page.relative_to(out)
            problems = well_formed(html)
            assert not problems, (where, problems)
            assert_harmless(without_search_scripts(without_json_ld(html)), where)
        for feed in sorted(out.rglob("*.xml")):
            ET.parse(feed)  # well-formed XML, or it raises
        kept = len(list(batch.iterdir()))
        if kept < KEPT:
            shutil.copytree(out, batch / f"site-{kept}",
                            ignore=lambda _, names: [n for n in names if n.endswith((".xml", ".txt"))])


@pytest.fixture(scope="module")
def batch() -> Iterator[Path]:
    """Where sites are kept for the checker; module-scoped, as hypothesis needs."""
    folder = Path(tempfile.mkdtemp(prefix="briefgen-fuzz-batch-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# --- front matter -------------------------------------------------------------------------------

ARTICLE_KEYS = ["title", "date", "updated", "slug", "draft", "source", "source_url", "series",
                "summary", "image", "also_appeared_at", "autolink", "toc", "aliases", "people",
                "topics", "publish_date", "expiry_date"]

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
odd_dates = st.sampled_from(["2022-02-30", "0000-01-01", "9999-12-31T23:59:59+14:00", "99999-01-01",
                             "2022-01-18T25:61:00", "1e400", "-2022-01-01", "2022-1-8",
                             "2022-01-18T09:30:00-23:59", "now", "2022-01-18 09:30", ""])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), text, odd_dates,
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.sampled_from([UTC, timezone(timedelta(hours=-12)),
                                            timezone(timedelta(hours=14, minutes=45))])),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(text, st.sampled_from(["src", "alt"])),
                                                 inner, max_size=3)), max_leaves=8)
fronts = st.dictionaries(st.one_of(st.sampled_from(ARTICLE_KEYS), text), values, max_size=5)


def item(front: dict[Any, Any], body: str = "A body.") -> str:
    """An item whose front matter is a good title and date, then FRONT over them."""
    fields = {"title": "A story", "date": date(2022, 1, 18), **front}
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n"


@examples(60)
@given(fronts)
@example({"date": "2022-02-30", "people": [None, "", "  "], "image": {"src": "javascript:x"}})
@example({"updated": date(1, 1, 1), "date": datetime(9999, 12, 30, 23, 0, tzinfo=UTC)})
def test_any_front_matter_builds_or_says_where(batch: Path, front: dict[Any, Any]) -> None:
    check_site(batch, {"content/articles/a.md": item(front)})


lines = st.lists(st.tuples(st.one_of(st.sampled_from(ARTICLE_KEYS), text), text), max_size=5)


@examples(30)
@given(lines)
@example([("title", "'unclosed"), ("date", "[2022")])
@example([("title", "a: b: c"), ("people", "{x: [}")])
def test_front_matter_as_typed_builds_or_says_where(batch: Path, pairs: list[tuple[str, str]]) -> None:
    """Lines an editor typed, which need not be YAML at all."""
    front = "".join(f"{key}: {value}\n" for key, value in pairs)
    check_site(batch, {"content/articles/a.md": f"---\ntitle: A\ndate: 2022-01-18\n{front}---\nBody.\n"})


# --- bodies -------------------------------------------------------------------------------------

SNIPPETS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>', "[y](JaVaScRiPt&#58;alert(1))", "<javascript:alert(1)>",
    "[z](data:text/html;base64,PHNjcmlwdD4=)", "<svg onload=alert(1)><circle/></svg>",
    "<iframe src=https://example.org></iframe>", "<style>p{}</style>", "<div>", "</div>", "</p>",
    "<details><summary>More</summary>", "<!--more-->", "<!-- open comment", "{{ site.title }}",
    "{{< youtube id >}}", "{% raw %}", "{{% note %}}x{{% /note %}}", "```python\nx = 1\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |", "text[^1]\n\n[^1]: a note", "# Heading", "## Heading {#id}",
    "> quoted\n> more", "- one\n  - two", "1. first", "`code <b>`", "&amp; &lt; &#0; &#x110000;",
    "![img](javascript:alert(1))", "![alt](/media/a.png \"t\")", "[rel](../b.md)", "***", "\\",
    "<math><mi>x</mi></math>", "<form action=javascript:alert(1)><button formaction=x>b</button>",
    "<a href=' javascript:alert(1)'>sp</a>", "<p title='\"><script>x</script>'>q</p>",
    '<a href="jav&#x09;ascript:alert(1)">tab</a>', "[nl](java\nscript:alert(1))",
    '<img srcset="javascript:alert(1) 1x">', '<svg><a xlink:href="javascript:alert(1)">s</a></svg>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "<base href=//evil.example/>",
    "<object data=javascript:alert(1)></object>", "<textarea><script>x</script></textarea>",
    "<noscript><p title=\"</noscript><script>x</script>\">", "<a href=vbscript:msgbox(1)>vb</a>",
]
bodies = st.lists(st.one_of(st.sampled_from(SNIPPETS), text),
                  max_size=8).flatmap(lambda parts: st.lists(
                      st.sampled_from(["\n", "\n\n", " ", ""]), min_size=len(parts),
                      max_size=len(parts)).map(lambda seps: "".join(
                          p + s for p, s in zip(parts, seps, strict=True))))


@examples(60)
@given(bodies, st.booleans())
@example("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>", True)
@example("<div>\n\n[x](javascript:alert(1))\n\n{{ site.title }}", True)
@example("\n\n".join(SNIPPETS), True)  # every hostile snippet at once
@example("\n".join(SNIPPETS), False)
def test_any_body_builds_with_no_script_from_content(batch: Path, body: str, raw_html: bool) -> None:
    site_yaml = SITE_YAML + ("markdown:\n  html: true\n" if raw_html else "")
    check_site(batch, {"content/articles/a.md": item({"people": ["Ada Example"]}, body),
                "content/people/ada.md": f"---\nname: Ada Example\n---\n{body}\n",
                "content/pages/about.md": f"---\ntitle: About\n---\n{body}\n"}, site_yaml)


# --- file names ---------------------------------------------------------------------------------

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                              exclude_characters="/\\"), min_size=1, max_size=24).filter(
    lambda n: n not in (".", "..") and len(n.encode()) <= 200)


@examples(40)
@given(st.lists(names, min_size=1, max_size=3, unique=True), st.lists(text, max_size=3))
@example(["a b.c.d", ".hidden", "#x"], ["Ada", "ADA", "ada "])
@example(["ünï cödé", "..x", "名前"], ["Мария Захарова", "", "Zoë"])
@example(["e\u0301", "\u00e9", "E"], ["search", "404", "index.html"])  # one slug, several ways
def test_any_file_name_builds_or_says_where(batch: Path, files: list[str], people: list[str]) -> None:
    """Each item is titled as it is named, so names that make one slug clash."""
    check_site(batch, {f"content/articles/{name}.md": item({"title": name, "people": people})
                       for name in files})


# --- the Nu Html Checker, once ------------------------------------------------------------------



def test_the_sites_built_above_are_valid_html(batch: Path) -> None:
    """Runs last in this module: the sites the tests above kept, in one Java run."""
    sites = sorted(batch.iterdir())
    if not sites:
        pytest.skip("no site was kept (run the whole module)")
    proc = subprocess.run([*vnu_command(), *map(str, sites)], capture_output=True, text=True,
                          timeout=600, check=False)
    messages = vnu_messages(proc.stdout + proc.stderr)
    assert not messages, "\n".join(m.replace(str(batch) + "/", "") for m in messages)
