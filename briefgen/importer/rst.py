"""reStructuredText posts (Pelican's other format) read with docutils.

Pelican reads a `.rst` post with docutils: its title is the document's
title, its metadata the field list below it (`:date:`, `:tags:`...), which
docutils makes the document's bibliographic fields. The import does the
same, and makes the body the HTML docutils writes: an item's body may be
HTML (the import sets `markdown: {html: true}`, and briefgen cleans it).

Safety: a post is text handed to the import, and docutils can read files
(`.. include:: /etc/passwd`) and pass raw HTML through; both are turned off,
and what docutils says of a post (a directive turned off, markup it cannot
read) is reported at its line rather than written into the page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import BriefgenError
from ..source.frontmatter import Located, Mapping, decode
from .pelican_meta import LISTS, split_names

_SETTINGS = {
    "file_insertion_enabled": False,  # no `include`: it reads any file on the machine
    "raw_enabled": False,  # no `raw`: HTML and script written through as they are
    "report_level": 2,  # warnings and worse come to the warning stream (and are reported)
    "halt_level": 5,  # never stop: a post with a mistake still comes in
    "syntax_highlight": "short",  # Pygments' short class names
    "input_encoding": "unicode",
    "initial_header_level": 2,  # the item's title is its h1
    "_disable_config": True,  # no docutils.conf from the machine or the site
    "embed_stylesheet": False,
    "math_output": "html",
}
_SYSTEM_MESSAGE = re.compile(r'<aside class="system-message">.*?</aside>\n?', re.DOTALL)
_WARNING = re.compile(r"^<string>:(\d+): \((\w+)/\d\) (.*)$", re.MULTILINE)
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)


def available() -> bool:
    """Whether docutils is installed (`pip install 'briefgen[import]'`)."""
    try:
        import docutils  # noqa: F401
    except ImportError:
        return False
    return True


# A code directive and what it names as its language: `.. code-block:: none`,
# or two words (`none bash`), which docutils refuses, dropping the code.
_CODE_LANGUAGE = re.compile(r"^([ \t]*\.\.[ \t]+(?:code-block|code|sourcecode)::)"
                            r"[ \t]+(\S+)(?:[ \t]+(\S+))?[ \t]*$", re.MULTILINE)


def _known_language(m: re.Match[str]) -> str:
    """The directive M naming a language Pygments knows, the first of its
    words that is one, or none (plain code, as Pelican shows it): docutils
    would drop the block for a language it cannot highlight."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    for word in (m.group(2), m.group(3)):
        if word:
            try:
                get_lexer_by_name(word)
            except ClassNotFound:
                continue
            return f"{m.group(1)} {word}"
    return m.group(1)


# A paragraph of the text (no class: not a contents title or a caption), and
# the parts of a post that are not its text: its table of contents, figures,
# sidebars and admonitions.
_PLAIN_PARAGRAPH = re.compile(r"<p>.*?</p>", re.DOTALL)
_ASIDE_START = re.compile(r"<(?:nav|figure|aside|table|blockquote)\b|"
                          r"<div class=\"(?:figure|topic|sidebar|admonition)")


def with_summary_end(html: str) -> str:
    """HTML with `<!--more-->` after its first paragraph, when nothing but
    headings comes before it (the text before the marker is the summary, a
    table of contents or a figure would be in it): docutils wraps a
    post in sections, raw HTML to briefgen, whose summary is then taken from
    the text before the marker; Pelican's summary began the post too."""
    first = _PLAIN_PARAGRAPH.search(html)
    if first is None or _ASIDE_START.search(html, 0, first.start()) or "<img" in html[:first.start()]:
        return html  # a table of contents or a figure first: no summary beats one made of them
    return html[:first.end()] + "\n<!--more-->" + html[first.end():]


def read_rst(path: Path, rel: str) -> tuple[Mapping, str, list[tuple[int, str]]]:
    """The metadata (keys lower-cased), the body as HTML, and what docutils
    said of the post at PATH ((line, message) each); BriefgenError when it
    cannot be read at all."""
    from docutils import io as docutils_io
    from docutils.core import publish_programmatically

    with path.open("rb") as fh:  # read-only: the source is never written
        text = _CODE_LANGUAGE.sub(_known_language, decode(fh.read(), rel))
    said = io.StringIO()
    try:  # one parse gives both: the document (for its fields) and its HTML
        _, publisher = publish_programmatically(
            source_class=docutils_io.StringInput, source=text, source_path=None,
            destination_class=docutils_io.StringOutput, destination=None, destination_path=None,
            reader=None, reader_name="standalone", parser=None, parser_name="restructuredtext",
            writer=None, writer_name="html5", settings=None, settings_spec=None,
            settings_overrides={**_SETTINGS, "warning_stream": said, "output_encoding": "unicode"},
            config_section=None, enable_exit_status=False)
    except Exception as exc:  # docutils raises many kinds, on text it was handed
        raise BriefgenError(f"reStructuredText not read ({exc.__class__.__name__}: {exc})",
                            path=rel) from exc
    tree, parts = publisher.document, publisher.writer.parts
    front = Mapping(rel, 1, _metadata(tree))
    messages = [(int(m.group(1)), f"{m.group(2).lower()}: {m.group(3)}")
                for m in _WARNING.finditer(said.getvalue())]
    return front, _html_body(parts["body"]), messages


def _metadata(tree: Any) -> dict[str, Located]:
    """The title and bibliographic fields of a docutils document, as Pelican
    reads them: `:authors:` and `:tags:` as lists, every other field as text."""
    from docutils import nodes

    items: dict[str, Located] = {}
    title = next(iter(tree.findall(nodes.title)), None)
    if title is not None and title.parent is tree:
        items["title"] = _located(title.astext(), title.line or 1)
    for info in tree.findall(nodes.docinfo):
        for child in info.children:
            if isinstance(child, nodes.field):
                name, body = child.children[0].astext(), child.children[1].astext()
            elif isinstance(child, nodes.authors):
                name, body = "authors", [a.astext() for a in child.children]
            else:
                name, body = child.tagname, child.astext()
            key = name.strip().lower()
            value = split_names(body) if key in LISTS else body
            items.setdefault(key, _located(value, child.line or 1))
    return items


def _located(value: Any, line: int) -> Located:
    return Located(value, line, yaml.ScalarNode("tag:yaml.org,2002:str", str(value)))


def _html_body(html: str) -> str:
    """The HTML docutils wrote, made HTML blocks that Markdown passes on as
    they are: its system messages out (they are reported instead); no blank
    line outside `<pre>` (one would end the block and let Markdown read what
    follows as text); each `<pre>` a block of its own, between blank lines,
    which only its `</pre>` ends, blank lines in the code and all."""
    html = _SYSTEM_MESSAGE.sub("", html)
    pieces = _PRE.split(html)
    for i in range(0, len(pieces), 2):  # the HTML between <pre> blocks
        pieces[i] = re.sub(r"\n[ \t]*(?=\n)", "", pieces[i]).strip("\n")
    for i in range(1, len(pieces), 2):  # a <pre> block
        # docutils writes Pygments' class `s` (a string) as the element <s>: struck through.
        pieces[i] = pieces[i].replace("<s>", '<span class="s">').replace("</s>", "</span>")
    return "\n\n".join(p for p in pieces if p) + "\n"
