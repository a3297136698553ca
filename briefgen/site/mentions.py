"""Tagging help for `briefgen check`: people a body mentions but the front
matter does not list, and keys that look misspelt. Warnings, not errors: the
editor decides."""

from __future__ import annotations

import difflib
from pathlib import Path

from markdown_it import MarkdownIt

from ..core.errors import BriefgenError, Problem
from ..source.content import ARTICLE_KEYS, PAGE_KEYS, PROFILE_KEYS
from ..source.frontmatter import decode, parse_mapping, split
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


def misspelt_keys(root: Path, site: Site) -> list[Problem]:
    """`path:line` warnings for front matter keys kept as extra data that look like
    a known key written wrong (`Draft`, `peopel`): an item with `Draft: true` is
    published, and one with `peopel:` names nobody, with no error to say so."""
    fields = {t.field for t in site.config.taxonomies}
    records: list[tuple[str, dict[str, object], frozenset[str]]] = [
        (a.key, a.extra, ARTICLE_KEYS | fields) for a in site.articles]
    records += [(p.key, p.extra, PAGE_KEYS) for p in site.pages]
    records += [(t.profile.key, t.profile.extra, PROFILE_KEYS) for taxonomy in site.taxonomies.values()
                for t in taxonomy.terms if t.profile is not None]
    warnings = []
    for path, extra, known in records:
        guesses = {key: _known_key(key, known) for key in extra}
        if not any(guesses.values()):
            continue
        try:
            text = decode((root / path).read_bytes(), path)
            parts = split(text, path)
            front = parse_mapping(parts.yaml_text, path, parts.yaml_line)
        except BriefgenError:  # reported as an error by the build already
            continue
        for key, meant in guesses.items():
            if meant:
                warnings.append(Problem(f"{key}: not a key briefgen reads (did you mean {meant!r}?); "
                                        "it is kept as extra data for templates", path,
                                        front.line_of(key)))
    return warnings


def _known_key(key: str, known: frozenset[str]) -> str:
    """The known key KEY is probably a misspelling of, or ""."""
    if key.lower() in known:
        return key.lower()
    close = difflib.get_close_matches(key.lower(), sorted(known), n=1, cutoff=0.8)
    return close[0] if close else ""
