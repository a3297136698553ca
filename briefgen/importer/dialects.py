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
import unicodedata
from html import unescape

from text_unidecode import unidecode

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
ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")  # an ATX heading's start
_ID = re.compile(r"#((?:[^\W_]|-)[\w.:-]*)")
LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")  # a list item's start
_TEXT = re.compile(r"^ {0,3}[^\s#>|<:*+\-=`~0-9]")  # a line of plain text: a possible term
_HEADING_ID = re.compile(r"\s*\{:?\s*#(?:[^\W_]|-)[\w.:-]*\s*\}\s*$")  # headings.py reads these


def block_attributes(line: str, previous: str, colon: bool = True) -> tuple[str, str, str] | None:
    """For a kramdown block attribute line: (the line before it, changed;
    the line itself, emptied; what was done), or None for any other line.
    An id after an ATX heading becomes its `{#id}`; `{:toc}` after a list
    item makes the table of contents ("toc", and the item goes); the id of
    any other block becomes an anchor in the list's place, which links to it
    reach ("anchor"), the rest of the list taken out ("attributes"). Without
    COLON, Goldmark's form."""
    found = (_BLOCK_IAL if colon else _GOLDMARK_BLOCK).match(line)
    if found is None:
        return None
    inside = found.group(1).strip()
    ident = _ID.search(inside)
    if ident and ATX.match(previous) and not _HEADING_ID.search(previous):
        return f"{previous.rstrip()} {{#{ident.group(1)}}}", "", "heading id"
    if inside in ("toc", ".toc") and LIST_ITEM.match(previous):
        return "", "", "toc"
    if ident:  # a list's or paragraph's id, which links lead to: an anchor in its place,
        # after a blank line when a block goes on above (a table would take it for a row)
        return previous, ("\n" if previous.strip() else "") + f'<a id="{ident.group(1)}"></a>\n', "anchor"
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


def bare_links(text: str, depth: int = 0) -> str:
    """TEXT with its bare web and e-mail addresses made links, as Goldmark's
    linkify makes them (`<https://x>`, `<a@b.org>`, `[www.x](http://www.x)`);
    none inside a link's text, where a link may not be (DEPTH: the `[` still
    open where TEXT starts, on the lines before it)."""
    out, last = [], 0
    for m in _BARE.finditer(text):
        address = m.group().rstrip(".,:;!?*_~")
        while address.endswith(")") and address.count(")") > address.count("("):
            address = address[:-1]
        inside = depth + text.count("[", 0, m.start()) > text.count("]", 0, m.start())
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


# The elements that start an HTML block wherever they stand (CommonMark's
# kinds 1 and 6), even in the middle of a paragraph.
_BLOCK_NAMES = ("address|article|aside|blockquote|body|center|details|dialog|dir|div|dl|fieldset|"
                "figcaption|figure|footer|form|frameset|h[1-6]|header|hr|iframe|legend|li|main|"
                "menu|nav|ol|p|pre|script|section|style|summary|table|tbody|td|textarea|tfoot|th|"
                "thead|tr|ul")
_BLOCK_START = re.compile(rf"^ {{0,3}}</?(?:{_BLOCK_NAMES})(?=[\s/>]|$)", re.IGNORECASE)
# Elements that hold nothing, whose tag closes nothing and opens nothing.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)(?:\s[^<>]*?)?(/?)>")
# A line that is one tag alone (CommonMark's kind 7 of HTML block: `<img ... />`).
_ONE_TAG = re.compile(r"^ {0,3}</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>\s*$")


def open_elements(line: str) -> int:
    """How many more elements LINE opens than it closes (`<div><p>` +2, `</p>`
    -1); a void element (`<br>`, `<img>`, `<hr>`) or `<x/>` counts nothing."""
    depth = 0
    for m in _ANY_TAG.finditer(line):
        if not m.group(3) and m.group(2).lower() not in _VOID:
            depth += -1 if m.group(1) else 1
    return depth


def starts_block(line: str, after_blank: bool) -> bool:
    """Whether LINE starts an HTML block: a block element's tag anywhere, or
    one tag alone on its line after a blank line (it cannot end a paragraph)."""
    return _BLOCK_START.match(line) is not None or (after_blank and _ONE_TAG.match(line) is not None)


_TEXT_START = re.compile(r"^ {0,3}[^\s#>|<:*+\-=`~0-9]")  # a line no block syntax begins


def joins_paragraph(line: str, after_blank: bool, following: str) -> bool:
    """Whether LINE, one inline element's tag alone after a blank line
    (`<span class="wide">`, `<a href="...">`), begins a paragraph that
    FOLLOWING, plain text or an image, goes on: kramdown and Python-Markdown
    read it so, CommonMark as an HTML block that shows FOLLOWING's Markdown
    as text. Written on one line with FOLLOWING, it is a paragraph in both."""
    return after_blank and _ONE_TAG.match(line) is not None and _BLOCK_START.match(line) is None \
        and not line.lstrip().startswith("</") and _TEXT_START.match(following) is not None \
        and not _ONE_TAG.match(following)


def ends_html(line: str, depth: int) -> bool:
    """Whether LINE, text after an HTML block all of whose elements are
    closed (DEPTH 0), is Markdown of its own in kramdown and Python-Markdown,
    though CommonMark reads it as part of the HTML block."""
    return depth <= 0 and bool(line.strip()) and not line.lstrip().startswith("<")


_DELIMITER_ROW = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def _cells(row: str) -> int:
    """How many cells a table row has (`|` escaped as `\\|` or in code ignored roughly)."""
    inner = re.sub(r"\\\||`[^`]*`", "", row.strip())
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return inner.count("|") + 1


_TIGHT_ATX = re.compile(r"^(#{1,6})[\u00a0\u2000-\u200a\u202f\u3000]*(?=[^#\s])")


def spaced_heading(line: str) -> str | None:
    """LINE with a space after its opening `#`s, for a heading written without
    one (`##Setup`, or `##` and a no-break space): Python-Markdown and
    kramdown's own syntax read it as a heading, CommonMark as a paragraph
    showing the `#`s. None for any other line."""
    found = _TIGHT_ATX.match(line)
    return None if found is None else found.group(1) + " " + line[found.end():]


# Strong emphasis whose closing `**` follows punctuation and comes right
# before a letter (`**Upgrade!**If`): kramdown and Python-Markdown close it,
# CommonMark does not (the `**` is then not right-flanking) and shows the stars.
_TIGHT_STRONG = re.compile(r"(?<![\w*\\])(\*\*|__)(?=\w)([^*_\n\[\]()<>`]*?[^\w\s*_\[\]()<>`])\1(?=[^\W_])")


def tight_emphasis(text: str) -> str:
    """TEXT with such emphasis written as HTML, which reads the same in both."""
    return _TIGHT_STRONG.sub(r"<strong>\2</strong>", text) if "**" in text or "__" in text else text


def padded_header(previous: str, line: str) -> str | None:
    """For a table's delimiter row (LINE) with more cells than its header row
    (PREVIOUS), the header with empty cells added: Goldmark makes a table of
    them, CommonMark's tables (briefgen's) none, showing the rows as text."""
    if "|" not in previous or not _DELIMITER_ROW.match(line) or "-" not in line:
        return None
    missing = _cells(line) - _cells(previous)
    if missing <= 0:
        return None
    row = previous.rstrip()
    return row + ("" if row.endswith("|") else " |") + "  |" * missing


_ATX_TEXT = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_EXPLICIT = re.compile(r"\{:?\s*#[^}]*\}\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
# Emphasis marks at a word's edge, and `--`/`---`, which kramdown makes dashes.
_EMPHASIS_MARKS = re.compile(r"(?<!\w)[_*]+|[_*]+(?!\w)")
# A heading's inline parts: a code span, a backslash escape, or a run of the rest.
_INLINE_PART = re.compile(r"(`+)(.+?)\1|\\([^\sA-Za-z0-9])|([^`\\]+|[`\\])")


def _anchor_name(text: str) -> str:
    """TEXT as Blackfriday's SanitizedAnchorName and Zola's slugify make an
    id: letters and digits kept, lower case, each run of anything else
    between them one `-` (`What's new in v1.2?` -> `what-s-new-in-v1-2`)."""
    return "-".join(re.findall(r"[^\W_]+", text.lower()))


def _shown_text(text: str, dashes: bool, entities: bool) -> str:
    r"""Heading TEXT as the reader sees it: emphasis marks at a word's edge
    gone, and with DASHES (kramdown's typography) `--` and `---`, which
    become dashes, with ENTITIES `&amp;` read as `&`; a code span's text and an escaped character as written
    (`` `_maps.scss` `` keeps its `_`, `\_` is an `_`)."""
    out = []
    for m in _INLINE_PART.finditer(text):
        if m.group(2) is not None:
            out.append(m.group(1) + m.group(2) + m.group(1))
        elif m.group(3) is not None:
            out.append(m.group(3))  # as written: no emphasis rule reads it
        else:
            # kramdown's and Zola's text: `&mdash;` is a dash there; Goldmark reads it as written.
            plain = _EMPHASIS_MARKS.sub("", unescape(m.group(4)) if entities else m.group(4))
            if dashes:
                plain = re.sub(r"-{2,3}", "", plain)
            out.append(plain)
    return "".join(out)
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|!?\[([^\]]*)\]\[[^\]]*\]")
_VALID_ID = re.compile(r"(?:[^\W_]|-)[\w.:-]*")  # what headings.py takes as an id


def heading_id(line: str, kramdown_ids: bool = False, converted: str = "") -> str:
    """The id the old site gave the ATX heading LINE, where it can be written
    as briefgen's `{#id}`; '' for a heading that has one written, or an id
    briefgen's syntax cannot hold. GitHub's way (Hugo's Goldmark, Jekyll's
    default GFM reader): lower case, letters, digits, `-` and `_` kept, each
    space a `-`, the rest dropped (`Flux 0.29 is out` -> `flux-029-is-out`);
    KRAMDOWN_IDS, kramdown's own reader: ASCII only, from the first letter.
    CONVERTED, the generator whose text the id is made of: "jekyll" (GFM
    reader), the text kramdown shows, so without images, emphasis marks, or
    `--` (an en dash, then dropped); "hugo", Goldmark's, without emphasis
    marks; "blackfriday" (Hugo's `autoHeadingIDType`) and "zola", each run of
    other characters than letters and digits one `-` (Zola's in ASCII)."""
    found = _ATX_TEXT.match(line)
    if found is None or _EXPLICIT.search(found.group(1)):
        return ""
    text = re.sub(r"<[^>]*>", "", found.group(1))  # raw HTML's tags; `&lt;T&gt;` is text, below
    if converted:
        text = _shown_text(_IMAGE.sub("", text) if converted == "jekyll" else text,
                           dashes=converted == "jekyll", entities=converted in ("jekyll", "zola"))
    for _ in range(3):  # a link around an image around text: from the inside out
        text = _INLINE_LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = re.sub(r"[*`]", "", text).lower()
    if converted in ("blackfriday", "zola"):
        made = _anchor_name(unidecode(text) if converted == "zola" else text)
    elif kramdown_ids:
        text = re.sub(r"[^a-z0-9 -]", "", re.sub(r"^[^a-zA-Z]+", "", text))
        made = text.replace(" ", "-")
    else:
        made = "".join(c if c.isalnum() or c in "-_" else "-" if c == " " else "" for c in text)
    return made if _VALID_ID.fullmatch(made) else ""


# GitHub's emoji names that are not the character's Unicode name (`:tada:`);
# the others (`:rocket:`, `:fire:`, `:lock:`) are looked up by that name.
_EMOJI = {
    "+1": "\U0001F44D", "thumbsup": "\U0001F44D", "-1": "\U0001F44E", "thumbsdown": "\U0001F44E",
    "tada": "\U0001F389", "smile": "\U0001F604", "smiley": "\U0001F603", "grin": "\U0001F601",
    "joy": "\U0001F602", "wink": "\U0001F609", "heart": "\u2764\ufe0f", "sparkles": "\u2728",
    "warning": "\u26a0\ufe0f", "bulb": "\U0001F4A1", "white_check_mark": "\u2705",
    "heavy_check_mark": "\u2714\ufe0f", "x": "\u274c", "unlock": "\U0001F513",
    "clap": "\U0001F44F", "wave": "\U0001F44B", "pray": "\U0001F64F", "star": "\u2b50",
    "star2": "\U0001F31F", "memo": "\U0001F4DD", "book": "\U0001F4D6", "construction": "\U0001F6A7",
    "zap": "\u26a1", "boom": "\U0001F4A5", "muscle": "\U0001F4AA", "point_right": "\U0001F449",
    "calendar": "\U0001F4C6", "mega": "\U0001F4E3", "loudspeaker": "\U0001F4E2",
    "gift": "\U0001F381", "100": "\U0001F4AF", "thinking": "\U0001F914",
    "slightly_smiling_face": "\U0001F642", "heart_eyes": "\U0001F60D", "sunglasses": "\U0001F60E",
    "cry": "\U0001F622", "sob": "\U0001F62D", "laughing": "\U0001F606", "sweat_smile": "\U0001F605",
    "raised_hands": "\U0001F64C", "ok_hand": "\U0001F44C", "heavy_plus_sign": "\u2795",
    "arrow_right": "\u27a1\ufe0f", "link": "\U0001F517", "chart_with_upwards_trend": "\U0001F4C8",
    "earth_americas": "\U0001F30E", "globe_with_meridians": "\U0001F310", "computer": "\U0001F4BB",
    "whale": "\U0001F433", "party_popper": "\U0001F389", "rotating_light": "\U0001F6A8",
    "point_down": "\U0001F447", "question": "\u2753", "exclamation": "\u2757",
}
_EMOJI_CODE = re.compile(r"(?<![\w:/]):([a-z0-9_+-]{1,40}):(?![\w:])")


def emoji(text: str) -> tuple[str, list[str]]:
    """TEXT with GitHub's emoji codes (`:rocket:`, `:tada:`) made the emoji,
    as Hugo's enableEmoji and Jekyll's jemoji make them; and the codes it
    does not know, left as written."""
    unknown: list[str] = []

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _EMOJI:
            return _EMOJI[name]
        try:
            found = unicodedata.lookup(name.replace("_", " "))
        except KeyError:
            found = ""
        if found and unicodedata.category(found[0]) == "So":  # a symbol: not `:comma:`
            return found
        unknown.append(m.group())
        return m.group()
    return (_EMOJI_CODE.sub(one, text) if ":" in text else text), unknown
