"""Syntax highlighting of fenced code, as a pass over a body's HTML.

A pass over render_markdown's HTML rather than markdown-it's `highlight`
option, so a body is highlighted the same whichever engine rendered it
(the Rust parser has no such hook). Both write a fence with a language as
`<pre><code class="language-python">escaped text</code></pre>`; Pygments
turns the text into spans with class names (no inline styles; the theme's
briefgen-code.css colours them, light and dark) inside the same wrapper,
so stylesheets and scripts that look for `code.language-python` still find it.

A fence with no language, or one Pygments does not know, is left exactly as
it was; so is code whose HTML holds markup (raw HTML a user wrote with
`markdown.html: true`), which is not a fence's escaped text.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from html import unescape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

# Pygments is imported when a body first has a fence with a language, not
# with briefgen: its lexers and formatters modules read the installed
# packages' entry points (importlib.metadata), some 70 ms of every command's
# start, which a site without code would pay for nothing.

_FENCE = re.compile(r'<pre><code class="language-([^"]+)">([^<]*)</code></pre>')
# A language name is site text, so the lexers it finds are bounded in number.
_LEXERS_KEPT = 256


def highlight_code(html: str) -> str:
    """HTML with the text of each fenced code block in a language Pygments knows highlighted."""
    if '<pre><code class="language-' not in html:
        return html
    return _FENCE.sub(_highlighted, html)


def _highlighted(m: re.Match[str]) -> str:
    lexer = lexer_for(unescape(m.group(1)))
    if lexer is None:
        return m.group(0)
    from pygments import highlight

    spans = highlight(unescape(m.group(2)), lexer, _formatter())
    if "<span" not in spans:  # plain text (`text`, `txt`): kept as the fence wrote it
        return m.group(0)
    return f'<pre><code class="language-{m.group(1)}">{spans}</code></pre>'


@cache
def _formatter() -> HtmlFormatter[str]:
    """Class names only (see briefgen-code.css), and no wrapping element: the fence's own is kept."""
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


# Process-wide on purpose: a lexer depends only on its name and Pygments, and
# finding one (a search of Pygments' tables, an import) costs far more than
# using it; a build's workers each keep their own.
@lru_cache(maxsize=_LEXERS_KEPT)
def lexer_for(language: str) -> Lexer | None:
    """Pygments' lexer for a fence's language name, or None when it knows none.

    The text is highlighted as written: no leading or trailing newline is
    dropped or added, and tabs are not expanded.
    """
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


# The styles briefgen-code.css is made from: of Pygments' own, the two whose
# every colour keeps a contrast of 4.5:1 (WCAG AA) with the theme's code
# background, light (#f4f6f8) and dark (#202326).
LIGHT_STYLE = "xcode"
DARK_STYLE = "lightbulb"


def stylesheet(light: str = LIGHT_STYLE, dark: str = DARK_STYLE) -> str:
    """The theme's briefgen-code.css: class rules for LIGHT, and for DARK under
    `prefers-color-scheme: dark`, where what LIGHT sets and DARK does not is
    set back. Only colours and font styles: the background and the colour of
    plain code text are the theme's (briefgen.css)."""
    day, night = _declarations(light), _declarations(dark)
    for css_class, values in day.items():
        reset = {"color": "inherit", "font-weight": "normal", "font-style": "normal",
                 "text-decoration": "none"}
        night[css_class] = {**{k: reset[k] for k in values}, **night.get(css_class, {})}
    return (f"/* Syntax highlighting (briefgen/source/highlight.py): Pygments' {light!r} style,\n"
            f"   and {dark!r} for dark schemes. Made by highlight.stylesheet(); see\n"
            "   tests/unit/test_highlight.py to make it again. */\n"
            + _rules(day, "")
            + "@media (prefers-color-scheme: dark) {\n" + _rules(night, "  ") + "}\n")


def _declarations(name: str) -> dict[str, dict[str, str]]:
    """A Pygments style as CSS declarations by class name; no colour where it is
    the style's colour for plain text."""
    from pygments.styles import get_style_by_name
    from pygments.token import STANDARD_TYPES, Token

    style = get_style_by_name(name)
    plain = (style.style_for_token(Token)["color"] or "").lower()
    found: dict[str, dict[str, str]] = {}
    for token, css_class in STANDARD_TYPES.items():
        s = style.style_for_token(token)
        values = {"color": "#" + s["color"].lower()} if s["color"] and s["color"].lower() != plain else {}
        values |= {"font-weight": "bold"} if s["bold"] else {}
        values |= {"font-style": "italic"} if s["italic"] else {}
        values |= {"text-decoration": "underline"} if s["underline"] else {}
        if css_class and values:
            found[css_class] = values
    return found


def _rules(declarations: dict[str, dict[str, str]], indent: str) -> str:
    """Rules, classes with the same declarations grouped, in a fixed order."""
    groups: dict[str, list[str]] = {}
    for css_class in sorted(declarations):
        body = "; ".join(f"{k}: {v}" for k, v in sorted(declarations[css_class].items()))
        groups.setdefault(body, []).append(f"pre code .{css_class}")
    return "".join(f"{indent}{', '.join(selectors)} {{ {body} }}\n"
                   for body, selectors in sorted(groups.items(), key=lambda g: g[1]))
