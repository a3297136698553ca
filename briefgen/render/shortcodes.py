"""Shortcodes rendered: each body's tokens replaced by its template's HTML.

Parsing left a token in each body for each shortcode and recorded it on the
record (source/shortcodes.py), knowing no templates. Here, where the
templates are, each shortcode is checked (`templates/shortcodes/NAME.html`
exists, in the site or the theme; a template that shows the text between a
pair is given a pair, one that does not is not) and rendered with its
arguments autoescaped, and its HTML takes its token's place.

This runs on the records, before the site is assembled, so everything after
(entity links, item pages, feeds, the digest, the body-only path of the
preview) sees finished bodies; entity links are then never put inside a
shortcode's arguments. Results are kept per record while the record and the
environment (so the templates) stay the same: a warm build or a preview
save renders only the shortcodes of the files that changed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Any, NoReturn, TypeVar

import jinja2
import jinja2.meta

from ..core.errors import BriefgenError, Problem
from ..source.content import Content
from ..source.records import Article, Page, Profile
from ..source.shortcodes import TOKEN, Shortcode
from .jinja import render

FOLDER = "shortcodes"
# The names whose templates show a pair's text: they mention one of these.
INNER = frozenset({"inner", "inner_html"})
R = TypeVar("R", Article, Profile, Page)


class ShortcodeFailure(Exception):
    """Raised by `fail(message)` in a shortcode template: the writer's mistake."""


def _fail(message: str) -> NoReturn:
    raise ShortcodeFailure(message)


class Shortcodes:
    """Renders the shortcodes of content records with one Jinja environment."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self._known: dict[str, bool] | None = None  # name -> its template shows a pair's text
        # record key -> (the record as parsed, as expanded, its problems)
        self.memo: dict[str, tuple[Any, Any, tuple[Problem, ...]]] = {}

    def known(self) -> dict[str, bool]:
        """Every shortcode's name, and whether its template shows a pair's text."""
        if self._known is None:
            names = self.env.list_templates(filter_func=lambda n: re.fullmatch(
                rf"{FOLDER}/[A-Za-z][A-Za-z0-9_-]*\.html", n) is not None)
            self._known = {n[len(FOLDER) + 1:-len(".html")]: self._shows_text(n) for n in names}
        return self._known

    def _shows_text(self, template: str) -> bool:
        try:
            assert self.env.loader is not None
            source = self.env.loader.get_source(self.env, template)[0]
            return bool(INNER & jinja2.meta.find_undeclared_variables(self.env.parse(source)))
        except jinja2.TemplateError:  # check_templates reports it
            return False

    def expand(self, content: Content) -> Content:
        """CONTENT with every body's shortcodes rendered; their problems added."""
        problems: list[Problem] = []
        seen: set[str] = set()

        def one(record: Any) -> Any:  # an Article, Profile or Page, as it came
            if not record.shortcodes:
                return record
            seen.add(record.key)
            hit = self.memo.get(record.key)
            if hit is None or hit[0] is not record:
                hit = self.memo[record.key] = (record, *self._expand(record))
            problems.extend(hit[2])
            return hit[1]

        articles = tuple(one(a) for a in content.articles)
        profiles = tuple(one(p) for p in content.profiles)
        pages = tuple(one(p) for p in content.pages)
        for gone in set(self.memo) - seen:
            del self.memo[gone]
        if not seen:
            return content
        return replace(content, articles=articles, profiles=profiles, pages=pages,
                       problems=content.problems + tuple(problems))

    def _expand(self, record: R) -> tuple[R, tuple[Problem, ...]]:
        """RECORD with its shortcodes rendered into its body, and the problems found."""
        problems: list[Problem] = []
        html = {}
        # A heading's text makes its id and its table of contents entry: no tokens there.
        headings = {t for m in _HEADING.finditer(record.body_html) for t in TOKEN.findall(m.group(2))}
        for shortcode in record.shortcodes:
            problem = self._check(shortcode, record.key)
            if problem is None and shortcode.token in headings:
                problem = Problem(f"shortcode {shortcode.name!r} in a heading: a heading takes text "
                                  "only; put the shortcode on a line of its own", record.key, shortcode.line)
            if problem is None:
                out = self._render(shortcode, record.key)
                if isinstance(out, Problem):
                    problems.append(out)
                else:
                    html[shortcode.token] = out
            else:
                problems.append(problem)
        if isinstance(record, Article):
            return replace(record, body=substitute(record.body_html, html).encode()), tuple(problems)
        return replace(record, body_html=substitute(record.body_html, html)), tuple(problems)

    def _check(self, shortcode: Shortcode, path: str) -> Problem | None:
        """A problem when the shortcode could not be read, no template has its
        name, or a pair is used where it is not."""
        if shortcode.error:
            return Problem(shortcode.error, path, shortcode.line)
        known = self.known()
        name = shortcode.name
        if name not in known:
            near = difflib.get_close_matches(name, list(known), n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            return Problem(f"unknown shortcode {name!r}: {hint}the shortcodes are "
                           f"{', '.join(sorted(known))}; add templates/{FOLDER}/{name}.html "
                           "to add one", path, shortcode.line)
        if known[name] and shortcode.inner is None:
            return Problem(f"shortcode {name!r} takes text: close it with {{{{< /{name} >}}}} "
                           "after the text", path, shortcode.line)
        if not known[name] and shortcode.inner is not None:
            return Problem(f"shortcode {name!r} takes no text: remove {{{{< /{name} >}}}}, "
                           "or make it one tag", path, shortcode.line)
        return None

    def _render(self, shortcode: Shortcode, path: str) -> str | Problem:
        """The template's HTML for SHORTCODE, or the problem that stopped it."""
        template = f"{FOLDER}/{shortcode.name}.html"
        context = {"name": shortcode.name, "args": dict(shortcode.args),
                   "positional": list(shortcode.positional), "inner": shortcode.inner or "",
                   "inner_html": shortcode.inner_html, "fail": _fail}
        try:
            return self.env.get_template(template).render(context).strip()
        except ShortcodeFailure as exc:
            return Problem(f"shortcode {shortcode.name!r}: {exc}", path, shortcode.line)
        except jinja2.TemplateSyntaxError:
            return ""  # check_templates reports it, at its line, and the build stops
        except Exception:  # rendered again for the message, at the template's line
            try:
                render(self.env, template, context)
            except BriefgenError as error:
                p = error.problem
                return Problem(f"{p.message} (shortcode {shortcode.name!r} at {path}:{shortcode.line})",
                               p.path, p.line)
            raise  # pragma: no cover - it failed once, so it fails again


def substitute(html: str, rendered: dict[str, str]) -> str:
    """HTML with each token replaced by its shortcode's HTML. A token that is a
    paragraph by itself takes the paragraph's place; one on a line of its own
    in a paragraph ends the paragraph before it and starts one after it (so a
    figure is never inside a <p>); any other is replaced where it stands."""
    if not rendered:
        return TOKEN.sub("", html)
    html = _PARAGRAPH.sub(lambda m: _split(m.group(1), rendered), html)
    return TOKEN.sub(lambda m: rendered.get(m.group(), ""), html)


_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.DOTALL)
# A paragraph holding a token: markdown-it writes <p> without attributes, and
# paragraphs do not nest.
_PARAGRAPH = re.compile(rf"<p>((?:(?!</p>).)*?{TOKEN.pattern}(?:(?!</p>).)*?)</p>", re.DOTALL)


def _split(inside: str, rendered: dict[str, str]) -> str:
    """A paragraph's content with its lines that are one token each taken out
    of it: the lines between them stay paragraphs."""
    lines = inside.split("\n")
    if not any(TOKEN.fullmatch(line) for line in lines):
        return f"<p>{inside}</p>"
    out: list[str] = []
    text: list[str] = []
    for line in lines:
        if TOKEN.fullmatch(line):
            if text:
                out.append("<p>" + "\n".join(text) + "</p>")
                text = []
            out.append(rendered.get(line, ""))
        else:
            text.append(line)
    if text:
        out.append("<p>" + "\n".join(text) + "</p>")
    return "\n".join(out)
