"""Tagging help for `briefgen check`: people a body mentions but the front
matter does not list. Warnings, not errors: the editor decides."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from ..core.errors import Problem
from ..source.frontmatter import decode, split
from ..source.markdown import make_markdown
from .autolink import Linker
from .model import Site
from .taxonomy import names_to_terms


def code_lines(md: MarkdownIt, body: str) -> set[int]:
    """Body lines (0-based) inside code blocks and fences, where names are not mentions."""
    lines: set[int] = set()
    for token in md.parse(body):
        if token.type in ("code_block", "fence", "html_block") and token.map:
            lines.update(range(*token.map))
    return lines


def untagged_people(root: Path, site: Site, taxonomy: str = "people") -> list[Problem]:
    """`path:line` warnings for mentions of known people not in an item's list."""
    people = site.taxonomies.get(taxonomy)
    if people is None:
        return []
    term_of = names_to_terms(people)
    finder = Linker.build({name: term.key for name, term in term_of.items()})
    md = make_markdown(site.config.markdown_html)
    warnings = []
    for article in site.articles:
        listed = {t.key for t in site.article_terms[article.key].get(taxonomy, ())}
        try:
            parts = split(decode((root / article.key).read_bytes(), article.key), article.key)
        except Exception:  # reported as an error by the build already
            continue
        seen: set[str] = set()
        code = code_lines(md, parts.body)
        for offset, line in enumerate(parts.body.split("\n")):
            if offset in code:
                continue
            for _, name in finder.find(line):
                term = term_of.get(name)
                if term is None or term.key in listed or term.key in seen:
                    continue
                seen.add(term.key)
                who = repr(name) if name == term.name else f"{name!r} ({term.name})"
                warnings.append(Problem(f"{taxonomy}: the body mentions {who}, which "
                                        f"{taxonomy} does not list", article.key,
                                        parts.body_line + offset))
    return warnings
