"""Front matter: decoding, splitting YAML from the body, and line numbers."""

from __future__ import annotations

import random
import time

import pytest
import yaml

from briefgen.core.errors import BriefgenError
from briefgen.source.frontmatter import MAX_ALIASED_VALUES, balance_bidi, clean, decode, parse_mapping, split


def test_decode_drops_bom_and_normalises_line_endings() -> None:
    assert decode("\ufeff---\r\ntitle: x\r\n---\r\nbody\r".encode(), "a.md") == "---\ntitle: x\n---\nbody\n"


def test_decode_reports_the_line_of_a_non_utf8_byte() -> None:
    with pytest.raises(BriefgenError) as info:
        decode(b"---\ntitle: x\n---\nCaf\xe9\n", "content/articles/a.md")
    assert str(info.value) == (
        "content/articles/a.md:4: not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"
    )


# Every code point XML 1.0 and HTML forbid, at both ends of each range.
_FORBIDDEN = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\x7f", "\x80", "\x85",
              "\x9f", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", _FORBIDDEN)
def test_decode_makes_each_code_point_xml_forbids_a_space(char: str) -> None:
    data = f"---\ntitle: a{char}b\n---\nLine one{char}line two.\n".encode()
    assert decode(data, "a.md") == "---\ntitle: a b\n---\nLine one line two.\n"


def test_decode_keeps_tabs_and_characters_xml_and_html_allow() -> None:
    text = "a\tb \xa0 \u2028 \ufffd \ufdcf \ufdf0 \U0001f600 \U0001fffd Öztürk Лавров\n"
    assert decode(text.encode(), "a.md") == text


def test_decode_turns_noncharacters_into_spaces() -> None:
    """HTML forbids every noncharacter, XML only U+FFFE and U+FFFF."""
    text = "a\ufdd0b\ufdefc\ufffed\U0001fffee\U0010ffff\n"
    assert decode(text.encode(), "a.md") == "a b c d e \n"


def test_clean_returns_clean_text_itself() -> None:
    text = "Nothing to replace here.\n" * 100
    assert clean(text) is text


RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


@pytest.mark.parametrize(("text", "balanced"), [
    ("Sergei Lavrov", "Sergei Lavrov"),
    (f"Ali {RLO}evil", f"Ali {RLO}evil{PDF}"),  # left open: closed at the end
    (f"a{RLO}b{PDF}c", f"a{RLO}b{PDF}c"),
    (f"x{RLI}y{RLO}z", f"x{RLI}y{RLO}z{PDF}{PDI}"),  # innermost first
    (f"x{RLI}y{RLO}z{PDI}w", f"x{RLI}y{RLO}z{PDI}w"),  # a PDI closes what opened inside it
    (f"{PDF} stray", f"{PDF} stray"),  # a closer without an opener does nothing
    ("\u200fמרק\u200e", "\u200fמרק\u200e"),  # direction marks open nothing
])
def test_balance_bidi_closes_the_direction_scopes_a_text_leaves_open(text: str, balanced: str) -> None:
    assert balance_bidi(text) == balanced


def test_front_matter_values_leave_no_direction_scope_open() -> None:
    """One RLO pasted into a name would reverse the names listed after it."""
    m = parse_mapping(f'title: "Report {RLO}evil"\npeople: ["Ali {RLO}x", Bob]\n'
                      'topics: ["\\u202eescaped"]\n', "a.md", 2)
    assert m.plain() == {"title": f"Report {RLO}evil{PDF}", "people": [f"Ali {RLO}x{PDF}", "Bob"],
                         "topics": [f"{RLO}escaped{PDF}"]}


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
    ("title: Lavrov says: no war\n", "a.md:2: invalid YAML: mapping values are not allowed in this context; "
     "quote the value: title: \"Lavrov says: no war\""),
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


def test_escapes_for_code_points_xml_forbids_become_spaces_at_any_depth() -> None:
    text = ('title: "Pasted \\x01 from \\u0085Word\\0"\n'
            'people: ["Jane \\x07Doe", Plain Name]\n'
            'extra: {"k\\x1f": ["\\x7f", {"\\x02": "\\uffff"}], ok: "tab\\tand\\nline"}\n')
    m = parse_mapping(text, "a.md", 2)
    assert m.plain() == {
        "title": "Pasted   from  Word ",
        "people": ["Jane  Doe", "Plain Name"],
        "extra": {"k ": [" ", {" ": " "}], "ok": "tab\tand\nline"},
    }
    item = m.get("extra")
    assert item is not None  # nodes agree with values: fields.py reads keys and dates from them
    assert [k.value for k, _ in item.node.value] == ["k ", "ok"]


def test_escaped_top_level_keys_are_cleaned_too() -> None:
    assert parse_mapping('"note\\x01": x\n', "a.md", 2).plain() == {"note ": "x"}


def test_escapes_inside_a_repeated_alias_are_cleaned() -> None:
    m = parse_mapping('people: &p ["A\\x01"]\nalso: *p\n', "a.md", 2)
    assert m.plain() == {"people": ["A "], "also": ["A "]}


def test_small_aliases_keep_working() -> None:
    text = "people: &people [Wendy Sherman, Sergei Ryabkov]\nalso: *people\n" \
           "base: &base {x: 1}\nmerged: {<<: *base, y: 2}\n"
    assert parse_mapping(text, "a.md", 2).plain() == {
        "people": ["Wendy Sherman", "Sergei Ryabkov"],
        "also": ["Wendy Sherman", "Sergei Ryabkov"],
        "base": {"x": 1},
        "merged": {"x": 1, "y": 2},
    }


def test_aliases_may_add_up_to_the_limit() -> None:
    assert MAX_ALIASED_VALUES == 100 * 100
    text = f"a: &a [{', '.join(['x'] * 99)}]\n" + "".join(f"k{i}: *a\n" for i in range(100))
    m = parse_mapping(text, "a.md", 2)
    assert m.plain()["k99"] == ["x"] * 99  # 100 aliases of a list and its 99 items: the limit


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "title: x\n" + "\n".join(lines) + "\nboom: *a8\n"


def test_aliases_that_expand_too_far_are_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(BriefgenError) as info:
        parse_mapping(_billion_laughs(), "content/articles/a.md", 2)
    assert time.perf_counter() - started < 1
    # a3 (line 6) is where the copies first pass 10,000: a1 adds 110, a2 1,110, a3 11,110
    assert str(info.value) == (
        "content/articles/a.md:6: invalid YAML: aliases expand to more than 10,000 values"
    )


def test_the_key_where_copies_pass_the_limit_is_named() -> None:
    text = ("title: x\n"
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"  # adds 110 values
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"  # 1,110: 1,220 in all
            "d: [*c, *c, *c, *c, *c, *c, *c, *b, *b, *b, *b, *b, *b, *b, *b]\n"  # 8,665: 9,885
            "e: *b\n"  # 111: 9,996, still allowed
            "f: *a\n")  # 11: over the limit
    with pytest.raises(BriefgenError) as info:
        parse_mapping(text, "a.md", 2)
    assert str(info.value) == "a.md:8: invalid YAML: aliases expand to more than 10,000 values"
    assert parse_mapping(text.replace("f: *a\n", ""), "a.md", 2).plain()["e"][9] == ["x"] * 10


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: [*a]}\n", "a: &a {<<: *a}\n"])
def test_a_value_that_contains_itself_is_refused(text: str) -> None:
    with pytest.raises(BriefgenError) as info:
        parse_mapping(text, "a.md", 2)
    assert str(info.value) == "a.md:2: invalid YAML: an alias is inside the value it names"


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


def test_the_byte_level_check_finds_what_clean_replaces() -> None:
    """decode skips the regular expression when the bytes show nothing to clean."""
    rng = random.Random(5)
    alphabet = [chr(c) for c in [*range(0x250), 0x400, 0x44F, 0x2014, 0x201C, 0xFFFD, 0xFFFE, 0xFFFF,
                                 0xFEFF, 0x1F642]]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) if rng.random() < 0.05 else rng.choice("ab \n")
                       for _ in range(rng.randint(0, 60)))
        expected = clean(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
        assert decode(text.encode("utf-8"), "a.md") == expected, repr(text)


def test_a_key_given_twice_is_a_problem_and_the_first_value_is_kept() -> None:
    """Kept aside, not raised, so the file's other problems are reported in the same run."""
    m = parse_mapping("title: x\ndate: 2022-01-18\ntitle: y\n", "a.md", 2)
    assert m.plain() == {"title": "x", "date": "2022-01-18"}
    assert [str(p) for p in m.duplicates] == ["a.md:4: title: duplicate key (first given on line 2)"]


def test_a_key_given_twice_inside_a_value_is_a_problem_named_by_its_path() -> None:
    """PyYAML keeps the last of two equal keys in a nested mapping without a word;
    a repeated `limit` under `feed` must be reported like a repeated `title`."""
    m = parse_mapping("feed:\n  limit: 1\n  limit: 2\nrole:\n  - {title: a, from: 2004-01-01,"
                      " title: b}\nimage: {src: /a.jpg, alt: x}\n", "site.yaml", 1)
    assert [str(p) for p in m.duplicates] == [
        "site.yaml:3: feed.limit: duplicate key (first given on line 2)",
        "site.yaml:5: role.title: duplicate key (first given on line 5)"]


def test_a_merge_key_brings_in_the_keys_of_the_mapping_it_names() -> None:
    """`<<: *defaults` is ordinary YAML; the top level was read pair by pair,
    so the merged keys were silently dropped (and `<<` kept as a key)."""
    m = parse_mapping("defaults: &d\n  source: Reuters\n  series: Daily\n<<: *d\n"
                      "title: x\nseries: Evening\n", "a.md", 2)
    assert m.plain() == {"defaults": {"source": "Reuters", "series": "Daily"}, "title": "x",
                         "series": "Evening", "source": "Reuters"}
    assert m.duplicates == ()  # a key written beside the merge overrides it: no duplicate
    assert m.line_of("source") == 3  # where the merged value is written


def test_of_several_merged_mappings_the_first_wins_as_yaml_says() -> None:
    m = parse_mapping("a: &a {x: 1}\nb: &b {x: 2, y: 2}\n<<: [*a, *b]\n", "a.md", 2)
    assert (m.plain()["x"], m.plain()["y"]) == (1, 2)


def test_a_merge_of_something_other_than_a_mapping_is_invalid_yaml() -> None:
    with pytest.raises(BriefgenError, match=r"a.md:\d+: invalid YAML: expected a mapping"):
        parse_mapping("title: x\n<<: 3\n", "a.md", 2)
