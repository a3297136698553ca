"""The plain-subset front matter reader reads exactly what libyaml reads, or declines."""

from __future__ import annotations

import random
from typing import Any

import pytest
import yaml

from briefgen.core.errors import BriefgenError
from briefgen.source import frontmatter, quickyaml

ITEM = """title: "Lavrov says Moscow still awaits written answers"
date: 2022-01-18
source: Moscow Times
source_url: https://www.themoscowtimes.com/2022/01/18/a
people: ["Sergei Lavrov", 'Annalena Baerbock']
topics:
  - NATO
  - "Security guarantees"
summary: Lavrov said Moscow would decide its reaction once answers come. # a comment
image: {src: /media/lavrov.jpg, alt: "Sergei Lavrov in Moscow"}
draft: false
series:
"""


def libyaml(text: str, monkeypatch: pytest.MonkeyPatch) -> frontmatter.Mapping | BriefgenError:
    """What parse_mapping makes of TEXT on the reference path: PyYAML's safe loader
    (on libyaml) alone, without quickyaml or the loader's shortcuts."""
    with monkeypatch.context() as m:
        m.setattr(frontmatter, "_QUICK", False)
        m.setattr(frontmatter, "_LOADER", frontmatter._ReferenceLoader)
        try:
            return frontmatter.parse_mapping(text, "x.md", 2)
        except BriefgenError as exc:
            return exc


def shape(node: yaml.Node) -> Any:
    """What briefgen reads of a node: its kind, tag, line and scalar text."""
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.start_mark.line, node.value)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, node.start_mark.line, [shape(n) for n in node.value])
    return ("map", node.tag, node.start_mark.line, [(shape(k), shape(v)) for k, v in node.value])


def typed(value: Any) -> Any:
    """VALUE with the type of every scalar in it, so True and 'true' differ."""
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    return (type(value).__name__, value)


def check_same(text: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Assert the quick reader agrees with libyaml on TEXT, if it reads it; True if it did."""
    entries = quickyaml.read(text)
    if entries is None:
        return False
    slow = libyaml(text, monkeypatch)
    assert isinstance(slow, frontmatter.Mapping), f"{text!r}: libyaml says {slow}"
    assert not slow.duplicates
    assert [k for k, _, _ in entries] == list(slow.items), text
    for key, value, node in entries:
        located = slow.items[key]
        assert typed(value) == typed(located.value), (text, key)
        assert shape(node) == shape(located.node), (text, key)
        assert frontmatter.parse_mapping(text, "x.md", 2).line_of(key) == located.line
    return True


def test_a_usual_item_is_read_quickly_and_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    assert check_same(ITEM, monkeypatch)
    front = frontmatter.parse_mapping(ITEM, "x.md", 2).plain()
    assert front["people"] == ["Sergei Lavrov", "Annalena Baerbock"]
    assert front["topics"] == ["NATO", "Security guarantees"]
    assert front["summary"] == "Lavrov said Moscow would decide its reaction once answers come."
    assert front["image"] == {"src": "/media/lavrov.jpg", "alt": "Sergei Lavrov in Moscow"}
    assert front["draft"] is False and front["series"] is None and front["date"] == "2022-01-18"


@pytest.mark.parametrize("text", [
    "title: a\ntitle: b\n",  # a duplicate key: reported with both lines
    "title: 'it''s'\nn: 3\n",  # a number
    "title: \"a\\tb\"\n",  # an escape
    "title: &t x\nalso: *t\n",  # an anchor and an alias
    "title: a\n  continued\n",  # text over two lines
    "feed:\n  limit: 3\n",  # a nested block
    "title: x\tq\n",  # a tab
    "title: [a, [b]]\n",  # a nested list
    "title: a: b\n",  # not YAML at all
    "<<: {a: 1}\n",  # a merge
    "date: 2022-01-18 10:00:00 +03:00\nwhen: 12:30\n",  # a time, a sexagesimal number
])
def test_anything_else_is_left_to_libyaml(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert quickyaml.read(text) is None
    slow = libyaml(text, monkeypatch)
    assert frontmatter.parse_mapping(text, "x.md", 2).plain() == slow.plain() \
        if isinstance(slow, frontmatter.Mapping) else True


# Pieces of front matter, plain and tricky, that generated texts are made of.
KEYS = ["title", "people", "topics", "summary", "a-b", "_x", "true", "null", "y", "Key9"]
USUAL = ["plain text", "Мария Захарова", "Zoltán Öztürk", "\"Quoted, with: colon\"", "'single'",
         "NATO", "2022-01-18", "https://example.org/a", "/media/a.jpg", "false", "~"]
SCALARS = [*USUAL,
    "x#y", "x #y", "a: b", "a:b", "a:", ":a",
    "-a", "- a", "?a", "a, b", "a]b", "a}b", "[a", "{a", "]a", "'q'", "'it''s'", "'a''", "\"q\"",
    "\"a\" b", "\"a\"#c", "\"a\" #c", "''", "\"\"", "'", "\"", "true", "False", "yes", "NO", "on",
    "~", "null", "Null", "", " ", "0", "12", "1.5", "0x1F", "1_000", ".inf", "-.5", "=", "<<",
    "2022-01-18", "12:30", "1:20:30", "&a", "*a", "!t x", "|", ">", "%x", "@x", "`x", "a\tb",
    "a\\nb", "a  b", "a # c # d", "https://example.org/a?b=c#d", "/media/a.jpg", "a\u00a0b",
    "a\u2028b", "a\x85b", "\ufeffa", "a\u202eb",
]


def scalar(rng: random.Random) -> str:
    return rng.choice(SCALARS if rng.random() < 0.3 else USUAL)


def flow(rng: random.Random) -> str:
    if rng.random() < 0.5:
        items = [scalar(rng) for _ in range(rng.randrange(4))]
        return "[" + rng.choice([", ", ",", " , "]).join(items) + rng.choice(["]", " ]", ",]"])
    pairs = [f"{rng.choice(['src', 'alt', 'a b', 'src'])}:{rng.choice([' ', '', '  '])}{scalar(rng)}"
             for _ in range(rng.randrange(3))]
    return "{" + ", ".join(pairs) + rng.choice(["}", " }", ",}"])


def document(rng: random.Random) -> str:
    lines = []
    keys = rng.sample(KEYS, rng.randrange(1, 7))
    if rng.random() < 0.05:
        keys.append(keys[0])  # a duplicate
    for key in keys:
        kind = rng.random()
        colon = rng.choice([": ", ":  ", ":", " : "]) if rng.random() < 0.1 else ": "
        if kind < 0.45:
            lines.append(f"{key}{colon}{scalar(rng)}")
        elif kind < 0.7:
            lines.append(f"{key}{colon}{flow(rng)}")
        else:
            lines.append(f"{key}:" + rng.choice(["", " # c", "  "]))
            indent = rng.choice(["", "  ", "    "])
            for _ in range(rng.randrange(4)):
                lines.append(rng.choice([f"{indent}- {scalar(rng)}", f"{indent}-  {scalar(rng)}",
                                         f"{indent} - {scalar(rng)}", f"{indent}-{scalar(rng)}",
                                         f"{indent}- [{scalar(rng)}]"]))
        if rng.random() < 0.15:
            lines.append(rng.choice(["", "# comment", "  # indented", "  continued", "---", "..."]))
        if rng.random() < 0.1:
            lines[-1] += rng.choice([" # c", "#c", "  ", " x"])
    return "\n".join(lines) + rng.choice(["\n", ""])


@pytest.mark.slow
def test_generated_texts_read_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20261128)
    read = sum(check_same(document(rng), monkeypatch) for _ in range(20_000))
    assert read > 2_000  # the quick reader took a good share of them, not none


def loaded(text: str, loader: type) -> Any:
    """What load_mapping makes of TEXT with LOADER: values with their types, node
    shapes, lines and duplicates, or the error."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(frontmatter, "_LOADER", loader)
        try:
            got = frontmatter.load_mapping(text, "x.md", 2, "not a mapping")
        except BriefgenError as exc:
            return str(exc)
    return ([(k, typed(v.value), v.line, shape(v.node)) for k, v in got.items.items()],
            [str(p) for p in got.duplicates])


def test_the_loaders_shortcuts_read_what_pyyaml_reads() -> None:
    """frontmatter._Loader (quicker scalar tags and string values) against
    _ReferenceLoader, PyYAML's own, on what quickyaml leaves to them and more."""
    rng = random.Random(17)
    texts = [ITEM, "title: a\ntitle: b\n", "n: 3\nf: 1.5\nb: yes\nz: ~\nd: 2022-01-18\n",
             "a: &t [x, 1]\nb: *t\n<<: {c: 1}\n", "x: !!str 3\ny: !!int '4'\n", "- a\n",
             "feed:\n  limit: 3\n  limit: 4\n", "t: [a, {b: c}]\n"]
    texts += [document(rng) for _ in range(3_000)]
    for text in texts:
        assert loaded(text, frontmatter._Loader) == loaded(text, frontmatter._ReferenceLoader), text
