"""Where markdown-it-pyrs may stand in for markdown-it-py, byte for byte.

markdown.py renders every body with markdown-it-py (the reference) unless
`render` here returns markdown-it-pyrs' HTML for it. That HTML is used only
where it is known to equal markdown-it-py's: a text with a construct the two
parsers read differently is refused before rendering (`fast_path_blocker`),
an output that would need a link dropped is refused after, and differences
that are only in how the same tree is written out (the footnote list's
layout) are normalised. Each rule was found by rendering the CommonMark spec,
markdown-it's fixtures and generated texts with both parsers;
tests/test_markdown_accel.py keeps checking. Later features that work on the
HTML (heading ids, highlighting) see the same bytes from either engine.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from typing import Any

from markdown_it.common.utils import escapeHtml

from ..core.urls import safe_href


def render(parser: Any, text: str, base_path: str,
           allow_html: bool) -> tuple[str, str] | None:
    """(HTML, plain text of the first paragraph) from markdown-it-pyrs, or None where it may differ.

    None (so markdown-it-py renders it) when the text has a construct the two
    render differently (`fast_path_blocker`), when the parser fails, when
    `_fix_links` would drop a link or its host is written differently
    (`_fix_urls`), or when the output has an empty block quote
    (`<blockquote></blockquote>` in markdown-it-py).
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
    return html, _first_paragraph_html(raw)


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

