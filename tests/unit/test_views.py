"""What templates see: the pagination window, page links, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import jinja2
import pytest

from briefgen.core.dates import date_text
from briefgen.render.routes import Routes
from briefgen.render.views import (
    CARD_NAMES,
    ItemCard,
    Link,
    TermGroup,
    TermRef,
    field_names,
    page_window,
    pagination,
)
from briefgen.source.config import parse_config


@pytest.mark.parametrize(("number", "total", "window"), [
    (1, 1, [1]),
    (1, 2, [1, 2]),
    (1, 4, [1, 2, 3, 4]),
    (3, 5, [1, 2, 3, 4, 5]),
    (1, 10, [1, 2, 3, 0, 10]),
    (4, 10, [1, 2, 3, 4, 5, 6, 0, 10]),
    (6, 12, [1, 0, 4, 5, 6, 7, 8, 0, 12]),
    (10, 10, [1, 0, 8, 9, 10]),
    (50, 100, [1, 0, 48, 49, 50, 51, 52, 0, 100]),
])
def test_page_window(number: int, total: int, window: list[int]) -> None:
    assert page_window(number, total) == window


@pytest.mark.parametrize("total", range(1, 30))
def test_page_window_always_shows_first_last_and_current_in_order(total: int) -> None:
    for number in range(1, total + 1):
        window = page_window(number, total)
        pages = [n for n in window if n]
        assert pages == sorted(set(pages))
        assert {1, number, total} <= set(pages)
        assert all(window[i] or window[i - 1] for i in range(1, len(window)))  # never two gaps in a row
        for i, n in enumerate(window):  # a gap stands for at least one missing page
            if n == 0:
                assert window[i + 1] - window[i - 1] > 1


@pytest.mark.parametrize(("number", "total"), [(1, 5), (6, 10)])
def test_a_gap_never_hides_just_one_page(number: int, total: int) -> None:
    window = page_window(number, total)
    for i, n in enumerate(window):
        if n == 0:
            assert window[i + 1] - window[i - 1] > 2, window


def test_pagination_links_under_a_base_path() -> None:
    routes = Routes(parse_config("title: T\nbase_url: /b/\n"))
    p = pagination("people/x/", 2, 3, routes)
    assert (p.number, p.total) == (2, 3)
    assert p.prev_url == "/b/people/x/"
    assert p.next_url == "/b/people/x/page/3/"
    assert [(link.title, link.url) for link in p.pages] == [
        ("1", "/b/people/x/"), ("2", "/b/people/x/page/2/"), ("3", "/b/people/x/page/3/")]


def test_pagination_ends_have_no_prev_or_next() -> None:
    routes = Routes(parse_config("title: T\n"))
    first, last = pagination("", 1, 2, routes), pagination("", 2, 2, routes)
    assert (first.prev_url, first.next_url) == ("", "/page/2/")
    assert (last.prev_url, last.next_url) == ("/", "")


def test_gap_is_a_link_without_url() -> None:
    p = pagination("", 1, 10, Routes(parse_config("title: T\n")))
    assert [(link.title, link.url) for link in p.pages][3] == ("…", "")


def test_dates_are_written_in_english_whatever_the_locale() -> None:
    assert date_text(date(2022, 1, 8)) == "8 January 2022"
    assert date_text(date(2021, 12, 31)) == "31 December 2021"


def test_views_keep_their_digest_through_pickling() -> None:
    """Term facts are made in worker processes and sent back pickled; their
    digest decides whether term pages are rendered again."""
    import pickle

    from briefgen.render.views import Link, TermLink, TermStatsView

    view = TermStatsView("2022-01-01", "1 January 2022", "2022-02-01", "1 February 2022",
                         "<svg/>", "2 items", (), (TermLink("TASS", "/sources/tass/", 2),), ())
    back = pickle.loads(pickle.dumps(view))
    assert back == view and back.fp == view.fp and len(view.fp) == 24
    assert pickle.loads(pickle.dumps(Link("a", "/a/"))) == Link("a", "/a/")


def test_an_item_card_made_with_its_view_equals_the_views_own_card() -> None:
    """Lists get the card made beside the view; a body-only replan makes it from
    the view. Both must be the same card, digest included."""
    from briefgen.build.assemble import assemble
    from briefgen.render.views import article_view_and_card
    from briefgen.source.content import Content, parse_article
    from briefgen.source.markdown import make_markdown

    config = parse_config("title: T\n")
    text = ("---\ntitle: Lavrov <meets> Blinken\ndate: 2022-01-21T10:00:00+03:00\n"
            "updated: 2022-01-22\nsource: TASS\nsource_url: https://tass.com/1\n"
            "people: [Sergei Lavrov, Antony Blinken]\ntopics: [NATO]\n"
            "image: {src: /media/a.jpg, alt: A}\nmood: calm\n---\nSergei Lavrov spoke.\n")
    article = parse_article(text, "content/articles/a.md", config, make_markdown(False))
    site, problems, _ = assemble(config, Content((article,), (), (), ()))
    assert problems == []
    view, card = article_view_and_card(site, article, Routes(config))
    assert card == view.card() and card.fp == view.card().fp
    assert card.atom_id.startswith("urn:uuid:") and view.body_links


def test_url_uuids_are_uuid5_of_the_url() -> None:
    import random
    import uuid

    from briefgen.render.views import url_uuid

    rng = random.Random(5)
    for _ in range(2000):
        url = "https://x.org/" + "".join(rng.choice("ab/:.-_ЖŐ🙂?#%&é") for _ in range(30))
        assert url_uuid(url) == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}"


def test_updated_text_is_the_day_in_the_site_time_zone_like_the_date() -> None:
    """An item written with another zone's offset shows its date as the edition
    day in the site's zone; its correction date must be read the same way, or
    the page says it was updated the day before it was published."""
    from briefgen.build.assemble import assemble
    from briefgen.render.views import article_view_and_card
    from briefgen.source.content import Content, parse_article
    from briefgen.source.markdown import make_markdown

    config = parse_config("title: T\ntimezone: Europe/Moscow\n")
    text = ("---\ntitle: Late news\ndate: 2022-01-31T16:00:00-05:00\n"
            "updated: 2022-01-31T17:00:00-05:00\n---\nBody.\n")
    article = parse_article(text, "content/articles/a.md", config, make_markdown(False))
    site, problems, _ = assemble(config, Content((article,), (), (), ()))
    assert problems == []
    view, card = article_view_and_card(site, article, Routes(config))
    assert view.date_text == "1 February 2022"
    assert view.updated_text == card.updated_text == "1 February 2022"
    assert view.updated_iso == "2022-01-31T17:00:00-05:00"  # machine-readable: as written


@pytest.mark.parametrize("count", [0, 1, CARD_NAMES - 1, CARD_NAMES, CARD_NAMES + 1, 200])
def test_a_term_group_shows_at_most_card_names_and_counts_the_rest(count: int) -> None:
    refs = tuple(TermRef(f"P{i}", f"/people/p{i}/") for i in range(count))
    group = TermGroup("people", "People", refs)
    assert group.shown == refs[:CARD_NAMES]
    assert len(group.shown) + group.more == count
    assert group.more == max(0, count - CARD_NAMES)



def test_what_the_theme_asks_of_an_item_is_what_its_filter_chains_gave() -> None:
    """ItemCard.listed, group(), aliases and TermGroup.with_roles stand in for
    Jinja filter chains the theme had; on an item they give what those gave."""
    groups = (TermGroup("authors", "Authors", (TermRef("Ann", "/a/", aliases=("A. N.",)),), byline=True),
              TermGroup("people", "People", (TermRef("Sergey Lavrov", "/l/", role="Foreign minister",
                                                     aliases=("Lavrov", "LAVROV", "Sergei Lavrov")),
                                             TermRef("Jens Stoltenberg", "/s/", aliases=("lavrov",)))),
              TermGroup("sources", "Sources", (TermRef("TASS", "/t/"),)),
              TermGroup("topics", "Topics", (TermRef("NATO", "/n/", aliases=("Nato", "OTAN")),)),
              TermGroup("series", "Series", (TermRef("Daily", "/d/"),)))
    values: dict[str, Any] = {name: "" for name in field_names(ItemCard)}
    item = ItemCard(**{**values, "date": datetime(2022, 1, 18, tzinfo=UTC), "image": None,
                       "also_appeared_at": (), "edition": Link("18 January 2022", "/2022/01/18/"),
                       "terms": groups, "authors": groups[0].terms, "extra": {}})
    env = jinja2.Environment()
    chains = env.from_string(
        '{{ item.terms|rejectattr("byline")|rejectattr("name", "in", ("sources", "series"))|list }}|'
        '{{ item.terms|selectattr("name", "equalto", "series")|first|default(none) }}|'
        '{{ item.terms|selectattr("name", "equalto", "places")|first|default(none) }}|'
        '{{ item.terms|rejectattr("byline")|map(attribute="terms")|sum(start=())'
        '|map(attribute="aliases")|sum(start=())|unique|list }}|'
        '{% for g in item.terms %}{{ "named" if g.terms|selectattr("role")|list else "chips" }} {% endfor %}')
    ours = env.from_string(
        '{{ item.listed|list }}|{{ item.group("series") }}|{{ item.group("places") }}|'
        '{{ item.aliases|list }}|'
        '{% for g in item.terms %}{{ "named" if g.with_roles else "chips" }} {% endfor %}')
    assert ours.render(item=item) == chains.render(item=item)
    assert item.aliases == ("Lavrov", "Sergei Lavrov", "Nato", "OTAN")
