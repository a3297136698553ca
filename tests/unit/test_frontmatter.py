"""Front matter: decoding, splitting YAML from the body, and line numbers."""

from __future__ import annotations

import random

import pytest
import yaml

from briefgen.errors import BriefgenError
from briefgen.frontmatter import decode, parse_mapping, split


def test_decode_drops_bom_and_normalises_line_endings() -> None:
    assert decode("\ufeff---\r\ntitle: x\r\n---\r\nbody\r".encode(), "a.md") == "---\ntitle: x\n---\nbody\n"


def test_decode_reports_the_line_of_a_non_utf8_byte() -> None:
    with pytest.raises(BriefgenError) as info:
        decode(b"---\ntitle: x\n---\nCaf\xe9\n", "content/articles/a.md")
    assert str(info.value) == (
        "content/articles/a.md:4: not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"
    )


def test_split_separates_yaml_and_body_and_knows_where_each_starts() -> None:
    parts = split("---\ntitle: x\ndate: 2022-01-18\n---\nFirst line\n", "a.md")
    assert parts.yaml_text == "title: x\ndate: 2022-01-18\n"
    assert parts.body == "First line\n"
    assert parts.yaml_line == 2
    assert parts.body_line == 5


def test_split_accepts_yaml_document_end_marker_and_trailing_spaces() -> None:
    parts = split("---  \ntitle: x\n...\nbody", "a.md")
    assert parts.yaml_text == "title: x\n"
    assert parts.body == "body"


def test_split_keeps_a_horizontal_rule_in_the_body() -> None:
    parts = split("---\ntitle: x\n---\nabove\n\n---\n\nbelow\n", "a.md")
    assert parts.body == "above\n\n---\n\nbelow\n"


@pytest.mark.parametrize(("text", "message"), [
    ("", "a.md:1: empty file: expected front matter between '---' lines"),
    ("  \n\n", "a.md:1: empty file: expected front matter between '---' lines"),
    ("title: x\n\nbody\n",
     "a.md:1: no front matter: the file must start with a '---' line, then YAML, then '---'"),
    ("---\ntitle: x\nbody\n", "a.md:1: front matter is not closed: add a '---' line after the YAML"),
])
def test_split_rejects_files_without_proper_front_matter(text: str, message: str) -> None:
    with pytest.raises(BriefgenError) as info:
        split(text, "a.md")
    assert str(info.value) == message


def test_values_remember_their_line_in_the_file() -> None:
    m = parse_mapping("title: x\n\npeople:\n  - A\n  - B\ndate: 2022-01-18\n", "a.md", 2)
    assert m.line_of("title") == 2
    assert m.line_of("people") == 5  # the list starts on its first item
    assert m.line_of("date") == 7
    assert m.line_of("missing") == 2  # unknown keys point at the start of the front matter


def test_dates_stay_text_so_briefgen_can_check_them_itself() -> None:
    m = parse_mapping("date: 2022-02-30\nother: 2022-01-18\n", "a.md", 2)
    assert m.plain() == {"date": "2022-02-30", "other": "2022-01-18"}


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert parse_mapping("\n", "a.md", 2).plain() == {}


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("title: Lavrov says: no war\n", "a.md:2: invalid YAML: mapping values are not allowed in this context"),
    ("title: x\ntitle: y\n", "a.md:3: title: duplicate key (first given on line 2)"),
    ("- a\n- b\n", "a.md:2: front matter must be a mapping of keys to values"),
])
def test_yaml_errors_name_file_and_line(yaml_text: str, message: str) -> None:
    with pytest.raises(BriefgenError) as info:
        parse_mapping(yaml_text, "a.md", 2)
    assert str(info.value) == message


def test_yaml_is_loaded_safely(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "created-by-yaml"
    text = f'x: !!python/object/apply:os.mkdir ["{target}"]\n'
    with pytest.raises(BriefgenError) as info:
        parse_mapping(text, "a.md", 2)
    assert str(info.value).startswith("a.md:2: invalid YAML: could not determine a constructor")
    assert not target.exists()


class _ReferenceLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, dates kept as text like briefgen's."""


_ReferenceLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in rules if tag != "tag:yaml.org,2002:timestamp"]
    for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_VALUES = [
    "plain text", '"quoted: text"', "'single'", "yes", "No", "on", "off", "true", "False", "~",
    "null", "", "12", "-3", "+7", "0x1F", "0o17", "1_000", "3.5", ".5", "-.inf", ".NaN", "1e3",
    "2022-01-18", "2022-01-18T10:00:00Z", "<<", "=", "https://example.org/a?b=1#c", "Öztürk",
    "Сергей Лавров", "[a, 'b', 1, true, null]", "[]", "{src: /a.jpg, alt: \"x\"}", "{}",
    "!!str 12", "!!int '12'", "\n  - a\n  - 2\n  - [x, y]", "\n  k: v\n  n: 1", "|\n  two\n  lines",
    ">\n  folded\n  text", "&anchor [a, b]", "'it''s'", '"esc\\u00e9\\n"', "[2022-01-18, 1.0]",
    "!!set {a: null}", "!!python/tuple [a, b]", "!!seq [a, b]", "!!binary aGk=",
]


def _same_as_pyyaml(text: str) -> None:
    """briefgen's values for TEXT are PyYAML's, or both refuse it."""
    try:
        expected = yaml.load(text, Loader=_ReferenceLoader)
    except yaml.YAMLError:
        with pytest.raises(BriefgenError):
            parse_mapping(text, "a.md", 2)
        return
    assert parse_mapping(text, "a.md", 2).plain() == expected, text


@pytest.mark.parametrize("value", _VALUES)
def test_values_are_typed_as_pyyaml_types_them(value: str) -> None:
    _same_as_pyyaml(f"key: {value}\nother: 1\n")


def test_many_mixed_values_are_typed_as_pyyaml_types_them() -> None:
    rng = random.Random(4)
    for _ in range(300):
        picked = rng.sample(_VALUES, 6)
        text = "".join(f"k{i}: {v}\n" for i, v in enumerate(picked))
        text += "alias: *anchor\n" if any(v.startswith("&anchor") for v in picked) else ""
        _same_as_pyyaml(text)
