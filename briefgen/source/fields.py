"""Typed readers for front matter and site.yaml values.

Each reader records a Problem at the value's line instead of raising, so a
file with three mistakes reports all three in one run.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from typing import Any

import yaml

from ..core.dates import looks_like_moment, parse_moment
from ..core.errors import Problem
from ..core.urls import encode_unsafe, is_http_url, is_safe_local_url
from .frontmatter import Located, Mapping
from .records import Image

# Names one front matter list may hold (an item's people or topics, a
# profile's aliases or former names; docs/content.md). Briefings name a
# handful per item, a long roundup some dozens. Every name of an item is
# counted with each of its other names ("often mentioned with"), so an
# item's cost grows with its names squared: with 200, the largest item adds
# well under a second and 1.5 MB to a build (bench/people_scaling.py) while
# no real briefing comes near the limit. A module constant, not a
# site.yaml key: it guards the build against absurd input, it is not a
# matter of taste (and config.py is another developer's just now).
MAX_NAMES = 200


def type_name(value: Any) -> str:
    """Describe a YAML value's type in the user's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    if isinstance(value, str):
        return "text"
    # What a YAML tag such as `!!set {a, b}` makes: calling it "text" would say
    # the value is what was expected.
    return "a set" if isinstance(value, (set, frozenset)) else "a YAML value of another type"


class Reader:
    """Read typed values out of a Mapping, collecting problems."""

    def __init__(self, mapping: Mapping, problems: list[Problem], prefix: str = "") -> None:
        self.m = mapping
        self.problems = problems
        self.prefix = prefix  # 'permalinks.' for a nested section, named in messages

    def fail(self, key: str, message: str, line: int | None = None) -> None:
        self.problems.append(
            Problem(f"{self.prefix}{key}: {message}", self.m.path, line or self.m.line_of(key))
        )

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        """A single line of text; numbers are read as written."""
        item = self.m.get(key)
        if item is None or item.value is None or (isinstance(item.value, str)
                                                  and not item.value.strip()):
            if required:
                self.fail(key, "required" if item is None else "must not be empty")
            return default
        text = _scalar_text(item)
        if text is None:
            self.fail(key, f"expected text, got {type_name(item.value)}")
            return default
        return text.strip()

    def text_list(self, key: str) -> list[tuple[str, int]]:
        """A list of names with their lines; a single string is a one-item list.

        More than MAX_NAMES is an error where the list starts (the key's line
        for `[a, b]`, the first name's for `- a` lines), and none are read:
        an item's cost grows with its names squared (see MAX_NAMES).
        """
        item = self.m.get(key)
        if item is not None and isinstance(item.node, yaml.SequenceNode) \
                and len(item.node.value) > MAX_NAMES:
            self.fail(key, f"{len(item.node.value)} names; at most {MAX_NAMES} in one list")
            return []
        return self._texts(key)

    def _texts(self, key: str) -> list[tuple[str, int]]:
        """A list of texts with their lines, however long; a string is a one-item list."""
        item = self.m.get(key)
        if item is None or item.value is None:
            return []
        node = item.node
        if isinstance(node, yaml.SequenceNode):
            base = item.line - node.start_mark.line
            out: list[tuple[str, int]] = []
            for child, value in zip(node.value, item.value, strict=True):
                line = base + child.start_mark.line
                text = _node_text(child)
                if text is None or not text.strip():
                    what = "empty" if text is not None else type_name(value)
                    self.fail(key, f"expected a list of texts, got {what} in it", line)
                    continue
                out.append((text.strip(), line))
            return out
        text = _scalar_text(item)
        if text is None:
            self.fail(key, f"expected text or a list of texts, got {type_name(item.value)}")
            return []
        return [(text.strip(), item.line)] if text.strip() else []

    def names(self, key: str) -> list[tuple[str, int]]:
        """text_list for names (people, topics, aliases): one text with commas
        in it is an error, not one name. `people: Sergei Lavrov, Antony
        Blinken` almost always means two people, and a name that has a comma
        can still be written as a list entry: `people: ["Smith, John"]`."""
        item = self.m.get(key)
        if item is not None and isinstance(item.node, yaml.ScalarNode) \
                and isinstance(item.value, str) and "," in item.value:
            text = item.value.strip()
            parts = ", ".join(part.strip() for part in text.split(",") if part.strip())
            self.fail(key, f"{text!r} is one text with commas in it; write a list: [{parts}], "
                           f'or ["{text}"] for one name')
            return []
        return self.text_list(key)

    def boolean(self, key: str, default: bool = False) -> bool:
        item = self.m.get(key)
        if item is None or item.value is None:
            return default
        if not isinstance(item.value, bool):
            self.fail(key, f"expected true or false, got {as_written(item)}")
            return default
        return item.value

    def integer(self, key: str, default: int, minimum: int = 1) -> int:
        item = self.m.get(key)
        if item is None or item.value is None:
            return default
        value = item.value
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"expected a whole number, got {as_written(item)}")
            return default
        if value < minimum:
            self.fail(key, f"must be at least {minimum}, got {value}")
            return default
        return value

    def http_url(self, key: str) -> str:
        url = encode_unsafe(self.text(key))
        if url and not is_http_url(url):
            self.fail(key, f"not an http(s) URL: {url!r}")
            return ""
        return url

    def http_urls(self, key: str) -> list[str]:
        out = []
        for text, line in self._texts(key):
            url = encode_unsafe(text)
            if is_http_url(url):
                out.append(url)
            else:
                self.fail(key, f"not an http(s) URL: {url!r}", line)
        return out

    def local_or_http_url(self, key: str, url: str, line: int) -> str:
        """An http(s) URL or a site path; spaces in a path (a media file named
        'press photo.jpg') are percent-encoded, as a browser requests them."""
        url = encode_unsafe(url)
        if " " in url and is_safe_local_url(url.replace(" ", "%20")):
            url = url.replace(" ", "%20")
        if url and not (is_http_url(url) or is_safe_local_url(url)):
            self.fail(key, f"not a safe URL (use a site path or http(s)): {url!r}", line)
            return ""
        if not is_http_url(url) and ".." in re.split(r"[?#]", url, maxsplit=1)[0].split("/"):
            # Pages add the base path in front: /b/../media/x.jpg is /media/x.jpg, outside /b/.
            self.fail(key, "a site path starts at the site root and cannot go above it with "
                           f"'..', got {url!r}", line)
            return ""
        return url

    def image(self, key: str) -> Image | None:
        """A picture: a site path or http(s) URL, or a mapping of `src` and `alt`."""
        item = self.m.get(key)
        if item is None or item.value is None:
            return None
        if isinstance(item.value, str):
            src = self.local_or_http_url(key, item.value.strip(), item.line)
            return Image(src, "") if src else None
        sub = self.mapping(key)
        if sub is None:
            return None
        sr = Reader(sub, self.problems, prefix=f"{self.prefix}{key}.")  # `image.alt:`
        for name in sub:
            if name not in ("src", "alt"):
                self.fail(key, f"unknown key {name!r} (use src and alt)", sub.line_of(name))
        found = len(self.problems)
        src = sr.text("src")
        if not src and len(self.problems) == found:  # not when it was there but wrong (image.src:)
            self.fail(key, "src: required", sub.line)
        alt = sr.text("alt")
        src = self.local_or_http_url(key, src, sub.line_of("src")) if src else ""
        return Image(src, alt) if src else None

    def datetime(self, key: str, tz: tzinfo, *, required: bool = False) -> datetime | None:
        """A date or date-time; without an offset it is read in the site's zone."""
        item = self.m.get(key)
        if item is None or item.value is None or item.value == "":
            if required:
                self.fail(key, "required")
            return None
        raw = _scalar_text(item)
        if raw is None or not looks_like_moment(raw.strip()):
            shown = raw if raw is not None else item.value
            self.fail(key, f"not a date: {shown!r} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM)")
            return None
        try:
            value = parse_moment(raw.strip())
        except ValueError:
            self.fail(key, f"not a date: {raw.strip()!r}")
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=tz)
        try:  # pages show it in the site's zone, feeds and the sitemap in UTC
            value.astimezone(tz)
            value.astimezone(UTC)
        except OverflowError:
            self.fail(key, f"out of range: {raw.strip()!r} is too close to year 1 or 9999")
            return None
        return value

    def mapping(self, key: str) -> Mapping | None:
        """A nested mapping as its own Mapping, for nested config sections."""
        item = self.m.get(key)
        if item is None or item.value is None:
            return None
        if not isinstance(item.node, yaml.MappingNode):
            self.fail(key, f"expected a mapping, got {type_name(item.value)}")
            return None
        return nested(self.m, item)


def as_written(item: Located) -> str:
    """A value for a message as the YAML spells it: text quoted, other scalars as
    written (`true`, `yes`, `1.5`, not Python's `True`), else its kind."""
    if isinstance(item.value, str):
        return repr(item.value)
    if isinstance(item.node, yaml.ScalarNode):
        return str(item.node.value)
    return type_name(item.value)


def sequence_items(item: Located) -> list[Located]:
    """The elements of a YAML list, each with its own line."""
    node = item.node
    if not isinstance(node, yaml.SequenceNode) or not isinstance(item.value, list):
        return []
    base = item.line - node.start_mark.line
    return [Located(value, base + child.start_mark.line, child)
            for child, value in zip(node.value, item.value, strict=True)]


def nested(parent: Mapping, item: Located) -> Mapping:
    """Turn a Located mapping value into a Mapping with per-key lines."""
    base = item.line - item.node.start_mark.line
    items: dict[str, Located] = {}
    for key_node, value_node in item.node.value:
        key = str(key_node.value)
        value = item.value.get(key_node.value) if isinstance(item.value, dict) else None
        items[key] = Located(value, base + value_node.start_mark.line, value_node)
    return Mapping(parent.path, item.line, items)


def _scalar_text(item: Located) -> str | None:
    """The text of a scalar as written, or None for a list, mapping or null."""
    return _node_text(item.node)


def _node_text(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return str(node.value)
    return None
