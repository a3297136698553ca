"""Markdown bodies: safe by default, links under the base path, first paragraph."""

from __future__ import annotations

import random

import pytest

from briefgen.source.markdown import make_markdown, render_markdown
from briefgen.source.markdown_accel import _around

SAFE = make_markdown(False)
RAW = make_markdown(True)


def html(text: str, md=SAFE, base: str = "/") -> str:  # type: ignore[no-untyped-def]
    return render_markdown(md, text, base)[0]


def summary(text: str) -> str:
    return render_markdown(SAFE, text)[1]


def test_raw_html_is_escaped_by_default() -> None:
    out = html("<img src=x onerror=alert(1)>\n\nText <b>bold</b>\n")
    assert "<img" not in out and "<b>" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&lt;b&gt;bold&lt;/b&gt;" in out


def test_raw_html_is_kept_when_allowed() -> None:
    out = html("<figure class=\"wide\">x</figure>\n\nText <b>bold</b>\n", md=RAW)
    assert '<figure class="wide">x</figure>' in out
    assert "<b>bold</b>" in out


@pytest.mark.parametrize("link", [
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "<javascript:alert(1)>",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
])
def test_script_urls_never_become_links(link: str) -> None:
    for md in (SAFE, RAW):
        out = html(link + "\n", md=md).lower()
        assert 'href="javascript:' not in out and 'src="javascript:' not in out
        assert "href=\"data:" not in out and "href=\"vbscript:" not in out


def test_ordinary_links_are_kept() -> None:
    out = html("[story](https://example.org/a?b=1&c=2) and [mail](mailto:desk@example.org)\n")
    assert '<a href="https://example.org/a?b=1&amp;c=2">story</a>' in out
    assert '<a href="mailto:desk@example.org">mail</a>' in out


def test_root_relative_links_get_the_base_path() -> None:
    out = html("[about](/about/) ![map](/media/map.png) [rel](other/) [ext](https://e.org/x)\n",
               base="/briefings/")
    assert 'href="/briefings/about/"' in out
    assert 'src="/briefings/media/map.png"' in out
    assert 'href="other/"' in out
    assert 'href="https://e.org/x"' in out


def test_root_relative_links_unchanged_at_the_root() -> None:
    assert 'href="/about/"' in html("[about](/about/)\n")


@pytest.mark.parametrize("link", ["[call](tel:+4930123456)", "[cdn](//cdn.example.org/x.pdf)"])
def test_a_refused_link_never_becomes_a_link_to_the_page_itself(link: str) -> None:
    assert 'href=""' not in html(link + "\n")


def test_tables_strikethrough_and_footnotes() -> None:
    out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: A note.\n")
    assert "<table>" in out and "<td>1</td>" in out
    assert "<s>old</s>" in out
    assert "A note." in out and 'class="footnote' in out


def test_summary_is_the_first_paragraph_as_plain_text() -> None:
    text = ("# Heading\n\nLavrov **said** no\nwar, see [here](/x/) and ![a map](/m.png).\n\n"
            "Second paragraph.\n")
    assert summary(text) == "Lavrov said no war, see here and a map."


def test_summary_is_empty_without_a_paragraph() -> None:
    assert summary("- a list\n- only\n") == ""
    assert summary("") == ""


def test_summary_of_nested_paragraphs_skips_to_top_level() -> None:
    assert summary("> quoted\n\nTop level.\n") == "Top level."


def test_allowed_raw_html_is_still_sanitised() -> None:
    out = html('<figure class="wide"><img src="/m.png" alt="m" onerror="alert(1)"></figure>\n\n'
               '<script>alert(2)</script>\n\n<a href="javascript:alert(3)">x</a> <a href="/ok/">ok</a>\n',
               md=RAW)
    assert '<figure class="wide">' in out
    assert "<script" not in out and "onerror" not in out and "javascript:" not in out
    assert 'href="/ok/"' in out


@pytest.mark.parametrize("accelerate", [True, False])
def test_markdown_alone_renders_the_same_with_raw_html_on_or_off(accelerate: bool) -> None:
    """nh3 cleans the bodies that have raw HTML; Markdown's own HTML is the same
    whether raw HTML is allowed or not (nh3 would rewrite it: `<br>`, `"`), on
    the fast path and markdown-it-py's alike."""
    text = ('Say "hi"  \nto [me](/x) and `a < b`, <https://e.org/>.\n\n'
            "![an image](/i.png)\n\n---\n\n| a |\n|--:|\n| 1 |\n")
    safe, raw = make_markdown(False, accelerate), make_markdown(True, accelerate)
    out = html(text, md=raw)
    assert out == html(text, md=safe)
    assert "&quot;hi&quot;<br />" in out and '<img src="/i.png" alt="an image" />' in out
    cleaned = html(text + "\n<b onclick=x>raw</b>\n", md=raw)
    assert "<b>raw</b>" in cleaned and "onclick" not in cleaned and "<br>" in cleaned


def test_raw_html_keeps_table_alignment_but_no_other_css() -> None:
    out = html('<table><tr><td style="text-align: right">1</td>'
               '<td style="background: url(javascript:alert(1))">2</td></tr></table>\n\n'
               "| a | b |\n|--:|---|\n| 1 | 2 |\n", md=RAW)
    assert out.count('style="text-align: right"') == 1 and 'style="text-align:right"' in out
    assert "url(" not in out and "background" not in out


@pytest.mark.parametrize("accelerate", [True, False])
def test_no_markup_is_shown_as_text_where_cleaning_takes_a_tag_out(accelerate: bool) -> None:
    """A <noscript>'s content is what a page without scripts shows: kept as
    HTML, where taking the tag out left `<img ...>` shown as text; an
    <iframe>'s fallback goes with it, as a browser never shows it."""
    text = ('Text.\n\n<div><noscript>\n<img alt="chart" src="/chart.png"/>\n</noscript></div>\n\n'
            '<iframe src="https://v.example/e">old <b>browsers</b></iframe>\n\n'
            "A <NoScript><em>static</em></NoScript> note.\n")
    out = html(text, md=make_markdown(True, accelerate))
    assert '<img alt="chart" src="/chart.png">' in out and "&lt;" not in out
    assert "<em>static</em>" in out and "browsers" not in out and "iframe" not in out.lower()


def test_an_image_left_without_a_source_by_the_sanitiser_goes() -> None:
    """<img> needs a src; one whose only source was a script URL would be invalid HTML."""
    out = html('<p><img src="javascript:alert(1)" alt="a > b"> <img src="/ok.png" alt="ok"></p>\n',
               md=RAW)
    assert out.count("<img") == 1 and 'src="/ok.png"' in out


def test_pairs_around_a_character_are_the_pairs_in_the_text() -> None:
    """fast_path_blocker looks for "](", "]:", "![", ":-" and "-:" around single
    characters; that must find each pair exactly where `in` would."""
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice("]:!([-x “\n") for _ in range(rng.randrange(12)))
        for pair in ("](", "]:", "![", ":-"):
            assert (pair in _around(text, pair[0])) == (pair in text), (text, pair)
        assert ("-:" in _around(text, ":")) == ("-:" in text), text


def test_raw_html_links_and_images_with_a_backslash_lose_them() -> None:
    """Browsers read `/\\host/` as `//host/`: refused in raw HTML as in every other path."""
    out = html('<a href="/\\evil.example/">x</a> <img src="/\\evil.example/i.png" alt="i">'
               ' <a href="/fine/">y</a>\n', md=RAW)
    assert "evil.example" not in out and 'href="/fine/"' in out


def test_raw_html_images_keep_their_srcset_when_every_address_in_it_is_safe() -> None:
    """A picture given only other sizes (`srcset`, as sites write for sharp
    screens) once vanished without a word; it now shows, the first address
    its `src`. A srcset holding a script or data address is dropped whole."""
    out = html('<img srcset="/logo-2x.png 2x, https://cdn.example/l.png 3x" alt="Logo">\n', md=RAW)
    assert '<img src="/logo-2x.png" srcset="/logo-2x.png 2x, https://cdn.example/l.png 3x" ' \
           'alt="Logo">' in out
    out = html('<img src="/a.png" srcset="javascript:alert(1) 2x" alt="a"> '
               '<img src="/b.png" srcset="/b.png 1x, data:image/png;base64,AAAA 2x" alt="b">\n', md=RAW)
    assert "srcset" not in out and "javascript" not in out and 'src="/b.png"' in out


def test_raw_html_a_tag_of_no_html_element_is_shown_as_text() -> None:
    """`AsRef<Path>` in a post about Rust once lost the rest of its paragraph
    (the cleaner drops SVG's `path` with what follows); a tag of no HTML
    element now shows as written. Real elements are cleaned as before, and an
    SVG's own elements go with it."""
    assert html("Use AsRef<Path> for Component, and Vec<T>.\n", md=RAW) == \
        "<p>Use AsRef&lt;Path&gt; for Component, and Vec&lt;T&gt;.</p>\n"
    assert html('An icon <svg><path d="M0"></path></svg> here <b>bold</b>.\n', md=RAW) == \
        "<p>An icon  here <b>bold</b>.</p>\n"


@pytest.mark.parametrize("accelerate", [True, False])
def test_a_raw_line_break_parts_the_words_of_a_summary(accelerate: bool) -> None:
    """`One.<br />Two.` once made the summary "One.Two."; both renderers now
    read a raw `<br>` as the space a line break is."""
    from briefgen.source.markdown import reference_render

    text = "One.<br />Two <BR>three.\n"
    first = render_markdown(RAW, text)[1] if accelerate else reference_render(RAW, text)[1]
    assert first == "One. Two three."


def test_an_old_style_anchor_keeps_its_name_as_its_id() -> None:
    """`<a name="x">` is how older HTML marks a place; the cleaner drops
    `name`, so it becomes the id that `#x` links lead to (an id of its own wins)."""
    from briefgen.source.markdown import sanitise

    assert sanitise('<a name="the-end"></a>') == '<a id="the-end"></a>'
    assert sanitise("<A NAME='up' href=\"#top\">up</A>") == '<a id="up" href="#top">up</a>'
    assert sanitise('<a id="k" name="j">x</a>') == '<a id="k">x</a>'
    assert sanitise('<a data-name="q">z</a>') == "<a>z</a>"
