"""Markdown to HTML with markdown-it-py, safe by default.

Raw HTML is escaped unless `markdown.html: true`; markdown-it's link
validation already refuses javascript:, vbscript:, file: and data: URLs.
Root-relative links get the site's base path so they work under a prefix.

When markdown-it-pyrs (markdown-it in Rust, `pip install briefgen[fast]`) is
installed, render_markdown() hands a body to it instead (about four times
faster, checks included), but only where the result is known to be
byte-identical to markdown-it-py's: a body with a construct the two render
differently (`fast_path_blocker`, found by differential testing) or whose
output needs `_fix_links` to drop a link goes through markdown-it-py as before.
The Rust parser mirrors the configuration of `make_markdown`; a plugin added to
the returned object later would not reach it (pass accelerate=False then).
On the reference paths (BRIEFGEN_REFERENCE, core/accel.py) markdown-it-py
renders every body: `reference_render` is the plain implementation beside
`accelerated_render`.
"""

from __future__ import annotations

import html as htmllib
import importlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..core import accel
from ..core.urls import may_name_another_host, safe_href
from .frontmatter import clean

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
        self.accelerated: Any = _rust_parser() if accelerate else None


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
    if md.options.get("html"):
        html = sanitise(html)
    return _cleaned(html, text), first_paragraph(tokens)


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
# less raw HTML (a text with "<" never takes this path when HTML is allowed) and
# ours. The rules below were found against its 0.4 series: other versions are
# not used until they have been checked the same way.
_RUST_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
               "reference", "autolink", "backticks", "emphasis", "entity", "escape", "image",
               "link", "newline", "table", "strikethrough", "footnote"]
_RUST_VERSIONS = ("0.4.",)
_ACCELERATE = accel.ON.markdown  # read once: every Markdown made after uses it


def _rust_parser() -> Any:
    """markdown-it-pyrs set up as `Markdown`, or None: not installed, a version not
    checked, or the markdown accelerator off (core/accel.py: the reference paths)."""
    if not _ACCELERATE or markdown_it_pyrs is None or \
            not markdown_it_pyrs.__version__.startswith(_RUST_VERSIONS):
        return None
    return markdown_it_pyrs.MarkdownIt("zero").enable_many(_RUST_RULES)


def accelerated_render(parser: Any, text: str, base_path: str,
                       allow_html: bool) -> tuple[str, str] | None:
    """render_markdown's result from markdown-it-pyrs, or None where it may differ.

    None (so markdown-it-py renders it) when the text has a construct the two
    render differently (`fast_path_blocker`), when `_fix_links` would drop a
    link or its host is written differently (`_fix_urls`), or when the output
    has an empty block quote (`<blockquote></blockquote>` in markdown-it-py).
    """
    if fast_path_blocker(text, allow_html):
        return None
    try:
        raw: str = parser.render(text)
    except Exception:
        return None
    except BaseException as exc:  # a Rust panic arrives as a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        return None
    if "<blockquote>\n</blockquote>" in raw:
        return None
    html = _fix_urls(raw, base_path)
    if html is None:
        return None
    first = _first_paragraph_html(raw)
    if allow_html:
        html = sanitise(html)
    return _cleaned(html, text), first


# What keeps a text from markdown-it-pyrs. Each rule covers a difference from
# markdown-it-py (or a panic) found by rendering the CommonMark spec, the
# markdown-it fixtures and generated texts with both; tests/test_markdown_accel.py
# keeps checking. Plain substrings first, as they cost least.
_SUBSTRINGS = (
    ("`", "code span"),  # "`  `" keeps its spaces in Python only; "[a `b` c`" panics in Rust
    ("[^", "footnote"),  # footnote lists are laid out and numbered differently
    ("^[", "footnote"),
    ("~~~", "tilde run"),  # runs of three or more tildes pair up differently
    ("\\", "backslash"),  # escapes are dropped from alt text; "\" ends URLs and titles differently
)
# Control characters and Unicode spaces, which the two trim, match and fold differently.
_ODD_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_ODD_CHARACTER = re.compile(f"[{_ODD_CHARACTERS}]")
# One scan for every character the checks above look for; most texts have none.
_SUSPECT = re.compile(f"[`^~\\\\{_ODD_CHARACTERS}]")
_ODD_OR_SPACE = re.compile(rf"[{_ODD_CHARACTERS}\s]")
# An autolink, whose text markdown-it-py shows %-decoded and with a punycode host decoded.
_AUTOLINK = re.compile(r"<[^<>\s]*>")
# "[a](" with nothing after it on the line: markdown-it-py does not fall back to [a].
_OPEN_LINK_AT_END = re.compile(r"\]\([ \t]*(?:\n|$)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SIMPLE_DEFINITION = re.compile(
    r" {0,3}\[[^\[\]]+\]:[ \t]*[^ \t]+(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*")
_SIMPLE_INLINE_LINK = re.compile(r"\]\([^()\s<>]*(?:[ ]+\"[^\"]*\")?\)")
# The block quote and list markers that open a line.
_CONTAINERS = re.compile(r"[ \t]*(?:(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*)*")
_DELIMITER_ROW = re.compile(r"[ \t>]*[|:-][|: \t-]*")
_TWO_COLUMNS = re.compile(r"\|[ \t]*:?-+:?[ \t]*\|[ \t]*:?-")


def fast_path_blocker(text: str, allow_html: bool = False) -> str:
    """What keeps text from markdown-it-pyrs (a short reason), or "" when nothing does.

    The checks run cheapest first, and the first that finds something names
    the reason; what several of them need (the pairs around "]" and "!") is
    found once here.
    """
    reason = _character_blocker(text) or _html_blocker(text, allow_html)
    if reason:
        return reason
    brackets = _around(text, "]")
    links = "](" in brackets
    if links and _OPEN_LINK_AT_END.search(text):
        return "link opened at the end of a line"
    images = "![" in _around(text, "!")
    reason = _entity_blocker(text, images) if "&" in text else ""
    if reason:
        return reason
    if images and "  \n" in text:
        return "hard line break in a text with images"  # alt text drops line breaks
    if _symbol_next_to_delimiter(text):
        return "emphasis next to a symbol"
    return _block_blocker(text, brackets, links)


def _character_blocker(text: str) -> str:
    """A substring or character the two parsers treat differently (_SUBSTRINGS,
    control characters, Unicode spaces): one scan finds none in most texts."""
    if _SUSPECT.search(text):
        for needle, reason in _SUBSTRINGS:
            if needle in text:
                return reason
        if _ODD_CHARACTER.search(text):
            return "control character or Unicode space"
    return ""


def _html_blocker(text: str, allow_html: bool) -> str:
    """Raw HTML when it is allowed (HTML blocks and comments end differently), or
    an autolink whose text markdown-it-py shows decoded."""
    if "<" not in text:
        return ""
    if allow_html:
        return "raw HTML"
    if any("%" in m or "xn--" in m for m in _AUTOLINK.findall(text)):
        return "autolink with an encoded character or host"
    return ""


def _entity_blocker(text: str, images: bool) -> str:
    """A character reference for a space or control character (trimmed and
    matched differently), or any reference where IMAGES' alt text would drop it."""
    entities = _ENTITY.findall(text)
    if any(_ODD_OR_SPACE.search(htmllib.unescape(e)) for e in entities):
        return "entity for a space or control character"
    if entities and images:
        return "entity in a text with images"  # alt text drops entities
    return ""


def _block_blocker(text: str, brackets: set[str], links: bool) -> str:
    """Link reference definitions, block quotes and tables of a shape the two
    parsers read differently; BRACKETS are _around(text, "]"), LINKS whether
    the text has an inline link. The text is split into lines only if it has
    one of the three."""
    references, quoted = "]:" in brackets, ">" in text
    tables = "|" in text or bool({":-", "-:"} & _around(text, ":"))
    if not (references or quoted or tables):
        return ""
    lines = text.split("\n")
    reason = _reference_blocker(text, lines, links) if references else ""
    if reason:
        return reason
    if quoted and _odd_quote(lines):
        return "block quote with a lazy line or a tab"
    if tables and _odd_table(lines, quoted):
        return "table"
    return ""


def _reference_blocker(text: str, lines: list[str], links: bool) -> str:
    """A link reference definition the two parsers may end differently, or an
    inline link that may fall back to a reference."""
    if any("]:" in line and not _SIMPLE_DEFINITION.fullmatch(line) for line in lines):
        # a list marker or a quote ends a definition over several lines in Python only
        return "link reference definition over several lines"
    if links and any(not _SIMPLE_INLINE_LINK.match(text, m.start())
                     for m in re.finditer(r"\]\(", text)):
        # a broken inline link falls back to a reference from another position
        return "unclosed inline link next to link references"
    return ""


def _around(text: str, char: str) -> set[str]:
    """The two-character strings that CHAR makes with its neighbours in TEXT:
    "](" in text is "](" in _around(text, "]"). Looking for one character
    and then at its neighbours is several times quicker than looking for
    two (0.4 us against 2.5 us over a body of 2,400 characters with a curly
    quote in it), and "]", ":" and "!" are few in a body."""
    pairs = set()
    i = text.find(char)
    while i >= 0:
        if i:
            pairs.add(text[i - 1:i + 1])
        pairs.add(text[i:i + 2])
        i = text.find(char, i + 1)
    return pairs


def _symbol_next_to_delimiter(text: str) -> bool:
    """True for a non-ASCII symbol (currency, emoji) next to * _ or ~: markdown-it-py
    counts symbols as punctuation when it pairs delimiters, markdown-it-pyrs does not."""
    end = len(text) - 1
    for delimiter in "*_~":
        i = text.find(delimiter)
        while i != -1:
            for c in (text[i - 1] if i else "", text[i + 1] if i < end else ""):
                if c > "\x7f" and unicodedata.category(c)[0] == "S":
                    return True
            i = text.find(delimiter, i + 1)
    return False


def _odd_quote(lines: list[str]) -> bool:
    """True for a lazy continuation line after a block quote (a list or table
    there ends the quote in one parser only) or a tab after a quote marker."""
    depth = 0
    for line in lines:
        prefix = _CONTAINERS.match(line).group()  # type: ignore[union-attr]
        quotes = prefix.count(">")
        if quotes and "\t" in prefix:
            return True
        if line.strip() and quotes < depth:
            return True
        depth = quotes if line.strip() else 0
    return False


def _odd_table(lines: list[str], quoted: bool) -> bool:
    """True for a table, or a near miss, that the two parsers may read differently.

    Tables of two or more columns whose every row starts with a pipe in the
    first column, in a text without block quotes, come out the same;
    one-column tables, rows without a leading pipe, and tables in lists or
    next to quoted paragraphs may not.
    """
    for i in range(1, len(lines)):
        row = lines[i]
        if not _DELIMITER_ROW.fullmatch(row):
            continue
        header = lines[i - 1]
        if "|" not in row and ":" not in row:  # a thematic break or setext underline
            if "|" in header:
                return True
            continue
        if quoted or not header.startswith("|") or not _TWO_COLUMNS.match(row):
            return True
        for body in lines[i + 1:]:
            if not body.strip():
                break
            if not body.startswith("|"):  # e.g. "3) x" ends the table in markdown-it-py only
                return True
    return False


_URL_ATTRIBUTE = re.compile(r'(<(?:a href|img src)=")([^"]*)"')
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_AFTER_HOST = re.compile(r"[/?#]")


def _fix_urls(html: str, base_path: str) -> str | None:
    """`_fix_links` on markdown-it-pyrs' HTML, where every "<" opens a tag: None when
    it would drop a link or image, or when the host is written differently."""
    if "<a href=" not in html and "<img src=" not in html:
        return html
    bad = False

    def fix(m: re.Match[str]) -> str:
        nonlocal bad
        url = htmllib.unescape(m.group(2))
        if not safe_href(url) or _host_differs(url):
            bad = True
        elif base_path != "/" and url.startswith("/") and not url.startswith("//"):
            return m.group(1) + escapeHtml(base_path + url[1:]) + '"'
        return m.group(0)

    fixed = _URL_ATTRIBUTE.sub(fix, html)
    return None if bad else fixed


def _host_differs(url: str) -> bool:
    """True for a URL whose host markdown-it-py writes as [IPv6] or punycode and
    markdown-it-pyrs percent-encodes (or that has punycode, which is shown decoded)."""
    if "xn--" in url:
        return True
    scheme = _SCHEME.match(url)
    rest = url[scheme.end():] if scheme else url
    host = _AFTER_HOST.split(rest[2:] if rest.startswith("//") else rest, maxsplit=1)[0]
    return "%" in host


_CONTAINER_OR_PARAGRAPH = re.compile(r"<(/?)(p|blockquote|ul|ol)[ >]")
_IMAGE_ALT = re.compile(r'<img src="[^"]*" alt="([^"]*)"[^>]*>')
_TAG = re.compile(r"<[^>]*>")


def _first_paragraph_html(html: str) -> str:
    """`first_paragraph` from markdown-it-pyrs' HTML, where every "<" opens a tag."""
    depth = 0
    for m in _CONTAINER_OR_PARAGRAPH.finditer(html):
        closing, tag = m.groups()
        if tag != "p":
            depth += -1 if closing else 1
        elif depth == 0 and not closing:
            inner = html[m.end():html.index("</p>", m.end())]
            if "<" in inner:
                inner = _TAG.sub("", _IMAGE_ALT.sub(r"\1", inner.replace("<br />", " ")))
            if "&" in inner:
                inner = htmllib.unescape(inner)
            return " ".join(inner.split())
    return ""


def sanitise(html: str) -> str:
    """Clean raw HTML (allowed by `markdown.html: true`) with nh3 (Ammonia).

    Formatting tags, tables, images and figures stay; <script>, <style>, event
    handlers and script URLs go, so opting in to HTML never opts in to script.
    An image whose only source was such a URL goes too: left without `src` it
    would show nothing and make the page invalid.
    """
    html = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                     strip_comments=True, attribute_filter=_keep_attribute)
    return _IMG_WITHOUT_SRC.sub("", html) if "<img" in html else html


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """A `style` (on table cells) only as the column alignment Markdown tables
    write: other CSS can load URLs, `url(javascript:...)` among them."""
    if attribute == "style":
        return value if _ALIGNMENT.fullmatch(value.strip()) else None
    if attribute in ("href", "src") and may_name_another_host(value):
        return None  # `/\host/` is read as `//host/`: refused as everywhere else
    return value


_ALIGNMENT = re.compile(r"text-align:\s*(?:left|right|center);?", re.IGNORECASE)
# nh3 writes attributes double-quoted, with any ">" in them as "&gt;".
_IMG_WITHOUT_SRC = re.compile(r'<img(?![^>]*\ssrc="[^"])[^>]*>')


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
