"""Where markdown-it-pyrs may stand in for markdown-it-py, byte for byte.

markdown.py renders every body with markdown-it-py (the reference) unless
`render` here returns markdown-it-pyrs' HTML for it. That HTML is used only
where it is known to equal markdown-it-py's: a text with a construct the two
parsers read differently is refused before rendering (`fast_path_blocker`),
an output that would need a link dropped is refused after, and differences
that are only in how the same tree is written out (the footnote list's
layout) are normalised. With `markdown.html: true`, raw HTML takes this path
too: a body is rendered with and without the html rules (`WithRawHtml`), and
where they differ its syntax tree says which tags are raw. Each rule was
found by rendering the CommonMark spec, markdown-it's fixtures, real posts and
generated texts with both parsers; tests/test_markdown_accel.py keeps
checking. Later features that work on the HTML (heading ids, highlighting)
see the same bytes from either engine.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from markdown_it.common.utils import escapeHtml

from ..core.urls import PLAIN_HOST_NAME, safe_href


class WithRawHtml(NamedTuple):
    """markdown-it-pyrs for `markdown.html: true`: HTML reads raw HTML, PLAIN
    (the parser of `markdown.html: false`) does not. Where both give the same
    HTML the text has no raw HTML, and what PLAIN wrote is Markdown's alone."""

    html: Any
    plain: Any


class Rendered(NamedTuple):
    """What `render` gives: the HTML, the plain text of the first paragraph, and
    whether the HTML holds raw HTML (which markdown.py then cleans)."""

    html: str
    first: str
    raw_html: bool


def render(parser: Any, text: str, base_path: str, allow_html: bool) -> Rendered | None:
    """The HTML and summary from markdown-it-pyrs, or None where they may differ
    from markdown-it-py's.

    None (so markdown-it-py renders it) when the text has a construct the two
    render differently (`fast_path_blocker`), when the parser fails, when
    `_fix_links` would drop a link or its host is written differently
    (`_fix_urls`), or when the output has an empty block quote
    (`<blockquote></blockquote>` in markdown-it-py) or a code span of spaces
    alone (which markdown-it-pyrs trims).

    PARSER is a `WithRawHtml` when ALLOW_HTML (markdown.py's `_rust_parser`).
    The passes below read the HTML markdown-it-pyrs writes as if every tag in
    it were Markdown's, which raw HTML breaks; so a text that has some is
    parsed to a tree as well (`_raw_html`), which says what is raw and gives
    the summary.
    """
    if fast_path_blocker(text, allow_html):
        return None
    raw, tree = _html_and_tree(parser, text, allow_html)
    if raw is None:
        return None
    if "<blockquote>\n</blockquote>" in raw:
        return None
    if "<code>" in raw and _BLANK_CODE.search(raw):
        return None  # a code span of spaces alone, which markdown-it-pyrs trims
    if 'class="footnote' in raw:
        renumbered = _notes_renumbered(raw)
        if renumbered is None:
            return None
        raw = renumbered
    raw = _normalised(raw)
    html = _fix_urls(raw, base_path)
    if html is None:
        return None
    if tree is None:
        return Rendered(html, _first_paragraph_html(raw), False)
    if html != raw and tree.links:
        return None  # a raw link may be among those changed: markdown-it-py leaves those as written
    return Rendered(html, _first_paragraph_tree(tree.root), True)


def _html_and_tree(parser: Any, text: str, allow_html: bool) -> tuple[str | None, _RawHtml | None]:
    """markdown-it-pyrs' HTML for TEXT, and when it holds raw HTML the tree that
    says what is raw; no HTML when a parser fails or the raw HTML is refused."""
    if not allow_html:
        return _rust(parser.render, text), None
    plain = _rust(parser.plain.render, text)
    if plain is None or "<" not in text or ("[^" not in text and not _may_hold_raw_html(plain)):
        return plain, None
    raw = _rust(parser.html.render, text)
    if raw is None or raw == plain:  # no raw HTML: Markdown's own tags alone
        return raw, None
    tree = _raw_html(parser.html, text)
    return (raw, tree) if tree is not None else (None, None)


_CODE_ELEMENT = re.compile(r"<code\b[^>]*>.*?</code>", re.DOTALL)
# A tag written as text, as Markdown writes "<" before what may start raw HTML.
ESCAPED_TAG_START = re.compile(r"&lt;[A-Za-z/!?]")


def outside_code(html: str) -> str:
    """HTML without its code (code spans, and fenced and indented code inside
    <pre>): where a tag written as text is one Markdown read as prose."""
    return _CODE_ELEMENT.sub("", html) if "<code" in html else html


def _may_hold_raw_html(plain: str) -> bool:
    """Whether a text whose HTML without the html rules is PLAIN may hold raw HTML.

    Raw HTML begins with "<" and a letter, "/", "!" or "?". Without the html
    rules every "<" of a text is written `&lt;` (in prose, code or an
    attribute) unless it opens an autolink or a link's destination, which
    the html rules do not take either. One that the html rules would read as
    raw HTML is therefore an `&lt;` before such a character, outside code:
    inside code, the html rules can only reach it when raw HTML before it
    (itself outside code) took the code's opening. Most technical posts have
    "<" in code alone (`Vec<T>`), and need no second rendering. A footnote
    that is never referred to is not written at all, so a text with notes
    is always rendered both ways.
    """
    if "&lt;" not in plain:
        return False
    return ESCAPED_TAG_START.search(outside_code(plain)) is not None


def _rust(call: Callable[[str], Any], text: str) -> Any:
    """CALL(TEXT), a method of markdown-it-pyrs, or None when it fails."""
    try:
        return call(text)
    except Exception:
        return None
    except BaseException as exc:  # a Rust panic arrives as a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        return None


# What the passes over markdown-it-pyrs' HTML rewrite or read as Markdown's own
# (_notes_renumbered, _normalised and the empty block quote check): raw HTML
# holding one goes to markdown-it-py, which leaves raw HTML as written.
_READ_AS_MARKDOWN = ('class="footnote', "<pre><code", "<blockquote>")
# What _fix_urls reads as a Markdown link or image: raw HTML holding one is
# rendered here only when _fix_urls changes no link.
_LINK_OR_IMAGE = ('<a href="', '<img src="')


class _RawHtml(NamedTuple):
    """A text's syntax tree (ROOT), and whether its raw HTML has a tag written as
    Markdown's links and images are (LINKS)."""

    root: Any
    links: bool


def _raw_html(parser: Any, text: str) -> _RawHtml | None:
    """TEXT's syntax tree from markdown-it-pyrs, or None when it cannot be had, when
    an HTML block is in a list item, or when its raw HTML holds what the passes
    after rendering would take for Markdown's."""
    root = _rust(parser.tree, text)
    if root is None:
        return None
    links = False
    for node in root.walk():
        if node.name == "list_item" and any(child.name == "html_block" for child in node.children):
            return None  # markdown-it-pyrs writes a line break before it where a tight item's text ends
        if node.name in ("html_block", "html_inline"):
            content = node.meta["content"]
            if any(mark in content for mark in _READ_AS_MARKDOWN):
                return None
            links = links or any(mark in content for mark in _LINK_OR_IMAGE)
    return _RawHtml(root, links)


def _first_paragraph_tree(tree: Any) -> str:
    """`first_paragraph` from markdown-it-pyrs' syntax tree (see `_raw_html`): the
    text of the first top-level paragraph, raw HTML left out, as markdown-it-py's
    inline tokens give it."""
    for block in tree.children:
        if block.name == "paragraph":
            words = []
            for node in block.walk(include_self=False):
                if node.name in ("text", "text_special"):
                    words.append(node.meta["content"])
                elif node.name in ("softbreak", "hardbreak") or (node.name == "html_inline" \
                        and LINE_BREAK.fullmatch(node.meta.get("content", ""))):
                    words.append(" ")  # as markdown.plain_text: a raw `<br>` parts words
            return " ".join("".join(words).split())
    return ""


# What inline text (a tight list item's, which neither parser writes as <p>) may
# end with before a fence: markdown-it-py's fence renderer writes no line break
# before <pre> there, as it does after a block's closing tag.
_INLINE_ENDS = ("</em>", "</strong>", "</code>", "</s>", "</a>", "</sup>", '" />')


_NOTE_REFERENCE = re.compile(
    r'<sup class="footnote-ref"><a href="#fn(\d+)" id="fnref(\d+)">\[(\d+)\]</a></sup>')
_NOTE_ITEM = re.compile(r'<li id="fn(\d+)" class="footnote-item">')
_NOTE_BACK_REFERENCE = re.compile(r'<a href="#fnref(\d+)" class="footnote-backref">')


def _notes_renumbered(html: str) -> str | None:
    """markdown-it-pyrs' HTML with its notes numbered as markdown-it-py numbers
    them, or None where that cannot be told from the HTML.

    markdown-it-pyrs numbers a note by its definition's place, markdown-it-py
    by its first reference's (and writes [1:1] for a second reference). Where
    each note is referred to once, in the order they are defined (some may be
    defined and never referred to), the Nth reference is to note N in
    markdown-it-py: rewrite Rust's numbers so. Anything else (a second
    reference, another order, a reference counted twice) returns None.
    """
    references = _NOTE_REFERENCE.findall(html)
    count = html.count('class="footnote-ref"')
    notes = [int(note) for note, _, _ in references]
    if len(references) == count and notes != sorted(notes):
        return _notes_reordered(html, references)
    if (len(references) != count or notes != sorted(set(notes))
            or any(note != shown or int(ref) != k for k, (note, ref, shown) in enumerate(references, 1))
            or _NOTE_ITEM.findall(html) != [str(n) for n in notes]
            or _NOTE_BACK_REFERENCE.findall(html) != [str(k) for k in range(1, count + 1)]):
        return None
    if notes == list(range(1, count + 1)):
        return html
    number = {str(note): str(k) for k, note in enumerate(notes, 1)}
    html = _NOTE_REFERENCE.sub(lambda m: f'<sup class="footnote-ref"><a href="#fn{number[m[1]]}" '
                                         f'id="fnref{m[2]}">[{number[m[1]]}]</a></sup>', html)
    return _NOTE_ITEM.sub(lambda m: f'<li id="fn{number[m[1]]}" class="footnote-item">', html)


def _notes_reordered(html: str, references: list[tuple[str, str, str]]) -> str | None:
    """The notes of HTML (REFERENCES: its note references, in order) renumbered
    and listed in the order of their references, as markdown-it-py lists them,
    where each note is referred to once and the notes are referred to in
    another order than they are defined; else None.

    Each item keeps its text and its one link back (`#fnrefK`, numbered by
    reference in both parsers); only its number and place in the list change.
    """
    count = len(references)
    if ([int(ref) for _, ref, _ in references] != list(range(1, count + 1))
            or sorted(int(note) for note, _, _ in references) != list(range(1, count + 1))
            or any(note != shown for note, _, shown in references)):
        return None
    starts = [m.start() for m in _NOTE_ITEM.finditer(html)]
    end = html.find("</ol>\n</section>", starts[-1] if starts else 0)
    if len(starts) != count or end < 0:
        return None
    items = [html[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]
    by_reference: dict[int, str] = {}
    for number, item in enumerate(items, 1):
        backs = _NOTE_BACK_REFERENCE.findall(item)
        if (len(backs) != 1 or not item.startswith(f'<li id="fn{number}" class="footnote-item">')
                or item.count('class="footnote-item"') != 1):
            return None
        by_reference[int(backs[0])] = item[len(f'<li id="fn{number}"'):]
    if sorted(by_reference) != list(range(1, count + 1)):
        return None
    listed = "".join(f'<li id="fn{k}"{by_reference[k]}' for k in range(1, count + 1))
    html = html[:starts[0]] + listed + html[end:]
    return _NOTE_REFERENCE.sub(lambda m: f'<sup class="footnote-ref"><a href="#fn{m[2]}" '
                                         f'id="fnref{m[2]}">[{m[2]}]</a></sup>', html)


def _normalised(html: str) -> str:
    """markdown-it-pyrs' HTML written out as markdown-it-py writes the same tree.

    Two things differ only in layout: markdown-it-py's footnote items have no
    line break after <li>, and a fence that follows the text of a tight list
    item has none before it. With raw HTML escaped (or refused by
    fast_path_blocker), every "<" in the output is one the renderer wrote, so
    these patterns cannot come from the text.
    """
    if 'class="footnote-item">\n' in html:
        html = html.replace('class="footnote-item">\n', 'class="footnote-item">')
    i = html.find("\n<pre><code")
    if i < 0:
        return html
    parts, start = [], 0
    while i >= 0:
        if i and (html[i - 1] != ">" or html.endswith(_INLINE_ENDS, 0, i)):
            parts.append(html[start:i])
            start = i + 1
        i = html.find("\n<pre><code", i + 1)
    return "".join(parts) + html[start:]


# What keeps a text from markdown-it-pyrs. Each rule covers a difference from
# markdown-it-py (or a panic) found by rendering the CommonMark spec, the
# markdown-it fixtures and generated texts with both; tests/test_markdown_accel.py
# keeps checking. Plain substrings first, as they cost least.
# Control characters and Unicode spaces, which the two trim, match and fold differently.
_ODD_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
# Of those, the spaces (a no-break space in "10\u00a0km") differ only where markdown-it-py's
# str.strip() trims them and Rust's trim_ascii() does not: at the edges of a line,
# a block or a table cell.
_UNICODE_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_ODD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_UNICODE_SPACE = re.compile(f"[{_UNICODE_SPACES}]")
# Possessive (`*+`): no way of splitting a run of `#` into markers is tried
# again when no space follows it (a line of 30 `#` in a code block took
# minutes); none of what they repeat over can be the space that must follow,
# so the first way tried is the only one that could match.
_SPACE_AT_AN_EDGE = re.compile(
    rf"(?:^|\n|\||\]:)[ \t>]*+(?:(?:[-*+]|#{{1,6}}|\d{{1,9}}[.)])[ \t>]*)*+[{_UNICODE_SPACES}]"
    rf"|[{_UNICODE_SPACES}][ \t#]*+(?:$|\n|\|)")
# One scan for every character the checks above look for ("^" for "^["); most texts have none.
_SUSPECT = re.compile(f"[\\^{_ODD_CHARACTERS}]")
_ODD_OR_SPACE = re.compile(rf"[{_ODD_CHARACTERS}\s]")
# An autolink, whose text markdown-it-py shows %-decoded and with a punycode host decoded.
_AUTOLINK = re.compile(r"<[^<>\s]*>")
# "<!--" after anything but up to three spaces at the start of a line, where
# only an inline comment can begin (an HTML block's ends at "-->" in both), or
# "<!" before anything else: markdown-it-pyrs reads `<!doctype>` or
# `<![CDATA[` inline as raw HTML where markdown-it-py may not.
_COMMENT_OR_DECLARATION = re.compile(r"^(?! {0,3}<!--).*?<!--|<!(?!--)", re.MULTILINE)
# "[a](" with nothing after it on the line: markdown-it-py does not fall back to [a].
_OPEN_LINK_AT_END = re.compile(r"\]\([ \t]*(?:\n|$)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A link reference definition on one line; a backslash at the end of its URL escapes the
# line break in markdown-it-pyrs, which reads the next line on as the URL.
_SIMPLE_DEFINITION = re.compile(
    r" {0,3}\[[^\[\]]+\]:[ \t]*[^ \t]*[^ \t\\](?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*")
_SIMPLE_INLINE_LINK = re.compile(r"\]\([^()\s<>]*(?:[ ]+\"[^\"]*\")?\)")
# The block quote and list markers that open a line.
_CONTAINERS = re.compile(r"[ \t]*(?:(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*)*")
_DELIMITER_ROW = re.compile(r"[ \t>]*[|:-][|: \t-]*")
_TWO_COLUMNS = re.compile(r"\|[ \t]*:?-+:?[ \t]*\|[ \t]*:?-")


def fast_path_blocker(text: str, allow_html: bool = False) -> str:
    """What keeps text from markdown-it-pyrs (a short reason), or "" when nothing does.

    The checks run cheapest first, and the first that finds something names
    the reason; what several of them need (whether the text has links or
    link references) is found once here. Those about characters read the whole text; those about
    Markdown's structure skip the code in top-level fences.
    """
    reason = _character_blocker(text) or _html_blocker(text, allow_html)
    if reason:
        return reason
    links, references = "](" in text, "]:" in text  # in the text as written, fences and all
    if links and _OPEN_LINK_AT_END.search(text):
        return "link opened at the end of a line"
    images = "![" in _around(text, "!")
    reason = _entity_blocker(text) if "&" in text else ""
    if not reason and ("```" in text or "~~~" in text):
        if not text.endswith("\n"):
            return "fence in a text without a final line break"  # Rust ends the code with one
        text = _without_fenced_code(text)  # the checks below are about Markdown, not code
    reason = reason or _code_and_alt_blocker(text, images) or _tilde_blocker(text)
    if reason:
        return reason
    if _symbol_next_to_delimiter(text):
        return "emphasis next to a symbol"
    return _block_blocker(text, references, links)


def _character_blocker(text: str) -> str:
    """An inline footnote (markdown-it-pyrs panics on non-ASCII text in one),
    a control character, or a Unicode space at an edge: one scan finds none in
    most texts."""
    if _SUSPECT.search(text):
        if "^[" in text:
            return "inline footnote"
        if _ODD_CHARACTER.search(text):
            return "control character"
        if _UNICODE_SPACE.search(text) and _SPACE_AT_AN_EDGE.search(text):
            return "Unicode space at the edge of a line or cell"
    return ""


def _html_blocker(text: str, allow_html: bool) -> str:
    """When raw HTML is allowed, an HTML comment inside a line (markdown-it-py
    reads `<!-->` and `--` in one as CommonMark 0.31 does, markdown-it-pyrs as
    0.30 did) or a declaration; or an autolink whose text markdown-it-py shows
    decoded."""
    if "<" not in text:
        return ""
    if allow_html:
        if not text.endswith("\n"):
            return "raw HTML in a text without a final line break"  # Rust ends an HTML block with one
        if "<!" in text and _COMMENT_OR_DECLARATION.search(text):
            return "HTML comment inside a line, or declaration"
    if any("%" in m or "xn--" in m for m in _AUTOLINK.findall(text)):
        return "autolink with an encoded character or host"
    return ""


def _entity_blocker(text: str) -> str:
    """A character reference for a space or control character (trimmed and
    matched differently)."""
    if any(_ODD_OR_SPACE.search(htmllib.unescape(e)) for e in _ENTITY.findall(text)):
        return "entity for a space or control character"
    return ""


def _code_and_alt_blocker(text: str, images: bool) -> str:
    """An escape, character reference, autolink or hard line break in an image's
    description (markdown-it-pyrs leaves them out of the alt text), or a code
    span left open on a line of a text with links (markdown-it-pyrs panics on
    one in a link's text; see _open_code_span)."""
    if images and _odd_alt(text):
        return "escape, entity, autolink, line break or delimiter in an image description"
    if images and "`" in text and _BLANK_CODE_SPAN_START.search(text) and _BLANK_CODE_SPAN.search(text):
        # markdown-it-pyrs trims one space from each end of such a span; in an
        # image's description that shows in the alt text, elsewhere in a <code>
        # of spaces alone, which render() looks for in the HTML instead
        return "code span of three or more spaces in a text with images"
    if "`" in text and "[" in text and _open_code_span(text):
        return "code span left open in a text with brackets"
    return ""


def _tilde_blocker(text: str) -> str:
    """A run of three or more tildes outside a fence line (markdown-it-py splits
    it into a "~~" delimiter and text, markdown-it-pyrs keeps it whole)."""
    if "~~~" in text:
        for line in text.split("\n"):
            if "~~~" in line and not _FENCE_LINE.fullmatch(line[_CONTAINERS.match(line).end():]):  # type: ignore[union-attr]
                return "tilde run"
    return ""


# A fence that opens in the first column, so outside any container: its code runs
# to a closing fence (or the end of the text) whatever the lines in it look like.
_TOP_LEVEL_FENCE = re.compile(r"(`{3,})[^`]*|(~{3,}).*")


def _without_fenced_code(text: str) -> str:
    """TEXT with the lines of code in top-level fences blanked (the fence lines
    kept), so that checks of Markdown's structure do not read code as tables,
    quotes or definitions.

    A fence that opens in the first column is in no container, and nothing
    but its closing fence ends it. A text with a fence line anywhere else is
    returned as it is: an indented fence may be in a list item that ends
    before its closing fence, and a first-column one may be its code.
    """
    lines = text.split("\n")
    if any(not line.startswith(("```", "~~~")) and _FENCE_LINE.match(line, _CONTAINERS.match(line).end())  # type: ignore[union-attr]
           for line in lines if "```" in line or "~~~" in line):
        return text
    closing = None
    for i, line in enumerate(lines):
        if closing is not None:
            if closing.fullmatch(line):
                closing = None
            else:
                lines[i] = ""
        elif line.startswith(("```", "~~~")) and (m := _TOP_LEVEL_FENCE.fullmatch(line)):
            if "|" in line:  # a table's header row in markdown-it-py, which tries tables first
                return text
            fence = m.group(1) or m.group(2)
            closing = re.compile(f" {{0,3}}{fence}{fence[0]}*[ \t]*")
    return "\n".join(lines)


def _odd_alt(text: str) -> bool:
    """True when a backslash, "&", "<" or a hard line break follows "![" before
    the "]" that closes it (or before the paragraph ends, where none does),
    when the description starts or ends with an emphasis delimiter
    (markdown-it-py parses it as a text of its own, so "_" at its start has no
    "[" before it), or when no "]" closes it within 2,000 characters."""
    i = text.find("![")
    while i >= 0:
        depth, j = 0, i + 1
        end = min(len(text), j + 2000)  # a longer description is let through nowhere: no quadratic scan
        while j < end and not text.startswith("\n\n", j):
            c = text[j]
            if c in "\\&<" or text.startswith("  \n", j):
                return True
            depth += (c == "[") - (c == "]")
            if depth == 0:
                if text[i + 2] in "*_~" or text[j - 1] in "*_~":
                    return True
                break
            j += 1
        if j == end < len(text):
            return True
        i = text.find("![", i + 2)
    return False


# A code span of nothing but spaces (and a line break), three or more of them.
_BLANK_CODE_SPAN = re.compile(r"(?<!`)(`+)(?=[ \n]{3})( *(?:\n *)?)\1(?!`)")
# What every such span has: a backtick before three spaces or line breaks. It
# starts with a character, so the regex engine skips to each backtick in C,
# where the pattern above, which starts with a look-behind, is tried at every
# offset (a third of a second over a thousand technical posts).
_BLANK_CODE_SPAN_START = re.compile(r"`[ \n]{3}")
# In markdown-it-pyrs' HTML, what a code span of three or more spaces becomes:
# a candidate in the text is often no span at all, but a closing backtick
# before the opening one of the next span on the next line (`a`\n    `b`),
# and a post with one was sent to markdown-it-py before (a whole release
# notes post of 850 KB, for one line of its changelog).
_BLANK_CODE = re.compile(r"<code>[ \n]*</code>")
# A fence's opening or closing line, after any block quote or list markers.
_FENCE_LINE = re.compile(r"(?:`{3,}[^`]*|~{3,}.*)")
_BACKTICKS = re.compile(r"`+")


def _open_code_span(text: str) -> bool:
    """True when a paragraph (or heading, or table cell) has a run of
    backticks that no run of the same length after it closes, fence lines aside.

    markdown-it-pyrs caches where each length of run was last seen while it
    parses a link's text, and indexes past the end of that cache for a run the
    link's text did not have (code_pair.rs; markdown-it-py reads a missing
    entry as "no closer"). The panic is caught, but it prints to stderr and
    costs a parse; so a text whose every code span closes is let through, as
    nearly all real ones do. Paragraphs are told apart by _inline_runs; where
    every line closes what it opens (most texts), they need not be.
    """
    if not any(_open_on_line(line) for line in text.split("\n") if "`" in line):
        return False
    for run, _ in _inline_runs(text):
        if "`" not in run or _FENCE_LINE.fullmatch(run):
            continue
        cells = re.split(r"(?<!\\)\|", run) if run.startswith("|") else [run]
        if any(_unclosed_run(cell) for cell in cells):
            return True
    return False




def _open_on_line(line: str) -> bool:
    """True when LINE (a fence line aside; a table row: a cell) leaves a code span open."""
    if "``" not in line and "\\`" not in line and "|" not in line:
        # Single backticks, none escaped, pair up in turn (a backslash elsewhere,
        # as in a Windows path in a code span, changes nothing).
        return line.count("`") % 2 == 1
    line = line[_CONTAINERS.match(line).end():]  # type: ignore[union-attr]
    if _FENCE_LINE.fullmatch(line):
        return False
    cells = re.split(r"(?<!\\)\|", line) if line.startswith("|") else [line]
    return any(_unclosed_run(cell) for cell in cells)


# What starts a block that ends a paragraph above it: a heading, fence, footnote
# or thematic break (table rows, list items and quotes are told by the caller).
_BLOCK_START = re.compile(r"#|`{3}|~{3}|\[\^|[-*_][ \t]*[-*_][ \t]*[-*_]")


def _inline_runs(text: str) -> Iterator[tuple[str, list[str]]]:
    """The lines of TEXT, without their quote and list markers, joined where
    they may be one paragraph, each with the lines it came from: a blank
    line, a line with a list marker or another quote depth, a table row and a
    line that starts a block (each of which is a run of its own) end a run.
    Over-splitting only costs speed."""
    run: list[str] = []
    raw: list[str] = []
    depth = -1
    for line in text.split("\n"):
        prefix = _CONTAINERS.match(line).group()  # type: ignore[union-attr]
        content = line[len(prefix):]
        alone = "|" in content or bool(_BLOCK_START.match(content))
        if alone or not content.strip() or prefix.count(">") != depth or prefix.strip(" \t>"):
            if run:
                yield "\n".join(run), raw
            run, raw = [], []
        depth = prefix.count(">")
        if alone:
            yield content, [line]
        elif content.strip():
            run.append(content)
            raw.append(line)
    if run:
        yield "\n".join(run), raw


def _unclosed_run(text: str) -> bool:
    """True when a backtick run in TEXT (not escaped) has no closing run of its
    length after it. A run that closes a code span is read whole (a backslash
    is literal there); one that opens it loses a backtick escaped by "\\"."""
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICKS.finditer(text)]
    i = 0
    while i < len(runs):
        start, length = runs[i]
        k = start
        while k and text[k - 1] == "\\":
            k -= 1
        length -= (start - k) % 2  # "\`" is a literal backtick, the rest a run
        if length:
            i = next((j for j in range(i + 1, len(runs)) if runs[j][1] == length), -1)
            if i < 0:
                return True
        i += 1
    return False


def _block_blocker(text: str, references: bool, links: bool) -> str:
    """Link reference definitions, block quotes and tables of a shape the two
    parsers read differently; REFERENCES whether the text has "]:", LINKS
    whether it has an inline link. The text is split into lines only if it
    has one of the three."""
    quoted = ">" in text
    tables = "|" in text or ":-" in text or "-:" in text  # ":" is in every URL: not _around
    if not (references or quoted or tables):
        return ""
    lines = text.split("\n")
    reason = _footnote_blocker(lines) if references and "[^" in text else ""
    reason = reason or (_reference_blocker(text, links) if references else "")
    if reason:
        return reason
    if quoted and _odd_quote(text, lines):
        return "block quote with a lazy line or a tab"
    if tables and ("\\||" in text or _odd_table(lines, quoted)):
        return "table"  # an escaped pipe right before a pipe splits cells differently
    return ""


def _reference_blocker(text: str, links: bool) -> str:
    """A link reference definition the two parsers may end differently, or an
    inline link that may fall back to a reference.

    Every line with "]:" being a one-line definition will do; otherwise, as a
    definition can only start a paragraph, only paragraphs that start with
    "[" and have "]:" are looked at ("error[E0308]: ..." in a code block is
    not), and all their lines must be one-line definitions."""
    definitions = [line for line in text.split("\n")
                   if "]:" in line and not _FOOTNOTE_DEFINITION.match(line)]
    if not all(_SIMPLE_DEFINITION.fullmatch(line) for line in definitions):  # then look closer
        definitions = [line for run, lines in _inline_runs(text)
                       if run.startswith("[") and "]:" in run and not _FOOTNOTE_DEFINITION.match(run)
                       for line in lines]
    if any(not _SIMPLE_DEFINITION.fullmatch(line) for line in definitions):
        # a list marker or a quote ends a definition over several lines in Python only
        return "link reference definition over several lines"
    if definitions and links and any(not _SIMPLE_INLINE_LINK.match(text, m.start())
                     for m in re.finditer(r"\]\(", text)):
        # a broken inline link falls back to a reference from another position
        return "unclosed inline link next to link references"
    return ""


# A footnote definition (at the start of a line, where it is not in a container)
# and a footnote reference; _footnote_blocker lets through the shape blogs use.
_FOOTNOTE_DEFINITION = re.compile(r"\[\^([^\]\s]+)\]:")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
# What a footnote's text may not start with: a block (a quote, list, heading,
# fence, table row, thematic break, code) or another note.
_NOTE_TEXT = re.compile(
    r" {0,3}(?!\[\^|[>#|]|[-*+](?:[ \t]|$)|\d+[.)](?:[ \t]|$)|```|~~~|[-*_][ \t]*[-*_][ \t]*[-*_])\S")


def _footnote_blocker(lines: list[str]) -> str:
    """Footnote definitions the two parsers read differently, or references
    they may number differently.

    markdown-it-py numbers notes in the order they are first referred to,
    markdown-it-pyrs in the order they are defined, and it counts a reference
    twice when a link around it fails; `_notes_renumbered` checks the output
    and renumbers it, which it can do when the references come in the same
    order in the text as in the HTML. There notes follow everything else, so
    no reference may follow one made in a note (a definition, its lazy lines
    and its indented blocks). The definitions themselves: see _definition_blocker.
    """
    labels: list[str] = []
    previous, in_note, noted = "", False, False
    for line in lines:
        m = _FOOTNOTE_DEFINITION.match(line)
        if m is None:
            in_note = in_note and (bool(previous.strip()) or not line.strip()
                                   or line.startswith(("    ", "\t")))
            if _FOOTNOTE_REFERENCE.search(line):
                if in_note:
                    noted = True
                elif noted:
                    return "footnote reference after one in a note"
            if "[^" in line and "]:" in line:
                return "footnote definition in a container"
        else:
            reason = _definition_blocker(line, m.end(), previous, labels)
            if reason:
                return reason
            labels.append(m.group(1).casefold())
            in_note, noted = True, noted or bool(_FOOTNOTE_REFERENCE.search(line, m.end()))
        previous = line
    return ""


def _definition_blocker(line: str, end: int, previous: str, labels: list[str]) -> str:
    """A footnote definition LINE (its label ends at END) that the two parsers
    read differently: right after a paragraph (which it ends in markdown-it-py
    only), starting with a block (with four spaces, code in markdown-it-pyrs
    only) or another note, or with a label in LABELS (the first definition
    wins in markdown-it-pyrs, the last in markdown-it-py)."""
    label = line[2:end - 2].casefold()
    if previous.strip() and not _FOOTNOTE_DEFINITION.match(previous):
        return "footnote definition right after a paragraph"
    if not _NOTE_TEXT.match(line, end):
        return "footnote definition that starts with a block or a note"
    if label in labels:
        return "footnote defined twice"
    return ""


def _around(text: str, char: str) -> set[str]:
    """The two-character strings that CHAR makes with its neighbours in TEXT:
    "![" in text is "![" in _around(text, "!"). For a character that is rare
    in a body ("!"), looking for it and then at its neighbours is quicker
    than looking for the two (0.4 us against 2.5 us over a body of 2,400
    characters with a curly quote in it); for a common one ("]" in a post of
    links, ":" in every URL) `in` is quicker, and is used."""
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


# What may come before a block quote's ">" on its line: list markers.
_BEFORE_QUOTE = re.compile(r"[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*")


def _has_quote(text: str) -> bool:
    """True when a line of TEXT opens a block quote (in a list, maybe): its first
    ">" with nothing but list markers before it. Only lines with a ">" are
    looked at, and only their first: a pattern anchored at the start of every
    line is tried at every character, four times as long over a post. Each
    character is read at most twice, however many ">" a line has."""
    at = text.find(">")
    while at >= 0:
        if _BEFORE_QUOTE.fullmatch(text, text.rfind("\n", 0, at) + 1, at):
            return True
        end = text.find("\n", at)  # a later ">" on this line has this one before it
        if end < 0:
            return False
        at = text.find(">", end)
    return False


def _odd_quote(text: str, lines: list[str]) -> bool:
    """True for a lazy continuation line after a block quote (a list or table
    there ends the quote in one parser only) or a tab after a quote marker.
    LINES are TEXT's."""
    if not _has_quote(text):
        return False
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
        url = m.group(2)
        if not plainly_kept(url):  # else kept as written: nothing to unescape, and safe
            url = htmllib.unescape(url)
            if not safe_href(url) or _host_differs(url):
                bad = True
                return m.group(0)
        if base_path != "/" and url.startswith("/") and not url.startswith("//"):
            return m.group(1) + escapeHtml(base_path + url[1:]) + '"'
        return m.group(0)

    fixed = _URL_ATTRIBUTE.sub(fix, html)
    return None if bad else fixed


# An http(s) URL with a plain host name (urls.PLAIN_HOST_NAME), or a path
# from the site's root or a fragment with no "//" among its first eight
# characters, written in printable ASCII without "&" (so as the attribute
# holds it), '"' or a backslash.
_PLAIN_URL = re.compile(rf"(?:https?://{PLAIN_HOST_NAME}|(?!.{{0,6}}//)[/#])[!#-%'-\[\]-~]*",
                        re.ASCII)


def plainly_kept(url: str) -> bool:
    """True for an attribute's URL that `_fix_urls` keeps for certain, told by
    one regular expression: nearly every link of a post (a release note has
    hundreds), where the full check (unescape, safe_href, _host_differs)
    costs some ten times as much. False says nothing: the full check decides.
    tests/unit/test_markdown_accel_urls.py checks that the two agree."""
    return _PLAIN_URL.fullmatch(url) is not None and "xn--" not in url


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
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>')


# A line break written as raw HTML, in any of its forms: it parts words in a summary.
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# An HTML picture, and what may stand around pictures in a paragraph of them
# alone: a link's tags and line breaks (markdown.first_paragraph reads them too).
PICTURE_TAG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
AROUND_PICTURE = re.compile(r"</?a\b[^<>]*>|<br\s*/?>", re.IGNORECASE)


def _first_paragraph_html(html: str) -> str:
    """`first_paragraph` from markdown-it-pyrs' HTML, where every "<" opens a
    tag: a paragraph of pictures alone passed over for the next, as there."""
    depth, first = 0, None
    for m in _CONTAINER_OR_PARAGRAPH.finditer(html):
        closing, tag = m.groups()
        if tag != "p":
            depth += -1 if closing else 1
        elif depth == 0 and not closing:
            inner = html[m.end():html.index("</p>", m.end())]
            text = _paragraph_text(inner)
            if not is_label(text) and ("<img" not in inner.lower() or not _pictures_only_html(inner)):
                return text
            first = text if first is None else first
    return first or ""


def is_label(text: str) -> bool:
    """Whether a paragraph's TEXT is a label for what follows ("Table of
    Contents:", "Links:"): a few words ending in a colon, which say nothing
    of the item as its summary (markdown.first_paragraph passes it over too)."""
    return text.endswith(":") and len(text.split()) <= 6


def _paragraph_text(inner: str) -> str:
    """The plain text of a paragraph's HTML, images as their alt text."""
    if '<sup class="footnote-ref">' in inner:  # not text to markdown-it-py either
        inner = _FOOTNOTE_REF.sub("", inner)
    if "<" in inner:
        inner = _TAG.sub("", _IMAGE_ALT.sub(r"\1", LINE_BREAK.sub(" ", inner)))
    if "&" in inner:
        inner = htmllib.unescape(inner)
    return " ".join(inner.split())


def _pictures_only_html(inner: str) -> bool:
    """Whether a paragraph's HTML is pictures, maybe linked, and nothing else
    but spaces and line breaks (markdown.pictures_only, over tokens)."""
    rest = AROUND_PICTURE.sub("", PICTURE_TAG.sub("", inner))
    return "<" not in rest and not htmllib.unescape(rest).strip()

