"""What other Markdowns write that CommonMark reads as text.

kramdown (Jekyll's) puts attribute lists after blocks and spans (`{: #id}`,
`{: .note}`, `{:width="100%"}`), hides text in `{::comment}`, and makes a
table of contents of a list followed by `{:toc}`; kramdown, Python-Markdown's
extra (Pelican's) and Goldmark (Hugo's) read `Term` then `: definition` as a
definition list; kramdown and Python-Markdown read `*[HTML]: ...` as an
abbreviation. briefgen reads none of these, so left as written each would
show as text on the page, and a comment meant to stay hidden would be
published. These functions turn each into what briefgen has (a heading id,
a hidden HTML comment, `toc: true`, a bold term with its definition below)
or take it out; the body rewriter (body.py) reports every change.
"""

from __future__ import annotations

import re

# A block attribute list or attribute list definition, alone on its line;
# Goldmark's have no colon: `{.wide}`, `{#id .note}`, `{style="..."}`.
_BLOCK_IAL = re.compile(r"^ {0,3}\{:(?![:/])\s*([^}]*)\}\s*$")
_GOLDMARK_BLOCK = re.compile(r"^ {0,3}\{\s*((?:[.#][\w-]|[A-Za-z][\w-]*=)[^}]*)\}\s*$")
# A bare web address or e-mail address in running text, which Goldmark's
# linkify makes a link: not right after `<`, a quote, `=` or a word (nor `](`: bare_links).
_BARE = re.compile(r"(?<![\w/<\[=\"'@.:-])(?:https?://|www\.)[^\s<>\[\]\"'`]+"
                   r"|(?<![\w/<\[=\"'@.:+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# One after a span, within a line (`![A](a.png){:width="100%"}`).
INLINE_IAL = re.compile(r"\{:(?![:/])[^}\n]*\}")
# kramdown extensions: {::comment} ... {:/comment}, {::nomarkdown}, {::options ... /}.
EXTENSION = re.compile(r"\{::(\w+)\b[^}\n]*\}|\{:/(\w*)\}")
ABBREVIATION = re.compile(r"^ {0,3}\*\[[^\]\n]+\]:")
_DEFINITION = re.compile(r"^ {0,3}:[ \t]+(\S.*)$")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_ID = re.compile(r"#([A-Za-z][\w.:-]*)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_TEXT = re.compile(r"^ {0,3}[^\s#>|<:*+\-=`~0-9]")  # a line of plain text: a possible term
_HEADING_ID = re.compile(r"\s*\{:?\s*#[A-Za-z][\w.:-]*\s*\}\s*$")  # headings.py reads these


def block_attributes(line: str, previous: str, colon: bool = True) -> tuple[str, str, str] | None:
    """For a kramdown block attribute line: (the line before it, changed;
    the line itself, emptied; what was done), or None for any other line.
    An id after an ATX heading becomes its `{#id}`; `{:toc}` after a list
    item makes the table of contents ("toc", and the item goes); any other
    list is taken out ("attributes"). Without COLON, Goldmark's form."""
    found = (_BLOCK_IAL if colon else _GOLDMARK_BLOCK).match(line)
    if found is None:
        return None
    inside = found.group(1).strip()
    ident = _ID.search(inside)
    if ident and _ATX.match(previous) and not _HEADING_ID.search(previous):
        return f"{previous.rstrip()} {{#{ident.group(1)}}}", "", "heading id"
    if inside in ("toc", ".toc") and _LIST_ITEM.match(previous):
        return "", "", "toc"
    return previous, "", "attributes"


def span_attributes(text: str, heading: bool) -> tuple[str, list[str]]:
    """TEXT without the attribute lists after its spans, and those taken out.
    On a heading, a final `{: #id}` stays: headings.py makes it the id."""
    kept = _HEADING_ID.search(text) if heading else None
    head, tail = (text[:kept.start()], text[kept.start():]) if kept else (text, "")
    removed = INLINE_IAL.findall(head)
    return (INLINE_IAL.sub("", head) + tail, removed) if removed else (text, [])


def extensions(text: str) -> str:
    """kramdown's extensions made what briefgen has: a comment an HTML comment
    (never shown), the nomarkdown and options markers taken out."""
    def one(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        if name == "comment":
            return "<!--" if m.group(1) else "-->"
        return ""
    return EXTENSION.sub(one, text)


def definition(line: str, previous: str, after_definition: bool) -> tuple[str, str] | None:
    """For a definition line (`: text`) after its term or another definition:
    (the line before it, changed; the line itself), a term written in bold
    and each definition on a line of its own below it; else None."""
    found = _DEFINITION.match(line)
    if found is None or not previous.strip():
        return None
    if after_definition:
        return previous.rstrip() + "\\", found.group(1)
    if not _TEXT.match(previous) or previous.rstrip().endswith("\\"):
        return None
    return f"**{previous.strip()}**\\", found.group(1)


def bare_links(text: str) -> str:
    """TEXT with its bare web and e-mail addresses made links, as Goldmark's
    linkify makes them (`<https://x>`, `<a@b.org>`, `[www.x](http://www.x)`);
    none inside a link's text, where a link may not be."""
    out, last = [], 0
    for m in _BARE.finditer(text):
        address = m.group().rstrip(".,:;!?*_~")
        while address.endswith(")") and address.count(")") > address.count("("):
            address = address[:-1]
        inside = text.count("[", 0, m.start()) > text.count("]", 0, m.start())
        if inside or not address or text.endswith(("](", "]( "), 0, m.start()):
            continue
        made = f"[{address}](http://{address})" if address.startswith("www.") else f"<{address}>"
        out += [text[last:m.start()], made]
        last = m.start() + len(address)
    return "".join(out) + text[last:]


_DEFINITION_LINE = re.compile(r"^ {0,3}\[((?:[^\]\\\n]|\\.)+)\]:[ \t]*(\S*)")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def link_definitions(lines: list[str]) -> tuple[set[int], list[tuple[int, str]]]:
    """The link definitions Python-Markdown reads otherwise than CommonMark:
    (the numbers of LINES to empty, what to say at which of them). An empty
    one (`[x]:`) is no definition in CommonMark, and makes the definitions
    after it text; a label defined twice is the last one's in Python-Markdown,
    the first one's in CommonMark. Code fences are skipped."""
    emptied: set[int] = set()
    said: list[tuple[int, str]] = []
    last: dict[str, int] = {}
    fence = ""
    for number, line in enumerate(lines):
        opened = _FENCE_LINE.match(line)
        if fence or opened:
            if opened and (not fence or (opened.group(1)[0] == fence[0]
                                         and len(opened.group(1)) >= len(fence))):
                fence = "" if fence else opened.group(1)
            continue
        found = _DEFINITION_LINE.match(line)
        if found is None or found.group(1).startswith("^"):
            continue
        label = " ".join(found.group(1).lower().split())
        if not found.group(2):
            emptied.add(number)
            said.append((number, f"an empty link definition [{found.group(1)}]: taken out (it "
                                 "would show the definitions after it as text)"))
            continue
        if label in last:
            emptied.add(last[label])
            said.append((last[label], f"link [{found.group(1)}] is defined again below: the last "
                                      "definition is kept, as Python-Markdown reads it"))
        last[label] = number
    return emptied, said


_CLOSING_LINE = re.compile(r"(?:</[A-Za-z][\w-]*>|<[A-Za-z][^<>]*/>)\s*$")


def ends_html(previous: str, line: str) -> bool:
    """Whether LINE, text that follows a line closing an HTML element without
    a blank line between, is Markdown of its own in kramdown and
    Python-Markdown (CommonMark would read it as part of the HTML block)."""
    return bool(line.strip()) and not line.lstrip().startswith("<") \
        and _CLOSING_LINE.search(previous) is not None
