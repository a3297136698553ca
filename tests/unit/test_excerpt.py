"""HTML comments out of bodies, `<!--more-->` excerpts, and the lead."""

from __future__ import annotations

import time

import pytest

from briefgen.core.errors import Problem
from briefgen.source.config import parse_config
from briefgen.source.content import parse_article
from briefgen.source.excerpt import mask_code_spans, plain_text, strip_comments
from briefgen.source.leftovers import FOREIGN, RAW_HTML, find_leftovers, notices, summary_lines
from briefgen.source.markdown import make_markdown

CONFIG = parse_config("title: T\n")


@pytest.mark.parametrize(("body", "stripped"), [
    ("<!-- markdownlint-disable MD033 -->\n# Title\n\nFirst.\n", "\n# Title\n\nFirst.\n"),
    ("Intro <!-- note --> text.\n", "Intro  text.\n"),
    ("<!--\nseveral\nlines\n-->\nAfter.\n", "\n\n\n\nAfter.\n"),  # the lines after stay where they were
    ("a\n<!-- b -->\nc\n", "a\n\nc\n"),
    ("> quoted <!-- a -->\n> more\n", "> quoted \n> more\n"),
    ("- item <!-- c -->\n- two\n", "- item \n- two\n"),
    ("| a | b <!-- x --> |\n|---|---|\n| <!--y--> | 2 |\n", "| a | b  |\n|---|---|\n|  | 2 |\n"),
    ("<div>\n<!-- in raw HTML -->\n</div>\n", "<div>\n\n</div>\n"),
    ("<!----> and <!--> and <!--->\n", " and  and \n"),
])
def test_comments_are_taken_out_and_their_line_breaks_kept(body: str, stripped: str) -> None:
    assert strip_comments(body).text == stripped


@pytest.mark.parametrize("body", [
    "`<!-- in a code span -->` stays.\n",
    "``a ` <!-- in a double code span --> ``\n",
    "    <!-- indented code -->\n",
    "```\n<!-- fenced code -->\n```\n",
    "~~~html\n<!-- fenced code -->\n~~~\n",
    "<!-- never closed\n\ntext\n",
    "\\<!-- escaped -->\n",
])
def test_what_markdown_reads_as_literal_text_is_kept(body: str) -> None:
    assert strip_comments(body).text == body


def test_more_is_found_where_it_was_in_the_stripped_text() -> None:
    stripped = strip_comments("<!-- lint -->\nFirst.\n\nSecond <!-- x -->.\n\n<!--more-->\n\nRest.\n")
    assert stripped.more is not None
    assert stripped.text[:stripped.more] == "\nFirst.\n\nSecond .\n\n"


@pytest.mark.parametrize("marker", ["<!--more-->", "<!-- more -->", "<!--MORE-->"])
def test_more_is_written_as_hugo_or_zola_write_it(marker: str) -> None:
    assert strip_comments(f"A.\n\n{marker}\n\nB.\n").more == 4


def test_a_more_in_code_is_no_excerpt_end() -> None:
    assert strip_comments("A.\n\n`<!--more-->`\n\nB.\n").more is None


def test_mask_code_spans_keeps_offsets_and_line_breaks() -> None:
    assert mask_code_spans("a `b` c ``d\n` e`` \\`f` g") == "a     c    \n      \\`f` g"


def test_plain_text_joins_blocks_and_keeps_alt_text() -> None:
    assert plain_text("<h2>Head</h2>\n<p>One <em>two</em><br />\nthree ![x]</p>\n"
                      "<ul><li>a</li><li>b &amp; c</li></ul><p><img src=\"/x.png\" alt=\"A map\"></p>") \
        == "Head One two three ![x] a b & c A map"


def test_plain_text_leaves_footnotes_out() -> None:
    html = ('<p>Text<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup> more.</p>\n'
            '<hr class="footnotes-sep" />\n<section class="footnotes">\n<ol class="footnotes-list">\n'
            '<li id="fn1" class="footnote-item"><p>Note. <a href="#fnref1">back</a></p>\n</li>\n</ol>\n'
            "</section>\n")
    assert plain_text(html) == "Text more."


def _item(front: str, body: str):  # type: ignore[no-untyped-def]
    return parse_article(f"---\ntitle: T\ndate: 2022-01-18\n{front}---\n{body}", "content/articles/a.md",
                         CONFIG, make_markdown(False))


def test_a_summary_from_the_body_is_no_lead() -> None:
    item = _item("", "First paragraph.\n\nSecond.\n")
    assert (item.summary, item.lead) == ("First paragraph.", "")


def test_a_summary_written_in_front_matter_is_the_lead() -> None:
    item = _item("summary: Lavrov waits for answers.\n", "First paragraph.\n")
    assert (item.summary, item.lead) == ("Lavrov waits for answers.", "Lavrov waits for answers.")


def test_a_comment_at_the_top_is_neither_summary_nor_text() -> None:
    item = _item("", "<!-- markdownlint-disable MD033 -->\nThe real first paragraph.\n")
    assert item.summary == "The real first paragraph."
    assert item.body_html == "<p>The real first paragraph.</p>\n"


def test_the_excerpt_before_more_is_the_summary_as_plain_text() -> None:
    item = _item("", "# Geneva\n\nThe *first* part.\n\nThe [second](https://e.org/).\n\n"
                     "<!--more-->\n\nThe rest.\n")
    assert item.summary == "Geneva The first part. The second."
    assert "more" not in item.body_html and "The rest." in item.body_html


def test_a_written_summary_wins_over_more() -> None:
    assert _item("summary: Given.\n", "Before.\n\n<!--more-->\n\nAfter.\n").summary == "Given."


# --- leftovers: raw HTML and other generators' syntax --------------------------------------------

@pytest.mark.parametrize(("body", "found"), [
    ("Plain text with <https://e.org/> and a < b.\n", []),
    ("<div>\nx\n</div>\n", [(RAW_HTML, 0, "<div>")]),
    ("a\n\nb <span>c</span>\n", [(RAW_HTML, 2, "<span>"), (RAW_HTML, 2, "</span>")]),
    ("para\nline two <br>\n", [(RAW_HTML, 1, "<br>")]),
    ("`<b>` and\n\n    <i>indented</i>\n\n```\n<u>\n```\n", []),
    ("{{< figure src=\"a.jpg\" >}}\n", []),  # briefgen's own shortcode syntax: shortcodes.py
    ("x {{% note %}} y\n", [(FOREIGN, 0, "{{% note %}}")]),
    ("> {% include a.html %}\n", [(FOREIGN, 0, "{% include a.html %}")]),
    ("1\n\n{{ youtube(id=\"x\") }}\n", [(FOREIGN, 2, "{{ youtube(id=\"x\") }}")]),
    ("{{ page.title }} and `{{< x >}}` and {\"a\": 1}\n", []),
    ("| a | b |\n|---|---|\n| {% x %} | 2 |\n", [(FOREIGN, 2, "{% x %}")]),
])
def test_leftovers_are_found_outside_code_at_their_lines(body: str,
                                                        found: list[tuple[str, int, str]]) -> None:
    assert [(x.kind, x.line, x.text) for x in find_leftovers(body, html_allowed=False)] == found


def test_with_html_allowed_only_other_generators_syntax_and_removed_html_are_found() -> None:
    assert [x.kind for x in find_leftovers("<b>a</b> {% x %}\n", html_allowed=True)] == [FOREIGN]
    assert [x.text for x in find_leftovers("<b>a</b> <iframe src=x></iframe>\n", html_allowed=True)] == \
        ["<iframe src=x>"]


def test_one_notice_per_kind_at_the_first_place() -> None:
    found = find_leftovers("<b>a</b>\n\n{% x %}\n\n{% y %}\n", html_allowed=False)
    assert [(kind, str(p)) for kind, p in notices(found, "a.md", 5)] == [
        (RAW_HTML, "a.md:5: raw HTML is shown as text, as markdown.html is off: '<b>' (and 1 more)"),
        (FOREIGN, "a.md:7: '{% x %}' is another generator's shortcode or template tag, shown as written "
                  "(and 1 more)"),
    ]


def test_the_build_line_counts_items_pages_and_profiles() -> None:
    found = [(RAW_HTML, Problem("m", "content/articles/a.md", 3)),
             (RAW_HTML, Problem("m", "content/articles/b.md", 3)),
             (RAW_HTML, Problem("m", "content/pages/c.md", 3)),
             (FOREIGN, Problem("m", "content/people/d.md", 4))]
    assert summary_lines(found) == [
        "2 items and 1 page have raw HTML shown as text; run briefgen check for where",
        "1 profile has other generators' shortcodes or template tags shown as written; "
        "run briefgen check for where",
    ]


@pytest.mark.parametrize("body", ["<!--" * 30000, "a <!-- b\n" * 3000, "{%" * 50000, "{{<" * 30000,
                                  "{{ a(" * 20000, "<b>" * 30000, "\\" * 30000 + "<b>" * 1000])
def test_hostile_bodies_take_linear_time(body: str) -> None:
    start = time.perf_counter()
    find_leftovers(strip_comments(body).text, html_allowed=False)
    assert time.perf_counter() - start < 3  # a quadratic search took from 40 s to minutes


def test_an_escaped_tag_or_comment_is_text() -> None:
    assert find_leftovers("\\<b> and \\{% x %}\n", html_allowed=False) == []
    assert strip_comments("\\<!-- kept -->\n").text == "\\<!-- kept -->\n"
