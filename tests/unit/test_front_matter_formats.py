"""Front matter as other generators write it: TOML, tabs, unquoted colons, dates."""

from __future__ import annotations

import pytest

from briefgen.core.errors import BriefgenError
from briefgen.source.frontmatter import parse_mapping


def _error(yaml_text: str, first_line: int = 2) -> str:
    with pytest.raises(BriefgenError) as info:
        parse_mapping(yaml_text, "a.md", first_line)
    return str(info.value)


@pytest.mark.parametrize(("yaml_text", "line"), [
    ("title: A\ndate: 2022-01-01\n\tpeople: x\n", 4),  # a tab before the last key
    ("title: A\nsummary: x\n\t\n", 4),  # a line of only a tab, last
    ("title: A\n\tdate: 2022\nx: 1\n", 3),
])
def test_a_tab_is_reported_on_its_own_line_even_on_the_last_line(yaml_text: str, line: int) -> None:
    assert _error(yaml_text).startswith(f"a.md:{line}: invalid YAML: ")


@pytest.mark.parametrize(("yaml_text", "line"), [
    ("title: A\npeople: [a, b\n", 3),  # an unclosed list: where it opened
    ('title: "A\ndate: 2022-01-01\n', 2),  # an unclosed quote: where it opened
])
def test_what_is_left_open_is_reported_where_it_opened(yaml_text: str, line: int) -> None:
    assert _error(yaml_text).startswith(f"a.md:{line}: invalid YAML: ")


def test_an_unquoted_colon_in_a_value_says_to_quote_it() -> None:
    assert _error("title: Lavrov: no war\ndate: 2022-01-28\n") == (
        'a.md:2: invalid YAML: mapping values are not allowed in this context; '
        'quote the value: title: "Lavrov: no war"')


def test_a_value_with_double_quotes_is_suggested_in_single_quotes() -> None:
    assert _error('date: 2022-01-28\nsummary: He said "no": twice\n').endswith(
        "quote the value: summary: 'He said \"no\": twice'")
