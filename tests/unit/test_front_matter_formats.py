"""Front matter as other generators write it: TOML, tabs, unquoted colons, dates."""

from __future__ import annotations

import pytest

from briefgen.core.dates import looks_like_moment, parse_moment
from briefgen.core.errors import BriefgenError
from briefgen.source.config import parse_config
from briefgen.source.content import parse_article
from briefgen.source.frontmatter import parse_mapping
from briefgen.source.markdown import make_markdown

CONFIG = parse_config("title: T\n")
MD = make_markdown(False)


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


@pytest.mark.parametrize(("text", "iso"), [
    ("2016-10-06 11:10:38 -0700", "2016-10-06T11:10:38-07:00"),  # Jekyll's own form
    ("2016-10-06 11:10:38 +05:30", "2016-10-06T11:10:38+05:30"),
    ("2016-10-06T11:10:38.123Z", "2016-10-06T11:10:38.123000+00:00"),
    ("2016-10-06T11:10:38.123456789Z", "2016-10-06T11:10:38.123456+00:00"),  # Hugo's nanoseconds
    ("2016-10-06t11:10:38z", "2016-10-06T11:10:38+00:00"),
    ("2016-10-06 11:10", "2016-10-06T11:10:00"),
    ("2016-10-06", "2016-10-06T00:00:00"),
])
def test_the_date_forms_of_other_generators_are_read(text: str, iso: str) -> None:
    assert parse_moment(text).isoformat() == iso


@pytest.mark.parametrize("text", ["20161006", "2016-W40", "6 October 2016", "2016-10-06  11:10",
                                  "2016-10-06 11:10:38 -07", "2016-10-06 -0700"])
def test_other_shapes_are_not_dates(text: str) -> None:
    assert not looks_like_moment(text)
    with pytest.raises(ValueError):
        parse_moment(text)


def test_a_jekyll_date_in_an_item_keeps_its_offset() -> None:
    item = parse_article("---\ntitle: T\ndate: 2016-10-06 11:10:38 -0700\n---\nBody.\n",
                         "content/articles/a.md", CONFIG, MD)
    assert item.date.isoformat() == "2016-10-06T11:10:38-07:00"
