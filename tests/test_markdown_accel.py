"""The optional markdown-it-pyrs fast path gives exactly markdown-it-py's output.

render_markdown() renders a body with markdown-it-pyrs only when nothing in it
is known to come out differently, and otherwise with markdown-it-py; here both
paths render the same bodies and must agree byte for byte: every body in the
repository, the CommonMark spec's examples and markdown-it's fixture files
(tests/data/markdown/), the benchmark's blog corpus (bench/corpus.py),
generated blog posts, footnotes and adversarial texts, and a list of tricky
literals. The tests also require that a good share of each takes the fast
path, that the texts which need markdown-it-py do not, and that everything
works without markdown-it-pyrs installed.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

import briefgen.source.markdown as markdown_module
from briefgen.core.errors import BriefgenError
from briefgen.source.frontmatter import decode, split
from briefgen.source.markdown import (
    accelerated_render,
    fast_path_blocker,
    make_markdown,
    reference_render,
    render_markdown,
)
from briefgen.source.markdown_accel import _may_hold_raw_html, _normalised

ROOT = Path(__file__).resolve().parent.parent
BASES = ("/", "/briefings/")
DATA = ROOT / "tests" / "data" / "markdown"


@pytest.fixture(scope="module")
def engines() -> dict[bool, tuple[markdown_module.Markdown, markdown_module.Markdown]]:
    """{allow_html: (accelerated renderer, markdown-it-py only renderer)}."""
    pytest.importorskip("markdown_it_pyrs")
    with pytest.MonkeyPatch.context() as m:  # on, even on the reference paths (BRIEFGEN_REFERENCE)
        m.setattr(markdown_module, "_ACCELERATE", True)
        engines = {html: (make_markdown(html), make_markdown(html, accelerate=False))
                   for html in (False, True)}
    assert all(fast.accelerated is not None for fast, _ in engines.values()), \
        "markdown-it-pyrs is installed but not used (an untested version?)"
    return engines


def agree(engines, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Assert both paths give the same (html, summary) in every setting; True when
    the fast path was taken for the safe (HTML-escaping) renderer at the root."""
    for html, (fast, slow) in engines.items():
        for base in BASES:
            expected = reference_render(slow, text, base)
            assert render_markdown(fast, text, base) == expected, (text, html, base)
    fast = engines[False][0]
    return accelerated_render(fast.accelerated, text, "/", False) is not None


def bodies(paths: Iterator[Path]) -> list[tuple[str, str]]:
    """(path, Markdown body) of each file; the whole text where it has no valid front matter."""
    out = []
    for path in sorted(paths):
        try:
            text = decode(path.read_bytes(), str(path))
        except BriefgenError:
            continue
        with contextlib.suppress(BriefgenError):
            text = split(text, str(path)).body
        out.append((str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path), text))
    return out


# (a) Real bodies ----------------------------------------------------------------

def test_every_body_in_the_repository(engines) -> None:  # type: ignore[no-untyped-def]
    found = bodies(p for pattern in ("content/**/*.md", "tests/sites/**/*.md")
                   for p in ROOT.glob(pattern))
    assert len(found) > 50
    fast = [path for path, body in found if agree(engines, body)]
    assert len(fast) > len(found) // 2, "most repository bodies should take the fast path"


def fast_share(engines, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    """Check every text with agree(); return the share that took the fast path."""
    return sum(agree(engines, text) for text in texts) / len(texts)


# (b) The CommonMark spec and markdown-it's fixtures -------------------------------

def spec_examples() -> list[str]:
    return [example["markdown"] for example in json.loads((DATA / "commonmark.json").read_text())]


def fixture_texts() -> list[str]:
    return [case[2] for path in sorted(DATA.glob("*.md")) if path.name != "README.md"
            for case in read_fixture_file(path)]


def test_the_commonmark_spec_examples(engines) -> None:  # type: ignore[no-untyped-def]
    examples = spec_examples()
    assert len(examples) >= 650
    share = fast_share(engines, examples)
    assert share >= 0.8, f"only {share:.0%} of the spec's examples took the fast path"


def test_markdown_it_fixtures(engines) -> None:  # type: ignore[no-untyped-def]
    texts = fixture_texts()
    assert len(texts) >= 150  # tables, strikethrough, footnotes, normalize, fatal, xss, ...
    share = fast_share(engines, texts)
    assert share >= 0.5, f"only {share:.0%} of the fixtures took the fast path"  # many are edge cases


# (c) The benchmark's blog corpus --------------------------------------------------

@pytest.mark.slow
def test_the_benchmark_blog_corpus(engines) -> None:  # type: ignore[no-untyped-def]
    corpus = pytest.importorskip("bench.corpus")
    texts = list(corpus.bodies("blog", 150, seed=3))
    assert len(texts) == 150
    share = fast_share(engines, texts)
    assert share >= 0.85, f"only {share:.0%} of the blog corpus took the fast path"
    fast = engines[True][0].accelerated  # raw HTML on, as `briefgen import` sets it
    share = sum(accelerated_render(fast, text, "/", True) is not None for text in texts) / len(texts)
    assert share >= 0.85, f"only {share:.0%} of the blog corpus took the fast path with raw HTML on"


@pytest.mark.slow
def test_the_benchmark_briefing_corpus(engines) -> None:  # type: ignore[no-untyped-def]
    corpus = pytest.importorskip("bench.corpus")
    texts = list(corpus.bodies("briefing", 1000))
    assert fast_share(engines, texts) >= 0.95


# (d) Generated texts --------------------------------------------------------------

BLOG_WORDS = ["the", "compiler", "now", "supports", "async", "functions", "in", "traits", "which", "we",
              "released", "today", "thanks", "to", "contributors", "see", "the", "docs", "for", "details",
              "v1.75", "x86_64", "2024", "50%", "C++", "C#", "“quoted”", "don't", "e.g.", "i.e.", "—", "🎉",
              "naïve", "Zürich", "a/b", "AT&T", "R&D", "<T>", "1 < 2", "foo_bar", "2*3"]
EMPHASIS_WORDS = ["release", "not", "breaking", "Note", "very", "all", "nightly", "stable"]
CODE_WORDS = ["x", "foo_bar", "Vec<T>", "a[0]", "i++", "&mut self", "*ptr", "a || b", "a|b", "C:\\dir",
              "\\n", "~/.config", "$HOME", "#[derive]", "{{ x }}", "<div>", "&amp;", "fn()", "--flag"]
LANGUAGES = ["python", "rust", "js", "sh", "console", "go", "c++", "diff", "toml", "yaml", "html", "text",
             "{.python}", 'python title="a.py"', "rust,ignore", "", "", ""]
CODE_LINES = ["let v: Vec<u8> = vec![1, 2, 3];", "if a && b { return Err(e)?; }", "$ cargo build --release",
              'print(f"{x!r}\\n")', "x = a[i] ~ b  # tilde", "  ```not a fence```", "[link](in code)",
              "<script>alert(1)</script>", "char *s = \"\\t\";", "~~~", "`tick`", "", "    indented",
              "| a | b |", "> not a quote"]


def blog_post(rng: random.Random) -> str:
    """A post of the shape real programming blogs have: headings, prose with
    code spans, links, images and escapes, fenced code with languages, lists,
    tables, block quotes, escaped raw HTML and footnotes at the end."""
    notes = 0

    def prose(n: int) -> str:
        nonlocal notes
        out = []
        for _ in range(n):
            r = rng.random()
            if r < 0.15:
                out.append(f"`{rng.choice(CODE_WORDS)}`")
            elif r < 0.2:
                out.append(f"``{rng.choice(['a ` b', ' `x` ', 'a`b'])}``")
            elif r < 0.3:
                title = rng.choice(["", "", ' "The title"', " 'single'"])
                words = f"{rng.choice(BLOG_WORDS)} {rng.choice(BLOG_WORDS)}"
                out.append(f"[{words}]({rng.choice(URLS[:6])}{title})")
            elif r < 0.33:
                alt = rng.choice(["A chart", "diagram of x", "Logo"])
                out.append(f"![{alt}](/img/{rng.randint(1, 9)}.png)")
            elif r < 0.38:
                out.append(rng.choice(["\\*", "\\_", "\\[", "\\]", "\\#", "\\<b>", "C\\#", "\\`",
                                       "\\|", "\\\\", "\\~", "\\&"]) + rng.choice(BLOG_WORDS))
            elif r < 0.43:
                out.append(f"*{rng.choice(EMPHASIS_WORDS)}* **{rng.choice(EMPHASIS_WORDS)}**")
            elif r < 0.45:
                out.append(f"~~{rng.choice(EMPHASIS_WORDS)}~~")
            elif r < 0.47 and notes < 6:
                notes += 1
                out.append(f"{rng.choice(BLOG_WORDS)}[^{notes}]")
            elif r < 0.49:
                out.append(rng.choice(["<kbd>Ctrl</kbd>", "<br>", "&copy;", "&mdash;", "AT&T", "a <= b",
                                       "<https://example.org/x>", "snake_case_name"]))
            else:
                out.append(rng.choice(BLOG_WORDS))
        return " ".join(out)

    def fence() -> str:
        marker = rng.choice(["```", "```", "```", "~~~", "````"])
        body = "\n".join(rng.choice(CODE_LINES) for _ in range(rng.randint(1, 8)))
        return f"{marker}{rng.choice(LANGUAGES)}\n{body}\n{marker}"

    def listing() -> str:
        marker = rng.choice(["- ", "* ", "1. "])
        items = []
        for _ in range(rng.randint(2, 5)):
            item = marker + prose(rng.randint(3, 12))
            r = rng.random()
            if r < 0.2:
                item += "\n\n   " + fence().replace("\n", "\n   ")
            elif r < 0.35:
                item += "\n   - " + prose(4)
            items.append(item)
        return ("\n\n" if rng.random() < 0.3 else "\n").join(items)

    def table() -> str:
        cols = rng.randint(2, 4)
        def row() -> str:
            return "| " + " | ".join(prose(rng.randint(1, 3)).replace("|", "\\|") for _ in range(cols)) + " |"
        delimiters = "|" + "|".join(rng.choice(["---", ":---", "---:", ":-:"]) for _ in range(cols)) + "|"
        return "\n".join([row(), delimiters, *(row() for _ in range(rng.randint(1, 4)))])

    blocks = [prose(rng.randint(10, 40))]
    for _ in range(rng.randint(2, 14)):
        r = rng.random()
        if r < 0.35:
            blocks.append(prose(rng.randint(8, 60)) + rng.choice(["", "\n" + prose(6), "  \n" + prose(5),
                                                                   "\\\n" + prose(4)]))
        elif r < 0.5:
            blocks.append(fence())
        elif r < 0.6:
            blocks.append(rng.choice(["## ", "### ", "#### "]) + prose(rng.randint(1, 5)).replace("[^", "[x"))
        elif r < 0.7:
            blocks.append(listing())
        elif r < 0.76:
            blocks.append(table())
        elif r < 0.82:
            blocks.append("> " + prose(rng.randint(5, 20)))
        elif r < 0.85:
            blocks.append("    " + rng.choice(CODE_LINES))
        elif r < 0.88:
            blocks.append(rng.choice(["---", "* * *", "<!-- more -->", '<div class="x">\n\nText\n\n</div>']))
        else:
            figure = rng.randint(1, 9)
            blocks.append(f"![{rng.choice(BLOG_WORDS)}](/img/{figure}.png \"Figure {figure}\")")
    blocks += [f"[^{n}]: {prose(rng.randint(3, 20)).replace('[^', '[x')}" for n in range(1, notes + 1)]
    return "\n\n".join(blocks) + "\n"


def footnotes(rng: random.Random) -> str:
    """References and definitions in every order, repeated, missing, nested,
    inside links, headings, lists and tables, and definitions that run on."""
    labels = rng.sample(["1", "2", "3", "note", "a-b", "Long_Label", "x"], rng.randint(1, 4))
    refs = [rng.choice([*labels, "9"]) if rng.random() < 0.2 else label for label in labels]
    if rng.random() < 0.3:
        rng.shuffle(refs)
    out = []
    for label in refs:
        words, r = " ".join(rng.choices(WORDS, k=rng.randint(1, 5))), rng.random()
        out.append(f"[{words} [^{label}]](/u)" if r < 0.1 else
                   f"![{words}](/i.png)[^{label}]" if r < 0.15 else
                   f"## {words}[^{label}]\n" if r < 0.2 else
                   f"\n- {words}[^{label}]\n" if r < 0.25 else
                   f"\n| a | b |\n|---|---|\n| {words}[^{label}] | `c` |\n" if r < 0.3 else
                   f"`[^{label}]` {words}" if r < 0.35 else
                   f"{words}[^{label}][^{label}]" if r < 0.4 else f"{words}[^{label}] {words}.")
        if rng.random() < 0.3:
            out.append("\n\n")
    definitions = list(labels)
    if rng.random() < 0.3:
        rng.shuffle(definitions)
    if rng.random() < 0.1:
        definitions.append(rng.choice(labels))
    parts = []
    for label in definitions:
        text, r = " ".join(rng.choices(WORDS, k=rng.randint(1, 6))), rng.random()
        text += (f" see[^{rng.choice(labels)}]" if r < 0.1 else
                 "\n\n    second `x`\n\n    ```py\n    code\n    ```" if r > 0.9 else
                 "\n  lazy line" if r > 0.85 else "")
        parts.append(f"[^{label}]:{rng.choice([' ', ' ', '  ', '     ', ''])}{text}"
                     + rng.choice(["\n\n", "\n\n", "\n"]))
    return " ".join(out) + "\n\n" + "".join(parts) + rng.choice(["", "After.\n", "After[^1].\n"])



NAMES = ["Sergei Lavrov", "Мария Захарова", "Recep Tayyip Erdoğan", "Jüri Ratas", "Łukasz Nowak",
         "王毅", "Zoltán Šimek"]
WORDS = ["the", "minister", "said", "talks", "would", "continue", "after", "officials", "met", "in",
         "Moscow", "on", "Tuesday", "while", "allies", "warned", "that", "troop", "movements", "near",
         "the", "border", "could", "signal", "escalation", "«Kremlin»", "—", "analysts", "2022", "50%",
         "€3bn", "US$", "5", "a/b", "1.5", "“serious”", "‘quoted’", "🇺🇦", "🙂", "AT&T", "R&D"]
URLS = ["https://example.org/s/1", "https://www.reuters.com/world/europe/a_b-c?x=1&y=2#top",
        "/people/sergei-lavrov/", "/media/map.png", "about/", "mailto:desk@example.org",
        "tel:+123", "javascript:alert(1)", "//cdn.example.org/x.png", "#background",
        "https://ru.wikipedia.org/wiki/Москва", "https://example.org/a%20b", "http://☃.net/",
        "http://[::1]/", "data:image/png;base64,AAAA", "/a b"]


def briefing(rng: random.Random) -> str:
    """A briefing-like body with the Markdown editors use."""
    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    def inline() -> str:
        r = rng.random()
        if r < 0.25:
            return f"**{rng.choice(NAMES)}**"
        if r < 0.4:
            return f"*{words(2)}*"
        if r < 0.5:
            return f"[{words(2)}]({rng.choice(URLS)})"
        if r < 0.55:
            title = rng.choice(["", ' "Title"'])
            return f"![{words(2)}]({rng.choice(URLS)}{title})"
        if r < 0.6:
            return f"~~{words(1)}~~"
        if r < 0.65:
            return f"<{rng.choice(URLS[:2])}>"
        if r < 0.7:
            return f"[{words(1)}][{rng.choice(['ref', 'Ref', 'other'])}]"
        if r < 0.75:
            return rng.choice(["&amp;", "&copy;", "&#8212;", "&nbsp;", "5 < 6", "a_b_c", "x*y*z"])
        return words(rng.randint(2, 12))

    def paragraph() -> str:
        lines = [" ".join(inline() for _ in range(rng.randint(2, 8))) for _ in range(rng.randint(1, 3))]
        return rng.choice(["\n", "  \n"]).join(lines)

    blocks = []
    for _ in range(rng.randint(1, 8)):
        r = rng.random()
        if r < 0.5:
            blocks.append(paragraph())
        elif r < 0.58:
            blocks.append(rng.choice(["## ", "### ", "# "]) + words(3))
        elif r < 0.62:
            blocks.append(words(3) + "\n" + rng.choice(["===", "---"]))
        elif r < 0.72:
            marker = rng.choice(["- ", "* ", "1. "])
            items = [marker + paragraph().replace("\n", "\n   ") for _ in range(rng.randint(1, 4))]
            if rng.random() < 0.3:
                items.insert(1, "   - " + words(3))
            blocks.append("\n".join(items))
        elif r < 0.8:
            blocks.append("> " + paragraph().replace("\n", "\n> "))
        elif r < 0.85:
            cols = rng.randint(2, 3)
            blocks.append("\n".join(["| " + " | ".join(words(1) for _ in range(cols)) + " |",
                                     "|" + "|".join(rng.choice(["---", ":--", "--:", ":-:"])
                                                    for _ in range(cols)) + "|",
                                     *("| " + " | ".join(inline() for _ in range(cols)) + " |"
                                       for _ in range(rng.randint(1, 3)))]))
        elif r < 0.9:
            blocks.append(f"[{rng.choice(['ref', 'other'])}]: {rng.choice(URLS[:4])}"
                          + rng.choice(["", ' "Title"']))
        elif r < 0.94:
            blocks.append(rng.choice(["---", "***", "- - -"]))
        else:
            blocks.append("    " + words(4))
    return "\n\n".join(blocks) + "\n"


PIECES = ["*", "**", "_", "__", "~~", "~", "[", "]", "(", ")", "![", "](", "]: ", "<", ">", "&amp;",
          "&#35;", "&nbsp;", "&bogus;", "\\", "|", " | ", "-", "#", "  \n", "\n", "\n\n", " ", "\t",
          "`", "x", "word", "Путин", "😀", "€", "“", "”", "«", "—", "'", '"', ":", "/", "1.", "2)",
          "+", "$", "%", "^", "!", "https://x.org/a_b", "/root/", "javascript:x", "> ", "- ",
          "|---|---|", "| a | b |", "---", "    ", "\u00a0", "\u200b", "ß", "İ", "°", "™",
          "``", "```", "```py\n", "~~~", "[^1]", "[^1]: ", "[^", "\\`", "\\\\", "\\[", "\\]", "\\~", "\\|"]


def soup(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))


# Raw HTML of every kind CommonMark names (the seven kinds of HTML block, open
# and closing tags with every kind of attribute, comments, processing
# instructions, declarations, CDATA), and the tags the passes after rendering
# read as Markdown's, for texts read with markdown.html on.
HTML_PIECES = ["<div>", "</div>", "<div\n>", "<table>", "<td>", "</table>", "<custom-tag x=1>", "<p>",
               "</p>", "<ul>", "<li>", "<pre>", "</pre>", "<script>", "</script>", "<style>", "<textarea>",
               "<!-- ", " -->", "-->", "<!-->", "<?php ", "?>", "<!DOCTYPE html>", "<![CDATA[", "]]>",
               '<a href="/x">', "</a>", '<a title="t" href=\'/y\'>', '<img src="/i.png">',
               "<img src=/j.png alt='a>b'>", "<br />", "<br>", '<span title="a>b">', "</span>", "<b\n>",
               "<em>", "</em>", "<pre><code>", '<sup class="footnote-ref">', "<blockquote>", "<details>",
               "<summary>", "<iframe src=x></iframe>", "<x y=\"\n\">", "<A HREF=x>", "<>", "< b>", "</ x>"]


def html_soup(rng: random.Random) -> str:
    return "".join(rng.choice(HTML_PIECES if rng.random() < 0.4 else PIECES)
                   for _ in range(rng.randint(1, 40))) + "\n"


def fast_with_html(engines, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether TEXT took the fast path with raw HTML on (agree() checked the output)."""
    return accelerated_render(engines[True][0].accelerated, text, "/", True) is not None


def agree_on_raw_html(engines, seed: int, count: int) -> None:  # type: ignore[no-untyped-def]
    """agree() on COUNT generated raw HTML texts, of which a tenth or more took the fast path."""
    rng = random.Random(seed)
    texts = [html_soup(rng) for _ in range(count)]
    for text in texts:
        agree(engines, text)
    assert sum(fast_with_html(engines, text) for text in texts) > len(texts) // 10


LIST_MARKERS = [("- ", "  "), ("1. ", "   "), ("> ", "> "), ("> - ", ">   "), ("- > ", "  > "),
                ("  - ", "    ")]
HTML_BLOCKS = ["a", "</div>", "<div>x</div>", "<pre>x</pre>", "<!-- c -->", "<script>x</script>", "<p>x</p>",
               '<img src="/i.png">', "<br>", "*b*", "<details>", "<table><tr><td>x</td></tr></table>",
               "<?php x ?>"]


def lists_with_html_blocks() -> Iterator[str]:
    """Two blocks in a list item or quote, tight and loose, followed by nothing,
    another item or a paragraph: where HTML blocks end lists' paragraphs."""
    for first, more in LIST_MARKERS:
        for a in HTML_BLOCKS:
            for b in HTML_BLOCKS:
                for sep in ("\n", "\n\n"):
                    for tail in ("", "\n- z", "\n\nq"):
                        yield f"{first}{a}{sep}{more}{b}{tail}\n"


def test_html_blocks_in_lists(engines) -> None:  # type: ignore[no-untyped-def]
    texts = list(lists_with_html_blocks())
    for text in random.Random(34).sample(texts, 800):
        agree(engines, text)


@pytest.mark.slow
def test_all_html_blocks_in_lists(engines) -> None:  # type: ignore[no-untyped-def]
    texts = list(lists_with_html_blocks())
    assert len(texts) > 6000
    for text in texts:
        agree(engines, text)
    assert sum(fast_with_html(engines, text) for text in texts) > len(texts) // 5


def test_generated_raw_html(engines) -> None:  # type: ignore[no-untyped-def]
    agree_on_raw_html(engines, 31, 600)


def test_no_text_with_raw_html_is_taken_for_one_without(engines) -> None:  # type: ignore[no-untyped-def]
    """The fast path renders a second time, with the html rules, only where the
    first rendering shows an escaped tag start outside code (_may_hold_raw_html).
    Wherever the html rules change the output, it must have said so."""
    parsers = engines[True][0].accelerated
    rng = random.Random(33)
    texts = spec_examples() + fixture_texts() + RAW_HTML + BLOG_TEXTS + [html_soup(rng) for _ in range(3000)]
    spared = 0
    for text in texts:
        try:
            plain, raw = parsers.plain.render(text), parsers.html.render(text)
        except BaseException:  # a Rust panic: that text never takes the fast path
            continue
        if raw != plain and "[^" not in text:  # notes: always rendered both ways
            assert _may_hold_raw_html(plain), text
        spared += "<" in text and not _may_hold_raw_html(plain)
    assert spared > 100  # texts with "<" only in code or autolinks: one rendering


@pytest.mark.slow
def test_many_generated_raw_html(engines) -> None:  # type: ignore[no-untyped-def]
    agree_on_raw_html(engines, 32, 6000)


@pytest.mark.slow
def test_generated_briefings(engines) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(20240118)
    texts = [briefing(rng) for _ in range(400)]
    fast = sum(agree(engines, text) for text in texts)
    assert fast > len(texts) // 10  # the rest have a construct that needs markdown-it-py


def test_generated_blog_posts(engines) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(18)
    texts = [blog_post(rng) for _ in range(60)]
    assert fast_share(engines, texts) >= 0.25


@pytest.mark.slow
def test_many_generated_blog_posts(engines) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(4)
    texts = [blog_post(rng) for _ in range(600)]
    assert fast_share(engines, texts) >= 0.25


def notes_between_paragraphs(rng: random.Random) -> str:
    """Definitions right after the paragraphs that refer to them (as some blogs
    write them), with references in notes, lazy lines and indented blocks."""
    labels = rng.sample(["1", "2", "3", "note", "a-b", "x"], rng.randint(1, 4))
    out: list[str] = []
    pending: list[str] = []
    for label in labels:
        words, r = " ".join(rng.choices(WORDS, k=rng.randint(1, 5))), rng.random()
        out.append(f"{words}[^{label}] {words}." if r > 0.15 else
                   f"[{words} [^{label}]](/u)" if r > 0.05 else f"{words}[^{label}][^{label}]")
        pending.append(label)
        if rng.random() < 0.5 or label == labels[-1]:
            out += [f"[^{p}]: {' '.join(rng.choices(WORDS, k=3))}"
                    + rng.choice(["", "", f" see[^{rng.choice(labels)}]", "\nlazy line", "\n\n    more",
                                  "\n\n    more[^9]", "\nref[^1]"]) for p in pending]
            pending = []
    if rng.random() < 0.3:
        out.append(f"Tail[^{rng.choice(labels)}] text.")
    return "\n\n".join(out) + "\n"


def test_generated_footnotes(engines) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(1)
    assert fast_share(engines, [notes_between_paragraphs(rng) for _ in range(300)]) >= 0.1
    texts = [footnotes(rng) for _ in range(300)]
    assert fast_share(engines, texts) >= 0.1  # most are numbered or laid out differently


@pytest.mark.slow
def test_many_generated_footnotes(engines) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(2)
    texts = [footnotes(rng) for _ in range(3000)]
    assert fast_share(engines, texts) >= 0.1


FENCE_LINES = ["| a | b |", "|---|---|", "  |", " --> src/main.rs:3:14", "> quote", "[^1]: note", "[a]: /u",
               "error[E0308]: x", "~~~ tilde", "`tick", "```", "````", "~~~", "    code", "", "- item",
               "a ~~~b~~ c", "[foo `bar` baz`", "para [x](/u) `y`", "x[^1]", "> q\nlazy"]
CODE_PIECES = ["`", "``", "```", " ", "  ", "\n", "a", "\\", "[", "]", "(", ")", "](/u)", "|",
               "| a | b |\n|---|---|\n", "- ", "> ", "# ", "\n\n", "*", "_", "![", "\t", "é"]


def fenced(rng: random.Random) -> str:
    """Fences in the first column, indented, in lists and quotes, closed short,
    long or never, around lines that look like tables, quotes and definitions."""
    out = []
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.45:
            fence = rng.choice(["```", "~~~", "````", "~~~~", "```", " ```", "- ```", "> ```", "  ```"])
            marker = fence.strip(" ->")
            body = "\n".join(rng.choice(FENCE_LINES) for _ in range(rng.randint(0, 5)))
            close = rng.choice([marker, marker, marker + "`", "", "  " + marker, "```", "~~~"])
            out.append(fence + rng.choice(["", "rust", "py`x", " sh ", "> a | b"]) + "\n" + body
                       + ("\n" + close if close else ""))
        else:
            out.append(rng.choice(FENCE_LINES))
    return rng.choice(["\n", "\n\n"]).join(out) + "\n"


def code_spans(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_PIECES) for _ in range(rng.randint(1, 25)))


CELL_PIECES = ["|", "\\|", "\\||", "`", "``", " ", "a", "\\", "-", ":", "\t", "*", "[x](/u)", "\\\\"]


def table_rows(rng: random.Random) -> str:
    """Tables whose cells have escaped pipes, backslashes, code and tabs."""
    def row() -> str:
        cells = "".join(rng.choice(CELL_PIECES) for _ in range(rng.randint(1, 10)))
        return "|" + cells + rng.choice(["|", ""])
    delimiters = "|" + "|".join(rng.choice(["---", ":-:", "--:"]) for _ in range(rng.randint(1, 3))) + "|"
    return "\n".join([row(), delimiters, *(row() for _ in range(rng.randint(0, 3)))]) + "\n"


def test_generated_fences_and_code_spans(engines) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(21)
    assert fast_share(engines, [fenced(rng) for _ in range(600)]) >= 0.2
    assert fast_share(engines, [code_spans(rng) for _ in range(600)]) >= 0.2
    assert fast_share(engines, [table_rows(rng) for _ in range(600)]) >= 0.1


@pytest.mark.slow
def test_many_generated_fences_and_code_spans(engines) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(22)
    assert fast_share(engines, [fenced(rng) for _ in range(5000)]) >= 0.2
    assert fast_share(engines, [code_spans(rng) for _ in range(5000)]) >= 0.2
    assert fast_share(engines, [table_rows(rng) for _ in range(5000)]) >= 0.1


@pytest.mark.slow
def test_generated_adversarial_texts(engines) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    texts = [soup(rng) for _ in range(4000)]
    fast = sum(agree(engines, text) for text in texts)
    assert fast > len(texts) // 10


# (e) Tricky literals --------------------------------------------------------------

TRICKY = [
    # emphasis
    "*a* **b** ***c*** _d_ __e__ ___f___\n",
    "*a **b** c* **a *b* c** *a*b*c* a*b*c\n",
    "foo*bar* foo_bar_ _foo_bar_baz_ __foo, __bar__, baz__\n",
    "**foo bar ** *(*foo*)* **Gomphocarpus (*Gomphocarpus physocarpus*, syn.**\n",
    "*foo**bar**baz* ****foo**** *foo _bar* baz_ **foo*bar**\n",
    "*«Кремль»* **“quoted”** _—dash—_ *Путин*, **Захарова**.\n",
    "*$*alpha. *£*bravo. *€*charlie. **🙂** 🙂*x*\n",
    # lists
    "- a\n- b\n\n  c\n- d\n  - e\n    - f\n",
    "1. one\n2. two\n   1. nested\n3) three\n",
    "2. starts at two\n3. three\n\n10) ten\n",
    "- a\n\n\n- b\n* c\n+ d\n",
    "- [ ] task\n- [x] done\n",
    "-\n  foo\n-\n\n- bar\n",
    "para\n- list interrupts\n",
    "para\n2. cannot interrupt\n",
    # code
    "`code` ``co`de`` ` a ` `  ` ```\nfence\n```\n",
    "[foo `bar` baz`\n",
    "    indented code\n\n\tcode with tab\n",
    "~~~python\nx = 1\n~~~\n",
    # entities and escapes
    "&amp; &copy; &#35; &#x22; &nbsp; &bogus; &#0; &#x110000; AT&T\n",
    "\\*not emphasis\\* \\[not link\\] \\\\ backslash \\` tick\n",
    "![a &amp; b](/x.png) ![a \\* b](/y.png)\n",
    # autolinks and links
    "<https://example.org> <mailto:desk@example.org> <desk@example.org> <http://x.org/%20> <http://xn--n3h.net/>\n",
    "[a](https://example.org/a_(b)) [b](<url with spaces>) [c](/url \"title\") [d](/url 'single')\n",
    "[link](javascript:alert(1)) [x](JavaScript:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=)\n",
    "![evil](javascript:alert(1)) ![data](data:image/png;base64,AAAA) [v](vbscript:x)\n",
    "[about](/about/) ![map](/media/map.png) [rel](other/) [ext](https://e.org/x) [cdn](//cdn.x/y)\n",
    "[ipv6](http://[::1]:8000/) [idn](http://☃.net/) [puny](http://xn--n3h.net/)\n",
    "[ru](https://ru.wikipedia.org/wiki/Москва) ![ü](/media/ü.png) [q](/a?b=1&c=2)\n",
    "[a](\n\n[a]: /url\n",
    "[link](   /uri\n[[*foo* bar]]\n\n[*foo* bar]: /url \"title\"\n",
    # hard breaks and headings
    "line one  \nline two\\\nline three\nline four\n",
    "Setext one\n===\n\nSetext two\n---\n\n# ATX #\n## ATX ##\n####### not a heading\n",
    "Title\n---\ntext\n***\n- - -\n",
    # link reference definitions
    "[foo][] [Foo] [FOO][foo] [bar][]\n\n[foo]: /url \"title\"\n[bar]: <https://e.org/b c>\n",
    "[ẞ]\n\n[SS]: /url\n",
    "[foo]: /url \"\ntitle\nspanning\n\"\n\n[foo]\n",
    "[\nfoo\n]: /url\n\n[foo]\n",
    # images
    "![alt *emph* text](/img.png \"Title\") ![](/empty.png) ![nested ![inner](/i.png)](/o.png)\n",
    "![hard  \nbreak](/x.png)\n",
    # tables
    "| a | b |\n|---|:-:|\n| 1 | ~~2~~ |\n| [x](/y) | **z** |\n",
    "| one column |\n|---|\n| x |\n",
    "a | b\n--|--\nc | d\n",
    "> quote\n| a | b |\n|---|---|\n",
    "| a | b |\n|---|---|\n| c | d |\n3) item\n",
    "| a \\| b | c |\n|---|---|\n",
    # strikethrough
    "~~gone~~ ~not~ ~~~three~~~ a~~~~b~~c\n",
    # footnotes
    "Text[^1] and again[^1].\n\n[^1]: The note.\n",
    "Inline ^[note] here.\n",
    # raw HTML
    "<div>\n*block*\n</div>\n\nText <b>bold</b> <!-- comment --> <script>alert(1)</script>\n",
    "<img src=x onerror=alert(1)>\n",
    # block quotes
    "> a\n> b\n\n> c\n>\n> d\n",
    ">\n",
    "> a\nlazy\n",
    "> > nested\n> back\n",
    ">\tcode after tab\n",
    # Unicode
    "Кириллица: **Сергей Лавров** сказал «нет». 🇺🇦🙂👍🏽 中文 العربية\n",
    "Non\u00a0breaking\u2009thin\u200bzero-width\u3000ideographic\n",
    "control\x01char and \x7f\n",
    "e\u0301 combining, ﬁ ligature, İ dotted, ß sharp\n",
    "",
    "\n\n",
    "plain text without a newline",
]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tricky_literals(engines, text: str) -> None:  # type: ignore[no-untyped-def]
    agree(engines, text)


def test_many_tricky_literals_take_the_fast_path(engines) -> None:  # type: ignore[no-untyped-def]
    fast = sum(accelerated_render(engines[False][0].accelerated, t, "/", False) is not None
               for t in TRICKY)
    assert fast >= 15


def test_the_summary_is_the_first_top_level_paragraph(engines) -> None:  # type: ignore[no-untyped-def]
    fast = engines[False][0]
    text = ("# Head\n\n> quoted first\n\n- listed\n\n"
            "The *first* [para](/x)\nwith ![an image](/i.png) AT&T <b> more.\n\nSecond.\n")
    result = accelerated_render(fast.accelerated, text, "/", False)
    assert result is not None
    assert result[1] == "The first para with an image AT&T <b> more."
    assert result == reference_render(engines[False][1], text, "/")


BLOG_TEXTS = [
    "Use `foo()` and ``a ` b`` and `` `tick` ``.\n",
    "```python\nprint('hi')  # [a](b) `x` \\n\n```\n",
    "~~~rust\nfn main() { let v: Vec<u8> = vec![]; }\n~~~\n",
    "````md\n```js\nx\n```\n````\n",
    "Text[^1] more[^note].\n\n[^1]: One.\n[^note]: Two, with [a link](https://e.org) and `code`.\n",
    "Text[^1].\n\n[^1]: One.\n\n    A second paragraph.\n\n    ```sh\n    ls\n    ```\n",
    "a \\* b \\_c\\_ C\\# \\[x\\] \\`y\\` C:\\\\dir \\<b> line\\\nbreak\n",
    "| a | b |\n|---|---|\n| `x` | [y](/z) |\n| 1 \\| 2 | ~~s~~ |\n",
    "![A chart](/img/1.png \"Figure 1\") ![](/img/2.png)\n",
    "## Heading with `code` and *emphasis*\n\nText.\n",
    "- item\n  ```sh\n  ls -la\n  ```\n- two `x`\n",
    "1. one\n   ```\n   code\n   ```\n2. two\n",
    "~~struck~~ and ~single~ and a ~/path\n",
    "[a](/x \"t\\\"q\") [b](</u v>) [c](/p\\_q)\n",
    "10\u00a0km and Mr.\u00a0Smith\n",
    "{{raw `\nfunc f() {}\n`}} and [a link](/u)\n",  # a code span over lines
    "- Exposed `headers` on an `http.ClientRequest`\n    `\"information\"` event.\n",  # `\n    ` is no span
    "```\nerror[E0308]: mismatched types\n```\n\nSee [the docs][d].\n\n[d]: https://e.org/d\n",
]


@pytest.mark.parametrize("text", BLOG_TEXTS, ids=range(len(BLOG_TEXTS)))
def test_blog_constructs_take_the_fast_path(engines, text: str) -> None:  # type: ignore[no-untyped-def]
    assert fast_path_blocker(text) == ""
    assert agree(engines, text)


def test_footnote_items_and_fences_in_tight_lists_are_laid_out_as_markdown_it_py_does() -> None:
    assert _normalised('<li id="fn1" class="footnote-item">\n<p>a</p>') == \
        '<li id="fn1" class="footnote-item"><p>a</p>'
    assert _normalised("<li>text\n<pre><code>x") == "<li>text<pre><code>x"
    assert _normalised("<li>a <code>b</code>\n<pre><code>x") == "<li>a <code>b</code><pre><code>x"
    assert _normalised("</p>\n<pre><code>x") == "</p>\n<pre><code>x"
    assert _normalised("<li>\n<pre><code>x") == "<li>\n<pre><code>x"
    assert _normalised("<hr />\n<pre><code>x") == "<hr />\n<pre><code>x"


def test_notes_may_be_defined_between_paragraphs(engines) -> None:  # type: ignore[no-untyped-def]
    text = "One[^a].\n\n[^a]: A.\n\nTwo[^b].\n\n[^b]: B.\n    more\n\nThree.\n"
    assert agree(engines, text)


def test_notes_defined_but_never_referred_to_are_renumbered(engines) -> None:  # type: ignore[no-untyped-def]
    text = "One[^b] two[^d].\n\n[^a]: Unused.\n\n[^b]: B.\n\n[^c]: Unused.\n\n[^d]: D.\n"
    result = accelerated_render(engines[False][0].accelerated, text, "/", False)
    assert result is not None and 'href="#fn2" id="fnref2">[2]' in result[0]
    assert result == reference_render(engines[False][1], text, "/")


def test_the_summary_leaves_footnote_references_out(engines) -> None:  # type: ignore[no-untyped-def]
    text = "First[^1] line.\n\n[^1]: Note.\n"
    result = accelerated_render(engines[False][0].accelerated, text, "/", False)
    assert result is not None and result[1] == "First line."
    assert result == reference_render(engines[False][1], text, "/")


# (f) Where markdown-it-py must render -------------------------------------------

NEEDS_PYTHON = [
    ("[foo `bar` baz`\n", False),  # panics in markdown-it-pyrs 0.4
    ("![a `   ` b](/x.png)\n", False),  # only spaces: markdown-it-pyrs trims one from each end
    ("Inline ^[note].\n", False),  # panics on non-ASCII text in the note
    ("a ~~~b~~ c\n", False),
    ("a <!-- inline --> b\n", True),  # CommonMark 0.31's comments in Python, 0.30's in Rust
    ("foo <!--> foo -->\n", True),
    ("<https://x.org/%2E>\n", False),
    ("<http://xn--n3h.net/>\n", False),
    ("non-breaking\u00a0\n", False),  # trimmed by markdown-it-py only
    ("| a\u00a0| b |\n|---|---|\n", False),
    ("- \u00a0item\n", False),
    ("[foo]: /url\\\n[foo]\n", False),  # markdown-it-pyrs reads the URL on into the next line
    ("ctrl\x01\n", False),
    ("a &nbsp; b\n", False),
    # image descriptions: the alt text differs
    ("![a &amp; b](/x.png)\n", False),
    ("![a  \nb](/x.png)\n", False),
    ("![a \\* b](/x.png)\n", False),
    ("![<https://e.org/x>](/x.png)\n", False),
    ("![_<a#__](/x.png)\n", False),
    # footnote definitions read differently
    ("para\n[^1]: note\n", False),
    ("x[^1]\n\n[^1]:     code\n", False),
    ("x[^1]\n\n[^1]: a\n[^1]: b\n", False),
    ("x[^1]\n\n- [^1]: in a list\n", False),
    ("x[^1]\n\n[^1]: > quoted\n", False),
    ("x[^1]\n\n[^1]: a see[^2]\n\nmore[^2]\n\n[^2]: b\n", False),  # [^2] is first referred to in a note
    ("```py\nx = 1", False),  # no final line break: markdown-it-pyrs adds one to the code
    ("`````> \\| a | b |\n|---|---|\n", False),  # a table in Python (tables first), a fence in Rust
    ("  ```\n\n````\n[a]: /u\npara\n[^1]: note\n", False),  # the first-column fence closes one
    ("*€*charlie\n", False),
    ("**🙂**\n", False),
    ("[foo]: /url \"\ntitle\n\"\n", False),
    ("[a](\n\n[a]: /u\n", False),
    ("[a](/b c) [d][e]\n\n[e]: /f\n", False),
    ("> a\nlazy\n", False),
    ("> > a\n> b | c\n> --|--\n", False),
    (">\tcode\n", False),
    ("| one |\n|---|\n", False),
    ("| a\\|| b |\n|---|---|\n", False),  # an escaped pipe before a pipe: a table in Rust only
    ("a | b\n--|--\n", False),
    ("| a | b |\n|---|---|\n3) x\n", False),
    ("> q\n\n| a | b |\n|---|---|\n", False),
]


@pytest.mark.parametrize(("text", "html"), NEEDS_PYTHON)
def test_texts_that_need_markdown_it_py_are_blocked(engines, text: str, html: bool) -> None:  # type: ignore[no-untyped-def]
    assert fast_path_blocker(text, html)
    assert accelerated_render(engines[html][0].accelerated, text, "/", html) is None
    agree(engines, text)


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))\n",  # refused by both parsers' link validation: same text
    "[x](data:image/png;base64,AAAA)\n",  # a link to markdown-it, dropped by _fix_links
    "[ipv6](http://[::1]/)\n",  # host percent-encoded by markdown-it-pyrs
    "[idn](http://☃.net/)\n",
    ">\n",  # <blockquote></blockquote> in markdown-it-py
    "a `   ` b ``    `` c\n",  # only spaces: markdown-it-pyrs trims one from each end
    "x[^1] and[^1]\n\n[^1]: a\n",  # a second reference is [1:1] in Python
    "[a [^1] b](/u)\n\n[^1]: a\n",  # counted twice by markdown-it-pyrs
    "`[^3]` x\n\n[^3]: a see[^2]\n\n[^2]: b\n",  # a note referred to only from a dropped note
])
def test_output_checks_send_texts_to_markdown_it_py(engines, text: str) -> None:  # type: ignore[no-untyped-def]
    fast = engines[False][0]
    if not fast_path_blocker(text):
        assert (accelerated_render(fast.accelerated, text, "/", False) is None
                or "javascript" in text)
    agree(engines, text)


@pytest.mark.parametrize("text", [
    "x[^2] y[^1]\n\n[^1]: a\n\n[^2]: b\n",
    "a[^c] b[^a] c[^b]\n\n[^a]: one\n\n[^b]: two *with* `code`\n\n[^c]: three\n\n    indented\n",
    "- list[^z]\n- item[^y]\n\nText[^x].\n\n[^x]: first\n\n[^y]: second, [a link](/u)\n\n[^z]: third\n",
])
def test_notes_referred_to_out_of_order_stay_on_the_fast_path(engines, text: str) -> None:  # type: ignore[no-untyped-def]
    """Numbered by first reference in Python, by definition in Rust: the Rust
    HTML's notes are renumbered and listed in reference order, the same bytes."""
    fast, slow = engines[False]
    result = accelerated_render(fast.accelerated, text, "/", False)
    assert result is not None
    assert result == reference_render(slow, text, "/")


# (g) Raw HTML, where markdown.html allows it -----------------------------------------

RAW_HTML = [
    "Text <b>bold</b> and <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, a < b > c.\n",
    '<div class="note">\n\n*Markdown* inside, [a link](/u).\n\n</div>\n',
    "<details>\n<summary>More</summary>\n\nHidden `code`.\n\n</details>\n",
    "<!-- a comment\nover lines -->\n\nAfter.\n",
    '<iframe src="https://www.youtube.com/embed/x"></iframe>\n\nText.\n',
    "<table>\n<tr><td>cell</td></tr>\n</table>\n\nAfter the table.\n",
    '<p align="center">\n<b>centred</b>\n</p>\n\nThe summary.\n',  # raw <p> before the first paragraph
    "<ul>\n<li>raw</li>\n</ul>\n\n- md\n\nText.\n",
    "<script>alert(1)</script>\n\nText <img onerror=x>.\n",  # cleaned alike by nh3
    "<center>\n\n## Heading\n\n</center>\n",
    "- item <em>raw</em>\n  ```sh\n  ls\n  ```\n",
]


@pytest.mark.parametrize("text", RAW_HTML, ids=range(len(RAW_HTML)))
def test_raw_html_takes_the_fast_path_when_allowed(engines, text: str) -> None:  # type: ignore[no-untyped-def]
    fast, slow = engines[True]
    for base in BASES:
        result = accelerated_render(fast.accelerated, text, base, True)
        assert result is not None
        assert result == reference_render(slow, text, base)


@pytest.mark.parametrize(("text", "summary"), [
    ('First <span title="a>b">para</span> with <br /> raw\ntags.\n', "First para with raw tags."),
    ('<p align="center">\n<img src=logo.png>\n</p>\n\nThe *summary*  \nhere.\n', "The summary here."),
    ("<div>\n\nInside a block.\n\n</div>\n", "Inside a block."),
    ("Code `<b>` and <i>x</i> ![an *alt* text](/i.png)\n", "Code <b> and x an alt text"),
])
def test_the_summary_leaves_raw_html_out(engines, text: str, summary: str) -> None:  # type: ignore[no-untyped-def]
    """markdown-it-py's summary is the paragraph's text tokens: raw tags are not
    text, whatever is in their attributes, and raw HTML blocks are no paragraph."""
    fast, slow = engines[True]
    result = accelerated_render(fast.accelerated, text, "/", True)
    assert result is not None and result[1] == summary
    assert result == reference_render(slow, text, "/")


@pytest.mark.parametrize(("text", "kept", "based"), [
    ('See <a href="/x">raw</a> and [Markdown](/y).\n', 'href="/x"', 'href="/briefings/y"'),
    ('<img src="/i.png" alt="raw">\n\n![Markdown](/j.png)\n', 'src="/i.png"', 'src="/briefings/j.png"'),
])
def test_raw_links_take_the_fast_path_where_no_link_is_changed(engines, text: str, kept: str,  # type: ignore[no-untyped-def]
                                                               based: str) -> None:
    """Markdown's links get the base path and raw HTML's keep what they say: where
    the base path is "/", nothing changes and the text stays on the fast path."""
    fast, slow = engines[True]
    result = accelerated_render(fast.accelerated, text, "/", True)
    assert result is not None and result == reference_render(slow, text, "/")
    assert accelerated_render(fast.accelerated, text, "/briefings/", True) is None
    html = render_markdown(fast, text, "/briefings/")[0]
    assert kept in html and based in html


@pytest.mark.parametrize("text", [
    "<pre><code>raw\n</code></pre>\n",
    "- a\n<pre><code>x</code></pre>\n",
    "<blockquote>\nraw\n</blockquote>\n",
    "- a\n  </div>\n",  # markdown-it-pyrs writes a line break where a tight item's text ends
    "> 1. a\n>    <details>\n",
    '<sup class="footnote-ref">x</sup>\n',
])
def test_raw_html_that_passes_for_markdown_goes_to_markdown_it_py(engines, text: str) -> None:  # type: ignore[no-untyped-def]
    """The passes after rendering (notes, fences' layout, empty quotes) read tags
    as Markdown's; raw HTML that writes one the same way is left to markdown-it-py."""
    fast = engines[True][0]
    assert fast_path_blocker(text, True) == ""
    for base in BASES:
        assert accelerated_render(fast.accelerated, text, base, True) is None
    agree(engines, text)


def test_root_relative_links_stay_on_the_fast_path(engines) -> None:  # type: ignore[no-untyped-def]
    fast, slow = engines[False]
    text = "[about](/about/?a=1&b=2) ![map](/media/map.png) [rel](other/) [ext](https://e.org/x)\n"
    result = accelerated_render(fast.accelerated, text, "/briefings/", False)
    assert result is not None and 'href="/briefings/about/?a=1&amp;b=2"' in result[0]
    assert result == reference_render(slow, text, "/briefings/")


def test_a_parser_failure_falls_back() -> None:
    class Broken:
        def __init__(self, exc: BaseException) -> None:
            self.exc = exc

        def render(self, text: str) -> str:
            raise self.exc

    panic = type("PanicException", (BaseException,), {})
    assert accelerated_render(Broken(panic("boom")), "text\n", "/", False) is None
    assert accelerated_render(Broken(ValueError("boom")), "text\n", "/", False) is None
    with pytest.raises(KeyboardInterrupt):
        accelerated_render(Broken(KeyboardInterrupt()), "text\n", "/", False)


# Without markdown-it-pyrs -----------------------------------------------------------

def test_everything_works_without_markdown_it_pyrs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_module, "markdown_it_pyrs", None)
    md = make_markdown(False)
    assert md.accelerated is None
    html, summary = render_markdown(md, "Hello *world* [a](/b).\n", "/x/")
    assert html == '<p>Hello <em>world</em> <a href="/x/b">a</a>.</p>\n'
    assert summary == "Hello world a."
    assert md.parse("# x\n")[0].type == "heading_open"  # still a MarkdownIt


def test_an_unchecked_version_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    pyrs = pytest.importorskip("markdown_it_pyrs")
    monkeypatch.setattr(pyrs, "__version__", "9.0.0", raising=False)
    assert make_markdown(False).accelerated is None
