"""Front matter in the plain subset of YAML, read without libyaml.

Nearly every item's front matter is a dozen `key: value` lines: text plain
or quoted, lists in brackets or as `- item` lines, a small `{src: .., alt: ..}`.
libyaml reads those in some 60 µs, most of it making Mark objects for both
ends of every node and calling back into Python to resolve each scalar's
type: a sixth of what a 10,000-item build spends parsing. `read` takes that
subset line by line in a fraction of the time, making the same nodes (with
the lines briefgen's messages point at) and the same values.

Anything else returns None, and libyaml reads the text as before: escapes,
anchors and aliases, tags, numbers, text over several lines, nested blocks,
duplicate keys, odd line breaks and tabs, and anything not plainly one of the
forms above. A text therefore reads the same either way; tests/unit/
test_quickyaml.py compares the two on generated texts, valid and not.

It is an accelerator (core/accel.py): frontmatter.parse_mapping calls it
first, except on the reference paths (BRIEFGEN_REFERENCE), where PyYAML's
safe loader reads every text.
"""

from __future__ import annotations

import re
from typing import Any, TypeAlias

import yaml

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# The implicit types of plain scalars, as YAML 1.1 resolves them, without
# timestamps: dates stay text so briefgen can report an impossible one itself.
IMPLICIT_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# As BaseResolver.resolve tries them: the rules for the first character
# (the key "" for an empty scalar), then those for any character (None).
_WILDCARD_RULES = tuple(IMPLICIT_RESOLVERS.get(None, []))
_PLAIN_RULES = {first: tuple(rules) + _WILDCARD_RULES
                for first, rules in IMPLICIT_RESOLVERS.items() if first is not None}


def plain_tag(value: str) -> str:
    """The tag YAML gives a plain (unquoted) scalar: str, int, bool, null..."""
    for tag, regexp in _PLAIN_RULES.get(value[:1], _WILDCARD_RULES):
        if regexp.match(value):
            return tag  # type: ignore[no-any-return]
    return STR


Node: TypeAlias = yaml.Node
Entry = tuple[str, Any, Node]  # key, value, the value's node

# Tabs and other control characters (YAML 1.1's line breaks NEL, LS and PS
# among them), escapes, a byte order mark, what YAML does not print, and the
# direction controls parse_mapping balances: libyaml's to read.
_UNSURE = re.compile("[\x00-\x08\t\x0b-\x1f\\\\\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufeff\ufffe\uffff]")
_NAME = r"([A-Za-z_][A-Za-z0-9_-]{0,63})"  # a key this reader takes
_KEY = re.compile(_NAME + r":(?: +|$)")
# A key and a double-quoted text, or plain text without a colon or a number
# sign (which may start a pair or a comment), and nothing after it.
_SIMPLE = re.compile(_NAME + r': +(?:"([^"]*)"|([^- \"\'#?:,\[\]{}&*!|>%@`][^#:]*?)) *$')
# A key and a list of double-quoted texts, and nothing after it.
_QUOTED_LIST = re.compile(_NAME + r': +\[((?: *"[^"]*" *,)* *"[^"]*" *)\] *$')
_QUOTED = re.compile(r'"([^"]*)"')
_ITEM = re.compile(r"( *)- +")
_FLOW_KEY = re.compile(r" *" + _NAME + r": +")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_PLAIN_END = re.compile(r"[,\]}]")
_BOOL_VALUES = yaml.constructor.SafeConstructor.bool_values
_MARKS: list[yaml.Mark] = []


def _mark(line: int) -> yaml.Mark:
    """A mark for LINE (0-based): only the line is read, so marks are shared."""
    while len(_MARKS) <= line:
        _MARKS.append(yaml.Mark("<front matter>", 0, len(_MARKS), 0, None, None))
    return _MARKS[line]


class _Unsure(Exception):
    """The text is not in the subset: libyaml is to read it."""


def read(text: str) -> list[Entry] | None:
    """The top-level entries of TEXT, or None when it is not in the subset."""
    if _UNSURE.search(text):
        return None
    try:
        return _entries(text.split("\n"))
    except _Unsure:
        return None


def _entries(lines: list[str]) -> list[Entry]:
    entries: list[Entry] = []
    keys: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        # The usual lines first, each read by one regular expression.
        quoted_list = _QUOTED_LIST.match(line) if "[" in line else None
        if quoted_list is not None:  # people: ["A", "B"]
            key, inside = quoted_list.groups()
            mark = _mark(i)
            values = _QUOTED.findall(inside)
            nodes = [yaml.ScalarNode(STR, value, mark, mark, '"') for value in values]
            entries.append((_new(keys, key), values, yaml.SequenceNode(_SEQ, nodes, mark, mark, True)))
            i += 1
            continue
        simple = _SIMPLE.match(line)
        if simple is not None:  # title: "A"; date: 2022-01-18
            key, quoted, plain = simple.groups()
            if quoted is not None:
                mark = _mark(i)
                entries.append((_new(keys, key), quoted, yaml.ScalarNode(STR, quoted, mark, mark, '"')))
            else:
                entries.append((_new(keys, key), *_plain(plain, i, ())))
            i += 1
            continue
        if _blank(line):
            i += 1
            continue
        match = _KEY.match(line)
        if match is None:
            raise _Unsure
        key = _new(keys, match.group(1))
        rest = line[match.end():]
        if not rest or rest[0] == "#":  # a null, or a list on the lines below
            value, node, after = _block_list(lines, i + 1)
            if node is None:
                node = yaml.ScalarNode(NULL, "", _mark(i), _mark(i), "")
            i = after
        else:
            value, node = _value(rest, i)
            i += 1
        entries.append((key, value, node))
    return entries


def _blank(line: str) -> bool:
    """True for a line with nothing on it but spaces or a comment."""
    stripped = line.lstrip(" ")
    return not stripped or stripped[0] == "#"


def _new(keys: set[str], key: str) -> str:
    """KEY, now among KEYS; a key given twice is libyaml's to read (its
    reading names both lines)."""
    if key in keys:
        raise _Unsure
    keys.add(key)
    return key


def _block_list(lines: list[str], i: int) -> tuple[Any, Node | None, int]:
    """The `- item` lines from line I on, their node (None if there are none),
    and the line after them."""
    values: list[Any] = []
    nodes: list[Node] = []
    indent = -1
    first = i
    while i < len(lines):
        line = lines[i]
        if _blank(line):
            i += 1
            continue
        match = _ITEM.match(line)
        if match is None:
            break
        if indent < 0:
            indent, first = len(match.group(1)), i
        elif len(match.group(1)) != indent:
            raise _Unsure
        value, node = _block_scalar(line[match.end():], i)
        values.append(value)
        nodes.append(node)
        i += 1
    if not nodes:
        return None, None, i
    return values, yaml.SequenceNode(_SEQ, nodes, _mark(first), _mark(first), False), i


def _value(rest: str, line: int) -> tuple[Any, Node]:
    """The value written after `key: ` on LINE."""
    if rest[0] == "[" or rest[0] == "{":
        value, node, end = _flow(rest, line)
        _only_comment(rest[end:])
        return value, node
    return _block_scalar(rest, line)


def _block_scalar(text: str, line: int) -> tuple[Any, Node]:
    """A quoted or plain scalar filling the rest of a line (a comment may follow)."""
    if not text:
        raise _Unsure
    if text[0] == '"' or text[0] == "'":
        value, node, end = _quoted(text, 0, line)
        _only_comment(text[end:])
        return value, node
    comment = text.find(" #")
    return _plain((text if comment < 0 else text[:comment]).rstrip(" "), line, (": ",))


def _plain(text: str, line: int, unsure: tuple[str, ...]) -> tuple[Any, Node]:
    """A plain scalar's value and node: text, true/false (and YAML 1.1's yes, on...),
    or null. Numbers and the rest are left to libyaml, as is a scalar with
    any of UNSURE in it or one that does not plainly start as text."""
    if not text or text[0] in _INDICATORS or text[-1] == ":" or any(s in text for s in unsure):
        raise _Unsure
    tag = plain_tag(text)
    if tag == STR:
        value: Any = text
    elif tag == _BOOL:
        value = _BOOL_VALUES[text.lower()]
    elif tag == NULL:
        value = None
    else:
        raise _Unsure
    return value, yaml.ScalarNode(tag, text, _mark(line), _mark(line), "")


def _quoted(text: str, start: int, line: int) -> tuple[str, Node, int]:
    """The quoted scalar at START (no escapes: _UNSURE saw no backslash), its
    node and where it ends, if it is closed on this line."""
    quote = text[start]
    end = text.find(quote, start + 1)
    if quote == "'":
        while end >= 0 and text.startswith("''", end):
            end = text.find("'", end + 2)
    if end < 0:
        raise _Unsure
    value = text[start + 1:end]
    if quote == "'":
        value = value.replace("''", "'")
    return value, yaml.ScalarNode(STR, value, _mark(line), _mark(line), quote), end + 1


def _flow(text: str, line: int) -> tuple[Any, Node, int]:
    """A one-line [list] or {mapping} of scalars, and where it ends."""
    is_map = text[0] == "{"
    close = "}" if is_map else "]"
    values: list[Any] = []
    nodes: list[Any] = []
    keys: set[str] = set()
    at = _skip_spaces(text, 1)
    while not (text.startswith(close, at) and not nodes):  # [] and {} are empty
        key_node = None
        if is_map:
            match = _FLOW_KEY.match(text, at)
            if match is None or match.group(1) in keys:
                raise _Unsure
            keys.add(match.group(1))
            key_node = yaml.ScalarNode(STR, match.group(1), _mark(line), _mark(line), "")
            at = match.end()
        if text.startswith(('"', "'"), at):
            value, node, at = _quoted(text, at, line)
        else:
            end = _FLOW_PLAIN_END.search(text, at)
            if end is None:
                raise _Unsure
            # A colon followed by a space starts a pair; one before a URL's // does not.
            value, node = _plain(text[at:end.start()].rstrip(" "), line, (": ", "#", "[", "{"))
            at = end.start()
        values.append(value)
        nodes.append((key_node, node) if is_map else node)
        at = _skip_spaces(text, at)
        if text.startswith(close, at):
            break
        if not text.startswith(",", at):
            raise _Unsure
        at = _skip_spaces(text, at + 1)
        if text.startswith(close, at):
            raise _Unsure  # a trailing comma: libyaml's to judge
    mark = _mark(line)
    if is_map:
        return ({k.value: v for (k, _), v in zip(nodes, values, strict=True)},
                yaml.MappingNode(_MAP, nodes, mark, mark, True), at + 1)
    return values, yaml.SequenceNode(_SEQ, nodes, mark, mark, True), at + 1


def _skip_spaces(text: str, at: int) -> int:
    while text.startswith(" ", at):
        at += 1
    return at


def _only_comment(tail: str) -> None:
    """What follows a value on its line must be nothing, or a comment after a space."""
    stripped = tail.lstrip(" ")
    if stripped and (stripped[0] != "#" or stripped == tail):
        raise _Unsure
