"""TOML front matter (between `+++` lines, as Hugo and Zola write it), read with
the standard library's tomllib into the same Mapping YAML front matter gives.

The readers in fields.py look at YAML nodes (a list's entries, a scalar as
written), so TOML values are turned into such nodes. tomllib keeps no
positions: each top-level key's line is found in the text, and a value
inside a table or a list is placed at its key's line. TOML's own dates and
times become text in ISO 8601, which fields.py reads as it reads YAML's.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from typing import Any

import yaml

from ..core.errors import BriefgenError
from .frontmatter import Located, Mapping, balance_bidi, clean

_TAGS = {bool: "bool", int: "int", float: "float"}
_PREFIX = "tag:yaml.org,2002:"
# A top-level `key =` or `dotted.key =` line, the key bare or quoted; a
# `[table]` or `[[array.of.tables]]` header. Either names a top-level key.
_KEY_LINE = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")
_HEADER = re.compile(r"""\s*\[\[?\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))""")
_WHERE = re.compile(r" \(at line (\d+), column \d+\)$| \(at end of document\)$")


def parse_toml_mapping(toml_text: str, path: str, first_line: int) -> Mapping:
    """The Mapping of TOML_TEXT, whose first line is FIRST_LINE of the file.
    A TOML error is reported at its line in the file, naming TOML."""
    try:
        values = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _WHERE.search(message)
        line = toml_text.count("\n") - 1  # the end of the document: its last line
        if where is not None:
            message = message[:where.start()]
            line = int(where.group(1)) - 1 if where.group(1) else line
        line = max(line, 0)
        if message == "Invalid value":
            message += _quote_hint(toml_text.split("\n")[line])
        raise BriefgenError(f"invalid TOML: {message}", path, first_line + line) from None
    lines = _key_lines(toml_text)
    items = {}
    for key, value in values.items():
        line = lines.get(key, 0)
        plain, node = _node(value, line)
        items[clean(key)] = Located(plain, first_line + line, node)
    return Mapping(path, first_line, items)


_UNQUOTED = re.compile(r"""\s*([A-Za-z0-9_-]+)\s*=\s*([^\s"'\[{0-9+-].*?)\s*$""")


def _quote_hint(line: str) -> str:
    """"; quote the text: ..." for an unquoted text, TOML's usual surprise for
    YAML writers (`summary = Lavrov: no war`), else ""."""
    found = _UNQUOTED.fullmatch(line)
    if found is None or found.group(2) in ("true", "false", "inf", "nan"):
        return ""
    key, value = found.groups()
    quoted = f'"{value}"' if '"' not in value and "\\" not in value else f"'{value}'"
    return f"; quote the text: {key} = {quoted}"


def _key_lines(toml_text: str) -> dict[str, int]:
    """The line (0-based) where each top-level key is first written.

    Lines inside multi-line strings are passed over; after the first table
    header, only headers name top-level keys.
    """
    lines: dict[str, int] = {}
    in_string = ""
    tables = False
    for number, line in enumerate(toml_text.split("\n")):
        if in_string:
            if line.count(in_string) % 2:
                in_string = ""
            continue
        header = _HEADER.match(line)
        found = header or (None if tables else _KEY_LINE.match(line))
        tables = tables or header is not None
        if found is not None:
            lines.setdefault(next(g for g in found.groups() if g is not None), number)
        for quotes in ('"""', "'''"):
            if line.count(quotes) % 2:
                in_string = quotes
    return lines


def _node(value: Any, line: int) -> tuple[Any, yaml.Node]:
    """VALUE as fields.py reads YAML: its plain value and a node at LINE."""
    mark = yaml.Mark("", 0, line, 0, None, None)
    if isinstance(value, dict):
        pairs, plain = [], {}
        for key, item in value.items():
            plain[key], node = _node(item, line)
            pairs.append((yaml.ScalarNode(_PREFIX + "str", key, mark, mark), node))
        return plain, yaml.MappingNode(_PREFIX + "map", pairs, mark, mark)
    if isinstance(value, list):
        converted = [_node(item, line) for item in value]
        return ([p for p, _ in converted],
                yaml.SequenceNode(_PREFIX + "seq", [n for _, n in converted], mark, mark))
    if isinstance(value, (datetime, date, time)):
        value = value.isoformat()
    if isinstance(value, str):
        value = balance_bidi(clean(value))  # an escape such as "\u0001" can make any character
        return value, yaml.ScalarNode(_PREFIX + "str", value, mark, mark)
    written = ("true" if value else "false") if isinstance(value, bool) else repr(value)
    return value, yaml.ScalarNode(_PREFIX + _TAGS.get(type(value), "str"), written, mark, mark)
