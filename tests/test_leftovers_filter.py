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
from briefgen.source.leftovers import find_leftovers, shown
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
        lost = [x for x in find_leftovers(text, allow_html) if x not in kept]
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
