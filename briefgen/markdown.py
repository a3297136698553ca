"""Markdown to HTML with markdown-it-py, safe by default.

Raw HTML is escaped unless `markdown.html: true`; markdown-it's link
validation already refuses javascript:, vbscript:, file: and data: URLs.
Root-relative links get the site's base path so they work under a prefix.
"""

from __future__ import annotations

from collections.abc import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .urls import safe_href


def make_markdown(allow_html: bool) -> MarkdownIt:
    """A CommonMark renderer with tables, strikethrough and footnotes."""
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    return md


def render_markdown(md: MarkdownIt, text: str, base_path: str = "/") -> tuple[str, str]:
    """Render text; return (html, plain text of the first paragraph)."""
    tokens = md.parse(text)
    _fix_links(tokens, base_path)
    html = md.renderer.render(tokens, md.options, {})
    if md.options.get("html"):
        html = sanitise(html)
    return html, first_paragraph(tokens)


def sanitise(html: str) -> str:
    """Clean raw HTML (allowed by `markdown.html: true`) with nh3 (Ammonia).

    Formatting tags, tables, images and figures stay; <script>, <style>, event
    handlers and script URLs go, so opting in to HTML never opts in to script.
    """
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                     strip_comments=True)


_TAGS = set(nh3.ALLOWED_TAGS) | {"section", "figure", "figcaption", "mark", "time", "details",
                                 "summary", "aside"}
_SCHEMES = {"http", "https", "mailto", "tel"}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start", "reversed"},
    "abbr": {"title"},
    "time": {"datetime"},
}


def first_paragraph(tokens: Sequence[Token]) -> str:
    """Plain text of the first top-level paragraph, for a default summary."""
    for i, tok in enumerate(tokens):
        if tok.type == "paragraph_open" and tok.level == 0 and i + 1 < len(tokens):
            return " ".join(plain_text(tokens[i + 1].children or []).split())
    return ""


def plain_text(children: Sequence[Token]) -> str:
    """Text content of inline tokens, with images as their alt text."""
    out: list[str] = []
    for tok in children:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.type == "image":
            out.append(plain_text(tok.children or []))
    return "".join(out)


def _fix_links(tokens: list[Token], base_path: str) -> None:
    """Drop links whose URL could run script; give root-relative ones the base path."""
    drop: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.children:
            _fix_links(tok.children, base_path)
        attr = "href" if tok.type == "link_open" else "src" if tok.type == "image" else ""
        if not attr:
            continue
        url = str(tok.attrs.get(attr, ""))
        if not safe_href(url):
            drop.append(i)
        elif base_path != "/" and url.startswith("/") and not url.startswith("//"):
            tok.attrs[attr] = base_path + url[1:]
    for i in reversed(drop):
        _unlink(tokens, i)


def _unlink(tokens: list[Token], i: int) -> None:
    """Replace a link by its text (or an image by its alt text)."""
    tok = tokens[i]
    if tok.type == "image":
        text = Token("text", "", 0)
        text.content = plain_text(tok.children or [])
        tokens[i] = text
        return
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting if tokens[j].type in ("link_open", "link_close") else 0
        if depth == 0:
            del tokens[j]
            break
    del tokens[i]
