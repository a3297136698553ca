"""Syntax highlighting of fenced code, on literal HTML (source/highlight.py).

The theme's briefgen-code.css is made by highlight.stylesheet(); after
changing the styles (or when a Pygments release changes them) write it again:

    BRIEFGEN_REGEN_CSS=1 pytest tests/unit/test_highlight.py
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import briefgen
from briefgen.source.highlight import highlight_code, lexer_for, stylesheet
from briefgen.source.markdown import make_markdown, reference_render

CODE_CSS = Path(briefgen.__file__).parent / "theme" / "static" / "briefgen-code.css"


def fence(language: str, text: str) -> str:
    return reference_render(make_markdown(False, accelerate=False), f"```{language}\n{text}```\n")[0]


def test_a_known_language_gets_class_spans_in_the_same_wrapper() -> None:
    html = highlight_code(fence("python", "def f(x):\n    return x\n"))
    assert html.startswith('<pre><code class="language-python"><span class="k">def</span>')
    assert html.endswith("</code></pre>\n")
    assert "style=" not in html


def test_code_is_escaped() -> None:
    html = highlight_code(fence("html", "<script>alert('x' && \"y\")</script>\n"))
    assert "<script" not in html and "&lt;" in html and "<span" in html
    assert "&amp;&amp;" in html
    # What shows is the code as written (Pygments 2.21 stopped escaping `'`
    # in text, where it means nothing: either form is right).
    text = unescape(re.sub(r"<[^>]+>", "", html))
    assert text.strip("\n") == "<script>alert('x' && \"y\")</script>"
    html = highlight_code(fence("python", "s = '</code></pre><script>x</script>'\n"))
    assert html.count("</code></pre>") == 1 and "<script>" not in html


def test_highlighting_keeps_the_text_exactly() -> None:
    text = "\n\n\tif a < b and c > 'd':\n  pass  \n\n"
    html = highlight_code(fence("python", text))
    inner = re.fullmatch(r'<pre><code class="language-python">(.*)</code></pre>\n', html, re.DOTALL)
    assert inner is not None and "<span" in inner.group(1)
    assert unescape(re.sub(r"<[^>]*>", "", inner.group(1))) == text


def test_no_language_or_an_unknown_one_renders_as_before() -> None:
    for language in ("", "no-such-language", "text", "python{1,3}"):
        html = fence(language, "x = 1 < 2\n")
        assert highlight_code(html) == html


def test_markup_inside_code_is_not_a_fence_and_is_left_alone() -> None:
    html = '<pre><code class="language-python"><b>x</b> = 1\n</code></pre>'
    assert highlight_code(html) == html


def test_highlighting_is_deterministic_and_every_fence_is_done() -> None:
    body = fence("python", "a = 1\n") + "<p>between</p>\n" + fence("js", "let b = 2;\n")
    once = highlight_code(body)
    assert once == highlight_code(body)
    assert once.count("<span") >= 6 and "<p>between</p>" in once
    assert highlight_code("<p>no code</p>") == "<p>no code</p>"


def test_lexers_are_found_once_per_name() -> None:
    assert lexer_for("python") is lexer_for("python")
    assert lexer_for("Python") is not None
    assert lexer_for("no-such-language") is None


def test_the_theme_code_stylesheet_is_made_from_the_styles() -> None:
    css = stylesheet()
    if os.environ.get("BRIEFGEN_REGEN_CSS") == "1":
        CODE_CSS.write_text(css)
    assert CODE_CSS.read_text() == css, \
        "briefgen-code.css is stale: BRIEFGEN_REGEN_CSS=1 pytest tests/unit/test_highlight.py"
    assert "@media (prefers-color-scheme: dark)" in css
    assert re.search(r"pre code \.k\b[^{]*\{ color: #", css)
    # A class coloured for light schemes is set again for dark ones, never left dark on dark.
    light, dark = css.split("@media")
    for css_class in set(re.findall(r"pre code \.([\w-]+)", light)):
        assert f".{css_class} " in dark or f".{css_class}," in dark, css_class
