"""The filter in front of the leftovers scan never hides one (source/leftovers.py).

`find_leftovers` given the body's rendered HTML skips its block parse where
the HTML shows no tag as text and no `{{`/`{%` outside code. These tests run
both ways, with and without the HTML, over the CommonMark spec's examples,
the blog corpus of the benchmark (real posts' structure: code with `<` and
`{{`, raw HTML, tables, footnotes) and bodies written to trip the filter,
with raw HTML off and on, and require the same findings (but for a link
destination in angle brackets, which the block parse takes for a tag).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.corpus import bodies
from briefgen.source.excerpt import strip_comments
from briefgen.source.leftovers import REMOVED, find_leftovers, notices, shown, summary_lines
from briefgen.source.markdown import make_markdown, render_markdown

SPEC = json.loads((Path(__file__).parent / "data/markdown/commonmark.json").read_text(encoding="utf-8"))

TRICKY = [
    "[<b>link text</b>](https://e.org/)\n",
    "![<img src=x>](a.png)\n",
    "# Heading <span>x</span>\n",
    "| a | <kbd>Ctrl</kbd> |\n|---|---|\n| `<b>` | {% raw %} |\n",
    "> quoted <div>\n",
    "- item\n\n  <details>\n  <summary>More</summary>\n  </details>\n",
    "Text with &lt;b&gt; typed as an entity, and \\<i> escaped.\n",
    "```html\n<div>{{ x }}</div>\n```\n\nand `{% y %}` inline\n",
    "    <pre>indented</pre>\n\n<pre>raw</pre>\n",
    "Footnote[^1].\n\n[^1]: with <sup>HTML</sup> and {{% note %}}.\n",
    "<https://e.org/a?b=<c>> and <me@e.org>\n",
    "<!DOCTYPE html>\n\n<?php echo 1; ?>\n",
    "[a](<b>) and [c](<d> \"t\") but <e> too\n",
    "{{ page.title }} {{ youtube(id=\"x\") }}\n",
    '<iframe src="https://www.youtube.com/embed/x"></iframe>\n\nand `<iframe>` in code\n',
    "Text <video src=a.mp4>fallback</video> and `Vec<u8>`, <u8> too.\n",
    "```html\n<script>x</script>\n```\n\n<SCRIPT>alert(1)</SCRIPT>\n",
]


def _cases() -> list[str]:
    return [example["markdown"] for example in SPEC] + list(bodies("blog", 300)) + TRICKY


@pytest.mark.parametrize("allow_html", [False, True])
def test_the_filter_finds_what_the_block_parse_finds(allow_html: bool) -> None:
    md = make_markdown(allow_html)
    differ, skipped = [], 0
    for body in _cases():
        text = strip_comments(body).text
        html = render_markdown(md, text)[0]
        if not shown(html, allow_html):
            skipped += 1
        kept = find_leftovers(text, allow_html, html)
        lost = [x for x in find_leftovers(text, allow_html, None) if x not in kept]
        # The block parse's one false alarm: a link destination written in angle
        # brackets, `![alt](<url>)`, is no HTML and the page shows no "<url>".
        if [x for x in lost if f"]({x.text}" not in text] or [x for x in kept if x in lost]:
            differ.append(body)
    assert not differ, f"{len(differ)} bodies lose leftovers to the filter, first: {differ[0]!r}"
    assert skipped > 200  # the filter does spare most bodies their parse


def test_a_body_whose_only_tags_are_in_code_is_spared_the_parse() -> None:
    md = make_markdown(False)
    html = render_markdown(md, "Use `Vec<String>` here.\n\n```go\n{{ .Title }}\n```\n")[0]
    assert not shown(html, False)
    assert shown(render_markdown(md, "A <b>bold</b> claim.\n")[0], False)


def test_raw_html_that_cleaning_removes_is_named_where_it_is_written() -> None:
    """With markdown.html on, an embed or script outside code is taken out of the
    page: a warning names the first, at its line; code and kept tags are not named."""
    md = make_markdown(True)
    text = ("Intro with <b>bold</b> and `<iframe>` in code.\n\n"
            '<iframe src="https://www.youtube.com/embed/x"></iframe>\n\n'
            "```html\n<script>x</script>\n```\n\nA <video src=a.mp4>clip</video>.\n")
    found = find_leftovers(text, True, render_markdown(md, text)[0])
    assert [(x.kind, x.line, x.text) for x in found] == [
        (REMOVED, 2, '<iframe src="https://www.youtube.com/embed/x">'), (REMOVED, 8, "<video src=a.mp4>")]
    (kind, problem), = notices(found, "content/articles/a.md", 5)
    assert problem.line == 7 and "cleaning removes" in problem.message and "(and 1 more)" in problem.message
    assert summary_lines([(kind, problem)]) == [
        "1 item has raw HTML that cleaning removes; run briefgen check for where"]
    plain = "Only <b>kept</b>, <img src=/i.png>, <noscript><i>unwrapped</i></noscript> and `Vec<u8>`.\n"
    assert find_leftovers(plain, True, render_markdown(md, plain)[0]) == []
    assert find_leftovers(text, False, render_markdown(make_markdown(False), text)[0]) != []
