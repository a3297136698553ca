"""Markdown to HTML with markdown-it-py, safe by default.

Raw HTML is escaped unless `markdown.html: true`; markdown-it's link
validation already refuses javascript:, vbscript:, file: and data: URLs.
Root-relative links get the site's base path so they work under a prefix.

When markdown-it-pyrs (markdown-it in Rust, `pip install briefgen[fast]`) is
installed, render_markdown() hands a body to it instead (about four times
faster, checks included), but only where the result is known to be
byte-identical to markdown-it-py's. markdown_accel.py decides: a body with a
construct the two read differently (`fast_path_blocker`, found by
differential testing) or whose output needs `_fix_links` to drop a link goes
through markdown-it-py as before, and the few differences that are only in
how the same tree is written out (the footnote list) are normalised. Both
engines give HTML, so a later pass over it (heading ids, highlighting) or
over the source serves both alike.
The Rust parser mirrors the configuration of `make_markdown`; a plugin added to
the returned object later would not reach it (pass accelerate=False then).
On the reference paths (BRIEFGEN_REFERENCE, core/accel.py) markdown-it-py
renders every body: `reference_render` is the plain implementation beside
`accelerated_render`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..core import accel
from ..core.urls import may_name_another_host, safe_href
from . import markdown_accel
from .frontmatter import clean
from .markdown_accel import AROUND_PICTURE, LINE_BREAK, PICTURE_TAG, WithRawHtml, fast_path_blocker, is_label

__all__ = ["HTML_ELEMENTS", "KEPT_TAGS", "UNWRAPPED", "fast_path_blocker", "make_markdown",
           "reference_render", "render_markdown", "sanitise", "style_kept"]

markdown_it_pyrs: Any
try:  # optional accelerator: pip install briefgen[fast]
    markdown_it_pyrs = importlib.import_module("markdown_it_pyrs")
except ImportError:  # pragma: no cover - depends on the environment
    markdown_it_pyrs = None


class Markdown(MarkdownIt):
    """markdown-it-py set up for briefgen, with the optional Rust twin in `accelerated`."""

    def __init__(self, allow_html: bool, accelerate: bool = True) -> None:
        super().__init__("commonmark", {"html": allow_html, "typographer": False})
        self.enable(["table", "strikethrough"])
        self.use(footnote_plugin)
        self.accelerated: Any = _rust_parser(allow_html) if accelerate else None


def make_markdown(allow_html: bool, accelerate: bool = True) -> Markdown:
    """A CommonMark renderer with tables, strikethrough and footnotes.

    It is a MarkdownIt (so md.parse() works as usual); `render_markdown` uses
    markdown-it-pyrs for it where that is installed and gives the same output.
    """
    return Markdown(allow_html, accelerate)


def render_markdown(md: MarkdownIt, text: str, base_path: str = "/") -> tuple[str, str]:
    """Render text; return (html, plain text of the first paragraph)."""
    fast = getattr(md, "accelerated", None)
    if fast is not None:
        result = accelerated_render(fast, text, base_path, bool(md.options.get("html")))
        if result is not None:
            return result
    return reference_render(md, text, base_path)


def reference_render(md: MarkdownIt, text: str, base_path: str = "/") -> tuple[str, str]:
    """render_markdown with markdown-it-py alone: the reference output."""
    tokens = md.parse(text)
    _fix_links(tokens, base_path)
    html = md.renderer.render(tokens, md.options, {})
    if md.options.get("html") and _has_raw_html(tokens):
        html = sanitise(html)
    return _cleaned(html, text), first_paragraph(tokens)


def _has_raw_html(tokens: Sequence[Token]) -> bool:
    """Whether TOKENS hold raw HTML. Without any, the HTML is what `markdown.html:
    false` would give (those rules match only raw HTML), which is published
    without nh3: Markdown's own tags need no cleaning, and cleaning them would
    only rewrite them (`<br />` as `<br>`, `&quot;` as `"`)."""
    return any(t.type in ("html_block", "html_inline") or (t.children and _has_raw_html(t.children))
               for t in tokens)


def _cleaned(html: str, text: str) -> str:
    """HTML with the code points XML and HTML forbid replaced, where TEXT could make any.

    frontmatter.clean replaced them in the text as it was read, but a numeric
    character reference makes them again: markdown-it decodes `&#12;` to a form
    feed, and with `markdown.html: true` nh3 writes `&#1;` or `&#xFDD0;` out as
    the character. One in a body would make every feed showing it malformed XML.
    No named reference stands for one of them, so a text without `&#` needs no
    scan, which costs some 0.15 ms over a Cyrillic body's HTML: one and a half
    seconds of CPU over 10,000 items.
    """
    return clean(html) if "&" in text and "&#" in text else html  # one character is quicker to look for


# markdown-it-pyrs is set up with the rules of markdown-it-py's "commonmark" preset
# and ours, raw HTML among them only where `markdown.html` allows it. The rules
# below were found against its 0.4 series: other versions are not used until
# they have been checked the same way.
_RUST_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
               "reference", "autolink", "backticks", "emphasis", "entity", "escape", "image",
               "link", "newline", "table", "strikethrough", "footnote"]
_RUST_HTML_RULES = ["html_block", "html_inline"]
_RUST_VERSIONS = ("0.4.",)
_ACCELERATE = accel.ON.markdown  # read once: every Markdown made after uses it


def _rust_parser(allow_html: bool) -> Any:
    """markdown-it-pyrs set up as `Markdown` (reading raw HTML when ALLOW_HTML),
    or None: not installed, a version not checked, or the markdown accelerator
    off (core/accel.py: the reference paths)."""
    if not _ACCELERATE or markdown_it_pyrs is None or \
            not markdown_it_pyrs.__version__.startswith(_RUST_VERSIONS):
        return None
    plain = markdown_it_pyrs.MarkdownIt("zero").enable_many(_RUST_RULES)
    if not allow_html:
        return plain
    return WithRawHtml(markdown_it_pyrs.MarkdownIt("zero").enable_many(_RUST_RULES + _RUST_HTML_RULES),
                       plain)


def accelerated_render(parser: Any, text: str, base_path: str,
                       allow_html: bool) -> tuple[str, str] | None:
    """render_markdown's result from markdown-it-pyrs, or None where it may differ.

    markdown_accel.render decides (blockers, output checks, normalising); what
    both paths do to the HTML after (nh3, forbidden code points) is done here.
    """
    result = markdown_accel.render(parser, text, base_path, allow_html)
    if result is None:
        return None
    html = sanitise(result.html) if result.raw_html else result.html
    return _cleaned(html, text), result.first


def sanitise(html: str) -> str:
    """Clean raw HTML (allowed by `markdown.html: true`) with nh3 (Ammonia).

    Formatting tags, tables, images and figures stay; <script>, <style>, event
    handlers and script URLs go, so opting in to HTML never opts in to script.
    An image whose only source was such a URL goes too: left without `src` it
    would show nothing and make the page invalid.

    A tag no HTML element has, outside an <svg> or <math>, is text its writer
    meant to show (`AsRef<Path>`, `Vec<T>` in a post about Rust): written as
    text, it shows as written; left a tag, the cleaner would drop it, and with
    some names (SVG's `path`, `g`, `text`) everything after it in the paragraph.

    An HTML parser reads what is inside <noscript>, <iframe> and their kind
    as text, not markup: removed, those tags would leave their markup shown
    as text (`<img src=...>` on the page). A <noscript>'s content is what a
    page without its scripts shows, which briefgen's page is, so only the
    tags go (UNWRAPPED); the others go with their content.
    """
    html = _NOSCRIPT_TAG.sub("", html)  # only bodies with raw HTML come here
    html = _unknown_tags_as_text(html)
    html = _NAMED_ANCHOR.sub(_anchor_id, html)
    html = nh3.clean(html, tags=KEPT_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                     strip_comments=True, attribute_filter=_keep_attribute,
                     clean_content_tags=_DROPPED_WITH_CONTENT)
    if "<img" not in html:
        return html
    return _IMG_WITHOUT_SRC.sub("", _SRCSET_ONLY.sub(r'<img src="\2"\1 srcset="\2', html))


def _anchor_id(m: re.Match[str]) -> str:
    """An old-style anchor `<a name="x">` as `<a id="x">`: HTML5 has no `name`
    on links, so the cleaner drops it, and every `#x` link to it would lead
    nowhere. An anchor with an id of its own keeps it."""
    if _HAS_ID.search(m.group(1)) or _HAS_ID.search(m.group(3)):
        return m.group()
    return f"<a{m.group(1)} id={m.group(2)}{m.group(3)}>"


def _unknown_tags_as_text(html: str) -> str:
    """HTML with each tag of no HTML element (HTML_ELEMENTS; a custom element's
    hyphenated name is left to the cleaner) written as text, except inside
    <svg> and <math>, whose own elements the cleaner removes with them."""
    if not _TAG_LIKE.search(html):
        return html
    pieces, last = [], 0
    for block in _FOREIGN_BLOCK.finditer(html) if "<svg" in html.lower() or "<math" in html.lower() else ():
        pieces += [_TAG_LIKE.sub(_as_text, html[last:block.start()]), block.group()]
        last = block.end()
    pieces.append(_TAG_LIKE.sub(_as_text, html[last:]))
    return "".join(pieces)


def _as_text(m: re.Match[str]) -> str:
    if m.group(2).lower() in HTML_ELEMENTS:
        return m.group()
    return "&lt;" + m.group()[1:-1] + "&gt;"


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """A `style` (on table cells) only as the column alignment Markdown tables
    write: other CSS can load URLs, `url(javascript:...)` among them. An
    image's `srcset` only when every address in it is one a link may have
    (nh3 reads no URL there)."""
    if attribute == "style":
        return value if style_kept(element, value) else None
    if attribute == "srcset":
        addresses = [c.split()[0] for c in value.split(",") if c.split()]
        return value if addresses and all(_srcset_address(a) for a in addresses) else None
    if attribute in ("href", "src") and may_name_another_host(value):
        return None  # `/\host/` is read as `//host/`: refused as everywhere else
    return value


def _srcset_address(url: str) -> bool:
    """Whether URL, one of a srcset's, is a web address or a path (no script, no other host trick)."""
    scheme = re.match(r"([A-Za-z][\w+.-]*):", url)
    return bool(safe_href(url)) and (scheme is None or scheme.group(1).lower() in ("http", "https"))


_ALIGNMENT = re.compile(r"text-align:\s*(?:left|right|center);?", re.IGNORECASE)


def style_kept(element: str, value: str) -> bool:
    """Whether cleaning keeps a `style`: a table cell's column alignment, as
    Markdown tables write it, and no other (leftovers.py warns of the rest)."""
    return element in ("td", "th") and _ALIGNMENT.fullmatch(value.strip()) is not None
# An image with a srcset and no src (`<img srcset="a.png 2x">`): given the first
# address as its src, which browsers without srcset show and HTML requires.
_SRCSET_ONLY = re.compile(r'<img(?![^>]*\ssrc="[^"])([^>]*?)\ssrcset="([^",\s]+)')
# nh3 writes attributes double-quoted, with any ">" in them as "&gt;".
_IMG_WITHOUT_SRC = re.compile(r'<img(?![^>]*\ssrc="[^"])[^>]*>')


# Every element of HTML (and the obsolete ones browsers still know), and the
# roots of SVG and MathML: a tag of any other name is text (see sanitise).
HTML_ELEMENTS = frozenset({
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base",
    "basefont", "bdi", "bdo", "bgsound", "big", "blink", "blockquote", "body", "br", "button",
    "canvas", "caption", "center", "cite", "code", "col", "colgroup", "content", "data", "datalist",
    "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset",
    "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4",
    "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "image", "img", "input",
    "ins", "isindex", "kbd", "keygen", "label", "legend", "li", "link", "listing", "main", "map",
    "mark", "marquee", "math", "menu", "menuitem", "meta", "meter", "multicol", "nav", "nextid",
    "nobr", "noembed", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p",
    "param", "picture", "plaintext", "pre", "progress", "q", "rb", "rp", "rt", "rtc", "ruby", "s",
    "samp", "script", "search", "section", "select", "shadow", "slot", "small", "source", "spacer",
    "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody", "td",
    "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul",
    "var", "video", "wbr", "xmp",
})
# A tag with a name of letters and digits (no hyphen: custom elements are the
# cleaner's), its attributes holding no `<` or `>`.
_TAG_LIKE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])([^<>]*)>")
_FOREIGN_BLOCK = re.compile(r"<(svg|math)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)

# The elements raw HTML keeps (leftovers.py names the others where a body has one).
KEPT_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"section", "figure", "figcaption", "mark", "time", "details",
                                           "summary", "aside"}
# Elements whose tags raw HTML drops and whose content it keeps (see sanitise).
UNWRAPPED = frozenset({"noscript"})
_NAMED_ANCHOR = re.compile(r"""<a((?:\s[^<>]*?)?)\s+name\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)([^<>]*)>""",
                           re.IGNORECASE)
_HAS_ID = re.compile(r"\sid\s*=", re.IGNORECASE)
_NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]*>", re.IGNORECASE)
# Elements whose content an HTML parser reads as text: removed with it.
_DROPPED_WITH_CONTENT = {"script", "style", "iframe", "noembed", "noframes", "xmp", "template", "title",
                         "textarea"}
_SCHEMES = {"http", "https", "mailto", "tel"}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start", "reversed"},
    "abbr": {"title"},
    "time": {"datetime"},
}


def first_paragraph(tokens: Sequence[Token]) -> str:
    """Plain text of the first top-level paragraph, for a default summary;
    one of pictures alone (a banner) or a label ("Table of Contents:") is
    passed over for the next, as its alt text (`banner.png`) or label tells
    a reader nothing of the item, unless no other follows."""
    first = None
    for i, tok in enumerate(tokens):
        if tok.type == "paragraph_open" and tok.level == 0 and i + 1 < len(tokens):
            children = tokens[i + 1].children or []
            text = " ".join(plain_text(children).split())
            if not is_label(text) and not pictures_only(children):
                return text
            first = text if first is None else first
    return first or ""


def pictures_only(children: Sequence[Token]) -> bool:
    """Whether a paragraph's inline tokens are pictures (Markdown or HTML
    `<img>`), maybe linked, and nothing else but spaces and line breaks."""
    pictures = False
    for tok in children:
        if tok.type == "image" or (tok.type == "html_inline" and PICTURE_TAG.fullmatch(tok.content)):
            pictures = True
        elif not (tok.type in ("softbreak", "hardbreak", "link_open", "link_close")
                  or (tok.type == "text" and not tok.content.strip())
                  or (tok.type == "html_inline" and AROUND_PICTURE.fullmatch(tok.content))):
            return False
    return pictures


def plain_text(children: Sequence[Token]) -> str:
    """Text content of inline tokens, with images as their alt text."""
    out: list[str] = []
    for tok in children:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak") or \
                (tok.type == "html_inline" and LINE_BREAK.fullmatch(tok.content)):
            out.append(" ")  # a raw `<br>` parts words as a line break does
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
