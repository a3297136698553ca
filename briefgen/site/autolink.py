"""Entity linking: the first mention of a known person or topic in an item's
body links to its page.

Names are indexed by their first word. For each body, the words it contains
that begin with a letter some name begins with select the few candidate
names (a set intersection, done in C), and only those are searched for, so
thousands of known names cost little per item.
Matching is case-sensitive and on whole words; text inside links, code,
headings, scripts and styles is never touched.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape, unescape

from ..core.hashing import digest

_SKIP = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style",
                   "kbd", "samp", "svg", "math", "button", "label"})
# Tag names are case-insensitive in ASCII only, as HTML reads them: with
# re.ASCII, `<ſcript>` (a long s) is no <script>, and the scan, over every
# tag of every body, takes some 30% less time than with Unicode case folding.
_SKIP_TAG = re.compile(rf"<(/?)(?:{'|'.join(sorted(_SKIP))})(?![a-zA-Z0-9])[^>]*>",
                       re.IGNORECASE | re.ASCII)
_WORD = re.compile(r"\w+")


def html_text(text: str) -> str:
    """Text escaped exactly as markdown-it escapes it (& < > and double quotes)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


Edits = tuple[tuple[int, int, str], ...]  # (offset, length, the link that replaces it)


def apply_edits(html: str, edits: Edits) -> str:
    """HTML with each (offset, length) span replaced by its link; edits in order."""
    if not edits:
        return html
    out = []
    at = 0
    for start, length, link in edits:
        out.append(html[at:start])
        out.append(link)
        at = start + length
    out.append(html[at:])
    return "".join(out)


def _skipped_spans(html: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch inside elements that are never linked, in order.

    Opening and closing tags of those elements are counted together, as the
    nesting depth; self-closing ones (`<svg/>`) open nothing.
    """
    spans: list[tuple[int, int]] = []
    depth = opened = 0
    for m in _SKIP_TAG.finditer(html):
        tag = m.group(0)
        if tag.endswith("/>"):
            continue
        if m.group(1):  # a closing tag
            if depth:
                depth -= 1
                if not depth:
                    spans.append((opened, m.end()))
        else:
            if not depth:
                opened = m.start()
            depth += 1
    if depth:
        spans.append((opened, len(html)))
    return spans


class _Open:
    """Asked about offsets in increasing order: may a name starting there be linked?

    Not inside a tag (the last '<' before it comes after the last '>') and not
    inside a skipped span. Each question scans only the HTML since the last one
    and steps past the spans that end before it, so a body costs one pass
    however many names it mentions. Asking every span about every match, and
    scanning back from each match to the body's start, as this once did, took
    time in the product of the two: 30 million steps on a 5 MB technical blog.
    """

    def __init__(self, html: str, spans: Sequence[tuple[int, int]]) -> None:
        self.html = html
        self.spans = spans
        self.at = 0  # the HTML before here has been scanned
        self.lt = self.gt = -1  # the last '<' and '>' before `at`, or -1
        self.span = 0  # the first span that does not end before `at`

    def __call__(self, at: int) -> bool:
        html, spans = self.html, self.spans
        lt = html.rfind("<", self.at, at)
        if lt >= 0:
            self.lt = lt
        gt = html.rfind(">", self.at, at)
        if gt >= 0:
            self.gt = gt
        self.at = at
        i = self.span
        while i < len(spans) and spans[i][1] <= at:
            i += 1
        self.span = i
        return self.lt <= self.gt and not (i < len(spans) and spans[i][0] <= at)


def _next_mention(text: str, name: str, start: int) -> int:
    """Where NAME occurs in TEXT as a whole word first at or after START, or -1."""
    end = len(text)
    at = text.find(name, start)
    while at >= 0:
        after = at + len(name)
        before = text[at - 1] if at else " "
        if not _is_word_char(before) and before != "&" and \
                not (after < end and _is_word_char(text[after])):
            return at
        at = text.find(name, at + 1)
    return -1


def _mentions(text: str, candidates: list[str], finished: set[str] | None = None,
              ) -> Iterator[tuple[int, str]]:
    """(offset, name) of each whole-word occurrence of the CANDIDATES in TEXT, by
    offset, longer names first (then by name), found as they are asked for:
    after a name is put in FINISHED, it is looked for no further.

    A name mentioned a hundred times in a post is linked at its first mention
    outside tags and links; finding the other ninety-nine, sorting them among
    every other name's and stepping over them cost more than the rest of
    linking the post. So each name's next mention waits on a heap."""
    finished = set() if finished is None else finished
    heap = [(at, -len(name), name) for name in candidates
            if (at := _next_mention(text, name, 0)) >= 0]
    heapq.heapify(heap)
    while heap:
        at, longer, name = heap[0]
        yield at, name
        after = -1 if name in finished else _next_mention(text, name, at + 1)
        if after >= 0:
            heapq.heapreplace(heap, (after, longer, name))
        else:
            heapq.heappop(heap)


def _alone(index: dict[str, list[str]]) -> frozenset[str]:
    """The names of INDEX (first word -> names) inside whose mentions no other
    name's can start: none starts with a later word of the name, and none
    other starts with its first word.

    A name's mention covers the names that start inside it (they are no
    mentions of their own), so `edits` keeps each mention it finds open,
    linked or not. A mention found inside another starts at one of its words
    (a match starts after a character that is no word character), so for a
    name with no such neighbour, a mention after the first linked one can
    cover nothing: it is passed over without finding whether it is in a
    tag or a link, which most mentions in a long post are (a post that names
    a language names it a hundred times).
    """
    return frozenset(name for names in index.values() for name in names
                     if len(index[_WORD.findall(name)[0]]) == 1
                     and not any(w in index for w in _WORD.findall(name)[1:]))


@dataclass(frozen=True)
class Linker:
    """Names (as they appear in HTML text) -> the page they link to."""

    urls: dict[str, str]
    # first word -> (name, the words of it a text must contain), longest first
    by_first_word: dict[str, tuple[tuple[str, frozenset[str]], ...]]
    fp: str
    # Runs of word characters that start with a character some first word
    # starts with: every first word in a text is among them (see _candidates).
    words: re.Pattern[str] = _WORD
    # Names no other name can start inside of (see _alone): a mention of one
    # whose page is linked already changes nothing, and is passed over.
    alone: frozenset[str] = frozenset()

    @classmethod
    def build(cls, names: dict[str, str]) -> Linker:
        urls = {html_text(n): u for n, u in names.items() if len(n.strip()) > 1}
        index: dict[str, list[str]] = defaultdict(list)
        for name in urls:
            words = _WORD.findall(name)
            if words and name[0] != "&" and _is_word_char(name[0]):
                index[words[0]].append(name)
        initials = {w[0] for w in index}

        def needs(name: str) -> frozenset[str]:
            """The name's words that the word pattern can find."""
            return frozenset(w for w in _WORD.findall(name) if w[0] in initials)

        return cls(urls, {w: tuple((n, needs(n)) for n in sorted(ns, key=lambda n: (-len(n), n)))
                          for w, ns in index.items()},
                   digest(repr(sorted(urls.items()))),
                   re.compile(f"[{re.escape(''.join(sorted(initials)))}]\\w*") if initials
                   else _WORD,
                   _alone(index))

    def link(self, html: str) -> tuple[str, tuple[str, ...]]:
        """Link first mentions in HTML; return it with the names linked, in order."""
        edits = self.edits(html)
        return apply_edits(html, edits), tuple(html[at:at + length] for at, length, _ in edits)

    def edits(self, html: str) -> Edits:
        """Where the first mentions in HTML are and the links that replace them.

        Kept instead of the linked body: a few numbers and short strings per item,
        where a linked copy would double the memory every body takes. Names are
        searched for in the whole HTML at once; a match inside a tag, or inside
        an element that is never linked (see _SKIP), is then set aside.
        """
        if not self.by_first_word:
            return ()
        skipped = _skipped_spans(html)
        candidates = self._candidates(html, skipped)
        if not candidates:
            return ()
        is_open = _Open(html, skipped)
        edits = []
        done: set[str] = set()
        finished: set[str] = set()  # names whose later mentions can change nothing
        covered = 0  # a match (linked or not) reaches here: names inside it are not matches
        alone = self.alone
        for start, name in _mentions(html, candidates, finished):  # by offset: is_open asks in order
            if start < covered:
                continue
            url = self.urls[name]
            if url in done and name in alone:  # it would link nothing, nor hide a name
                finished.add(name)
                continue
            if not is_open(start):
                continue
            covered = start + len(name)
            if url not in done:  # a later mention: leave it, and the names inside it, alone
                done.add(url)
                edits.append((start, len(name),
                              f'<a class="autolink" href="{escape(url, quote=True)}">{name}</a>'))
        return tuple(edits)

    def find(self, text: str) -> list[tuple[int, str]]:
        """Every whole-word mention in plain text as (offset in the escaped text, name)."""
        text = html_text(text)
        out: list[tuple[int, str]] = []
        covered = 0
        for start, name in _mentions(text, self._candidates(text)):
            if start >= covered:
                out.append((start, unescape(name)))
                covered = start + len(name)
        return out

    def _candidates(self, text: str, skipped: Sequence[tuple[int, int]] = ()) -> list[str]:
        """Names whose words (those the word pattern finds) all occur in the text
        outside the SKIPPED spans.

        The word pattern starts a match only at a letter some first word starts
        with, so the regex engine skips ahead in C instead of making a string of
        every word. A match may start inside a word ("NATO" in "xNATO"): such
        extra words only add candidates, and _mentions checks word boundaries.
        No whole word is missed, since a match ends where its run of word
        characters does; so a name that occurs has all its needed words here.
        The skipped spans (code, links…: some 40% of a technical post's HTML)
        can hold no name that is linked: a span starts with '<' and ends after
        '>', which no name holds (names are escaped), so a name that starts
        outside every span ends outside it too, and its words are found in the
        text between spans (each stretch bounded by '>' and '<', so no run of
        word characters is cut).
        """
        findall = self.words.findall
        words: set[str] = set()
        at = 0
        for start, end in skipped:
            words.update(findall(text, at, start))
            at = end
        words.update(findall(text, at))
        return [name for w in words & self.by_first_word.keys()
                for name, needed in self.by_first_word[w] if needed <= words]
