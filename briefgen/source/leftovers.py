"""What a body holds that its page will not show as the writer meant: warnings.

Three things come with posts from other generators and are shown as written
or left out, silently, unless someone says so:

- raw HTML while `markdown.html` is off (the safe default): `<div>` is shown
  as the text "<div>";
- raw HTML while `markdown.html` is on, of an element the cleaner removes
  (markdown.py's `sanitise`): an `<iframe>` embed, a `<video>`, a `<script>`
  leave nothing (or only their fallback text) on the page;
- other generators' shortcodes and template tags, which briefgen does not
  run: Hugo's `{{% ... %}}`, Jekyll's (Liquid's) and Zola's `{% ... %}`,
  Zola's `{{ name(...) }}`. Hugo's `{{< name ... >}}` is briefgen's own
  shortcode syntax (shortcodes.py): taken out of the body before it comes
  here, and an unknown name is an error, not a warning.

Both are looked for where Markdown reads text, never in code (code spans,
fenced and indented code), where they are what the writer means to show.
`check` reports each file's first with its line; `build` sums them up in a
line. Pure functions on text; bodies without `<` or `{{`/`{%` cost a scan.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from markdown_it.common.html_re import close_tag, open_tag

from ..core.errors import Problem
from .excerpt import Region, escaped, regions, unescaped
from .markdown import HTML_ELEMENTS, KEPT_TAGS, UNWRAPPED, style_kept
from .markdown_accel import ESCAPED_TAG_START, outside_code

RAW_HTML = "raw HTML"
REMOVED = "removed HTML"
FOREIGN = "shortcode"
# An HTML tag's start (not an autolink such as <https://...>), a closing
# tag, or a declaration or processing instruction: what may be raw HTML.
_HTML_HINT = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|</[A-Za-z]|<[!?]")
# How each of the other generators' tags opens, and what closes it: Hugo's
# {{% %}}, Liquid's and Tera's {% %}, Zola's {{ name(...) }}. (Hugo's {{< >}}
# are briefgen's shortcodes, found by shortcodes.py.)
_OPENER = re.compile(r"\{\{(%)|\{%|\{\{ *[A-Za-z_][\w.]* *\(")
# Raw HTML as markdown-it reads a tag. Comments are taken out before
# (excerpt.py), and declarations, processing instructions and CDATA, which
# bodies hardly hold, are left out: their patterns run to the end of a text
# for each unclosed `<!` or `<?`, quadratic in a hostile one.
_TAG = re.compile(f"{open_tag}|{close_tag}")
_OPEN_TAG = re.compile(open_tag)
# A tag's name, where a body may hold one (in code too, where `Vec<u8>` is no tag).
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
# A style attribute in a tag, its value quoted or not.
_STYLE = re.compile(r"""<[A-Za-z][^>]*?\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_LONGEST = 500  # characters a tag may run to: a `{%` with no `%}` soon after is text
_SHOWN = 60  # characters of what was found, in a message


@dataclass(frozen=True)
class Leftover:
    """One thing found: its kind (RAW_HTML or FOREIGN), its line in the body
    (0-based) and the text as written."""

    kind: str
    line: int
    text: str


# Tags whose element raw HTML keeps, or whose content it keeps (markdown.py).
_NOT_REMOVED = KEPT_TAGS | UNWRAPPED


def find_leftovers(body: str, html_allowed: bool, rendered: str | None = None) -> list[Leftover]:
    """Raw HTML (unless HTML_ALLOWED), raw HTML of elements the cleaner removes
    (when HTML_ALLOWED: elements not in markdown.KEPT_TAGS) and other
    generators' syntax in BODY, in order.

    BODY is the body as rendered, its HTML comments already taken out
    (excerpt.strip_comments): a comment is never text, so never a leftover.
    RENDERED, when given, is its HTML: where it shows no tag as text and no
    `{{` or `{%` outside code, and (with HTML allowed) every tag of an element
    not kept is in it as text, the body has nothing to find, and the block
    parse that places each finding at its line is skipped (see `shown`).
    """
    removed = html_allowed and _may_remove(body, rendered)
    styled = html_allowed and "style" in body and _STYLE.search(body) is not None
    if rendered is not None and not removed and not styled and not shown(rendered, html_allowed):
        return []
    html = not html_allowed and _HTML_HINT.search(body) is not None
    foreign = "{{" in body or "{%" in body
    if not (html or foreign or removed or styled):
        return []
    found: list[Leftover] = []
    for region in regions(body):
        if html and region.html_block:
            found.append(Leftover(RAW_HTML, region.line, region.text.strip().split("\n")[0]))
        elif html:
            found += _matches(RAW_HTML, region, _TAG)
        if removed or styled:
            found += [leftover for leftover in _matches(REMOVED, region, _OPEN_TAG)
                      if _removed(_TAG_NAME.match(leftover.text)[1].lower())  # type: ignore[index]
                      or _loses_style(leftover.text)]
        if foreign:
            found += _at_lines(FOREIGN, region, foreign_tags(region.text))
    return sorted(found, key=lambda x: x.line)


def _loses_style(tag: str) -> bool:
    """Whether the cleaner takes TAG's `style` out (markdown.style_kept says which stay)."""
    found = _STYLE.search(tag)
    if found is None:
        return False
    value = next(v for v in found.groups() if v is not None)
    return not style_kept(_TAG_NAME.match(tag)[1].lower(), value)  # type: ignore[index]


def _removed(name: str) -> bool:
    """Whether the cleaner removes a tag named NAME: an element it does not keep,
    or a custom element's; a tag of no element is shown as text (markdown.py)."""
    return name not in _NOT_REMOVED and (name in HTML_ELEMENTS or "-" in name)


def _may_remove(body: str, rendered: str | None) -> bool:
    """Whether BODY may hold a tag of an element the cleaner removes: one named
    in it (not kept) that RENDERED does not show as text as often (as code
    shows `Vec<u8>`). A yes costs the block parse, which decides."""
    if "<" not in body:
        return False
    names = {name for name in _TAG_NAME.findall(body) if name.lower() not in _NOT_REMOVED}
    return any(rendered is None or body.count("<" + name) > rendered.count("&lt;" + name) for name in names)


def shown(html: str, html_allowed: bool) -> bool:
    """Whether a body's HTML may show a leftover: a tag escaped as text (unless
    HTML_ALLOWED) or a `{{` or `{%`, outside code.

    A filter in front of `find_leftovers`' block parse, which costs several
    times the Rust renderer's whole render of a body: most bodies with a `<`
    or a `{{` have it in code (`Vec<String>`, a Go template). Raw HTML that
    Markdown reads as HTML is shown as text (`&lt;div&gt;`) wherever it is,
    in a paragraph, heading, table cell, link text or HTML block, so where
    the page shows none outside `<code>` the block parse could find none.
    It may say yes where the parse then finds nothing (an escaped `\\<b>`,
    a `&lt;` the writer typed): only a yes costs the parse.
    """
    text = outside_code(html)
    return (not html_allowed and ESCAPED_TAG_START.search(text) is not None) or "{{" in text or "{%" in text


def foreign_tags(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each of other generators' tags in TEXT, not escaped.

    Each opener's closer is looked for with str.find within _LONGEST
    characters, so a text of many unclosed openers stays linear.
    """
    at = 0
    while (opener := _OPENER.search(text, at)) is not None:
        start = opener.start()
        closer = "%}}" if opener.group(1) else "%}" if opener.group() == "{%" else "}}"
        close = text.find(closer, opener.end(), opener.end() + _LONGEST)
        no_call = closer == "}}" and not text[opener.end():close].rstrip().endswith(")")  # {{ f(x }}
        if close < 0 or no_call or escaped(text, start):
            at = start + 1
            continue
        yield start, close + len(closer)
        at = close + len(closer)


def _matches(kind: str, region: Region, pattern: re.Pattern[str]) -> list[Leftover]:
    """PATTERN's unescaped matches in REGION, each at its own line."""
    return _at_lines(kind, region, ((m.start(), m.end()) for m in unescaped(region.text, pattern)))


def _at_lines(kind: str, region: Region, spans: Iterable[tuple[int, int]]) -> list[Leftover]:
    """A Leftover for each (start, end) of SPANS in REGION, at its line."""
    breaks = [m.start() for m in re.finditer("\n", region.text)] if "\n" in region.text else []
    return [Leftover(kind, region.line + bisect_left(breaks, start), region.text[start:end])
            for start, end in spans]


def notices(found: Iterable[Leftover], path: str, body_line: int) -> tuple[tuple[str, Problem], ...]:
    """One warning per kind for a file: at its first place, with how many more.
    (One per tag would bury a post written in HTML under its own warnings.)"""
    out: list[tuple[str, Problem]] = []
    by_kind: dict[str, list[Leftover]] = {}
    for leftover in found:
        by_kind.setdefault(leftover.kind, []).append(leftover)
    for kind, items in by_kind.items():
        first = items[0]
        shown = " ".join(first.text.split())
        shown = repr(shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "...")
        more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
        if kind == RAW_HTML:
            message = f"raw HTML is shown as text, as markdown.html is off: {shown}{more}"
        elif kind == REMOVED:
            message = (f"raw HTML that cleaning removes (markdown.html keeps formatting, tables, "
                       f"images and figures; no embeds, scripts or style attributes): {shown}{more}")
        else:
            message = f"{shown} is another generator's shortcode or template tag, shown as written{more}"
        out.append((kind, Problem(message, path, body_line + first.line)))
    return tuple(out)


_SUMMARY = {RAW_HTML: "raw HTML shown as text", REMOVED: "raw HTML that cleaning removes",
            FOREIGN: "other generators' shortcodes or template tags shown as written"}
_NOUNS = (("content/articles/", "item"), ("content/pages/", "page"), ("", "profile"))


def summary_lines(found: Iterable[tuple[str, Problem]]) -> list[str]:
    """The build's lines for FOUND (notices of every file): how many items,
    pages and profiles have each kind, and where to look."""
    files: dict[str, Counter[str]] = {RAW_HTML: Counter(), REMOVED: Counter(), FOREIGN: Counter()}
    for kind, path in {(kind, problem.path) for kind, problem in found if kind in files}:
        files[kind][next(noun for prefix, noun in _NOUNS if path.startswith(prefix))] += 1
    lines = []
    for kind, counts in files.items():
        if counts:
            nouns = [f"{n} {noun}{'' if n == 1 else 's'}" for _, noun in _NOUNS if (n := counts[noun])]
            verb = "has" if sum(counts.values()) == 1 else "have"
            lines.append(f"{' and '.join(nouns)} {verb} {_SUMMARY[kind]}; run briefgen check for where")
    return lines
