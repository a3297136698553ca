"""Bodies from other generators made plain Markdown: their shortcodes and
template tags turned into what briefgen has, or kept visibly as code text and
reported; links to the old site's posts and static files pointed at their
new places.

Fenced code is left alone (a post about Hugo shows shortcodes in code), and so
is inline code. Each template syntax is looked for only in bodies of the
generator that writes it: `{{ x }}` is Liquid in Jekyll, a shortcode in Zola.
"""

from __future__ import annotations

import copy
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from ..core.slugs import make_slug
from .dialects import (
    ABBREVIATION,
    ATX,
    LIST_ITEM,
    bare_links,
    block_attributes,
    definition,
    emoji,
    ends_html,
    extensions,
    heading_id,
    joins_paragraph,
    link_definitions,
    open_elements,
    padded_header,
    spaced_heading,
    span_attributes,
    starts_block,
    tight_emphasis,
)
from .notebook import fence_for
from .report import Report
from .tags import EMBEDS, HUGO_SHORTCODES, PELICAN_LINK, PELICAN_TAGS, args_of, code_span, embed

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
# Hugo: {{< name args >}} and {{% name args %}}, and their closing {{< /name >}}.
_HUGO = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)((?:[^>%}]|>(?!\}\})|%(?!\}\}))*?)\s*[>%]\}\}")
# Zola: {{ name(args) }} inline, {% name(args) %} ... {% end %} around text.
_ZOLA = re.compile(r"\{\{\s*(\w+)\((.*?)\)\s*\}\}|\{%\s*(\w+)\((.*?)\)\s*%\}|\{%\s*end\s*%\}")
# Liquid: {% tag args %} and {{ expression }}, with optional '-' trimming.
_LIQUID = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}|\{\{-?\s*(.*?)\s*-?\}\}")
# A relative URL in a Markdown link or image (`](../a/pic.svg)`): no scheme,
# no leading `/`, `#` or `?`.
_RELATIVE = re.compile(r"""(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)((?![A-Za-z][\w+.-]*:|[/#?])[^\s)"'>]+)""")
# The same in an HTML attribute (`src="images/a.png"`, as docutils writes it).
# A tag's own attribute only: in code the same text is `&lt;img src=...`.
_HTML_RELATIVE = re.compile(r"""(<[A-Za-z][^<>]*?\s(?:src|href)=["'])"""
                            r"""((?![A-Za-z][\w+.-]*:|[/#?])[^"'\s>]+)""")
# A line that starts raw HTML (`<div>`, `</section>`): from there to a blank
# line, Markdown reads no code spans, and a shortcode in backticks would be one.
_HTML_LINE = re.compile(r"^ {0,3}</?[A-Za-z]")
# The opening and closing tags of elements whose content is text: `pre`, `/pre`...
_VERBATIM = re.compile(r"<(/?(?:pre|script|style|textarea))(?=[\s>])")
_IN_TAG = re.compile(r"<[A-Za-z][^<>]*$")  # before it, a tag not yet closed: in an attribute
_SRCSET = re.compile(r"""(srcset=)(["'])(.*?)\2""")  # an image's other sizes, each a URL
# What comes before a link's address: `[text](`, part of an address, or a reference definition.
_LINK_ADDRESS = re.compile(r"\]\(\s*<?[^\s)]*$|^\s{0,3}\[[^\]]+\]:\s*<?[^\s>]*$")
# Liquid's `"/path/" | relative_url` (or absolute_url) on a quoted path.
# Asset plugins' tags (jekyll-assets; sites' own, such as a hashing `asset`),
# and the published folders they find files in, first match taken.
_ASSET_TAGS = ("asset", "asset_path", "image")
_ASSET_FOLDERS = ("/assets/", "/assets/images/", "/assets/img/", "/images/", "/img/", "/")
_IMAGE_FILE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif)$", re.IGNORECASE)
# Liquid's date filters on the post's date, and the forms Jekyll's print.
_DATE_FILTERS = {"date_to_string": "%d %b %Y", "date_to_long_string": "%d %B %Y",
                 "date_to_xmlschema": "%Y-%m-%dT%H:%M:%S%z", "date_to_rfc822": "%a, %d %b %Y %H:%M:%S %z"}
_DATE_FILTER = re.compile(r"""page\.date\s*\|\s*(date|date_to_(?:long_)?string|date_to_xmlschema|"""
                          r"""date_to_rfc822)(?:\s*:\s*(?:"([^"]*)"|'([^']*)'))?""")
_NO_EQUIVALENT = "has no briefgen equivalent"
_STRING = re.compile(r"'([^']*)'|\"([^\"]*)\"")  # a Liquid string
# A video player in an iframe, `<iframe src="https://www.youtube.com/embed/ID" ...></iframe>`.
_VIDEO_FRAME = re.compile(r"""<iframe\b[^>]*?\bsrc=["'](?:https?:)?//(?:www\.)?"""
                          r"""(?:(youtube)(?:-nocookie)?\.com/embed/|player\.(vimeo)\.com/video/)"""
                          r"""([\w-]+)[^"']*["'][^>]*>\s*(?:</iframe>)?""", re.IGNORECASE)
# Liquid's comment blocks (shown nowhere), its raw blocks (shown as written),
# and the tags whose work an include needs Jekyll for (loops, conditions).
_LIQUID_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.DOTALL)
_LIQUID_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_LIQUID_LOGIC = re.compile(r"\{%-?\s*(?:for|if|unless|case|capture|tablerow|cycle|increment)\b")
_ASSIGNED = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")  # {% assign x = "text" %}
# A line of tags that belong in a page's <head> (`<meta name="description" ...>`),
# which some posts carry in their text: browsers show nothing of them.
_HEAD_TAGS = re.compile(r"^\s*(?:<(?:meta|link)\b[^<>]*>\s*)+$", re.IGNORECASE)
# A link written by hand to a footnote as Goldmark, kramdown and Python-Markdown
# name them (`#fn:3`, `#fnref:3`); briefgen's are `#fn3` and `#fnref3`.
_FOOTNOTE_LINK = re.compile(r"""(\]\(\s*<?|\bhref=["'])#fn(ref)?:(\d+)(?=[)"'>\s])""")
# Hugo's highlight shortcode opened and closed on one line, its code between.
_ONE_LINE_HIGHLIGHT = re.compile(r"""\{\{[<%]\s*highlight\s+"?([\w+#.-]*)"?[^{}]*?[>%]\}\}(.*?)"""
                                 r"""\{\{[<%]\s*/highlight\s*[>%]\}\}""")
_URL_FILTER = re.compile(r"""(?:"(/[^"]*)"|'(/[^']*)')\s*\|\s*(?:relative_url|absolute_url|"""
                         r"""prepend:\s*site\.(?:base_?url|url))""")
# A site path in a Markdown link, image, reference definition or an HTML attribute.
# A quoted attribute's path runs to its closing quote, spaces and all (`src = "/a b.png"`).
_SITE_PATH = re.compile(r"""(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?|\b(?:src|href)\s*=\s*["'])"""
                        r"""(/(?!/)(?:(?<="/)[^"\n<>]*|(?<='/)[^'\n<>]*|[^\s)"'>]*))""")
# A shortcode or Liquid tag written over several lines (`{{< figure` then one
# argument a line), read as one line: at most 1,000 characters, no nesting.
_SPLIT_TAG = re.compile(r"\{\{[<%](?:(?![<%]\}\}|\{\{).){0,1000}?[>%]\}\}|\{%(?:(?!%\}|\{%).){0,1000}?%\}",
                        re.DOTALL)
# A site path that names a file (an image, a PDF), not a page: one that
# leads to nothing the import brings is worth an editor's look.
_FILE_PATH = re.compile(r"/[^/?#]+\.(?!(?:html?|xml|php)(?:[?#]|$))\w{1,5}(?:[?#]|$)", re.IGNORECASE)
_ZOLA_INTERNAL = re.compile(r"@/([^\s)#\"'>]+)(#[^\s)\"'>]*)?")
# Python-Markdown's codehilite: an indented block whose first line names its
# language (`:::python` or `#!python`), after a blank line.
_CODEHILITE = re.compile(r"^(?: {4}|\t)(?::::|#!)([\w+#.-]+)[ \t]*$")


@dataclass
class Links:
    """Where the old site's paths go now: posts by source path or old URL,
    static files by old URL."""

    by_source: dict[str, str] = field(default_factory=dict)  # 'posts/x.md' -> '/articles/x/'
    by_url: dict[str, str] = field(default_factory=dict)  # '/images/a.png' -> '/media/images/a.png'
    base: str = "/"  # the old site's base path ('/blog/' for https://x.org/blog/)
    # Posts and static files by their source file (an absolute, normalised path):
    # what a relative link from another post's file names, wherever it now is.
    by_file: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str | None:
        """The new URL for an old site path, keeping its query and fragment; a
        path written with the old site's base path (`/blog/a.png` on a site
        served from /blog/) is read without it."""
        head, tail = _path_and_rest(path)
        if self.base != "/" and head.startswith(self.base):
            found = self.url("/" + head[len(self.base):] + tail)
            if found is not None:
                return found
        for candidate in (head, head.rstrip("/") + "/", head.rstrip("/"),
                          re.sub(r"(/index)?\.html?$", "/", head), head.rstrip("/") + ".html"):
            if candidate in self.by_url:
                return self.by_url[candidate] + tail
        return None

    def post(self, ref: str, near: str = "") -> str | None:
        """The new URL of a post named by a source path or a file or bundle
        name, as Hugo's ref, Zola's @/ links and Jekyll's post_url name them;
        Hugo's `tags/x` and `series/x` name the term's page."""
        ref = ref.strip().strip("\"'")
        if ref.startswith("#"):
            return ref  # a heading of the same page
        ref, _, anchor = ref.lstrip("/").partition("#")
        anchor = "#" + anchor if anchor else ""
        ref = ref.rstrip("/")
        term = re.fullmatch(r"(tags|categories|topics|series|authors)(?:/([^/]+))?", ref)
        folder = {"series": "series", "authors": "authors"}.get(term.group(1), "topics") if term else ""
        if term and not term.group(2):
            return f"/{folder}/{anchor}"
        if term:
            return f"/{folder}/{make_slug(term.group(2))}/{anchor}"
        for key in (ref, ref + ".md", ref + "/index.md", ref + ".markdown"):
            if key in self.by_source:
                return self.by_source[key] + anchor
        tails = {src: url for src, url in self.by_source.items() if src.endswith("/" + ref)
                 or src.rsplit(".", 1)[0].endswith("/" + ref) or _name(src) == ref}
        if len(set(tails.values())) > 1 and near:  # the nearest, as Hugo looks in the section first
            best = max(_shared(src, near) for src in tails)
            tails = {src: url for src, url in tails.items() if _shared(src, near) == best}
        return next(iter(tails.values())) + anchor if len(set(tails.values())) == 1 else None


def _alone(m: re.Match[str]) -> bool:
    """Whether M is all its line holds, spaces aside."""
    return not m.string[:m.start()].strip() and not m.string[m.end():].strip()


def _without_comments(text: str) -> str:
    """TEXT without Liquid's comment blocks, which Jekyll shows nothing of
    (an HTML comment inside one made `<!--<!-- x -->-->` of it, whose last
    `-->` was shown), except inside raw blocks; each keeps its lines' breaks,
    so the lines after it keep their numbers."""
    def blank(m: re.Match[str]) -> str:
        return "\n" * m.group().count("\n")

    out, last = [], 0
    for raw in _LIQUID_RAW.finditer(text):
        out += [_LIQUID_COMMENT.sub(blank, text[last:raw.start()]), raw.group()]
        last = raw.end()
    out.append(_LIQUID_COMMENT.sub(blank, text[last:]))
    return "".join(out)


def _shared(a: str, b: str) -> int:
    """How many leading folders paths A and B share."""
    return len(os.path.commonpath([a, b]).split("/")) if os.path.commonpath([a, b]) else 0


def _name(source: str) -> str:
    """A post's name: its file's stem, or its bundle's folder."""
    parts = source.removesuffix("/index.md").removesuffix("/index.markdown").rsplit("/", 1)
    return parts[-1].rsplit(".", 1)[0] if not source.endswith(("/index.md", "/index.markdown")) \
        else parts[-1]


class Rewriter:
    """Rewrites the bodies of one source site's posts, noting what it cannot map."""

    def __init__(self, kind: str, links: Links, report: Report,
                 config: dict[str, Any] | None = None, root: Path | None = None) -> None:
        self.kind = kind
        self.root = root  # the folder Pelican's {filename} and {static} paths start from
        self.linkify = False  # bare URLs and e-mail addresses become links (Hugo's Goldmark)
        self.emoji = False  # `:rocket:` becomes the emoji (Hugo's enableEmoji, Jekyll's jemoji)
        self.includes: Path | None = None  # Jekyll's _includes/, for {% include file.md %}
        self.id_style = ""  # how the old site made heading ids when not as its kind does (heading_id)
        self.src: Path | None = None  # the source site's folder, which report lines name files from
        self.depth_of_includes = 0  # an include's own includes are written in, to a few levels
        self.block_attributes = False  # Goldmark's `{.class}` lines after blocks are read
        self.links = links
        self.new_urls = set(links.by_url.values())  # a path a shortcode already rewrote
        self.report = report
        # The config's text and number values, for Liquid's {{ site.name }}.
        self.site_vars = _flat(config or {})
        # Hugo's site `params`, for its `param` shortcode (keys in lower case).
        table = (config or {}).get("params")
        self.site_params = {str(k).lower(): v for k, v in table.items()} \
            if isinstance(table, dict) else {}
        self.rel = ""
        self.line = 0
        self.fence = ""  # the open fence's marker, or ''
        self.raw = False  # inside Liquid's {% raw %}
        self.html = False  # inside what Markdown reads as an HTML block (as far as a line shows)
        self.comment = False  # the line starts inside an HTML comment
        self.old_url = ""  # the page's URL on the old site, for relative links
        self.folder: Path | None = None  # the folder of its file
        self.params: dict[str, Any] = {}  # what Hugo's `param` reads, lower-case keys
        self.indented = ""  # the fence of a codehilite block being made fenced, or ''
        self.blanks = 0  # blank lines held back inside such a block
        self.code_block = False  # inside an indented code block
        # `[` not yet closed in the paragraph before this line, and before this
        # piece of it: no link may be made inside a link's text.
        self.brackets = self.depth = 0
        self.heading_ids: dict[str, int] = {}  # the old site's heading ids given so far
        # Block elements open in the HTML block a block element started (kramdown
        # and Python-Markdown end it with them), or None outside such a block.
        self.block_depth: int | None = None
        self.verbatim = ""  # the element whose text the block is in (`pre`), or ''
        self.pending = ""  # a tag begun on a line before and not yet closed by its `>`

        self.kramdown_ids = False  # Jekyll's kramdown reader (not GFM): its own heading ids
        self.definitions = False  # the line before was a definition (dialects.py)
        self.toc = False  # the body asked for a table of contents (kramdown's {:toc})
        self.heading = False  # the line being rewritten is an ATX heading
        self.in_list = False  # inside a list, where indented lines continue an item

    def body(self, text: str, rel: str, first_line: int, old_url: str = "",
             folder: Path | None = None, params: dict[str, Any] | None = None) -> str:
        """The body TEXT of REL (starting at FIRST_LINE; 0 for a body that is not
        the file's text, such as the HTML a reStructuredText post makes) as briefgen Markdown.
        OLD_URL is the page's URL on the old site and FOLDER its file's folder:
        a relative link that names no file beside the file but a page or file
        from the old URL (`../../2024/05/07/a/pic.svg`) is pointed at its new place.
        PARAMS: the values Hugo's `param` shortcode reads (the page's, then the site's)."""
        self._start(rel, old_url, folder, params)
        if self.kind == "jekyll" and "comment" in text:
            text = _without_comments(text)
        if self.kind != "zola":  # a tag written over two or three lines, as one line
            text = _SPLIT_TAG.sub(lambda m: " ".join(m.group().split()) if "\n" in m.group()
                                  else m.group(), text)
        out: list[str] = []
        lines = text.split("\n")
        emptied: set[int] = set()
        if self.kind == "pelican":
            emptied, said = link_definitions(lines)
            for number, message in said:
                self.report.note(message, self.rel, first_line + number if first_line else 0)
        for number, line in enumerate(lines):
            self.line = first_line + number if first_line else 0  # 0: lines that are not the file's
            if number in emptied:
                out.append("")
            else:
                self._one_line(line, lines, number, out)
        if self.indented:  # the block ran to the end of the body
            out.append(self.indented)
        return "\n".join(out)

    def _start(self, rel: str, old_url: str, folder: Path | None,
               params: dict[str, Any] | None) -> None:
        """Forget the last body's state: a new body starts outside every block."""
        self.rel, self.fence, self.raw, self.html, self.comment = rel, "", False, False, False
        self.old_url, self.folder, self.params = old_url, folder, params or {}
        self.indented, self.blanks = "", 0
        self.code_block = self.in_list = self.definitions = self.toc = False
        self.brackets = self.depth = 0
        self.heading_ids = {}
        self.block_depth, self.verbatim, self.pending = None, "", ""
        if not self.depth_of_includes:  # an include's text sees the post's variables
            self.assigned: dict[str, str] = {}  # `{% assign name = "text" %}` so far

    def _one_line(self, line: str, lines: list[str], number: int, out: list[str]) -> None:
        """Write LINE (LINES[NUMBER]) to OUT as what it is: code, another
        Markdown's syntax (dialects.py), or text rewritten span by span."""
        if self.block_depth is not None and not self.verbatim and not self.pending \
                and ends_html(line, self.block_depth):
            out.append("")  # the HTML block ends where kramdown and Python-Markdown end it
            self.html, self.block_depth = False, None
        after_blank = number == 0 or not lines[number - 1].strip()
        if not self.fence and self._code_or_left_out(line, lines, number, after_blank, out):
            return
        if not self.fence and not self.html:
            if self.kind == "pelican" or self.kramdown_ids:
                line = spaced_heading(line) or line
            made_line = self._dialect(line, out)
            if made_line is not None:
                out.append(made_line)
                return
        if not line.strip():
            if not self.verbatim:  # a blank line ends an HTML block, but a <pre>'s
                self.html, self.block_depth = False, None
        elif not self.fence and _HTML_LINE.match(line):
            if self._joined(line, after_blank, lines, number):
                out.append("")  # the tag goes on with the next line; lines keep their numbers
                return
            self._html_line(line, after_blank)
        elif self.block_depth is not None:  # text in the block, `</div>` at its end perhaps
            self._count(line)
        self.heading = bool(ATX.match(line)) and not self._in_html_block()  # there, a `#` line is text
        out.append(self._line(line))
        if self.heading and self.kind in ("hugo", "jekyll", "zola") and not self.fence:
            out[-1] = self._with_old_id(out[-1], line)
        if not self.fence:  # as written: a shortcode or tag made a comment counts
            self.comment = _in_comment(out[-1], self.comment)

    def _in_html_block(self) -> bool:
        """Whether the line being rewritten is inside a block of raw HTML: for
        kramdown and Python-Markdown one a block element opened (a line that
        starts with `<sup>` is a paragraph there), for CommonMark any."""
        return self.block_depth is not None if self.kind in ("jekyll", "pelican") else self.html

    def _code_or_left_out(self, line: str, lines: list[str], number: int, after_blank: bool,
                          out: list[str]) -> bool:
        """Whether LINE (outside fenced code) was written to OUT as code (an
        indented block, codehilite's among them) or as the blank line of one
        the import leaves out (_taken_out)."""
        if self.kind == "pelican":
            made, taken = self._codehilite(line, lines, number, after_blank)
            out += made
            if taken:
                return True
        if self._indented_code(line, after_blank):
            out.append(self._in_code(line))
            return True
        if self._taken_out(line):
            out.append("")  # lines keep their numbers
            return True
        return False

    def _joined(self, line: str, after_blank: bool, lines: list[str], number: int) -> bool:
        """Whether LINE, an inline element's tag alone (dialects.joins_paragraph),
        was put at the head of the next of LINES, as kramdown and Python-Markdown
        read the two: one paragraph."""
        if self.kind not in ("jekyll", "pelican") or self.html or number + 1 >= len(lines) \
                or not joins_paragraph(line, after_blank, lines[number + 1]):
            return False
        lines[number + 1] = line.strip() + " " + lines[number + 1].lstrip()
        return True

    def _taken_out(self, line: str) -> bool:
        """Whether LINE (outside fenced code) is one the import leaves out: a
        line of tags that belong in a page's head (`<meta name="description"
        ...>`), which posts carry in their text and browsers show nothing of."""
        if self.verbatim or not _HEAD_TAGS.match(line):
            return False
        self.report.head_tags.add(self.rel)
        return True

    def _codehilite(self, line: str, lines: list[str], number: int,
                    after_blank: bool) -> tuple[list[str], bool]:
        """An indented block that codehilite highlights in the language its
        first line names, written as a fenced block (the marker line becomes
        the opening fence): the lines to write for LINE, and whether LINE was
        one of the block's. Blank lines inside are held back until a line of
        the block follows them, so none ends up at the end of the code. LINES
        and NUMBER: the body and LINE's place in it, for the backticks that
        follow, which the fence must outnumber; AFTER_BLANK: the line before
        it is blank (a marker only counts there)."""
        blank = not line.strip()
        if self.indented:
            if blank:
                self.blanks += 1
                return [], True
            held = [""] * self.blanks
            if line.startswith(("    ", "\t")):
                self.blanks = 0
                return [*held, line[4:] if line.startswith("    ") else line[1:]], True
            closing = self.indented
            self.indented, self.blanks = "", 0
            return [closing, *held], False
        found = _CODEHILITE.match(line) if after_blank else None
        if found is None:
            return [], False
        self.indented = fence_for("\n".join(lines[number:]))
        return [self.indented + found.group(1)], True

    def _dialect(self, line: str, out: list[str]) -> str | None:
        """LINE as briefgen reads what another Markdown meant by it (dialects.py),
        changing the line before it in OUT where that is what it applies to;
        None when it is none of those."""
        previous = out[-1] if out else ""
        after_definition, self.definitions = self.definitions, False
        made = block_attributes(line, previous, colon=self.kind == "jekyll") \
            if self.kind == "jekyll" or self.block_attributes else None
        if made is not None:
            if out:
                out[-1] = made[0]
            if made[2] == "toc":
                self.toc = True
                self.report.note("kramdown's table of contents ({:toc}): the item gets toc: true",
                                 self.rel, self.line)
            elif made[2] == "anchor":
                self.report.note(f"{'kramdown' if self.kind == 'jekyll' else 'block'} attributes "
                                 f"{line.strip()}: the id kept as an anchor in their place, links "
                                 "to it reach it; the rest taken out", self.rel, self.line)
            elif made[2] == "attributes":
                self.report.note(f"{'kramdown' if self.kind == 'jekyll' else 'block'} attributes "
                                 f"{line.strip()}: briefgen does not apply them; taken out",
                                 self.rel, self.line)
            return made[1]
        header = padded_header(previous, line) if self.kind == "hugo" and out else None
        if header is not None:
            out[-1] = header
            self.report.note("a table whose header has fewer cells than its delimiter row: "
                             "empty header cells added, as Goldmark reads it", self.rel, self.line)
            return line
        if self.kind in ("jekyll", "pelican") and ABBREVIATION.match(line):
            self.report.note(f"an abbreviation ({line.strip()[:60]}): briefgen has none; taken out",
                             self.rel, self.line)
            return ""
        term = definition(line, previous, after_definition) if self.kind != "zola" else None
        if term is None:
            return None
        out[-1] = term[0]
        if not after_definition:
            self.report.note("a definition list: briefgen writes each term in bold with its "
                             "definitions below it", self.rel, self.line)
        self.definitions = True
        return term[1]

    def _html_line(self, line: str, after_blank: bool) -> None:
        """Note LINE, a line of raw HTML (AFTER_BLANK: after a blank line): the
        HTML block it starts or is in, and (for kramdown and Python-Markdown,
        whose blocks end where their elements do) how many elements are open
        in it. A line of a paragraph that starts with an inline tag starts no block."""
        if not self.html and self.kind in ("jekyll", "pelican"):
            self.block_depth = 0 if starts_block(line, after_blank) else None
        self._count(line)
        self.html = True

    def _count(self, line: str) -> None:
        """Add LINE's block elements to the depth of the HTML block it is in;
        inside `<pre>` (or `<script>`, `<style>`, `<textarea>`), whose content is
        text, nothing counts but the tag that closes it."""
        if self.block_depth is None:
            return
        if self.verbatim:
            closing = line.lower().find(f"</{self.verbatim}")
            if closing < 0:
                return
            line, self.verbatim = line[closing:], ""
        line = f"{self.pending} {line}" if self.pending else line
        cut = line.rfind("<")  # a tag written over lines (`<a href="..."` then `class="x">`)
        if cut >= 0 and ">" not in line[cut:] and re.match(r"</?[A-Za-z]", line[cut:]):
            self.pending, line = line[cut:], line[:cut]
        else:
            self.pending = ""
        self.block_depth += open_elements(line)
        opened = _VERBATIM.findall(line.lower())
        if opened and opened[-1][0] != "/":  # the last of them opened and not yet closed
            self.verbatim = opened[-1]

    def _with_old_id(self, written: str, line: str) -> str:
        """The heading WRITTEN (LINE as written in the source) with the id the
        old site gave it, `{#id}`, where briefgen would make another: links to
        `#flux-029-is-out`, from other posts or other sites, keep working."""
        old = heading_id(line, self.kramdown_ids, converted=self.id_style or self.kind)
        if not old:
            return written
        seen = self.heading_ids.get(old, 0)
        self.heading_ids[old] = seen + 1
        old = f"{old}-{seen}" if seen else old  # a second `## Notes` is #notes-1 there
        text = re.sub(r"^ {0,3}#+[ \t]+|[ \t]+#+[ \t]*$", "", written)  # as briefgen will read it
        if old == make_slug(re.sub(r"<[^>]*>|[*`]|\]\([^)]*\)", "", text), "section"):
            return written
        # `_` escaped: `{#so_why_}` would end in emphasis, and the braces show.
        return f"{written.rstrip()} {{#{old.replace('_', chr(92) + '_')}}}"

    def _indented_code(self, line: str, after_blank: bool) -> bool:
        """Whether LINE belongs to an indented code block (four spaces or a tab
        after a blank line, outside a list and an HTML block), which is left
        as written like fenced code; keeps track of what the lines open."""
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if self.code_block and (blank or indented):
            return True
        self.code_block = indented and after_blank and not self.in_list and not self.html
        if self.code_block:
            return True
        if not blank and not indented:
            self.in_list = bool(LIST_ITEM.match(line))
        return False

    def _line(self, line: str) -> str:
        """One line: code is left as written, other text rewritten span by span."""
        fence = _FENCE.match(line)
        if self.fence == "highlight":  # a {% highlight %} block ends at its closing tag only
            block = self._block(line)
            return block if block is not None else self._in_code(line)
        if self.fence:
            if fence and fence.group(1)[0] == self.fence[0] and len(fence.group(1)) >= len(self.fence) \
                    and not line.strip().strip(self.fence[0]):
                self.fence = ""
            return self._in_code(line)
        if fence:
            self.fence = fence.group(1)
            return line
        block = self._block(line)
        if block is not None:
            return block
        pieces, last = [], 0
        for start, end in self._code_spans(line):
            self.depth = self.brackets + _balance(line[:last])
            pieces += [self._text(line[last:start]), self._in_code(line[start:end])]
            last = end
        self.depth = self.brackets + _balance(line[:last])
        pieces.append(self._text(line[last:]))
        self.brackets = max(0, self.brackets + _balance(line)) if line.strip() else 0
        return "".join(pieces)

    def _code_spans(self, line: str) -> Iterator[tuple[int, int]]:
        """(start, end) of LINE's code spans. In a Hugo post a shortcode that starts
        before a backtick is read whole, as Hugo reads shortcodes before Markdown:
        `{{< figure caption="see `x`" >}}` is one shortcode, not two texts around
        a code span."""
        at = 0
        shortcodes = self.kind == "hugo" and "{{" in line
        while (code := _CODE_SPAN.search(line, at)) is not None:
            found = _HUGO.search(line, at) if shortcodes else None
            if found is not None and found.start() < code.start():
                at = found.end()  # the shortcode, backticks and all, stays text
                continue
            yield code.start(), code.end()
            at = code.end()

    def _in_code(self, text: str) -> str:
        """Code shows Hugo's escaped shortcodes as Hugo would, without Liquid's raw markers."""
        if self.kind == "hugo":
            return re.sub(r"\{\{([<%])/\*", r"{{\1", re.sub(r"\*/([>%])\}\}", r"\1}}", text))
        if self.kind == "jekyll":
            return re.sub(r"\{%-?\s*(?:end)?raw\s*-?%\}", "", text)
        return text

    def _block(self, line: str) -> str | None:
        """A line that opens or closes a highlighted block becomes a fence; a
        block written on one line, `{{< highlight go >}}x := 1{{< /highlight >}}`,
        a fenced block of its own."""
        stripped = line.strip()
        if self.kind == "hugo":
            whole = _ONE_LINE_HIGHLIGHT.fullmatch(stripped)
            if whole is not None:
                fence = fence_for(whole.group(2))
                return f"{fence}{whole.group(1)}\n{whole.group(2)}\n{fence}"
            m = re.fullmatch(r"\{\{[<%]\s*(/?)highlight\s*\"?([\w+#.-]*)\"?[^{}]*?[>%]\}\}", stripped)
        elif self.kind == "jekyll":
            m = re.fullmatch(r"\{%-?\s*(end)?highlight\s*([\w+#.-]*).*?-?%\}", stripped)
        else:
            return None
        if m is None:
            return None
        if m.group(1):
            self.fence = ""
            return "```"
        self.fence = "highlight"
        return "```" + m.group(2)

    def _text(self, text: str) -> str:
        """Text outside code: template syntax first, then links to old paths."""
        if not text:
            return text
        if self.kind == "hugo" and "{{" in text:
            text = _ONE_LINE_HIGHLIGHT.sub(lambda m: code_span(m.group(2)), text)  # within a line
            text = _HUGO.sub(self._hugo, text)
        elif self.kind == "zola":
            if "{" in text:
                text = _ZOLA.sub(self._zola, text)
            text = _ZOLA_INTERNAL.sub(self._zola_link, text)
        elif self.kind == "jekyll" and "{" in text:
            if "{:" in text and not self._in_html_block():  # kramdown reads none in raw HTML
                text = self._kramdown(text)
            text = self._liquid(text)
        if self.kind in ("jekyll", "pelican") and not self.html:
            text = tight_emphasis(text)
        if self.kind == "pelican":
            if "{" in text or "|" in text:
                text = PELICAN_LINK.sub(self.pelican_link, text)
            text = self._paths(text)
            # Last: the liquid_tags plugin's {% notebook %} and {% include_code %}
            # bring code, which no rewriting of links may touch. The plugin reads
            # Markdown posts only: in a reStructuredText post `{% x %}` is text.
            return self._liquid(text) if "{%" in text and not self.rel.endswith(".rst") else text
        text = self._paths(text)
        if self.linkify and not self.html and ("://" in text or "@" in text or "www." in text):
            text = bare_links(text, self.depth)
        if self.emoji and ":" in text and not self.verbatim:  # none in a <pre>, as jemoji leaves it
            text, unknown = emoji(text)
            for code in unknown:
                self.report.note(f"emoji {code}: not one briefgen knows; left as written",
                                 self.rel, self.line)
        return text

    def _paths(self, text: str) -> str:
        """TEXT with its links and images to the old site's paths pointed at
        their new places: site paths, srcsets, relative addresses (in HTML
        attributes too, where the posts name files by place: Pelican's)."""
        if "<iframe" in text.lower():
            text = _VIDEO_FRAME.sub(self._video_frame, text)
        text = _SITE_PATH.sub(self._site_path, text)
        if "#fn" in text:
            text = _FOOTNOTE_LINK.sub(r"\1#fn\2\3", text)
        if "srcset=" in text:
            text = _SRCSET.sub(self._srcset, text)
        if self.old_url and ("](" in text or "]:" in text):
            text = _RELATIVE.sub(self._relative, text)
        if self.root is not None and ("src=" in text or "href=" in text):
            text = _HTML_RELATIVE.sub(self._relative, text)
        return text

    def _video_frame(self, m: re.Match[str]) -> str:
        """A YouTube or Vimeo player written as an <iframe>: a link to the
        video, as the platforms' shortcodes become (briefgen's cleaning
        removes every iframe; the post would show nothing where it was)."""
        name = (m.group(1) or m.group(2)).lower()
        playlist = re.search(r"[?&]list=([\w-]+)", m.group()) if m.group(3) == "videoseries" else None
        url = f"https://www.youtube.com/playlist?list={playlist.group(1)}" if playlist \
            else EMBEDS[name].format(m.group(3))
        self.report.note(f"{name} player (an <iframe>): a link to the video "
                         "instead (briefgen loads nothing from other sites)", self.rel, self.line)
        # As HTML: the player often stands in a block of raw HTML, where Markdown is text.
        return f'<a href="{url}">{name.capitalize()} {"playlist" if playlist else "video"}</a>'

    def _kramdown(self, text: str) -> str:
        """kramdown's extensions and span attribute lists in TEXT (dialects.py)."""
        text = extensions(text)
        text, removed = span_attributes(text, self.heading)
        for attributes in removed:
            self.report.note(f"kramdown attributes {attributes}: briefgen does not apply them; "
                             "taken out", self.rel, self.line)
        return text

    def _site_path(self, m: re.Match[str]) -> str:
        if _in_comment(m.string[:m.start()], self.comment):  # a comment shows nothing: no note
            return m.group(1) + (self.links.url(m.group(2)) or m.group(2))
        return m.group(1) + self.site_file(m.group(2))

    def _srcset(self, m: re.Match[str]) -> str:
        """An image's srcset with each site path in it at its new place."""
        candidates = []
        for candidate in m.group(3).split(","):
            parts = candidate.strip().split(maxsplit=1)
            if parts and parts[0].startswith("/") and not parts[0].startswith("//"):
                parts[0] = self.site_file(parts[0])
            candidates.append(" ".join(parts))
        return f"{m.group(1)}{m.group(2)}{', '.join(candidates)}{m.group(2)}"

    def site_file(self, path: str) -> str:
        """The new URL of the site path PATH; PATH itself, with a note when it
        names a file (an image, a PDF) that the import does not bring."""
        new = self.links.url(path)
        if new is None and _FILE_PATH.search(path) and _path_and_rest(path)[0] not in self.new_urls:
            self.report.note(f"{path}: no file of the source site has this URL (the import "
                             "copies the files the site publishes); left as written",
                             self.rel, self.line)
        if new is None and self.links.base != "/" and path.startswith(self.links.base):
            return "/" + path[len(self.links.base):]  # briefgen adds the base path back
        return new if new is not None else path

    def _relative(self, m: re.Match[str]) -> str:
        """A relative link's new URL: the post or static file it names from
        the post's folder, where the import moves it; else where it names no
        file beside the post's file but, read from the post's old URL,
        something the import moved."""
        path, tail = _path_and_rest(m.group(2))
        if path and self.folder is not None:  # a post or a static file the import moves
            moved = self.links.by_file.get(os.path.normpath(self.folder.absolute() / unquote(path)))
            if moved is not None:
                return m.group(1) + moved + tail
        if not path or self.folder is None or (self.folder / unquote(path)).exists():
            return m.group()
        resolved = posixpath.normpath(posixpath.join(page_folder(self.old_url), path)) \
            + ("/" if path.endswith("/") else "")
        new = self.links.url(resolved + tail) if resolved.startswith("/") else None
        return m.group(1) + new if new is not None else m.group()

    def _unmapped(self, what: str, m: re.Match[str], why: str = "") -> str:
        """M's template syntax kept visibly as code text, and reported (WHAT,
        and WHY it was not converted); in a link's destination, where code
        would break the link, left as written."""
        why = why or _NO_EQUIVALENT
        self.report.kept[what] += 1
        before = m.string[:m.start()]
        address = _LINK_ADDRESS.search(before) or _IN_TAG.search(before)
        if address and not m.group().startswith(("{{<", "{{%")):
            where = "a link's address" if _LINK_ADDRESS.search(before) else "an HTML attribute"
            said = "left as written (briefgen has no equivalent)" if why == _NO_EQUIVALENT \
                else f"{why}: left as written"
            self.report.note(f"{what}, in {where}: {said}: {m.group()}", self.rel, self.line)
            return m.group()
        if address:
            # Left as written it would stop the build (briefgen reads `{{<` as its own
            # shortcode); as code it would break the link's Markdown.
            self.report.note(f"{what}, in a link's address, {why}: written URL-encoded, so the "
                             f"link leads nowhere until you fix it: {m.group()}", self.rel, self.line)
            return quote(m.group(), safe="/:")
        self.report.note(f"{what} {why}; kept as code text: {m.group()}", self.rel, self.line)
        if self.html:  # raw HTML shows backticks as they are: `{` as an entity keeps it text
            return "&#123;" + m.group()[1:] if m.group().startswith("{") else m.group()
        # A Liquid tag alone on its line (an include), a paragraph of its own: link
        # definitions on the lines after it would be that paragraph's text.
        alone = self.kind in ("jekyll", "pelican") and _alone(m)
        return code_span(m.group()) + ("\n" if alone else "")

    def _hugo(self, m: re.Match[str]) -> str:
        name, closing = m.group(3), m.group(2)
        if name == "comment":  # Hugo's own: what is inside is never shown
            return "-->" if closing else "<!--"
        if closing:
            return self._unmapped(f"closing shortcode '{name}'", m)
        positional, named = args_of(m.group(4))
        handler = HUGO_SHORTCODES.get(name)
        made = handler(self, positional, named) if handler else None
        if made is not None:
            return made
        if name in ("ref", "relref"):
            return self._unmapped(f"shortcode '{name}'", m, "names a page that was not imported")
        return self._unmapped(f"shortcode '{name}'", m)

    def _zola(self, m: re.Match[str]) -> str:
        if m.group(1):
            positional, named = args_of(m.group(2))
            made = embed(m.group(1), positional, named)
            if made is not None:
                return made
            return self._unmapped(f"shortcode '{m.group(1)}'", m)
        name = m.group(3) or "end"
        return self._unmapped(f"shortcode '{name}'" if m.group(3) else "the end of a shortcode", m)

    def _zola_link(self, m: re.Match[str]) -> str:
        new = self.links.post(m.group(1), self.rel.removeprefix("content/"))
        if new is None:
            self.report.note(f"internal link @/{m.group(1)}: no imported post; left as written",
                             self.rel, self.line)
            return m.group()
        return new + (m.group(2) or "")

    def _liquid(self, text: str) -> str:
        out, last = [], 0
        for m in _LIQUID.finditer(text):
            out.append(text[last:m.start()])
            last = m.end()
            if self.raw:
                if m.group(1) == "endraw":
                    self.raw = False
                else:
                    out.append(m.group())
                continue
            out.append(self._liquid_one(m))
        out.append(text[last:])
        return "".join(out)

    def _liquid_one(self, m: re.Match[str]) -> str:
        tag, rest, expression = m.group(1), (m.group(2) or "").strip(), m.group(3)
        if expression is not None and self.kind == "pelican":
            return m.group()  # Pelican's Markdown shows {{ }} as it is
        if tag == "assign":  # sets a variable, prints nothing: kept, it would be the summary
            literal = _ASSIGNED.fullmatch(rest)
            if literal is not None:  # `{{ name }}` after it prints the text
                self.assigned[literal.group(1)] = literal.group(2) or literal.group(3) or ""
            else:
                self.report.note(f"Liquid tag 'assign' prints nothing; taken out: {m.group()}",
                                 self.rel, self.line)
            return ""
        if self.kind == "pelican" and tag in PELICAN_TAGS:
            made = PELICAN_TAGS[tag](self, rest, _alone(m))
            if made is not None:
                return made
        if expression is not None:
            if self._is_lead(expression.strip(), m):
                return ""
            value = self._liquid_value(expression.strip())
            return value if value is not None else self._unmapped("Liquid output", m)
        if tag in ("comment", "endcomment"):  # a note to the writer: an HTML comment, never text
            return "<!--" if tag == "comment" else "-->"
        if tag in ("raw", "endraw"):
            self.raw = tag == "raw"
            return ""
        made = self._tag_made(tag, rest, m)
        if made is not None:
            return made
        if tag in ("post_url", "link"):
            new = self.links.post(rest) if tag == "post_url" else self._jekyll_link(rest)
            if new is not None:
                return new
            return self._unmapped(f"Liquid tag '{tag}' to something not imported", m)
        return self._unmapped(f"Liquid tag '{tag}'", m)

    def _is_lead(self, expression: str, m: re.Match[str]) -> bool:
        """Whether `{{ page.excerpt }}` (or description, summary) M stands alone
        on its line for the value the item's summary is made of: briefgen
        shows that as the lead above the body, so written in too it would be
        there twice. Taken out, and said."""
        own = re.fullmatch(r"page\.(excerpt|description|summary)", expression)
        source = next((k for k in ("summary", "description", "excerpt") if self.params.get(k)), "")
        if own is None or own.group(1) != source or not _alone(m):
            return False
        self.report.note(f"{m.group()}: the item's summary, which its page shows as the lead "
                         "above the text; taken out of the text", self.rel, self.line)
        return True

    def _tag_made(self, tag: str, rest: str, m: re.Match[str]) -> str | None:
        """What a plugin's or Jekyll's tag M (TAG, its arguments REST) made
        that the import can make too: an embed's link, an asset's URL, an
        include's text; None for any other."""
        if tag in EMBEDS or tag in ("gist", "tweet", "twitter"):  # the plugins' embed tags
            positional, named = args_of(rest)
            return embed(tag, positional, named)
        if tag in _ASSET_TAGS and self.kind == "jekyll":
            return self._asset(m, rest)
        if tag == "include" and self.kind == "jekyll":
            return self._include(rest, m)
        return None

    def _include(self, rest: str, m: re.Match[str]) -> str | None:
        """`{% include refs.md %}` alone on its line: the text of that file of
        _includes/, rewritten as a post's text is, where Jekyll wrote it in (a
        newsletter's link definitions, a shared notice). None for an include
        with parameters or variables, or of a file not there, which is kept
        visibly and reported."""
        parts = rest.split()
        if self.includes is None or len(parts) != 1 or "{" in rest or not _alone(m) \
                or self.depth_of_includes >= 3:
            return None
        path = self.includes / parts[0]
        if not path.is_file() or not path.resolve().is_relative_to(self.includes.resolve()) \
                or path.suffix.lower() not in (".md", ".markdown", ".html", ".htm", ".txt"):
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
        if _LIQUID_LOGIC.search(_without_comments(text)):  # a loop or a condition: Jekyll's to run
            return None
        inner = copy.copy(self)  # the settings, report and variables; body() resets the rest
        inner.depth_of_includes += 1
        rel = path.relative_to(self.src).as_posix() if self.src else path.name
        self.report.included[parts[0]] += 1
        return inner.body(text.rstrip("\n"), rel, 1, self.old_url, self.folder, self.params)

    def _asset(self, m: re.Match[str], rest: str) -> str | None:
        """An asset plugin's `{% asset name.png %}` (jekyll-assets, or a site's
        own): the file's new URL where a URL is written (`](`, `src="`), else
        an image as jekyll-assets prints one; None for a file the site does
        not publish under its asset folders."""
        parts = rest.split()
        name = parts[0].strip("'\"") if parts else ""
        if not name or "{" in name:
            return None
        found = next((new for folder in _ASSET_FOLDERS
                      if (new := self.links.url(folder + name.lstrip("/"))) is not None), None)
        if found is None:
            return None
        before = m.string[max(0, m.start() - 2):m.start()]
        if before.endswith(("(", "=", '="', "='")) or m.group(1) == "asset_path":
            return found
        alt = re.search(r"""\balt=(?:"([^"]*)"|'([^']*)'|(\S+))""", rest)
        text = next((g for g in alt.groups() if g), "") if alt else ""
        return f"![{text}]({found})" if _IMAGE_FILE.search(name) else found

    def _liquid_value(self, expression: str) -> str | None:
        """What Liquid's `{{ EXPRESSION }}` printed, where the import knows it:
        the site's URL (nothing: links become site paths), a path through
        relative_url, a setting of the config, a key of the post's front
        matter (`page.x`); None for anything else."""
        if expression in self.assigned:
            return self.assigned[expression]
        literal = _STRING.fullmatch(expression)
        if literal:  # `{{ "{%" }}`: how a post shows Liquid's own marks
            return literal.group(1) if literal.group(1) is not None else literal.group(2)
        if re.fullmatch(r"site\.(base_?url|url)(\s*\|\s*\w+)?", expression):
            return ""  # links become site-relative; base_url adds the prefix back
        path = _URL_FILTER.fullmatch(expression)
        if path:  # "/x/" | relative_url: the path, given the base path as briefgen's links are
            return path.group(1) or path.group(2)
        variable = re.fullmatch(r"site\.([\w.]+)", expression)
        if variable and variable.group(1).lower() in self.site_vars:
            return self.site_vars[variable.group(1).lower()]
        dated = _DATE_FILTER.fullmatch(expression)
        if dated:
            return self._date(dated.group(1), dated.group(2) or dated.group(3))
        own = re.fullmatch(r"page\.(\w+)", expression)
        value = self.params.get(own.group(1).lower()) if own else None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        return None

    def _date(self, filter_name: str, form: str | None) -> str | None:
        """The post's date as Liquid's date filters print it (`date: "%b %Y"`,
        `date_to_string`...); None where the post has no date."""
        try:
            when = datetime.fromisoformat(str(self.params.get("date") or ""))
        except ValueError:
            return None
        if filter_name == "date":
            return when.strftime(form) if form else None
        return when.strftime(_DATE_FILTERS[filter_name])

    def pelican_link(self, m: re.Match[str]) -> str:
        """Pelican's {filename}, {static}, {attach}, {tag}, {category},
        {author} and {index} links, pointed at their new places."""
        what, target = m.group(1) or m.group(2), m.group(3)
        trail = target[len(target.rstrip(".,;:!?")):]  # the sentence's, in running text
        if trail and not target.endswith("/"):
            target = target[:-len(trail)]
        name = unquote(target).replace("+", " ")
        if what == "index":
            return ("/" + target if target.startswith(("#", "?")) else "/") + trail
        if what in ("tag", "category", "author") and name.strip():
            return f"/{'authors' if what == 'author' else 'topics'}/{make_slug(name)}/{trail}"
        path, tail = _path_and_rest(target)
        key = self._content_key(unquote(path)) if path else None
        new = self.links.by_source.get(key) if key is not None else None
        if new is not None:
            return new + tail + trail
        self.report.note(f"{m.group()}: names no {'post or page' if what == 'filename' else 'file'} "
                         "the import brings; left as written", self.rel, self.line)
        return m.group()

    def _content_key(self, path: str) -> str | None:
        """PATH as a place in the content folder: from its top when it starts
        with `/`, else from the folder of the post's file; None outside it."""
        if self.root is None:
            return None
        base = self.root if path.startswith("/") or self.folder is None else self.folder
        full = os.path.normpath(base / path.lstrip("/"))
        root = os.path.normpath(self.root)
        if full != root and not full.startswith(root + os.sep):
            return None
        return Path(os.path.relpath(full, root)).as_posix()

    def _jekyll_link(self, target: str) -> str | None:
        target = target.strip().strip("\"'")
        return self.links.post(target) or self.links.url("/" + target.lstrip("/"))


def _balance(text: str) -> int:
    """How many more `[` than `]` TEXT has."""
    return text.count("[") - text.count("]")


def _flat(config: dict[str, Any], prefix: str = "", depth: int = 3) -> dict[str, str]:
    """The config's text and number values by their dotted names in lower case
    (`license.url`), for Liquid's `{{ site.license.url }}`."""
    out: dict[str, str] = {}
    for key, value in config.items():
        name = prefix + str(key).lower()
        if isinstance(value, dict) and depth > 1:
            out.update(_flat(value, name + ".", depth - 1))
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            out[name] = str(value)
    return out


def _path_and_rest(url: str) -> tuple[str, str]:
    """URL as (its path, its `?query#fragment`)."""
    cut = re.search(r"[?#]", url)
    return (url[:cut.start()], url[cut.start():]) if cut else (url, "")


def page_folder(url: str) -> str:
    """The folder a relative link on the page at URL is read from: URL itself
    for a page served as a folder (`/a/b/`, and `/a/b-1.82` as Zola and Hugo
    serve it), its parent for a file (`/2019/01/02/x.html`)."""
    if url.endswith("/"):
        return url
    if re.search(r"\.(?:html?|xml)$", url):
        return posixpath.dirname(url).rstrip("/") + "/"  # '/x.html' -> '/', never '//'
    return url + "/"


def _in_comment(text: str, inside: bool) -> bool:
    """Whether the end of TEXT is inside an HTML comment, INSIDE telling
    whether its start is."""
    at = 0
    while True:
        mark = text.find("-->" if inside else "<!--", at)
        if mark < 0:
            return inside
        inside, at = not inside, mark + 3
