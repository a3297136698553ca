"""Entity linking is linear in the body, and gives what the plain definition gives.

The linker walks its matches and the stretches it must not touch (tags, links,
code, headings…) together, once. These tests compare it with a straightforward
reference written from the definition (every name searched for everywhere,
each match checked against every tag and span) over generated blog-shaped
bodies, and count the steps it takes, so a return to quadratic time fails
here without timing anything.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from html import escape
from typing import Any, SupportsIndex

import pytest

from briefgen.site import autolink
from briefgen.site.autolink import Edits, Linker, html_text
from briefgen.source.markdown import make_markdown, render_markdown

NAMES = {
    "Sergei Lavrov": "/people/sergei-lavrov/", "Lavrov": "/people/sergei-lavrov/",  # an alias
    "Sergei": "/people/sergei/", "Сергей Лавров": "/people/sergei-lavrov/", "Лавров": "/people/lavrov/",
    "New York Times": "/sources/nyt/", "New York": "/topics/new-york/", "York": "/topics/york/",
    "NATO": "/topics/nato/", "AT&T": "/topics/at-t/", "Rust": "/topics/rust/",
    "Cargo": "/topics/cargo/", "crates.io": "/topics/crates-io/", "x_y": "/topics/x-y/",
    "Jean-Luc": "/people/jean-luc/", "Ёж": "/people/yozh/", "O'Brien": "/people/o-brien/",
    '"Quoted"': "/topics/quoted/", "A": "/topics/a/",
}
WORDS = ["the", "said", "and", "in", "of", "release", "compiler", "team", "fix", "Россия", "über"]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def reference_edits(names: dict[str, str], html: str) -> Edits:
    """The first mentions, from the definition: every name searched for in the
    whole HTML, and each match checked against the whole text before it (is
    it inside a tag?) and against every skipped span."""
    urls = {html_text(n): u for n, u in names.items() if len(n.strip()) > 1}
    found = []
    for name in urls:
        if not _is_word_char(name[0]):
            continue
        for m in re.finditer(f"(?={re.escape(name)})", html):
            start, end = m.start(), m.start() + len(name)
            before = html[start - 1] if start else " "
            after = html[end] if end < len(html) else " "
            if not _is_word_char(before) and before != "&" and not _is_word_char(after):
                found.append((start, -len(name), name))
    spans = autolink._skipped_spans(html)
    edits, done, covered = [], set(), 0
    for start, _, name in sorted(found):
        in_tag = html.rfind("<", 0, start) > html.rfind(">", 0, start)
        if start < covered or in_tag or any(a <= start < b for a, b in spans):
            continue
        covered = start + len(name)
        if urls[name] not in done:
            done.add(urls[name])
            edits.append((start, len(name),
                          f'<a class="autolink" href="{escape(urls[name], quote=True)}">{name}</a>'))
    return tuple(edits)


def _phrase(rng: random.Random) -> str:
    """A few words with known names among them, some glued to punctuation or other words."""
    out = []
    for _ in range(rng.randint(1, 8)):
        word = rng.choice(list(NAMES) + WORDS * 2)
        before, after = rng.choice(["", "", "", "(", "x", "_", "«"]), rng.choice(["", "", ",", ".", "s", ")"])
        out.append(before + word + after)
    return " ".join(out)


def blog_markdown(rng: random.Random, blocks: int) -> str:
    """A technical post's shape: headings, code spans and fences, links, images, lists,
    quotes, tables, footnotes and raw HTML, all with known names in and around them."""
    def p() -> str:
        return _phrase(rng)

    kinds: list[Callable[[], str]] = [
        lambda: f"{'#' * rng.randint(1, 6)} {p()}",
        lambda: f"{p()} `{p()}` {p()} [{p()}](https://example.org/{rng.randint(0, 9)} \"{p()}\") {p()}",
        lambda: f"```{rng.choice(['rust', 'toml', ''])}\n{p()}\n{p()}\n```",
        lambda: f"    {p()}\n    {p()}",
        lambda: f"- {p()}\n  - `{p()}` {p()}\n- {p()}",
        lambda: f"> {p()}\n> **{p()}** *{p()}*",
        lambda: f"| {p()} | `{p()}` |\n|---|---|\n| {p()} | [{p()}](/x) |",
        lambda: f"![{p()}](/img.png \"{p()}\") {p()}[^{rng.randint(1, 3)}]",
        lambda: f"[^{rng.randint(1, 3)}]: {p()}",
        lambda: f"{p()} <kbd>{p()}</kbd> <span title=\"{p()}\">{p()}</span> <svg/> {p()}",
        lambda: f"<pre>{p()}\n<code>{p()}</code></pre>\n\n{p()} &amp; {p()} <{p()}> {p()}",
    ]
    return "\n\n".join(rng.choice(kinds)() for _ in range(blocks)) + "\n"


def raw_html(rng: random.Random, parts: int) -> str:
    """HTML no Markdown renderer makes: nested and unclosed skips, stray brackets, comments."""
    bits = ["<p>", "</p>", "<code>", "</code>", "<a href='NATO'>", "</a>", "<h2 id='Lavrov'>", "</h2>",
            "<svg/>", "<pre>", "</pre>", " > ", " < ", "<!-- NATO -->", "<b>", "</b>", "&amp;",
            "<script>", "</script>", "<codex>", "</CODE>", "<A HREF=x>", "<br/>"]
    return "".join(rng.choice(bits) if rng.random() < 0.4 else " " + _phrase(rng) for _ in range(parts))


@pytest.mark.parametrize("seed", range(40))
def test_the_links_are_those_of_the_plain_definition(seed: int) -> None:
    rng = random.Random(seed)
    linker = Linker.build(NAMES)
    for html_allowed in (False, True):
        body = render_markdown(make_markdown(html_allowed), blog_markdown(rng, rng.randint(1, 40)))[0]
        assert linker.edits(body) == reference_edits(NAMES, body), body
    body = raw_html(rng, rng.randint(1, 200))
    assert linker.edits(body) == reference_edits(NAMES, body), body


def test_a_few_names_among_many_are_found_as_the_definition_says() -> None:
    rng = random.Random(7)
    names = dict(NAMES)
    names.update({f"Person {i} Surname{i % 37}": f"/people/p{i}/" for i in range(2000)})
    linker = Linker.build(names)
    body = render_markdown(make_markdown(False), blog_markdown(rng, 60).replace(
        "NATO", "Person 12 Surname12").replace("Cargo", "Person 1999 Surname1"))[0]
    assert linker.edits(body) == reference_edits(names, body)


# --- steps, not seconds -----------------------------------------------------------------------

class CountingSpans(list[tuple[int, int]]):
    """The skipped spans, counting every span the linker looks at."""

    steps = 0

    def __getitem__(self, i: SupportsIndex) -> Any:  # type: ignore[override]
        CountingSpans.steps += 1
        return super().__getitem__(i)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for span in super().__iter__():
            CountingSpans.steps += 1
            yield span


class CountingHtml(str):
    """A body that counts the characters the linker scans back over."""

    scanned = 0

    def rfind(self, sub: str, start: SupportsIndex | None = None,
              end: SupportsIndex | None = None) -> int:
        a = 0 if start is None else int(start)
        b = len(self) if end is None else int(end)
        CountingHtml.scanned += max(0, b - a)
        return super().rfind(sub, a, b)


def _blog_shaped(paragraphs: int) -> str:
    """Paragraphs thick with code spans, links and known names: the shape that was quadratic."""
    para = ("<p>NATO and <code>Lavrov</code> met; <a href=\"/x\">Rust</a> said <code>x</code> "
            "Cargo <code>y</code> crates.io <em>New York</em> <code>z</code> Sergei.</p>\n")
    return para * paragraphs


SPANS_OF = autolink._skipped_spans


def _steps(paragraphs: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, int]:
    monkeypatch.setattr(autolink, "_skipped_spans", lambda html: CountingSpans(SPANS_OF(html)))
    CountingSpans.steps = CountingHtml.scanned = 0
    html = CountingHtml(_blog_shaped(paragraphs))
    edits = Linker.build(NAMES).edits(html)
    assert len(edits) == 5  # NATO, Cargo, crates.io, New York, Sergei: the rest are inside skips
    return CountingSpans.steps, CountingHtml.scanned, len(html)


def test_the_spans_looked_at_grow_with_the_body_not_its_square(monkeypatch: pytest.MonkeyPatch) -> None:
    small, _, _ = _steps(500, monkeypatch)
    large, _, _ = _steps(2000, monkeypatch)
    assert large <= 4.4 * small  # four times the body: four times the steps, not sixteen
    assert large <= 2 * 2000 * (5 + 8)  # two looks per span and per match (5 and 8 a paragraph)


def test_the_text_scanned_for_tags_is_the_body_once(monkeypatch: pytest.MonkeyPatch) -> None:
    for paragraphs in (500, 2000):
        _, scanned, length = _steps(paragraphs, monkeypatch)
        assert scanned <= 2 * length  # one scan for '<' and one for '>', each over the body once
