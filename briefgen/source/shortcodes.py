"""Shortcodes in bodies, found at parse time: `{{< figure src="x.jpg" >}}`.

A shortcode places one of the theme's components (a figure, a pull quote,
a link card) in a body, in Hugo's syntax, which most writers bring:
`{{< name key="value" >}}`, or a pair `{{< quote by="X" >}}text{{< /quote >}}`
with text between. Parsing is pure and knows no templates: each shortcode
outside code (code spans, fenced and indented code show it as written) is
replaced by a token that Markdown renders as plain text on either engine,
and recorded with its arguments, its text and its line. The render step,
which has the templates, checks the names and puts each template's HTML
where its token is (render/shortcodes.py: `substitute`).

Line breaks inside a shortcode are kept after its token, so every later line
of the body keeps its number and messages still point at it.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..core.errors import Problem
from ..core.hashing import digest
from ..core.urls import safe_href
from .excerpt import escaped, regions

OPEN, CLOSE = "{{<", ">}}"
# Arguments that are URLs: checked as links are (no javascript:), and a
# root-relative one gets the site's base path, as Markdown links do.
URL_ARGS = frozenset({"src", "href", "url", "link"})
TOKEN = re.compile(r"briefgen-shortcode-[0-9a-f]{12}-[0-9]+")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_EVENT = re.compile(r"\{\{<|>\}\}")
# One argument: an optional `key=` and a value, "double-quoted" (with \" and
# \\ escapes), `backquoted` (raw) or bare (no spaces, quotes or `=`).
_ARG = re.compile(r'\s*(?:([A-Za-z_][\w-]*)\s*=\s*)?("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`=]+)', re.DOTALL)
_SHOWN = 60  # characters of a shortcode in a message


@dataclass(frozen=True, slots=True)
class Shortcode:
    """One shortcode of a body: what its template gets, and where it was."""

    token: str  # what stands for it in the body's HTML until it is rendered
    name: str
    args: tuple[tuple[str, str], ...]  # named arguments, in order
    positional: tuple[str, ...]
    inner: str | None  # the text of a pair, None for a single tag
    inner_html: str  # that text rendered as Markdown, "" for a single tag
    line: int  # in the file
    # Why it could not be read ("" when it could): it stays text in the body and
    # is reported by the render step with the problems it finds (unknown names).
    error: str = ""


@dataclass(frozen=True)
class Found:
    """A body with its shortcodes taken out."""

    text: str  # each shortcode replaced by its token and the line breaks it held
    blank: str  # each shortcode blanked to spaces (line breaks kept): same offsets as the body
    shortcodes: tuple[Shortcode, ...] = ()  # then one with an `error` per problem
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class _Tag:
    """One `{{< ... >}}` as written: START and END offsets in the body."""

    start: int
    end: int
    name: str
    closing: bool  # {{< /name >}}
    single: bool  # {{< name ... />}}: never a pair
    args: tuple[tuple[str, str], ...]
    positional: tuple[str, ...]


def parse_shortcodes(body: str, path: str, body_line: int,
                     render: Callable[[str], str], base_path: str = "/") -> Found:
    """BODY's shortcodes outside code, replaced by tokens; RENDER turns a pair's
    text (Markdown) into HTML. BODY_LINE is the body's first line in the file."""
    if OPEN not in body:  # the usual case: no parse
        return Found(body, body)
    problems: list[Problem] = []
    line_of = _lines(body, body_line)
    tags = list(_tags(body, _outside_code(body), path, line_of, problems))
    unsafe = {tag.start for tag in tags if not _safe_urls(tag, path, line_of(tag.start), problems)}
    nonce = digest(body)[:12]
    pieces: list[str] = []
    blank: list[str] = []
    found: list[Shortcode] = []
    last = 0
    for start, end, opener, inner in _pairs(tags, body, path, line_of, problems):
        if opener.start in unsafe:
            continue  # an error: left as text, never rendered
        token = f"briefgen-shortcode-{nonce}-{len(found)}"
        found.append(Shortcode(token, opener.name, _urls(opener.args, base_path), opener.positional,
                               inner, render(inner) if inner is not None else "",
                               line_of(start)))
        pieces += [body[last:start], token, "\n" * body.count("\n", start, end)]
        blank += [body[last:start], _blanked(body[start:end])]
        last = end
    pieces.append(body[last:])
    blank.append(body[last:])
    # Those that could not be read come last, each standing for its problem.
    return Found("".join(pieces), "".join(blank), (*found, *map(unreadable, problems)), tuple(problems))


def unreadable(problem: Problem) -> Shortcode:
    """A shortcode that could not be read, standing for PROBLEM (its message and line)."""
    return Shortcode("", "", (), (), None, "", problem.line, problem.message)


def _outside_code(body: str) -> str:
    """BODY with everything Markdown shows as code (or not at all) blanked to
    spaces, line breaks kept: where a shortcode may be found."""
    pieces, last = [], 0
    for region in regions(body):
        pieces += [_blanked(body[last:region.start]), region.text]
        last = region.start + len(region.text)
    pieces.append(_blanked(body[last:]))
    return "".join(pieces)


def _blanked(text: str) -> str:
    """TEXT as spaces, its line breaks kept."""
    return re.sub(r"[^\n]", " ", text)


def _lines(body: str, body_line: int) -> Callable[[int], int]:
    """The function giving the file's line of an offset in BODY (a bisect: a
    body of many shortcodes stays linear)."""
    breaks = [m.start() for m in re.finditer("\n", body)]
    return lambda at: body_line + bisect_left(breaks, at)


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "...")


def _tags(body: str, visible: str, path: str, line_of: Callable[[int], int],
          problems: list[Problem]) -> Iterator[_Tag]:
    """Each `{{< ... >}}` in VISIBLE (the body outside code), in order. An
    opening `{{<` with no `>}}` before the next one is an error. One pass over
    the openers and closers, so a body of many unclosed ones stays linear."""
    pending = -1
    for m in _EVENT.finditer(visible):
        if m.group() == OPEN:
            if escaped(visible, m.start()):  # \{{< is text
                continue
            if pending >= 0:
                _unclosed(body, pending, path, line_of, problems)
            pending = m.start()
        elif pending >= 0:
            tag = _tag(body, pending, m.end(), path, line_of(pending), problems)
            pending = -1
            if tag is not None:
                yield tag
    if pending >= 0:
        _unclosed(body, pending, path, line_of, problems)


def _unclosed(body: str, at: int, path: str, line_of: Callable[[int], int],
              problems: list[Problem]) -> None:
    shown = _shown(body[at:at + _SHOWN].split("\n")[0])
    problems.append(Problem(f"shortcode {shown} is not closed: end it with '>}}}}' "
                            "(write \\{{< for the text itself)", path, line_of(at)))


def _tag(body: str, start: int, end: int, path: str, line: int,
         problems: list[Problem]) -> _Tag | None:
    """The tag body[START:END] read: its name and arguments; None, with a problem, if malformed."""
    inside = body[start + len(OPEN):end - len(CLOSE)].strip()
    single = inside.endswith("/")
    inside = inside.removesuffix("/").strip()
    closing = inside.startswith("/")
    inside = inside.removeprefix("/").strip()
    name = _NAME.match(inside)
    shown = _shown(body[start:end])
    if name is None:
        problems.append(Problem(f"shortcode {shown} has no name: write {{{{< figure ... >}}}}", path, line))
        return None
    args, positional, rest = _arguments(inside[name.end():])
    if rest:
        why = ("a quote is not closed" if rest.count('"') % 2 or rest.count("`") % 2
               else f"cannot read {_shown(rest)}")
        problems.append(Problem(f"shortcode {shown}: {why}; write arguments as "
                                'key="value"', path, line))
        return None
    if closing and (args or positional):
        problems.append(Problem(f"shortcode {shown}: a closing shortcode takes no arguments",
                                path, line))
    keys = [k for k, _ in args]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        problems.append(Problem(f"shortcode {shown}: {twice[0]!r} is given twice", path, line))
    if args and positional:
        problems.append(Problem(f"shortcode {shown}: give every argument a name "
                                '(key="value") or none', path, line))
    return _Tag(start, end, name.group(), closing, single, args, positional)


def _arguments(text: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], str]:
    """Named and positional arguments in TEXT, and what could not be read."""
    named: list[tuple[str, str]] = []
    positional: list[str] = []
    at = 0
    while text[at:].strip():
        m = _ARG.match(text, at)
        if m is None or (m.end() < len(text) and not text[m.end()].isspace()):
            return tuple(named), tuple(positional), text[at:]
        value = _unquote(m.group(2))
        if m.group(1):
            named.append((m.group(1), value))
        else:
            positional.append(value)
        at = m.end()
    return tuple(named), tuple(positional), ""


def _unquote(value: str) -> str:
    if value.startswith("`"):
        return value[1:-1]
    if value.startswith('"'):
        return re.sub(r"\\(.)", r"\1", value[1:-1], flags=re.DOTALL)
    return value


def _safe_urls(tag: _Tag, path: str, line: int, problems: list[Problem]) -> bool:
    """False, with an error, for a URL argument that could run script or names no host."""
    bad = [(key, value) for key, value in tag.args
           if key in URL_ARGS and value.strip() and not safe_href(value)]
    for key, value in bad:
        problems.append(Problem(f"shortcode {tag.name}: {key}: not a safe URL: {value!r} "
                                "(use an http(s) URL or a path)", path, line))
    return not bad


def _urls(args: tuple[tuple[str, str], ...], base_path: str) -> tuple[tuple[str, str], ...]:
    """ARGS with URL arguments made safe and root-relative paths given the base path."""
    out = []
    for key, value in args:
        if key in URL_ARGS:
            value = safe_href(value)
            if base_path != "/" and value.startswith("/") and not value.startswith("//"):
                value = base_path + value[1:]
        out.append((key, value))
    return tuple(out)


def _pairs(tags: list[_Tag], body: str, path: str, line_of: Callable[[int], int],
           problems: list[Problem]) -> Iterator[tuple[int, int, _Tag, str | None]]:
    """(start, end, opening tag, text or None) of each shortcode: a tag whose
    next tag of its name is a closing one is a pair, with the body between as its text;
    other tags are single. A tag inside a pair, or a closing tag with no
    opening one, is an error."""
    after: dict[str, int] = {}
    next_close = [0] * len(tags)  # the index of the closing tag right after each, or 0
    for j in range(len(tags) - 1, -1, -1):
        later = after.get(tags[j].name, 0)  # the next tag of the same name
        next_close[j] = later if later and tags[later].closing else 0
        after[tags[j].name] = j
    i = 0
    while i < len(tags):
        tag = tags[i]
        line = line_of(tag.start)
        if tag.closing:
            problems.append(Problem(f"shortcode {{{{< /{tag.name} >}}}} closes no "
                                    f"{{{{< {tag.name} >}}}} before it", path, line))
            i += 1
            continue
        close = 0 if tag.single else next_close[i]
        if not close:
            yield tag.start, tag.end, tag, None
            i += 1
            continue
        for inside in tags[i + 1:close]:
            problems.append(Problem(f"shortcode {inside.name!r} inside {{{{< {tag.name} >}}}}: "
                                    "shortcodes cannot be nested", path,
                                    line_of(inside.start)))
        inner = textwrap.dedent(body[tag.end:tags[close].start]).strip("\n")
        yield tag.start, tags[close].end, tag, inner
        i = close + 1
