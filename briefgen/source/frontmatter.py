"""Split a Markdown file into its YAML front matter and body, keeping lines.

Every value read from front matter remembers the line it came from, so an
error can point at `path:line` in the .md file rather than at the YAML block.
Text is cleaned of the code points XML and HTML forbid as it is read, so no
later stage has to think about them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ..core import accel
from ..core.errors import BriefgenError, Problem
from . import quickyaml

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Code points XML 1.0 and HTML forbid: C0 controls other than tab, LF and CR;
# DEL and the C1 controls; the noncharacters (U+FDD0 to U+FDEF, and the last
# two code points of every plane, U+FFFE, U+1FFFF...: XML forbids two of
# them, HTML all); and lone surrogates, which only a YAML escape read by the
# pure-Python loader can make (UTF-8 decoding and libyaml refuse them).
_PLANE_ENDS = "".join(chr(plane + end) for plane in range(0x10000, 0x110000, 0x10000)
                      for end in (0xFFFE, 0xFFFF))
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                        f"\ufffe\uffff{_PLANE_ENDS}]")
# Values that aliases may add to one file's front matter by repeating what
# an anchor names. Generous for `also: *people`; a "billion laughs" of nine
# short lines, each repeating the line before ten times, would add 10^9.
MAX_ALIASED_VALUES = 10_000


class _ReferenceLoader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml's C parser when present) without timestamps:
    the reference path for front matter.

    Dates stay strings so briefgen can report an impossible date such as
    2022-02-30 itself, with its line, instead of PyYAML raising mid-parse.
    """

    yaml_implicit_resolvers = quickyaml.IMPLICIT_RESOLVERS

    def construct_value(self, node: yaml.Node) -> Any:
        """The Python value of one top-level value's NODE, as PyYAML makes it."""
        return self.construct_object(node, deep=True)


class _Loader(_ReferenceLoader):
    """_ReferenceLoader, with PyYAML's per-scalar work shortened (an accelerator:
    the same values, tested against the reference in tests/unit/test_quickyaml.py)."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """BaseResolver.resolve for a loader without path resolvers, with the
        rules for a plain scalar's first character looked up once: libyaml
        calls this for every scalar of every file."""
        if kind is yaml.ScalarNode:
            return quickyaml.plain_tag(value) if implicit[0] else _STR
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]

    def construct_value(self, node: yaml.Node) -> Any:
        """construct_object(node, deep=True), with strings and lists of strings
        (most front matter values) taken straight from the node."""
        if type(node) is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value
        elif type(node) is yaml.SequenceNode and node.tag == _SEQ and all(
                type(n) is yaml.ScalarNode and n.tag == _STR for n in node.value):
            return [n.value for n in node.value]
        return self.construct_object(node, deep=True)


_STR = quickyaml.STR
_MERGE = "tag:yaml.org,2002:merge"  # the tag of a `<<` key
_SEQ = _Loader.DEFAULT_SEQUENCE_TAG
assert not _Loader.yaml_path_resolvers  # resolve above relies on there being none
# The accelerators (core/accel.py), chosen once: quickyaml first, then the
# shortened loader; on the reference paths, PyYAML's safe loader alone.
_QUICK = accel.ON.yaml
_LOADER: type[_ReferenceLoader] = _Loader if accel.ON.yaml else _ReferenceLoader


@dataclass(frozen=True)
class SplitFile:
    """A file's front matter text, its body and where each starts (1-based);
    `toml` when the front matter is TOML between `+++` lines."""

    yaml_text: str
    body: str
    yaml_line: int
    body_line: int
    toml: bool = False


def clean(text: str) -> str:
    """Replace each code point XML and HTML forbid by a space: one control
    character pasted from a word processor would otherwise make every Atom
    feed that shows the text unreadable."""
    if _FORBIDDEN.search(text) is None:  # the usual case: one scan, no copy
        return text
    return _FORBIDDEN.sub(" ", text)


# Unicode's direction controls that open a scope: embeddings and overrides
# (closed by PDF) and isolates (closed by PDI). One left open in a name
# reverses the text after it to the end of the paragraph: the other names of
# a list, say. Direction marks (U+200E, U+200F) open nothing and may stay.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OPENS_EMBEDDING = "\u202a\u202b\u202d\u202e"
_OPENS_ISOLATE = "\u2066\u2067\u2068"
_PDF, _PDI = "\u202c", "\u2069"


def balance_bidi(text: str) -> str:
    """TEXT with each direction scope it leaves open closed at its end, as
    Unicode's bidirectional algorithm pairs them: a PDI closes its isolate and
    whatever opened inside it, a PDF only an embedding opened in its scope."""
    if not _BIDI_CONTROL.search(text):
        return text
    opened: list[str] = []
    for ch in text:
        if ch in _OPENS_EMBEDDING or ch in _OPENS_ISOLATE:
            opened.append(ch)
        elif ch == _PDF and opened and opened[-1] in _OPENS_EMBEDDING:
            opened.pop()
        elif ch == _PDI and any(c in _OPENS_ISOLATE for c in opened):
            while opened.pop() not in _OPENS_ISOLATE:
                pass
    return text + "".join(_PDF if c in _OPENS_EMBEDDING else _PDI for c in reversed(opened))


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (dropping a BOM), normalise line endings to LF and clean."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BriefgenError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; save the file as UTF-8",
            path,
            line,
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub(" ", text) if _may_be_unclean(data) else text


# Bytes that are never part of a forbidden code point's UTF-8 form: tab, LF,
# CR, printable ASCII, and every byte of a multi-byte sequence.
_CLEAN_BYTES = bytes([9, 10, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])
# Each begins with literal bytes, which the regular expression engine finds quickly.
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_NONCHARACTER_UTF8 = re.compile(rb"\xef(?:\xbf[\xbe\xbf]|\xb7[\x90-\xaf])")  # U+FDD0-FDEF, U+FFFE-FFFF
# The planes' last two code points take four bytes, F0-F4 first: they are
# looked for only in a file with such characters (emoji, mostly).
_NOT_FOUR_BYTE_LEAD = bytes(b for b in range(256) if not 0xF0 <= b <= 0xF4)
_PLANE_END_UTF8 = re.compile(rb"[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")


def _may_be_unclean(data: bytes) -> bool:
    """False when DATA (valid UTF-8) holds no code point `clean` replaces.

    A regular expression over the decoded text costs about 10 us per 3 KB
    file, a tenth of a second over 10,000 items; deleting the clean bytes
    in C and looking for the UTF-8 forms of C1 controls (C2 80-9F) and of
    the noncharacters (EF B7 90-AF, EF BF BE-BF, and four-byte forms)
    costs a third of that.
    """
    if data.translate(None, _CLEAN_BYTES):
        return True  # an ASCII control character or DEL
    if _C1_UTF8.search(data) or _NONCHARACTER_UTF8.search(data):
        return True
    return bool(data.translate(None, _NOT_FOUR_BYTE_LEAD) and _PLANE_END_UTF8.search(data))


def split(text: str, path: str) -> SplitFile:
    """Split `---` fenced YAML (or `+++` fenced TOML) from the Markdown body that follows it."""
    if not text.strip():
        raise BriefgenError("empty file: expected front matter between '---' lines", path, 1)
    lines = text.split("\n")
    opening = lines[0].rstrip()
    if opening not in ("---", "+++"):
        raise BriefgenError(
            "no front matter: the file must start with a '---' line, then YAML, then '---'",
            path,
            1,
        )
    toml = opening == "+++"
    ends = ("+++",) if toml else ("---", "...")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ends:
            return SplitFile(
                yaml_text="\n".join(lines[1:i]) + "\n",
                body="\n".join(lines[i + 1 :]),
                yaml_line=2,
                body_line=i + 2,
                toml=toml,
            )
    closing = "a '+++' line after the TOML" if toml else "a '---' line after the YAML"
    raise BriefgenError(f"front matter is not closed: add {closing}", path, 1)


@dataclass(frozen=True)
class Located:
    """A YAML value with the file line it starts on."""

    value: Any
    line: int
    node: yaml.Node


class Mapping:
    """A parsed YAML mapping whose values know their lines in the file."""

    def __init__(self, path: str, line: int, items: dict[str, Located],
                 duplicates: tuple[Problem, ...] = ()) -> None:
        self.path = path
        self.line = line
        self.items = items
        # Keys given twice (the first value is kept): reported with the file's
        # other problems by whoever reads the mapping, so one run shows them all.
        self.duplicates = duplicates

    def __contains__(self, key: str) -> bool:
        return key in self.items

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def get(self, key: str) -> Located | None:
        return self.items.get(key)

    def line_of(self, key: str) -> int:
        item = self.items.get(key)
        return item.line if item else self.line

    def plain(self) -> dict[str, Any]:
        return {k: v.value for k, v in self.items.items()}


def parse_mapping(yaml_text: str, path: str, first_line: int,
                  not_a_mapping: str = "front matter must be a mapping of keys to values") -> Mapping:
    """Parse YAML text that must be a mapping; `first_line` is its line in the file,
    NOT_A_MAPPING the message when it is something else.

    The plain subset most front matter keeps to is read by quickyaml (an
    accelerator: core/accel.py); anything else, or everything on the
    reference paths, by PyYAML's safe loader.
    """
    if _QUICK:
        entries = quickyaml.read(yaml_text)
        if entries is not None:
            return Mapping(path, first_line, {key: Located(value, first_line + node.start_mark.line, node)
                                              for key, value, node in entries})
    return load_mapping(yaml_text, path, first_line, not_a_mapping)


def load_mapping(yaml_text: str, path: str, first_line: int, not_a_mapping: str) -> Mapping:
    """parse_mapping by PyYAML's safe loader alone: the reference path, and the
    one for whatever quickyaml does not take. YAML errors become BriefgenErrors
    at their line in the file."""
    loader = _LOADER(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Mapping(path, first_line, {})
        if not isinstance(node, yaml.MappingNode):
            raise BriefgenError(not_a_mapping, path, first_line + node.start_mark.line)
        if "\\" in yaml_text:  # an escape such as "\x01" or "\u202e" can make any character
            _map_scalars(node, lambda value: balance_bidi(clean(value)))
        elif _BIDI_CONTROL.search(yaml_text):
            _map_scalars(node, balance_bidi)
        return _mapping(loader, node, path, first_line, "*" in yaml_text)
    except yaml.MarkedYAMLError as exc:
        line, reason = _yaml_error(exc, yaml_text)
        raise BriefgenError(f"invalid YAML: {reason}", path, first_line + line) from None
    except yaml.YAMLError as exc:
        raise BriefgenError(f"invalid YAML: {exc}", path, first_line) from None
    finally:
        loader.dispose()


# What the parser was in when it failed, for something opened and never
# closed (`[`, `{`, a quote): found only at the end, so shown where it opened.
_LEFT_OPEN = ("while parsing a flow", "while scanning a quoted scalar")
_UNQUOTED_COLON = re.compile(r"^(\s*[^-\s:#'\"\[{][^:#]*?): +(.*?) *$")


def _yaml_error(exc: yaml.MarkedYAMLError, yaml_text: str) -> tuple[int, str]:
    """The line (0-based in YAML_TEXT) and the reason to report for EXC.

    A tab or a stray character is reported where it is, even on the last
    line; only what was left open is reported where it opened. The usual
    cause of "mapping values are not allowed", a value with `: ` in it, gets
    the quoted value to write instead.
    """
    mark = exc.problem_mark or exc.context_mark
    last_line = yaml_text.count("\n") - 1
    if exc.context_mark is not None and (exc.context or "").startswith(_LEFT_OPEN) \
            and (mark is None or mark.line >= last_line):
        mark = exc.context_mark
    line = mark.line if mark else 0
    reason = exc.problem or exc.context or "cannot be parsed"
    if reason.startswith("mapping values are not allowed"):
        lines = yaml_text.split("\n")
        found = _UNQUOTED_COLON.match(lines[line]) if line < len(lines) else None
        if found is not None and ": " in found.group(2):
            key, value = found.group(1).strip(), found.group(2)
            double = '"' not in value and "\\" not in value  # nothing to escape
            quoted = f'"{value}"' if double else "'" + value.replace("'", "''") + "'"
            reason += f"; quote the value: {key}: {quoted}"
    return line, reason


def _mapping(loader: Any, node: yaml.MappingNode, path: str, first_line: int,
             aliases: bool) -> Mapping:
    """The Mapping of a top-level mapping NODE, read pair by pair so that each
    value keeps its line and duplicate keys are reported, not silently merged.
    ALIASES: the text may have some, so their expansion is counted."""
    aliased = _Aliased() if aliases else None
    items: dict[str, Located] = {}
    duplicates: list[Problem] = []
    merges = False
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            raise BriefgenError("keys must be plain words", path, line)
        if aliased is not None:
            _check_aliases(aliased, value_node, path, line)
        if key_node.tag == _MERGE:
            merges = True
            continue
        key = str(key_node.value)
        if key in items:
            duplicates.append(Problem(
                f"{key}: duplicate key (first given on line {items[key].line})", path, line))
            continue
        if type(value_node) is yaml.MappingNode or (type(value_node) is yaml.SequenceNode and any(
                type(n) is not yaml.ScalarNode for n in value_node.value)):
            duplicates += _nested_duplicates(key, value_node, path, first_line)
        value = loader.construct_value(value_node)
        items[key] = Located(value, first_line + value_node.start_mark.line, value_node)
    if merges:
        _add_merged(loader, node, items, path, first_line)
    return Mapping(path, first_line, items, tuple(duplicates))


def _add_merged(loader: Any, node: yaml.MappingNode, items: dict[str, Located], path: str,
                first_line: int) -> None:
    """Add the keys a YAML merge (`<<: *defaults`) brings in, unless written out.

    The top-level mapping is read pair by pair, never constructed as a whole,
    so PyYAML's own merging does not happen here: without this, every key of
    `<<: *defaults` would be silently left out. Keys written in the mapping
    itself win over merged ones, as YAML says; a merged key is no duplicate.
    """
    written = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE)
    loader.flatten_mapping(node)  # node.value becomes merged pairs + written pairs
    inherited: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value[: len(node.value) - written]:
        if not isinstance(key_node, yaml.ScalarNode):
            raise BriefgenError("keys must be plain words", path,
                                first_line + key_node.start_mark.line)
        inherited[str(key_node.value)] = value_node  # a later one wins, as in PyYAML's merge
    for key, value_node in inherited.items():
        if key not in items:
            items[key] = Located(loader.construct_value(value_node),
                                 first_line + value_node.start_mark.line, value_node)


def _nested_duplicates(key: str, root: yaml.Node, path: str, first_line: int) -> list[Problem]:
    """Keys given twice inside a value (`feed: {limit: 1, limit: 2}`), named by
    their full path (`feed.limit`). PyYAML silently keeps the last of them, so
    without this a repeated key below the top level would hide a typo."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[str, yaml.Node]] = [(key + ".", root)]
    while stack:
        prefix, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):  # a list of names has nothing to look at
            stack.extend((prefix, child) for child in node.value
                         if not isinstance(child, yaml.ScalarNode))
            continue
        lines: dict[str, int] = {}
        for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else ():
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                stack.append((prefix, value_node))
                continue
            name, line = str(key_node.value), first_line + key_node.start_mark.line
            if name in lines:
                problems.append(Problem(f"{prefix}{name}: duplicate key (first given on "
                                        f"line {lines[name]})", path, line))
                continue
            lines[name] = line
            stack.append((prefix + name + ".", value_node))
    return problems


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes directly inside NODE: a list's items, a mapping's keys and values."""
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value  # type: ignore[no-any-return]
    return []


def _map_scalars(root: yaml.Node, change: Callable[[str], str]) -> None:
    """Change every scalar under ROOT in place (clean, balance_bidi), before
    anything is constructed, so values, keys and the nodes fields.py reads
    again all agree. A node an alias repeats is visited once."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            node.value = change(node.value)
        else:
            stack.extend(_children(node))


class _Aliased:
    """Counts the values aliases add to one front matter, key by key.

    PyYAML makes an alias share its anchor's object, but fingerprints, the
    cache and templates copy and walk values as trees, so what
    counts is the size once every alias is expanded. Sizes are memoised per
    node, so counting is linear in the nodes written, not in that size.
    """

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}  # id(node) -> its size with aliases expanded
        self.added = 0

    def add(self, node: yaml.Node) -> int | None:
        """Count one top-level value; return the values added by aliases so
        far, or None when an alias is inside the value it names."""
        known = len(self.sizes)
        size = _expanded_size(node, self.sizes)
        if size is None:
            return None
        self.added += size - (len(self.sizes) - known)  # all but the nodes first met here
        return self.added


def _expanded_size(root: yaml.Node, sizes: dict[int, int]) -> int | None:
    """How many values ROOT holds with aliases expanded, or None if it holds
    itself. Iterative so that deep nesting cannot exhaust the stack; a node
    met again while still open is one of its own ancestors."""
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_counted = stack.pop()
        if children_counted:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
        elif id(node) in open_nodes:
            return None
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
    return sizes[id(root)]


def _check_aliases(aliased: _Aliased, value_node: yaml.Node, path: str, line: int) -> None:
    """Refuse a value whose aliases repeat too much, or that contains itself."""
    added = aliased.add(value_node)
    if added is None:
        raise BriefgenError("invalid YAML: an alias is inside the value it names", path, line)
    if added > MAX_ALIASED_VALUES:
        raise BriefgenError(
            f"invalid YAML: aliases expand to more than {MAX_ALIASED_VALUES:,} values", path, line
        )
