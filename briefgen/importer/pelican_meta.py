"""A Pelican Markdown file's metadata, as Pelican reads it.

Pelican's Markdown reader takes the metadata block of Python-Markdown's
`meta` extension: `Key: value` lines at the top of the file (keys in any
letter case, a value continued on lines indented four spaces), ending at
the first blank line, optionally between `---` lines. Sites using the
pelican-yaml-metadata plugin write YAML between `---` lines instead; that
is read as YAML when it is. Tags and authors are lists as Pelican splits
them: on semicolons when the value has one, else on commas.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import BriefgenError
from ..source.frontmatter import Located, Mapping, decode
from .post import read_front

_KEY = re.compile(r"^ {0,3}([A-Za-z0-9_-]+):\s*(.*)$")
_MORE = re.compile(r"^ {4,}(.*)$")
_FENCE = re.compile(r"^-{3}(\s.*)?$")
_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
LISTS = ("tags", "authors")  # split into names, as Pelican's ensure_metadata_list does


def read_meta(path: Path, rel: str) -> tuple[Mapping, str, int]:
    """The metadata (keys lower-cased), body and body line of the Pelican
    Markdown file at PATH; raises BriefgenError (at REL) when it is unreadable."""
    with path.open("rb") as fh:  # read-only: the source is never written
        text = decode(fh.read(), rel)
    if _FENCE.match(text.split("\n", 1)[0]):
        try:
            front, body, line = read_front(path, rel)
        except BriefgenError:
            pass  # not YAML: Python-Markdown's own `Key: value` block between `---` lines
        else:
            return _normalised(front, rel), body, line
    return _meta_block(text, rel)


def _meta_block(text: str, rel: str) -> tuple[Mapping, str, int]:
    """Python-Markdown's meta extension over TEXT: (metadata, body, body line)."""
    lines = text.split("\n")
    at = 1 if lines and _FENCE.match(lines[0]) else 0
    found: dict[str, tuple[list[str], int]] = {}
    key = ""
    while at < len(lines):
        line = lines[at]
        if not line.strip() or (at and _END.match(line)):
            at += 1
            break
        named = _KEY.match(line)
        more = _MORE.match(line)
        if named:
            key = named.group(1).lower()
            found.setdefault(key, ([], at + 1))[0].append(named.group(2).strip())
        elif more and key:
            found[key][0].append(more.group(1).strip())
        else:
            break  # the text starts here
        at += 1
    items = {k: _located(k, v, line) for k, (v, line) in found.items()}
    return Mapping(rel, 1, items), "\n".join(lines[at:]), at + 1


def _located(key: str, values: list[str], line: int) -> Located:
    """One metadata value as Pelican makes it: a list for tags and authors,
    the lines joined for a value written over several, else the text."""
    value: Any
    if key in LISTS:
        value = split_names(values if len(values) > 1 else values[0])
    elif key == "summary":
        value = " ".join(values)
    else:
        value = values[0] if len(values) == 1 else values
    return Located(value, line, yaml.ScalarNode("tag:yaml.org,2002:str", str(value)))


def _normalised(front: Mapping, rel: str) -> Mapping:
    """YAML front matter with lower-case keys and tags and authors as lists."""
    items = {}
    for key in front:
        item = front.get(key)
        assert item is not None
        value = split_names(item.value) if key.lower() in LISTS else item.value
        items[key.lower()] = Located(value, item.line, item.node)
    return Mapping(rel, front.line, items, front.duplicates)


def split_names(value: Any) -> list[str]:
    """Tags or authors as Pelican lists them: a list as it is, a text split on
    semicolons when it has one, else on commas; blanks and repeats dropped."""
    if isinstance(value, str):
        value = value.split(";") if ";" in value else value.split(",")
    if not isinstance(value, list):
        return [str(value)] if value is not None else []
    return list(dict.fromkeys(v for v in (str(w).strip() for w in value) if v))
