"""Markdown to HTML with markdown-it-py, safe by default.

Raw HTML is escaped unless `markdown.html: true`; markdown-it's link
validation already refuses javascript:, vbscript:, file: and data: URLs.
Root-relative links get the site's base path so they work under a prefix.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    return md.renderer.render(tokens, md.options, {}), first_paragraph(tokens)


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
        if tok.type in ("text", "code_inline", "html_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.type == "image":
            out.append(plain_text(tok.children or []))
    return "".join(out)


def _fix_links(tokens: Sequence[Token], base_path: str) -> None:
    for tok in tokens:
        if tok.children:
            _fix_links(tok.children, base_path)
        attr = "href" if tok.type == "link_open" else "src" if tok.type == "image" else ""
        if not attr:
            continue
        url = str(tok.attrs.get(attr, ""))
        if not safe_href(url):
            tok.attrs[attr] = ""
        elif base_path != "/" and url.startswith("/") and not url.startswith("//"):
            tok.attrs[attr] = base_path + url[1:]

