"""Heading ids, anchors and the table of contents, on literal HTML (source/headings.py)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefgen.source.headings import (
    _ID_ATTR,
    ANCHOR,
    RESERVED_IDS,
    TocEntry,
    add_heading_ids,
    heading_text,
    ids_in,
    strip_anchors,
    table_of_contents,
    unique_id,
)


def ids(html: str) -> list[str]:
    return re.findall(r'<h[1-6][^>]* id="([^"]*)"', add_heading_ids(html)[0])


def test_a_heading_gets_its_slug_as_id_and_an_anchor_link() -> None:
    html, headings = add_heading_ids("<p>x</p>\n<h2>Talks in Geneva</h2>\n")
    assert html == ('<p>x</p>\n<h2 id="talks-in-geneva">Talks in Geneva'
                    + ANCHOR.format(id="talks-in-geneva") + "</h2>\n")
    assert headings == ((2, "talks-in-geneva", "Talks in Geneva"),)
    assert 'aria-label="Link to this section"' in html


def test_ids_are_ascii_transliterated_as_slugs_are() -> None:
    assert ids("<h2>Мария Захарова</h2><h3>Crème brûlée</h3>") == ["mariia-zakharova", "creme-brulee"]


def test_repeated_headings_get_numbered_ids() -> None:
    assert ids("<h2>Notes</h2><h3>Notes</h3><h2>Notes</h2>") == ["notes", "notes-1", "notes-2"]


def test_a_heading_with_nothing_to_slug_gets_a_fallback_id() -> None:
    assert ids("<h2>🙂</h2><h2></h2><h2>…</h2>") == ["section", "section-1", "section-2"]


def test_ids_the_theme_uses_are_avoided() -> None:
    assert "main" in RESERVED_IDS
    assert ids("<h2>Main</h2><h2>Search</h2><h2>Related heading</h2>") == [
        "main-1", "search-1", "related-heading-1"]


def test_ids_already_in_the_body_are_avoided() -> None:
    body = ('<h2>fn1</h2><p><sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup></p>'
            '<ol><li id="fn1">note</li></ol>')
    assert ids(body) == ["fn1-1"]


def test_a_heading_with_an_id_keeps_it_and_others_avoid_it() -> None:
    html, headings = add_heading_ids('<h2>Later</h2><h2 id="later" class="x">Mine</h2>')
    assert '<h2 id="later-1">Later' in html
    assert '<h2 id="later" class="x">Mine' + ANCHOR.format(id="later") + "</h2>" in html
    assert [h[1] for h in headings] == ["later-1", "later"]


def test_an_explicit_id_after_the_text_is_used_and_taken_out() -> None:
    html, headings = add_heading_ids("<h2>Geneva talks {#geneva}</h2><h3>Next {: #next-step }</h3>")
    assert '<h2 id="geneva">Geneva talks<a ' in html
    assert '<h3 id="next-step">Next<a ' in html
    assert headings == ((2, "geneva", "Geneva talks"), (3, "next-step", "Next"))


def test_an_explicit_id_may_start_with_a_digit_a_letter_of_any_script_or_a_dash() -> None:
    """Ids other generators made and imported sites keep: `7-you`, `新闻`,
    `-here-comes-the-sun` (Hugo's for a heading that starts with an emoji)."""
    html, headings = add_heading_ids("<h2>7. You {#7-you}</h2><h2>新闻 {#新闻}</h2>"
                                     "<h2>🎵 Sun {#-here-comes-the-sun}</h2><h2>Not {#_x}</h2>")
    assert [h[1] for h in headings] == ["7-you", "新闻", "-here-comes-the-sun", "not-x"]
    assert "{#_x}" in html  # an id starts with no `_`: kept as text


def test_text_is_plain_without_footnote_marks_and_with_entities_decoded() -> None:
    inner = ('Lavrov &amp; <em>Blinken</em> <code>&lt;x&gt;</code>'
             '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>')
    assert heading_text(inner) == "Lavrov & Blinken <x>"
    assert ids(f"<h2>{inner}</h2>") == ["lavrov-blinken-x"]


def test_a_body_without_headings_is_returned_as_it_is() -> None:
    html = '<p>See <a href="#x">x</a></p><hr class="footnotes-sep" />'
    assert add_heading_ids(html) == (html, ())


def test_escaped_markup_is_not_a_heading() -> None:
    html = "<pre><code>&lt;h2&gt;no&lt;/h2&gt;\n</code></pre>"
    assert add_heading_ids(html) == (html, ())


def test_ids_are_stable() -> None:
    body = "<h2>A</h2><h2>A</h2><h3>B</h3>"
    assert add_heading_ids(body) == add_heading_ids(body)


def test_unique_id_adds_what_it_returns() -> None:
    taken = {"a"}
    assert unique_id("a", taken) == "a-1"
    assert unique_id("a", taken) == "a-2"
    assert taken == {"a", "a-1", "a-2"}


def test_the_table_of_contents_nests_h2_to_h4() -> None:
    headings = ((1, "t", "Title"), (2, "a", "A"), (3, "a1", "A1"), (4, "a1x", "A1x"),
                (5, "deep", "Deep"), (2, "b", "B"), (4, "b1", "B1"), (3, "b2", "B2"))
    assert table_of_contents(headings) == (
        TocEntry("a", "A", (TocEntry("a1", "A1", (TocEntry("a1x", "A1x"),)),)),
        TocEntry("b", "B", (TocEntry("b1", "B1"), TocEntry("b2", "B2"))),
    )
    assert table_of_contents(headings)[0].url == "#a"


def test_a_table_of_contents_may_start_below_h2() -> None:
    assert table_of_contents(((3, "x", "X"), (2, "y", "Y"))) == (TocEntry("x", "X"), TocEntry("y", "Y"))
    assert table_of_contents(()) == ()


def test_anchors_can_be_taken_out_again() -> None:
    body = '<h2>A</h2><p>See <a href="#a">A</a>.</p><h3 id="own">B {#x}</h3>'
    html, _ = add_heading_ids(body)
    assert strip_anchors(html) == '<h2 id="a">A</h2><p>See <a href="#a">A</a>.</p><h3 id="own">B {#x}</h3>'
    assert strip_anchors(body) == body


@settings(max_examples=3000, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from([" ", "\t", "\u00a0", "\n", "x", "a", 'id="', '"', "<h2", ">"]),
                max_size=14).map("".join))
@example(' id="a id="b"')  # a value is read to its closing quote, and the next id after it
@example('<p\u00a0id="nbsp">')  # any white space before `id` counts, as \s has it
def test_ids_are_found_as_the_id_pattern_finds_them(html: str) -> None:
    assert ids_in(html) == _ID_ATTR.findall(html)
