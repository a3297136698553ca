"""Shortcodes on literal text: found outside code, tokens in their place,
malformed ones reported at their lines (source/shortcodes.py), and the
tokens' HTML put back (render/shortcodes.py: substitute)."""

from __future__ import annotations

import time

import pytest

from briefgen.render.shortcodes import substitute
from briefgen.source.shortcodes import TOKEN, Found, parse_shortcodes


def parse(body: str, base_path: str = "/") -> Found:
    return parse_shortcodes(body, "a.md", 5, lambda text: f"<md>{text}</md>", base_path)


def test_a_body_without_shortcodes_is_left_as_it_is() -> None:
    found = parse("Text {{ x }} and {% y %}.\n")
    assert (found.text, found.blank, found.shortcodes, found.problems) == (
        "Text {{ x }} and {% y %}.\n", "Text {{ x }} and {% y %}.\n", (), ())


def test_a_shortcode_becomes_a_token_with_its_arguments_and_line() -> None:
    found = parse('Intro.\n\n{{< figure src="/media/a.jpg" caption="A \\"quote\\"" credit=`raw\\` >}}\n')
    (code,) = found.shortcodes
    assert TOKEN.fullmatch(code.token)
    assert found.text == f"Intro.\n\n{code.token}\n"
    assert found.blank == "Intro.\n\n" + " " * 69 + "\n"
    assert (code.name, code.args, code.positional, code.inner, code.line) == (
        "figure", (("src", "/media/a.jpg"), ("caption", 'A "quote"'), ("credit", "raw\\")), (), None, 7)


def test_a_pair_keeps_its_text_rendered_and_its_line_breaks() -> None:
    found = parse('{{< quote by="X" >}}\n  We *wait*.\n\n  Still.\n{{< /quote >}}\nAfter.\n')
    (code,) = found.shortcodes
    assert (code.inner, code.inner_html) == ("We *wait*.\n\nStill.", "<md>We *wait*.\n\nStill.</md>")
    assert found.text == f"{code.token}\n\n\n\n\nAfter.\n"  # every later line where it was
    assert found.text.count("\n") == found.blank.count("\n") == 6


def test_positional_arguments_and_explicit_single_tags() -> None:
    found = parse("{{< video abc 12 />}} {{< x />}}{{< /x >}}\n")
    assert [(c.name, c.positional, c.inner, c.error) for c in found.shortcodes] == [
        ("video", ("abc", "12"), None, ""), ("x", (), None, ""),
        ("", (), None, "shortcode {{< /x >}} closes no {{< x >}} before it")]  # reported when rendered
    assert [str(p) for p in found.problems] == ["a.md:5: shortcode {{< /x >}} closes no {{< x >}} before it"]


def test_shortcodes_in_code_are_text() -> None:
    body = "`{{< a >}}` and\n\n```\n{{< b >}}\n```\n\n    {{< c >}}\n\n\\{{< d >}}\n"
    found = parse(body)
    assert (found.text, found.shortcodes, found.problems) == (body, (), ())


def test_url_arguments_are_checked_and_get_the_base_path() -> None:
    found = parse('{{< figure src="/media/a.jpg" link="https://e.org/x" caption="/not/a/url" >}}\n',
                  base_path="/b/")
    assert found.shortcodes[0].args == (("src", "/b/media/a.jpg"), ("link", "https://e.org/x"),
                                        ("caption", "/not/a/url"))
    bad = parse('x\n{{< card url="javascript:alert(1)" >}}\n{{< figure src=" JAVASCRIPT:x" >}}\n')
    assert [str(p) for p in bad.problems] == [
        "a.md:6: shortcode card: url: not a safe URL: 'javascript:alert(1)' (use an http(s) URL or a path)",
        "a.md:7: shortcode figure: src: not a safe URL: ' JAVASCRIPT:x' (use an http(s) URL or a path)",
    ]


@pytest.mark.parametrize(("body", "message"), [
    ("a\n{{< figure src=\"x.jpg\n", "a.md:6: shortcode '{{< figure src=\"x.jpg' is not closed: end it with "
                                   "'>}}' (write \\{{< for the text itself)"),
    ("{{< a >}} {{< b\n\n{{< c >}}\n", "a.md:5: shortcode '{{< b' is not closed: end it with '>}}' "
                                       "(write \\{{< for the text itself)"),
    ('{{< figure caption="open >}}\n', "a.md:5: shortcode '{{< figure caption=\"open >}}': a quote is not "
                                       "closed; write arguments as key=\"value\""),
    ("{{< figure a=1 a=2 >}}\n", "a.md:5: shortcode '{{< figure a=1 a=2 >}}': 'a' is given twice"),
    ("{{< figure x a=2 >}}\n", "a.md:5: shortcode '{{< figure x a=2 >}}': give every argument a name "
                               "(key=\"value\") or none"),
    ("{{< >}}\n", "a.md:5: shortcode '{{< >}}' has no name: write {{< figure ... >}}"),
    ("\n{{< quote >}}\n{{< figure >}}\n{{< /quote >}}\n",
     "a.md:7: shortcode 'figure' inside {{< quote >}}: shortcodes cannot be nested"),
])
def test_malformed_shortcodes_are_errors_at_their_lines(body: str, message: str) -> None:
    assert [str(p) for p in parse(body).problems] == [message]


@pytest.mark.parametrize("body", ["{{<" * 30000, "{{< a >}}" * 20000, "{{< /a >}}" * 20000,
                                  "{{< a >}}{{< /a >}}" * 10000, '{{< a b="' * 20000],
                         ids=["openers", "singles", "closers", "pairs", "quotes"])
def test_hostile_bodies_take_linear_time(body: str) -> None:
    start = time.perf_counter()
    parse(body)
    assert time.perf_counter() - start < 5


T1, T2 = "briefgen-shortcode-0123456789ab-0", "briefgen-shortcode-0123456789ab-1"


@pytest.mark.parametrize(("html", "out"), [
    (f"<p>a</p>\n<p>{T1}</p>\n<p>b</p>\n", "<p>a</p>\n<FIG>\n<p>b</p>\n"),
    (f"<p>a\n{T1}\nb</p>\n", "<p>a</p>\n<FIG>\n<p>b</p>\n"),
    (f"<p>{T1}\n{T2}</p>\n", "<FIG>\n<X>\n"),
    (f"<p>a {T1} b</p>\n", "<p>a <FIG> b</p>\n"),
    (f"<ul>\n<li>{T1}</li>\n</ul>\n", "<ul>\n<li><FIG></li>\n</ul>\n"),
    (f"<p>x</p>\n<p>y {T2}</p>\n", "<p>x</p>\n<p>y <X></p>\n"),
])
def test_tokens_are_replaced_and_paragraphs_split_around_block_ones(html: str, out: str) -> None:
    assert substitute(html, {T1: "<FIG>", T2: "<X>"}) == out
