"""Routes: every output path and link, with and without a base path."""

from __future__ import annotations

from datetime import date

import pytest

from briefgen.core.paths import output_file
from briefgen.render.routes import Routes
from briefgen.site.model import Term
from briefgen.source.config import parse_config
from briefgen.source.content import parse_article
from briefgen.source.markdown import make_markdown
from briefgen.source.records import Article, Page

MD = make_markdown(False)


def routes(extra: str = "") -> Routes:
    return Routes(parse_config("title: T\n" + extra))


def item(date_text: str, config: str = "") -> Article:
    return parse_article(f"---\ntitle: Lavrov Speaks\ndate: {date_text}\n---\nx\n",
                         "content/articles/a.md", parse_config("title: T\n" + config), MD)


TERM = Term(taxonomy="people", key="sergei lavrov", name="Sergei Lavrov", slug="sergei-lavrov",
            spellings=("Sergei Lavrov",), profile=None, articles=())


def test_default_article_path() -> None:
    assert routes().article(item("2022-01-18")) == "articles/lavrov-speaks/"


def test_article_permalink_with_date_fields_is_zero_padded() -> None:
    r = routes("permalinks:\n  article: /{year}/{month}/{day}/{slug}/\n")
    assert r.article(item("2022-01-08")) == "2022/01/08/lavrov-speaks/"


def test_article_permalink_uses_the_day_in_the_site_time_zone() -> None:
    config = "timezone: Europe/Moscow\npermalinks:\n  article: /{year}/{month}/{day}/{slug}/\n"
    assert routes(config).article(item("2022-01-31T22:00:00Z", config)) == "2022/02/01/lavrov-speaks/"


@pytest.mark.parametrize(("number", "path"), [(1, ""), (2, "page/2/"), (10, "page/10/")])
def test_home_pages(number: int, path: str) -> None:
    assert routes().home(number) == path


def test_term_paths() -> None:
    r = routes()
    assert r.taxonomy("people") == "people/"
    assert r.term(TERM) == "people/sergei-lavrov/"
    assert r.term(TERM, 3) == "people/sergei-lavrov/page/3/"
    assert r.term_feed(TERM) == "people/sergei-lavrov/feed.xml"


def test_edition_and_page_paths() -> None:
    assert Routes.edition(date(2022, 1, 8)) == "2022/01/08/"
    page = Page(key="content/pages/about.md", slug="about", title="About", body_html="", weight=0,
                draft=False, line=2)
    assert Routes.page(page) == "about/"


def test_urls_at_the_root() -> None:
    r = routes()
    assert r.url("") == "/"
    assert r.url("people/x/") == "/people/x/"
    assert r.absolute("feed.xml") == "/feed.xml"  # no host known: the link itself


def test_urls_under_a_prefix_with_a_host() -> None:
    r = routes("base_url: https://host.example/briefings/\n")
    assert r.url("") == "/briefings/"
    assert r.url("people/x/") == "/briefings/people/x/"
    assert r.absolute("feed.xml") == "https://host.example/briefings/feed.xml"


def test_urls_under_a_path_prefix() -> None:
    r = routes("base_url: /briefings\n")
    assert r.url("archive/") == "/briefings/archive/"
    assert r.absolute("archive/") == "/briefings/archive/"


@pytest.mark.parametrize(("path", "file"), [
    ("", "index.html"), ("articles/x/", "articles/x/index.html"), ("feed.xml", "feed.xml"),
    ("people/x/feed.xml", "people/x/feed.xml"), ("404.html", "404.html"),
])
def test_pretty_urls_are_index_files(path: str, file: str) -> None:
    assert output_file(path) == file
