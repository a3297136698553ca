"""HTML comments out of a body, and the excerpt `<!--more-->` ends.

A comment is the writer's note to themselves or to a tool (markdownlint's
`<!-- markdownlint-disable MD033 -->` at the top of a body): never text.
In safe mode markdown-it would show it escaped, as the first paragraph and
so as the summary, the meta description and every card's text. So comments
are taken out of the body before it is rendered, wherever Markdown reads
them as HTML, and left where they are literal text: in code spans, fenced
and indented code. Line breaks inside a comment are kept, so every later
line of the body stays where it was and messages still point at it.

`<!--more-->` (or `<!-- more -->`), a comment like any other, also ends the
excerpt: the summary of an item without one in front matter is the text
before it, rather than the first paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_BACKTICKS = re.compile(r"\\*`+")


@dataclass(frozen=True)
class Stripped:
    """A body without its comments, and where `<!--more-->` was in it (or None)."""

    text: str
    more: int | None = None


# One per process, made on first use: a parser is costly to set up and is
# only read afterwards. It reads raw HTML, as a comment is HTML to Markdown,
# and only blocks: markdown-it-py's inline pass costs several times what the
# Rust renderer does for the whole body, and where inline HTML is can be
# found in a paragraph's own lines once its code spans are blanked out.
@cache
def block_reader() -> MarkdownIt:
    """CommonMark's block rules with raw HTML and briefgen's extensions."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.disable(["inline", "footnote_tail", "text_join"])
    return md


@dataclass(frozen=True)
class Region:
    """Where Markdown reads text or HTML in a body: an HTML block's lines, or
    the lines of a paragraph, heading or table row (`text`: with its code
    spans blanked out). START is its offset in the body, LINE its first line."""

    start: int
    line: int
    text: str
    html_block: bool


def regions(body: str) -> list[Region]:
    """The regions of BODY where HTML may be read, in order; code blocks are none."""
    starts = [0, *(m.end() for m in re.finditer("\n", body)), len(body)]
    found, seen = [], set()
    for token in block_reader().parse(body):
        if token.map is None or token.type not in ("html_block", "inline") or token.map[0] in seen:
            continue
        seen.add(token.map[0])  # a table row's cells share its lines
        begin, end = starts[token.map[0]], starts[min(token.map[1], len(starts) - 1)]
        text = body[begin:end]
        block = token.type == "html_block"
        found.append(Region(begin, token.map[0], text if block else mask_code_spans(text), block))
    return found


def escaped(text: str, at: int) -> bool:
    """Whether the character at AT in TEXT follows an odd run of backslashes
    (`\\<b>` is text). Counted back from AT: a text of many matches stays linear."""
    slashes = 0
    while at > slashes and text[at - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def unescaped(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """PATTERN's matches in TEXT not escaped by a backslash."""
    return (m for m in pattern.finditer(text) if not escaped(text, m.start()))


def comments(text: str, escapes: bool) -> Iterator[tuple[int, int]]:
    """(start, end) of each comment in TEXT, as CommonMark reads one: `<!--`
    to the first `-->` after it, `<!-->` and `<!--->` being whole comments.
    With ESCAPES (Markdown text, not an HTML block) `\\<!--` is no comment.

    Found with str.find rather than a regular expression: a text of many
    unclosed `<!--` would make one that tries each of them quadratic.
    """
    at = text.find("<!--")
    while at >= 0:
        if text.startswith((">", "->"), at + 4):
            end = text.index(">", at + 4) + 1
        else:
            close = text.find("-->", at + 4)
            if close < 0:
                return  # no later `<!--` closes either
            end = close + 3
        if escapes and escaped(text, at):
            at = text.find("<!--", at + 1)
            continue
        yield at, end
        at = text.find("<!--", end)


def strip_comments(body: str) -> Stripped:
    """BODY with each HTML comment outside code removed (its line breaks kept)."""
    if "<!--" not in body:  # the usual case: no parse
        return Stripped(body)
    spans = comment_spans(body)
    if not spans:
        return Stripped(body)
    pieces, more, last = [], None, 0
    for start, end in spans:
        pieces.append(body[last:start])
        if more is None and _MORE.fullmatch(body, start, end):
            more = sum(len(p) for p in pieces)
        pieces.append("\n" * body.count("\n", start, end))
        last = end
    pieces.append(body[last:])
    return Stripped("".join(pieces), more)


def comment_spans(body: str) -> list[tuple[int, int]]:
    """The (start, end) offsets in BODY of its HTML comments outside code, in order."""
    spans: list[tuple[int, int]] = []
    for region in regions(body):
        if "<!--" not in region.text:
            continue
        spans += [(region.start + start, region.start + end)
                  for start, end in comments(region.text, escapes=not region.html_block)]
    return spans


def mask_code_spans(text: str) -> str:
    """TEXT with every code span (`x`, ``x``) blanked to spaces, line breaks
    kept: what is in one is literal text, and offsets stay as they were."""
    if "`" not in text:
        return text
    out, pos = [], 0
    opening = _BACKTICKS.search(text)
    while opening is not None:
        escapes = len(opening.group()) - len(opening.group().lstrip("\\"))
        ticks = len(opening.group()) - escapes - escapes % 2  # an escaped ` is literal
        start = opening.end() - ticks
        closing = re.compile(f"(?<!`)`{{{ticks}}}(?!`)").search(text, opening.end()) if ticks else None
        if closing is None:
            opening = _BACKTICKS.search(text, opening.end())
            continue
        out.append(text[pos:start])
        out.append(re.sub(r"[^\n]", " ", text[start:closing.end()]))
        pos = closing.end()
        opening = _BACKTICKS.search(text, pos)
    out.append(text[pos:])
    return "".join(out)


# Footnote markers and the footnotes themselves are not part of what an
# excerpt says (the first paragraph leaves them out too).
_FOOTNOTES = {("sup", "footnote-ref"), ("section", "footnotes")}


class _Text(HTMLParser):
    """The text of a rendered fragment: images as their alt text, footnotes left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # the open tags of a footnote being left out

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or (tag, dict(attrs).get("class")) in _FOOTNOTES:
            if tag not in ("img", "br", "hr"):
                self.skipping.append(tag)
            return
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")
        self.parts.append(" ")  # paragraphs, list items and line breaks part words

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()


def plain_text(html: str) -> str:
    """HTML (an excerpt rendered by render_markdown) as one line of plain text."""
    reader = _Text()
    reader.feed(html)
    reader.close()
    return " ".join("".join(reader.parts).split())
