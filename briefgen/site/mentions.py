"""Tagging help for `briefgen check`: people a body mentions but the front
matter does not list. Warnings, not errors: the editor decides."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_core import block as block_rule
from markdown_it.rules_core.state_core import StateCore

from ..core.errors import Problem
from ..source.frontmatter import decode, split
from ..source.markdown import make_markdown
from .autolink import Linker, html_text
from .model import Site, Term
from .taxonomy import names_to_terms


def code_lines(md: MarkdownIt, body: str) -> set[int]:
    """Body lines (0-based) inside code blocks and fences, where names are not mentions.

    Which lines those are is the block structure's to say, so only the core
    rules up to the block parser run: inline parsing, most of a full parse's
    time, changes no block's lines. Footnote definitions are the exception:
    a full parse drops those no reference uses, code and all, so a body with
    any is parsed whole, to give the same lines as before.
    """
    state = StateCore(body, md, {})
    for rule in md.core.ruler.getRules(""):
        rule(state)
        if rule is block_rule:
            break
    tokens = state.tokens
    if any(token.type == "footnote_reference_open" for token in tokens):
        tokens = md.parse(body)
    lines: set[int] = set()
    for token in tokens:
        if token.type in ("code_block", "fence", "html_block") and token.map:
            lines.update(range(*token.map))
    return lines


def untagged_people(root: Path, site: Site, taxonomy: str = "people") -> list[Problem]:
    """`path:line` warnings for mentions of known people not in an item's list."""
    people = site.taxonomies.get(taxonomy)
    if people is None:
        return []
    term_of = names_to_terms(people)
    # Bodies were searched line by line: a name written across lines is no mention.
    finder = Linker.build({name: term.key for name, term in term_of.items() if "\n" not in name})
    md = make_markdown(site.config.markdown_html)
    warnings = []
    for article in site.articles:
        listed = {t.key for t in site.article_terms[article.key].get(taxonomy, ())}
        try:
            parts = split(decode((root / article.key).read_bytes(), article.key), article.key)
        except Exception:  # reported as an error by the build already
            continue
        for line, name, term in unlisted_mentions(md, finder, term_of, listed, parts.body):
            who = repr(name) if name == term.name else f"{name!r} ({term.name})"
            warnings.append(Problem(f"{taxonomy}: the body mentions {who}, which "
                                    f"{taxonomy} does not list", article.key,
                                    parts.body_line + line))
    return warnings


def unlisted_mentions(md: MarkdownIt, finder: Linker, term_of: dict[str, Term],
                      listed: set[str], body: str) -> list[tuple[int, str, Term]]:
    """(line, name as written, term) of the first mention of each term not LISTED,
    outside code blocks, in the order they come.

    The body is searched whole, once (no name spans lines, so this finds what a
    search line by line finds), and its code lines are looked for only when
    someone unlisted is mentioned: most bodies name only the people they list.
    """
    found: list[tuple[int, str, Term]] = []
    escaped = html_text(body)  # find() gives offsets in it; escaping adds no line breaks
    seen: set[str] = set()
    code: set[int] | None = None
    line = at = 0
    for offset, name in finder.find(body):
        term = term_of.get(name)
        if term is None or term.key in listed or term.key in seen:
            continue
        line += escaped.count("\n", at, offset)
        at = offset
        if code is None:
            code = code_lines(md, body)
        if line not in code:
            seen.add(term.key)
            found.append((line, name, term))
    return found
