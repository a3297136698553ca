"""`briefgen check`'s mention scan gives the warnings the line-by-line scan gave,
with no second full Markdown parse of a body that does not need one.

The reference below is the scan as it was: every body parsed whole by
markdown-it to find its code lines, then searched line by line. The scan now
searches each body once and finds code lines with the block rules alone, only
when someone unlisted is mentioned.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from briefgen.build.pipeline import build_site
from briefgen.core.errors import Problem
from briefgen.site import mentions
from briefgen.site.autolink import Linker
from briefgen.site.mentions import code_lines, untagged_people
from briefgen.site.model import Site
from briefgen.site.taxonomy import names_to_terms
from briefgen.source.frontmatter import decode, split
from briefgen.source.markdown import make_markdown
from tests.conftest import write_site

PEOPLE = ["Sergei Lavrov", "Antony Blinken", "Сергей Рябков", "Jens Stoltenberg", "Wendy Sherman",
          "AT&T Smith", "Jean-Luc Picard"]
PROFILES = {"content/people/lavrov.md": "---\nname: Sergei Lavrov\naliases: [Lavrov]\n---\nBio.\n",
            "content/people/blinken.md": "---\nname: Antony Blinken\naliases: [Blinken, Tony]\n---\nBio.\n"}
SAID = ["Lavrov", "Blinken", "Tony", "Sergei\nLavrov", "Antony Blinken's", "xLavrov", "Stoltenbergs"]


def reference_code_lines(md: MarkdownIt, body: str) -> set[int]:
    lines: set[int] = set()
    for token in md.parse(body):
        if token.type in ("code_block", "fence", "html_block") and token.map:
            lines.update(range(*token.map))
    return lines


def reference_untagged(root: Path, site: Site, taxonomy: str = "people") -> list[Problem]:
    """The scan as it was: a full parse per body, then a search per line."""
    term_of = names_to_terms(site.taxonomies[taxonomy])
    finder = Linker.build({name: term.key for name, term in term_of.items()})
    md = make_markdown(site.config.markdown_html)
    warnings = []
    for article in site.articles:
        listed = {t.key for t in site.article_terms[article.key].get(taxonomy, ())}
        parts = split(decode((root / article.key).read_bytes(), article.key), article.key)
        seen: set[str] = set()
        code = reference_code_lines(md, parts.body)
        for offset, line in enumerate(parts.body.split("\n")):
            for _, name in finder.find(line) if offset not in code else ():
                term = term_of.get(name)
                if term is None or term.key in listed or term.key in seen:
                    continue
                seen.add(term.key)
                who = repr(name) if name == term.name else f"{name!r} ({term.name})"
                warnings.append(Problem(f"{taxonomy}: the body mentions {who}, which "
                                        f"{taxonomy} does not list", article.key,
                                        parts.body_line + offset))
    return warnings


def _said(rng: random.Random) -> str:
    words = PEOPLE + SAID + ["said", "and", "the", "talks"]
    return " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))


def body_markdown(rng: random.Random, blocks: int) -> str:
    """Names in prose, code spans, fences (also in lists, quotes and footnotes),
    indented code, HTML blocks, and footnotes used and unused."""
    def s() -> str:
        return _said(rng)

    kinds: list[Callable[[], str]] = [
        lambda: f"{s()} `{s()}` {s()}\n{s()}",
        lambda: f"```\n{s()}\n{s()}\n```",
        lambda: f"~~~~ text\n{s()}\n~~~~",
        lambda: f"    {s()}\n    {s()}",
        lambda: f"<div>\n{s()}\n</div>",
        lambda: f"- {s()}\n\n  ```\n  {s()}\n  ```\n- {s()}",
        lambda: f"> {s()}\n> ```\n> {s()}\n> ```",
        lambda: f"{s()}[^{rng.randint(1, 3)}]",
        lambda: f"[^{rng.randint(1, 4)}]: {s()}\n\n    ```\n    {s()}\n    ```",
        lambda: f"# {s()}\n\n| {s()} | x |\n|---|---|\n| {s()} | y |",
        lambda: f"```\n{s()}",  # a fence left open runs to the end
    ]
    return "\n\n".join(rng.choice(kinds)() for _ in range(blocks)) + "\n"


def _site(root: Path, seed: int, html: bool) -> Path:
    rng = random.Random(seed)
    files = dict(PROFILES)
    files["site.yaml"] = f"title: T\nsearch: false\nmarkdown: {{html: {str(html).lower()}}}\n"
    for i in range(25):
        people = rng.sample(PEOPLE, rng.randint(0, 3))
        names = json.dumps(people, ensure_ascii=False)
        files[f"content/articles/a{i:02}.md"] = (
            f"---\ntitle: Item {i}\ndate: 2022-01-{i + 1:02}\npeople: {names}\n---\n"
            f"{body_markdown(rng, rng.randint(1, 12))}")
    return write_site(root, files)


@pytest.mark.parametrize(("seed", "html"), [(1, False), (2, True), (3, False)])
def test_the_warnings_are_those_of_the_line_by_line_scan(tmp_path: Path, seed: int, html: bool) -> None:
    root = _site(tmp_path / "site", seed, html)
    built = build_site(root, drafts=True, write=False)
    assert built.site is not None
    expected = reference_untagged(root, built.site)
    assert expected  # the generated bodies do mention people their items do not list
    assert untagged_people(root, built.site) == expected


@pytest.mark.parametrize("seed", range(30))
def test_code_lines_are_those_of_a_full_parse(seed: int) -> None:
    rng = random.Random(seed)
    body = body_markdown(rng, rng.randint(1, 20))
    for html in (False, True):
        md = make_markdown(html)
        assert code_lines(md, body) == reference_code_lines(md, body)


def test_no_full_parse_without_footnote_definitions(monkeypatch: pytest.MonkeyPatch) -> None:
    parses = []
    full = MarkdownIt.parse

    def counted(md: MarkdownIt, src: str, env: Any = None) -> Any:
        parses.append(src)
        return full(md, src, env)

    monkeypatch.setattr(MarkdownIt, "parse", counted)
    md = make_markdown(False)
    assert code_lines(md, "Lavrov\n\n```\nBlinken\n```\n\n    x\n") == {2, 3, 4, 6}
    assert parses == []
    assert code_lines(md, "Lavrov[^1]\n\n[^1]: x\n\n    ```\n    Blinken\n    ```\n") == {4, 5, 6}
    assert len(parses) == 1


def test_code_lines_are_looked_for_only_when_someone_unlisted_is_mentioned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "Lavrov met Blinken.\n\n```\nStoltenberg\n```\n"
    root = write_site(tmp_path / "site", {
        **PROFILES,
        "content/articles/listed.md": "---\ntitle: A\ndate: 2022-01-01\npeople: [Sergei Lavrov, "
                                      f"Antony Blinken]\n---\n{body}",
        "content/articles/other.md": "---\ntitle: B\ndate: 2022-01-02\npeople: [Jens Stoltenberg]\n---\nX.\n",
    })
    built = build_site(root, drafts=True, write=False)
    assert built.site is not None
    looked: list[str] = []
    def code_lines_counted(md: MarkdownIt, body: str) -> set[int]:
        looked.append(body)
        return set()

    monkeypatch.setattr(mentions, "code_lines", code_lines_counted)
    assert untagged_people(root, built.site) == []
    assert looked == []
