"""Split a Markdown file into its YAML front matter and body, keeping lines.

Every value read from front matter remembers the line it came from, so an
error can point at `path:line` in the .md file rather than at the YAML block.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import BriefgenError

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe YAML loader (libyaml's C parser when present) without timestamps.

    Dates stay strings so briefgen can report an impossible date such as
    2022-02-30 itself, with its line, instead of PyYAML raising mid-parse.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """BaseResolver.resolve for a loader without path resolvers, with the
        rules for a plain scalar's first character looked up once: libyaml
        calls this for every scalar of every file."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _PLAIN_RULES.get(value[:1], _WILDCARD_RULES):
                    if regexp.match(value):
                        return tag  # type: ignore[no-any-return]
            return _STR
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_STR = _Loader.DEFAULT_SCALAR_TAG
_SEQ = _Loader.DEFAULT_SEQUENCE_TAG
# As BaseResolver.resolve tries them: the rules for the first character
# (the key "" for an empty scalar), then those for any character (None).
_WILDCARD_RULES = tuple(_Loader.yaml_implicit_resolvers.get(None, []))
_PLAIN_RULES = {first: tuple(rules) + _WILDCARD_RULES
                for first, rules in _Loader.yaml_implicit_resolvers.items() if first is not None}
assert not _Loader.yaml_path_resolvers  # resolve above relies on there being none


def _construct(loader: Any, node: yaml.Node) -> Any:
    """loader.construct_object(node, deep=True), with strings and lists of
    strings (most front matter values) taken straight from the node."""
    if type(node) is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
    elif type(node) is yaml.SequenceNode and node.tag == _SEQ and all(
            type(n) is yaml.ScalarNode and n.tag == _STR for n in node.value):
        return [n.value for n in node.value]
    return loader.construct_object(node, deep=True)


@dataclass(frozen=True)
class SplitFile:
    """A file's front matter text, its body and where each starts (1-based)."""

    yaml_text: str
    body: str
    yaml_line: int
    body_line: int


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (dropping a BOM) and normalise line endings to LF."""
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
    return text


def split(text: str, path: str) -> SplitFile:
    """Split `---` fenced YAML from the Markdown body that follows it."""
    if not text.strip():
        raise BriefgenError("empty file: expected front matter between '---' lines", path, 1)
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise BriefgenError(
            "no front matter: the file must start with a '---' line, then YAML, then '---'",
            path,
            1,
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return SplitFile(
                yaml_text="\n".join(lines[1:i]) + "\n",
                body="\n".join(lines[i + 1 :]),
                yaml_line=2,
                body_line=i + 2,
            )
    raise BriefgenError("front matter is not closed: add a '---' line after the YAML", path, 1)


@dataclass(frozen=True)
class Located:
    """A YAML value with the file line it starts on."""

    value: Any
    line: int
    node: yaml.Node


class Mapping:
    """A parsed YAML mapping whose values know their lines in the file."""

    def __init__(self, path: str, line: int, items: dict[str, Located]) -> None:
        self.path = path
        self.line = line
        self.items = items

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


def parse_mapping(yaml_text: str, path: str, first_line: int) -> Mapping:
    """Parse YAML text that must be a mapping; `first_line` is its line in the file."""
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Mapping(path, first_line, {})
        if not isinstance(node, yaml.MappingNode):
            raise BriefgenError(
                "front matter must be a mapping of keys to values",
                path,
                first_line + node.start_mark.line,
            )
        items: dict[str, Located] = {}
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                raise BriefgenError("keys must be plain words", path, line)
            key = str(key_node.value)
            if key in items:
                raise BriefgenError(
                    f"{key}: duplicate key (first given on line {items[key].line})", path, line
                )
            value = _construct(loader, value_node)
            items[key] = Located(value, first_line + value_node.start_mark.line, value_node)
        return Mapping(path, first_line, items)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last_line = yaml_text.count("\n") - 1
        if exc.context_mark is not None and (mark is None or mark.line >= last_line):
            mark = exc.context_mark  # an unclosed [ or { is found only at the end: show where it opened
        line = first_line + (mark.line if mark else 0)
        reason = exc.problem or exc.context or "cannot be parsed"
        raise BriefgenError(f"invalid YAML: {reason}", path, line) from None
    except yaml.YAMLError as exc:
        raise BriefgenError(f"invalid YAML: {exc}", path, first_line) from None
    finally:
        loader.dispose()


