"""Heading ids, anchor links and the table of contents, as a pass over a body's HTML.

A pass over the HTML that render_markdown returns, not a Markdown plugin, so
that a body gets the same ids whichever engine rendered it (markdown-it-py
or its Rust twin, see markdown.py). That HTML is regular: a heading is
`<h2>text</h2>`, or with `markdown.html: true` a raw heading as nh3 writes
it, attributes double-quoted; text never holds a raw `<`.

Ids are slugs made as URLs are (core/slugs.py), so `## Мария Захарова`
gets `mariia-zakharova` and old in-page links from generators that slug the
same way keep working. They are unique within the body, never empty, and
never one the theme's own page uses (RESERVED_IDS).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape, unescape

from ..core.slugs import make_slug

# Ids the theme's pages already use where a body can be shown (base.html,
# article.html, term.html, toc.html, edition.html, search.html): a heading
# that slugs to one of them gets a suffix, as a repeated heading does.
RESERVED_IDS = frozenset({"main", "search", "toc", "toc-heading", "related-heading",
                          "roles-heading", "together-heading", "sources-heading",
                          "contents-heading"})
FALLBACK_ID = "section"  # for a heading with no letter or digit to slug (an emoji, "…")
TOC_LEVELS = (2, 4)  # the heading levels a table of contents lists, inclusive

# (level, id, plain text) of each heading, in body order: kept on the record,
# compact to pickle; table_of_contents() makes the tree templates show.
Heading = tuple[int, str, str]

_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.DOTALL)
_ID_ATTR = re.compile(r'\sid="([^"]*)"')
# `## Title {#custom-id}` (Hugo, Zola, Pandoc) and kramdown's `{: #custom-id}`
# (Jekyll): the explicit ids of imported posts, which their own links use.
# An id starts with a letter or digit of any script, or `-` (Hugo's for `## 🎵 Sun`).
_EXPLICIT_ID = re.compile(r"\s*\{:?\s*#((?:[^\W_]|-)[\w.:-]*)\s*\}\s*$")
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
ANCHOR = ('<a class="heading-anchor" href="#{id}" aria-label="Link to this section" '
          'data-pagefind-ignore>#</a>')
_ANCHOR_LINK = re.compile(re.escape(ANCHOR).replace(re.escape("{id}"), '[^"]*'))


def add_heading_ids(html: str, reserved: Iterable[str] = RESERVED_IDS) -> tuple[str, tuple[Heading, ...]]:
    """HTML with an id and an anchor link on every h1-h6, and its headings.

    A heading that has an id keeps it (raw HTML, or `{#id}` after its text);
    the others get the slug of their text, with `-1`, `-2`... when the body
    or the theme's page already uses it.
    """
    if "<h" not in html:
        return html, ()
    taken = set(reserved) | set(ids_in(html))
    found = [_explicit(m) for m in _HEADING.finditer(html)]
    taken.update(given for _, given, _ in found if given)
    headings: list[Heading] = []
    out: list[str] = []
    at = 0
    for (m, given, inner) in found:
        text = heading_text(inner)
        hid = given or unique_id(make_slug(text, FALLBACK_ID), taken)
        headings.append((int(m.group(1)), hid, text))
        attrs = m.group(2) if _ID_ATTR.search(m.group(2)) else f'{m.group(2)} id="{escape(hid)}"'
        out += [html[at:m.start()], f"<h{m.group(1)}{attrs}>{inner}",
                ANCHOR.format(id=escape(hid)), f"</h{m.group(1)}>"]
        at = m.end()
    out.append(html[at:])
    return "".join(out), tuple(headings)


def ids_in(html: str) -> list[str]:
    """_ID_ATTR.findall(html), found by looking for `id="` with str.find: the
    pattern starts with `\\s`, so the regex engine tries it at every character
    of the body (four times as long over a post's highlighted HTML). Each match
    ends at its closing quote and the next is looked for after it, as findall's do."""
    found = []
    at = html.find('id="')
    while at >= 0:
        if at and html[at - 1].isspace():  # what \s matches
            end = html.find('"', at + 4)
            if end < 0:
                break  # no quote closes this value, nor any after it
            found.append(html[at + 4:end])
            at = html.find('id="', end + 1)
        else:
            at = html.find('id="', at + 1)
    return found


def strip_anchors(html: str) -> str:
    """HTML without the anchor links add_heading_ids put after headings: for
    feeds and emails, where no stylesheet hides the "#" until it is wanted."""
    return _ANCHOR_LINK.sub("", html) if 'class="heading-anchor"' in html else html


def _explicit(m: re.Match[str]) -> tuple[re.Match[str], str, str]:
    """A heading's match, the id it gives itself ('' if none) and its inner HTML
    without a trailing `{#id}`."""
    inner = m.group(3)
    own = _ID_ATTR.search(m.group(2))
    if own:
        return m, unescape(own.group(1)), inner
    explicit = _EXPLICIT_ID.search(inner)
    if explicit:
        return m, explicit.group(1), inner[:explicit.start()]
    return m, "", inner


def heading_text(inner: str) -> str:
    """A heading's inner HTML as one line of plain text, footnote marks left out."""
    if "<" in inner:
        inner = _TAG.sub("", _FOOTNOTE_REF.sub("", inner))
    return " ".join(unescape(inner).split())


def unique_id(base: str, taken: set[str]) -> str:
    """BASE, or BASE-1, BASE-2... the first not in TAKEN; added to TAKEN."""
    hid, n = base, 0
    while hid in taken:
        n += 1
        hid = f"{base}-{n}"
    taken.add(hid)
    return hid


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One heading in a table of contents, with the headings under it."""

    id: str
    text: str
    children: tuple[TocEntry, ...] = ()

    @property
    def url(self) -> str:
        """The link to the heading on its page."""
        return "#" + self.id


def table_of_contents(headings: Sequence[Heading], levels: tuple[int, int] = TOC_LEVELS,
                      ) -> tuple[TocEntry, ...]:
    """The headings of LEVELS as a tree: each under the nearest heading before
    it of a higher level (an h4 after an h2 goes under the h2)."""
    # Each open entry: its level and the list its children are gathered in.
    root: list[TocEntry] = []
    stack: list[tuple[int, str, str, list[TocEntry]]] = []

    def close(until: int) -> None:
        while stack and stack[-1][0] >= until:
            _, hid, text, children = stack.pop()
            (stack[-1][3] if stack else root).append(TocEntry(hid, text, tuple(children)))

    for level, hid, text in headings:
        if levels[0] <= level <= levels[1]:
            close(level)
            stack.append((level, hid, text, []))
    close(0)
    return tuple(root)
