"""What the generators' shortcodes and plugin tags become in an item.

Hugo's `figure`, `ref`, `param` and `comment`, the embeds Hugo, Zola and
Jekyll's plugins write (`youtube`, `gist`...), and Pelican's liquid_tags
(`img`, `include_code`, `notebook`...): each handler gets the body rewriter
(body.py) and the tag's arguments, and gives the Markdown that replaces it,
or None for the rewriter to keep the tag visibly and report it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .notebook import fenced, notebook_markdown

if TYPE_CHECKING:
    from .body import Rewriter

_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")  # a caption's *words*, shown as its text

_ARG = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`|([^\s,)]+))|"([^"]*)"|'([^']*)'|(\S+)""")
# Pelican: {filename}/posts/a.md, {static}/images/a.png, {tag}name... (and the
# older |filename|a.md), in link addresses, HTML attributes and tags' arguments.
PELICAN_LINK = re.compile(r"(?:\{(filename|static|attach|tag|category|author|index)\}|"
                           r"\|(filename|static|attach|tag|category|author|index)\|)([^\s)\"'>]*)")
EMBEDS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
    "streamable": "https://streamable.com/{}",
}


def code_span(text: str) -> str:
    """TEXT as inline code, whatever backticks it holds."""
    ticks = max((len(m) for m in re.findall(r"`+", text)), default=0) + 1
    return f"{'`' * ticks} {text} {'`' * ticks}"


def args_of(text: str) -> tuple[list[str], dict[str, str]]:
    """The positional and named arguments of a shortcode or tag."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for m in _ARG.finditer(text):
        if m.group(1):
            named[m.group(1)] = next(g for g in m.group(2, 3, 4, 5) if g is not None)
        else:
            positional.append(next(g for g in m.group(6, 7, 8) if g is not None))
    return positional, named


def embed(name: str, positional: list[str], named: dict[str, str]) -> str | None:
    """A link to a video or gist that Hugo or Zola would embed: briefgen loads
    nothing from third parties, so the reader follows a link instead."""
    ident = named.get("id") or (positional[0] if positional else "")
    if name in EMBEDS and ident:
        return f"[{name.capitalize()} video]({EMBEDS[name].format(ident)})"
    if name == "gist":
        url = named.get("url") or (f"https://gist.github.com/{'/'.join(positional[:2])}"
                                   if len(positional) >= 2 else "")
        return f"[Gist]({url})" if url else None
    if name in ("tweet", "x", "twitter"):
        user = named.get("user", "")
        if user and ident:
            return f"[Post by @{user}](https://x.com/{user}/status/{ident})"
    return None


def _figure(rw: Rewriter, positional: list[str], named: dict[str, str]) -> str | None:
    """Hugo's figure: the image (a link where `link` says), its caption (or
    title) below it in italics, with the credit `attr` (linked to `attrlink`);
    its look (`class`, `width`, `height`, `target`, `rel`) is not kept, said."""
    src = named.get("src") or (positional[0] if positional else "")
    if not src:
        return None
    if src.startswith("/"):
        src = rw.links.url(src) or src
    caption = (named.get("caption") or named.get("title") or "").strip()
    plain = _EMPHASIS.sub(r"\2", caption)
    alt = named.get("alt") or plain
    image = f"![{alt}]({src})"
    if named.get("link"):
        link = named["link"]
        target = (rw.links.url(link) or link) if link.startswith("/") else link
        image = f"[{image}]({target})"
    credit = named.get("attr", "").strip()
    if credit and named.get("attrlink"):
        credit = f"[{credit}]({named['attrlink']})"
    below = " ".join(x for x in (f"*{plain}*" if plain else "", credit) if x)
    dropped = sorted(k for k in named if k in ("class", "width", "height", "target", "rel"))
    if dropped:
        rw.report.note(f"figure: {', '.join(dropped)} not kept (briefgen's theme sets the look)",
                       rw.rel, rw.line)
    return f"{image}\n{below}" if below else image


def _ref(rw: Rewriter, positional: list[str], named: dict[str, str]) -> str | None:
    target = named.get("path") or (positional[0] if positional else "")
    return rw.links.post(target, rw.rel.removeprefix("content/")) if target else None


def _tag_src(rw: Rewriter, src: str) -> str:
    """A plugin tag's file (`{static}/a.png` or `/images/a.png`) at its new URL."""
    src = PELICAN_LINK.sub(rw.pelican_link, src)
    return rw.site_file(src) if src.startswith("/") and not src.startswith("//") else src


def _img_tag(rw: Rewriter, rest: str, alone: bool) -> str | None:
    """The liquid_tags plugin's `{% img [class] src [width [height]] [title [alt]] %}`."""
    m = re.fullmatch(r"(?:(\S+)\s+)?((?:https?://|/|\{)\S+)(?:\s+\d+%?){0,2}\s*(?:(['\"])(.*?)\3|(\S.*?))?\s*"
                     r"(?:(['\"])(.*?)\6)?", rest)
    if m is None:
        return None
    src = _tag_src(rw, m.group(2))
    title = m.group(4) or m.group(5) or ""
    alt = m.group(7) or title
    return f"![{alt}]({src}" + (f' "{title}"' if title and title != alt else "") + ")"


def _video_tag(rw: Rewriter, rest: str, alone: bool) -> str | None:
    """The liquid_tags plugin's `{% video src [width height] [poster] %}`: a link to the file."""
    parts = rest.split()
    if not parts:
        return None
    return f"[Video]({_tag_src(rw, parts[0])})"


def _literal_tag(rw: Rewriter, rest: str, alone: bool) -> str | None:
    """`{% literal x %}` shows `{% x %}` as text."""
    return code_span("{% " + rest + " %}") if rest else None


def _source_file(rw: Rewriter, setting: str, default: str, src: str) -> Path | None:
    """The file SRC names, in the content folder's SETTING folder (Pelican's
    CODE_DIR or NOTEBOOK_DIR) or from the content folder's top; None if
    neither holds it (or it would be outside the content folder)."""
    if rw.root is None:
        return None
    root = rw.root.resolve()
    for base in (rw.root / rw.site_vars.get(setting, default), rw.root):
        path = (base / src.lstrip("/")).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


def _include_code_tag(rw: Rewriter, rest: str, alone: bool) -> str | None:
    """`{% include_code file [lang:x] [lines:A-B] [:hidefilename:] [title] %}`
    on a line of its own: the file's code (from CODE_DIR), as the plugin
    shows it, with its caption and a link to the file."""
    m = re.fullmatch(r"(\S+)(?:\s+lang:(\S+))?(?:\s+lines:(\d+)-(\d+))?(?:\s+(:hidefilename:))?"
                     r"(?:\s+(.+))?", rest.strip())
    path = _source_file(rw, "code_dir", "code", m.group(1)) if m and alone else None
    if m is None or path is None:
        return None
    try:
        code = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if m.group(3):
        code = "".join(code.splitlines(keepends=True)[int(m.group(3)) - 1:int(m.group(4))])
    caption = " ".join(x for x in ((m.group(6) or "").strip().strip("\"'"),
                                   "" if m.group(5) else posixpath.basename(m.group(1))) if x)
    assert rw.root is not None
    link = rw.links.by_source.get(path.relative_to(rw.root.resolve()).as_posix())
    head = f"**{caption}**" + (f" ([download]({link}))" if link else "") if caption or link else ""
    return (head + "\n\n" if head else "") + fenced(code.rstrip("\n"), m.group(2) or "")


def _notebook_tag(rw: Rewriter, rest: str, alone: bool) -> str | None:
    """`{% notebook x.ipynb [cells[a:b]] %}` on a line of its own: the
    notebook's cells written into the item (notebook.py)."""
    m = re.fullmatch(r"(\S+)(?:\s+cells\[(-?\d*):(-?\d*)\])?(?:\s+language\[[\w+-]*\])?", rest.strip())
    path = _source_file(rw, "notebook_dir", "notebooks", m.group(1)) if m and alone else None
    if m is None or path is None:
        return None
    try:
        made = notebook_markdown(path, int(m.group(2)) if m.group(2) else None,
                                 int(m.group(3)) if m.group(3) else None)
    except (OSError, ValueError, RecursionError):
        return None
    rw.report.note(f"notebook {m.group(1)}: its {made.cells} cells written into the item"
                   + (f"; {made.images} image{'s' if made.images > 1 else ''} of their output not "
                      "imported" if made.images else ""), rw.rel, rw.line)
    return made.markdown


PELICAN_TAGS: dict[str, Callable[[Rewriter, str, bool], str | None]] = {
    "img": _img_tag,
    "video": _video_tag,
    "literal": _literal_tag,
    "include_code": _include_code_tag,
    "notebook": _notebook_tag,
}


def _param(rw: Rewriter, positional: list[str], named: dict[str, str]) -> str | None:
    """Hugo's `{{< param name >}}` (or `param "a.b"`): the page's value, else the site's."""
    key = named.get("name") or (positional[0] if positional else "")
    for table in (rw.params, rw.site_params):
        value: object = table
        for part in key.lower().split(".") if key else ["\0"]:
            value = {str(k).lower(): v for k, v in value.items()}.get(part) \
                if isinstance(value, dict) else None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
    return None


HUGO_SHORTCODES: dict[str, Callable[[Rewriter, list[str], dict[str, str]], str | None]] = {
    "figure": _figure,
    "ref": _ref,
    "param": _param,
    "relref": _ref,
    **{name: (lambda rw, p, n, name=name: embed(name, p, n))  # type: ignore[misc]
       for name in ("youtube", "vimeo", "gist", "tweet", "x", "twitter")},
}
