"""Front matter as other generators write it: TOML, tabs, unquoted colons, dates."""

from __future__ import annotations

import pytest

from briefgen.core.dates import looks_like_moment, parse_moment
from briefgen.core.errors import BriefgenError, SiteErrors
from briefgen.source.config import parse_config
from briefgen.source.content import ARTICLE_KEYS, parse_article
from briefgen.source.frontmatter import parse_mapping
from briefgen.source.keys import meant_key, misspelt_keys
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


@pytest.mark.parametrize(("key", "meant"), [
    ("Draft", "draft"), ("TITLE", "title"), ("source-url", "source_url"), ("sourceUrl", "source_url"),
    ("titel", "title"), ("peopel", "people"), ("summery", "summary"), ("updatd", "updated"),
    ("topic", "topics"), ("tittle", "title"), ("serie", "series"),
    # fields of their own: plurals, other generators' keys, and short keys
    ("images", ""), ("sources", ""), ("titles", ""), ("tags", ""), ("author", ""), ("layout", ""),
    ("description", ""), ("lastmod", ""), ("toc", ""), ("url", ""), ("weight", ""), ("my_note", ""),
])
def test_a_near_miss_of_a_known_key_is_named(key: str, meant: str) -> None:
    assert meant_key(key, ARTICLE_KEYS | {"people", "topics"}) == meant


def test_a_slip_beside_the_key_itself_is_a_field_of_its_own() -> None:
    front = parse_mapping("title: T\ndate: 2022-01-18\ndata: 1\nTitle: U\n", "a.md", 2)
    assert [str(p) for p in misspelt_keys(front, ARTICLE_KEYS)] == [
        "a.md:5: Title: not a key briefgen reads (did you mean 'title'?)"]


@pytest.mark.parametrize(("front", "message"), [
    ("people: Sergei Lavrov, Antony Blinken\n",
     "content/articles/a.md:4: people: 'Sergei Lavrov, Antony Blinken' is one text with commas in it; "
     "write a list: [Sergei Lavrov, Antony Blinken], or [\"Sergei Lavrov, Antony Blinken\"] for one name"),
    ("topics: 'NATO,Ukraine'\n",
     "content/articles/a.md:4: topics: 'NATO,Ukraine' is one text with commas in it; "
     "write a list: [NATO, Ukraine], or [\"NATO,Ukraine\"] for one name"),
])
def test_one_text_with_commas_in_a_list_field_is_an_error(front: str, message: str) -> None:
    with pytest.raises(SiteErrors) as info:
        parse_article(f"---\ntitle: T\ndate: 2022-01-18\n{front}---\nBody.\n", "content/articles/a.md",
                      CONFIG, MD)
    assert [str(p) for p in info.value.problems] == [message]


def test_a_name_with_a_comma_is_written_as_a_list_entry() -> None:
    item = parse_article('---\ntitle: T\ndate: 2022-01-18\npeople: ["Smith, John"]\n---\nBody.\n',
                         "content/articles/a.md", CONFIG, MD)
    assert item.names["people"] == ("Smith, John",)


TOML_ITEM = '''+++
title = "Lavrov: no war"
date = 2016-10-06T11:10:38-07:00
draft = false
people = ["Sergei Lavrov", "Antony Blinken"]
topics = "NATO"
summary = """Two lines
of summary."""
tags = ["kept"]

[image]
src = "/media/a.jpg"
alt = "A picture"
+++
The body.
'''


def test_toml_front_matter_is_read_like_yaml() -> None:
    item = parse_article(TOML_ITEM, "content/articles/a.md", CONFIG, MD)
    assert item.title == "Lavrov: no war"
    assert item.date.isoformat() == "2016-10-06T11:10:38-07:00"
    assert item.names["people"] == ("Sergei Lavrov", "Antony Blinken")
    assert item.names["topics"] == ("NATO",)
    assert item.summary == "Two lines\nof summary."
    assert (item.image.src, item.image.alt) == ("/media/a.jpg", "A picture")  # type: ignore[union-attr]
    assert item.extra == {"tags": ["kept"]}
    assert item.body_html == "<p>The body.</p>\n"


def _toml_errors(toml: str) -> list[str]:
    with pytest.raises((SiteErrors, BriefgenError)) as info:
        parse_article(f"+++\n{toml}+++\nBody.\n", "content/articles/a.md", CONFIG, MD)
    return [str(p) for p in getattr(info.value, "problems", [info.value])]


@pytest.mark.parametrize(("toml", "message"), [
    ('title = "T"\ndate = 2022-01-18\ndraft = "yes"\n',
     "content/articles/a.md:4: draft: expected true or false, got 'yes'"),
    ('title = "T"\ndate = 2022-02-30\n', "content/articles/a.md:3: invalid TOML: Invalid date or datetime"),
    ('title = "T"\ndate = 2022-01-18\nsummary = Lavrov: no war\n',
     "content/articles/a.md:4: invalid TOML: Invalid value; quote the text: summary = \"Lavrov: no war\""),
    ('title = "T"\ndate = 2022-01-18\n[image]\nsrc = "javascript:x"\n',
     "content/articles/a.md:4: image: not a safe URL (use a site path or http(s)): 'javascript:x'"),
    ('title = "T"\ndate = 2022-01-18\nDraft = true\n',
     "content/articles/a.md:4: Draft: not a key briefgen reads (did you mean 'draft'?)"),
    ('title = """\nT\n"""\nslug = "a b"\ndate = "2022-01-18"\n',
     "content/articles/a.md:5: slug: use ASCII letters, digits, '.', '_' and '-' only, got 'a b'"),
    ('title = "T"\ndate = 2022-01-18\npeople = ["A",\n', "content/articles/a.md:4: invalid TOML: "
     "Invalid value"),
])
def test_toml_errors_name_toml_and_the_line_in_the_file(toml: str, message: str) -> None:
    assert _toml_errors(toml) == [message]


def test_unclosed_toml_front_matter_says_plus_signs() -> None:
    with pytest.raises(BriefgenError) as info:
        parse_article('+++\ntitle = "T"\n---\nBody.\n', "content/articles/a.md", CONFIG, MD)
    assert str(info.value) == ("content/articles/a.md:1: front matter is not closed: "
                               "add a '+++' line after the TOML")
