"""Term statistics, related items and the timeline chart, on small Sites built in memory."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from datetime import date

import pytest

from briefgen.build.assemble import assemble
from briefgen.render.charts import describe, month_name, timeline_svg
from briefgen.render.views import LinkCache
from briefgen.site.insights import (
    TOP,
    WINDOW,
    Bin,
    MonthCount,
    TermStats,
    co_mentions,
    related_items,
    term_stats,
)
from briefgen.site.model import Site
from briefgen.source.config import parse_config
from briefgen.source.content import Content, parse_article, parse_profile
from briefgen.source.markdown import make_markdown

MD = make_markdown(False)


def item(key: str, day: str, **front: str) -> tuple[str, str]:
    """(path, text) of an article; front matter values are written as given."""
    lines = ["---", f"title: {front.pop('title', key)}", f"date: {day}"]
    body = front.pop("body", "Body.")
    lines += [f"{k}: {v}" for k, v in front.items()]
    return f"content/articles/{key}.md", "\n".join([*lines, "---", body, ""])


def profile(key: str, front: str, taxonomy: str = "people") -> tuple[str, str]:
    return f"content/{taxonomy}/{key}.md", f"---\n{front}---\nBio.\n"


def site_of(*files: tuple[str, str], config: str = "title: T\n", jobs: int = 1,
            links: LinkCache | None = None) -> Site:
    """A Site from articles and profiles, as a build assembles it (no problems allowed)."""
    cfg = parse_config(config)
    articles, profiles = [], []
    for path, text in files:
        if path.startswith("content/articles/"):
            articles.append(parse_article(text, path, cfg, MD))
        else:
            taxonomy = path.split("/")[1]
            profiles.append(parse_profile(text, path, taxonomy, cfg, MD))
    site, problems, _ = assemble(cfg, Content(tuple(articles), tuple(profiles), (), ()), jobs,
                                 links)
    assert problems == []
    return site


def stats_of(site: Site, taxonomy: str, key: str) -> TermStats:
    stats: TermStats = site.stats[(taxonomy, key)]
    return stats


def key(name: str) -> str:
    return f"content/articles/{name}.md"


# --- term_stats: first and last seen, months --------------------------------------------------

def test_first_and_last_seen_are_the_oldest_and_newest_item_days() -> None:
    site = site_of(item("a", "2022-01-10", people="[Sergei Lavrov]"),
                   item("b", "2022-03-02", people="[Sergei Lavrov]"),
                   item("c", "2021-11-30", people="[Sergei Lavrov]"))
    stats = stats_of(site, "people", "sergei lavrov")
    assert (stats.first_seen, stats.last_seen) == (date(2021, 11, 30), date(2022, 3, 2))


def test_months_run_without_gaps_from_first_to_last_with_zeros() -> None:
    site = site_of(item("a", "2021-11-30", topics="[NATO]"), item("b", "2022-01-10", topics="[NATO]"),
                   item("c", "2022-01-20", topics="[NATO]"), item("d", "2022-03-02", topics="[NATO]"))
    assert stats_of(site, "topics", "nato").months == (
        MonthCount(2021, 11, 1), MonthCount(2021, 12, 0), MonthCount(2022, 1, 2),
        MonthCount(2022, 2, 0), MonthCount(2022, 3, 1))


def test_months_of_a_term_seen_in_one_month() -> None:
    site = site_of(item("a", "2022-01-10", topics="[NATO]"), item("b", "2022-01-31", topics="[NATO]"))
    assert stats_of(site, "topics", "nato").months == (MonthCount(2022, 1, 2),)


def test_days_and_months_are_in_the_site_time_zone() -> None:
    site = site_of(item("a", "2022-01-31T22:30:00Z", topics="[NATO]"),
                   config="title: T\ntimezone: Europe/Moscow\n")
    stats = stats_of(site, "topics", "nato")
    assert stats.first_seen == stats.last_seen == date(2022, 2, 1)
    assert stats.months == (MonthCount(2022, 2, 1),)


# --- activity: days, weeks or months, chosen from the span ------------------------------------

def test_a_month_of_items_is_charted_by_day() -> None:
    site = site_of(*[item(f"i{n}", f"2022-01-{d:02d}", topics="[NATO]")
                     for n, d in enumerate((10, 10, 12))])
    stats = stats_of(site, "topics", "nato")
    assert stats.unit == "day"
    assert [(b.start, b.count) for b in stats.activity] == [
        (date(2022, 1, 10), 2), (date(2022, 1, 11), 0), (date(2022, 1, 12), 1)]


def test_a_few_months_of_items_are_charted_by_week_from_monday() -> None:
    site = site_of(item("a", "2022-01-12", topics="[NATO]"), item("b", "2022-01-14", topics="[NATO]"),
                   item("c", "2022-03-02", topics="[NATO]"))
    stats = stats_of(site, "topics", "nato")
    assert stats.unit == "week"
    assert stats.activity[0].start == date(2022, 1, 10)  # the Monday of the first item's week
    assert [b.count for b in stats.activity] == [2, 0, 0, 0, 0, 0, 0, 1]


def test_more_than_half_a_year_is_charted_by_month() -> None:
    site = site_of(item("a", "2021-06-30", topics="[NATO]"), item("b", "2022-01-10", topics="[NATO]"))
    stats = stats_of(site, "topics", "nato")
    assert stats.unit == "month"
    assert len(stats.activity) == 8 and stats.activity[0].start == date(2021, 6, 1)


def test_the_chart_names_its_busiest_bar_only_when_one_stands_out() -> None:
    from briefgen.render.charts import describe_activity
    days = (Bin(date(2022, 1, 10), 2), Bin(date(2022, 1, 11), 0), Bin(date(2022, 1, 12), 3))
    assert describe_activity("day", days) == (
        "5 items from 10 January 2022 to 12 January 2022; the busiest day was 12 January 2022 with 3.")
    weeks = (Bin(date(2022, 1, 10), 1), Bin(date(2022, 1, 17), 1))
    assert describe_activity("week", weeks) == (
        "2 items from the week of 10 January 2022 to the week of 17 January 2022, "
        "never more than one a week.")


def test_items_of_one_day_make_one_bar_and_no_chart() -> None:
    from briefgen.render.charts import activity_svg
    site = site_of(item("a", "2022-01-10", topics="[NATO]"), item("b", "2022-01-10", topics="[NATO]"))
    stats = stats_of(site, "topics", "nato")
    assert len(stats.activity) == 1
    assert activity_svg(stats.unit, stats.activity, "t") == ""


def test_a_profile_without_items_has_empty_stats() -> None:
    site = site_of(item("a", "2022-01-10", people="[Antony Blinken]"),
                   profile("nobody", "name: Nobody Yet\n"))
    stats = stats_of(site, "people", "nobody yet")
    assert (stats.first_seen, stats.last_seen, stats.months, stats.together, stats.sources) == \
        (None, None, (), (), ())


# --- term_stats: often mentioned with, sources --------------------------------------------------

def together(site: Site, taxonomy: str, key: str) -> list[tuple[str, str, int]]:
    return [(t.taxonomy, t.name, n) for t, n in stats_of(site, taxonomy, key).together]


def test_co_occurring_terms_most_often_first_never_the_term_itself() -> None:
    site = site_of(
        item("a", "2022-01-10", people="[Sergei Lavrov, Antony Blinken]", topics="[NATO, Ukraine]"),
        item("b", "2022-01-11", people="[Sergei Lavrov, Antony Blinken]", topics="[NATO]"),
        item("c", "2022-01-12", people="[Sergei Lavrov, Wendy Sherman]", topics="[NATO]"),
        item("d", "2022-01-13", people="[Antony Blinken]", topics="[Ukraine]"))
    assert together(site, "people", "sergei lavrov") == [
        ("topics", "NATO", 3), ("people", "Antony Blinken", 2),
        ("people", "Wendy Sherman", 1), ("topics", "Ukraine", 1)]
    assert together(site, "topics", "nato") == [
        ("people", "Sergei Lavrov", 3), ("people", "Antony Blinken", 2),
        ("people", "Wendy Sherman", 1), ("topics", "Ukraine", 1)]


def test_sources_and_series_are_not_co_occurring_terms() -> None:
    site = site_of(item("a", "2022-01-10", people="[Sergei Lavrov]", source="TASS", series="RUSSIALINK"))
    assert together(site, "people", "sergei lavrov") == []
    assert together(site, "sources", "tass") == []


def test_at_most_top_co_occurring_terms_ties_in_a_stable_order() -> None:
    names = [f"Person {i:02d}" for i in range(TOP + 3)]
    site = site_of(item("a", "2022-01-10", topics="[NATO]", people="[" + ", ".join(names) + "]"))
    assert together(site, "topics", "nato") == [("people", n, 1) for n in names[:TOP]]


def test_aliases_count_as_the_same_term() -> None:
    site = site_of(item("a", "2022-01-10", people="[Lavrov]", topics="[NATO]"),
                   item("b", "2022-01-11", people="[Sergei Lavrov]", topics="[NATO]"),
                   profile("lavrov", "name: Sergei Lavrov\naliases: [Lavrov]\n"))
    assert together(site, "topics", "nato") == [("people", "Sergei Lavrov", 2)]


def brute_force_co_mentions(site: Site) -> dict[tuple[str, str], list[tuple[str, str, int]]]:
    """Every pair of linked terms on every item, counted, ranked: the definition,
    without co_mentions' shortcuts (numbering, lone terms)."""
    pairs: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for article in site.articles:
        named = [(t, term.key) for t in ("people", "topics")
                 for term in site.article_terms[article.key].get(t, ())]
        for a in named:
            pairs[a].update(b for b in named if b != a)
    return {a: [(t, k, n) for (t, k), n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]
            for a, c in pairs.items()}


def as_keys(site: Site) -> dict[tuple[str, str], list[tuple[str, str, int]]]:
    return {a: [(t.taxonomy, t.key, n) for t, n in top]
            for a, top in co_mentions(site).items() if top}


@pytest.mark.parametrize("seed", range(6))
def test_co_mentions_equal_counting_every_pair(seed: int) -> None:
    """Random sites mixing terms named once (the lone-term shortcut), terms
    named on many items, long lists and items naming nothing."""
    rng = random.Random(seed)
    files = []
    for i in range(40):
        people = rng.sample(range(60), rng.choice([0, 1, 3, 5, 25]))
        topics = rng.sample(range(8), rng.randint(0, 3))
        files.append(item(f"i{i:02d}", f"2022-01-{i % 28 + 1:02d}",
                          people="[" + ", ".join(f"P{p:02d}" for p in people) + "]",
                          topics="[" + ", ".join(f"T{t}" for t in topics) + "]"))
    site = site_of(*files)
    assert as_keys(site) == brute_force_co_mentions(site)


def test_a_term_named_once_gets_its_items_first_names_in_tie_order_never_itself() -> None:
    people = [f"Person {i:02d}" for i in range(TOP + 5)]
    site = site_of(item("a", "2022-01-10", people="[" + ", ".join(reversed(people)) + "]",
                        topics="[NATO]"))
    # Ties go by taxonomy, then key: people before topics, Person 00 before Person 01.
    assert together(site, "people", "person 00") == [("people", n, 1) for n in people[1:TOP + 1]]
    assert together(site, "people", "person 05") == \
        [("people", n, 1) for n in people[:TOP + 1] if n != "Person 05"]
    assert together(site, "topics", "nato") == [("people", n, 1) for n in people[:TOP]]


def test_a_term_named_again_elsewhere_ranks_shared_names_first() -> None:
    people = [f"Person {i:02d}" for i in range(TOP + 5)]
    site = site_of(item("a", "2022-01-10", people="[" + ", ".join(people) + "]"),
                   item("b", "2022-01-11", people="[Person 14, Zoe]", topics="[NATO]"))
    assert together(site, "people", "person 14") == [
        ("people", "Person 00", 1), ("people", "Person 01", 1), ("people", "Person 02", 1),
        ("people", "Person 03", 1), ("people", "Person 04", 1), ("people", "Person 05", 1),
        ("people", "Person 06", 1), ("people", "Person 07", 1), ("people", "Person 08", 1),
        ("people", "Person 09", 1)]
    site = site_of(item("a", "2022-01-10", people="[" + ", ".join(people) + "]"),
                   item("b", "2022-01-11", people="[Person 14, Person 13, Zoe]"))
    assert together(site, "people", "person 14")[:3] == [
        ("people", "Person 13", 2), ("people", "Person 00", 1), ("people", "Person 01", 1)]


def test_co_mentions_hold_only_the_top_per_term() -> None:
    people = [f"P{i:03d}" for i in range(150)]
    site = site_of(item("a", "2022-01-10", people="[" + ", ".join(people) + "]"),
                   item("b", "2022-01-11", people="[" + ", ".join(people[::2]) + "]"))
    top = co_mentions(site, top=3)
    assert len(top) == 150
    assert all(len(partners) == 3 for partners in top.values())
    assert [(t.name, n) for t, n in top[("people", "p000")]] == [("P002", 2), ("P004", 2), ("P006", 2)]
    assert [(t.name, n) for t, n in top[("people", "p001")]] == [("P000", 1), ("P002", 1), ("P003", 1)]


def test_covering_sources_most_often_first_then_by_name() -> None:
    site = site_of(item("a", "2022-01-10", topics="[NATO]", source="Reuters"),
                   item("b", "2022-01-11", topics="[NATO]", source="TASS"),
                   item("c", "2022-01-12", topics="[NATO]", source="TASS"),
                   item("d", "2022-01-13", topics="[NATO]", source="AP"),
                   item("e", "2022-01-14", topics="[NATO]"))
    assert stats_of(site, "topics", "nato").sources == (("TASS", 2), ("AP", 1), ("Reuters", 1))


def test_stats_are_a_pure_function_of_the_site() -> None:
    site = site_of(item("a", "2022-01-10", people="[Sergei Lavrov]", topics="[NATO]", source="TASS"))
    assert term_stats(site) == site.stats
    assert set(site.stats) == {("people", "sergei lavrov"), ("topics", "nato"), ("sources", "tass")}


def test_stats_are_made_for_every_taxonomy() -> None:
    site = site_of(item("a", "2022-01-10", source="TASS", series="RUSSIALINK"))
    assert stats_of(site, "sources", "tass").first_seen == date(2022, 1, 10)
    assert stats_of(site, "series", "russialink").months == (MonthCount(2022, 1, 1),)


# --- related items -----------------------------------------------------------------------------

def test_related_items_share_most_people_and_topics() -> None:
    site = site_of(
        item("main", "2022-01-10", people="[Sergei Lavrov, Antony Blinken]", topics="[NATO]"),
        item("three", "2022-01-05", people="[Sergei Lavrov, Antony Blinken]", topics="[NATO]"),
        item("two", "2022-01-01", people="[Antony Blinken]", topics="[NATO]"),
        item("one", "2022-01-20", topics="[NATO]"),
        item("none", "2022-01-11", people="[Wendy Sherman]", topics="[Ukraine]"))
    assert site.related[key("main")] == (key("three"), key("two"), key("one"))


def test_an_item_is_never_related_to_itself_and_unrelated_items_stay_out() -> None:
    site = site_of(item("a", "2022-01-10", topics="[NATO]"), item("b", "2022-01-11", topics="[Ukraine]"))
    assert site.related == {key("a"): (), key("b"): ()}


def test_ties_go_to_the_newest_item_then_title_then_slug() -> None:
    site = site_of(item("main", "2022-01-10", topics="[NATO]"),
                   item("old", "2022-01-01", topics="[NATO]"),
                   item("new", "2022-01-20", topics="[NATO]"),
                   item("mid-b", "2022-01-05", topics="[NATO]", title="Bravo"),
                   item("mid-a", "2022-01-05", topics="[NATO]", title="Alpha"))
    assert site.related[key("main")] == (key("new"), key("mid-a"), key("mid-b"), key("old"))


def test_the_limit_caps_related_items_and_zero_turns_them_off() -> None:
    files = [item(f"i{n}", f"2022-01-{n + 1:02d}", topics="[NATO]") for n in range(8)]
    assert all(len(r) == 3 for r in site_of(*files, config="title: T\nrelated: {limit: 3}\n")
               .related.values())
    assert all(len(r) == 5 for r in site_of(*files).related.values())  # the default
    assert site_of(*files, config="title: T\nrelated: {limit: 0}\n").related == {}
    assert related_items(site_of(*files), 0) == {}


def test_sources_and_series_do_not_make_items_related() -> None:
    site = site_of(item("a", "2022-01-10", source="TASS", series="RUSSIALINK"),
                   item("b", "2022-01-11", source="TASS", series="RUSSIALINK"))
    assert site.related == {key("a"): (), key("b"): ()}


def test_only_the_nearest_items_of_each_shared_term_are_considered() -> None:
    # "main" is the newest; twenty older items share NATO with it, nearest first.
    # The oldest ("far") also shares a person, but lies beyond NATO's window, so
    # it scores 1, like the nearer ones, and loses the tie to newer items.
    files = [item("main", "2022-02-01", topics="[NATO]", people="[Sergei Lavrov]")]
    files += [item(f"n{i:02d}", f"2022-01-{30 - i:02d}", topics="[NATO]") for i in range(WINDOW + 4)]
    files.append(item("far", "2022-01-01", topics="[NATO]", people="[Sergei Lavrov]"))
    site = site_of(*files)
    assert WINDOW == 15
    assert site.related[key("main")] == tuple(key(f"n{i:02d}") for i in range(5))
    # Inside the window the same person lifts it to the top.
    near = site_of(*files[:3], item("far", "2022-01-01", topics="[NATO]", people="[Sergei Lavrov]"))
    assert near.related[key("main")][0] == key("far")


def test_related_items_do_not_depend_on_the_order_files_were_read() -> None:
    files = [item(f"i{n}", f"2022-01-{n % 9 + 1:02d}", topics=f"[T{n % 3}, T{n % 4}]",
                  people=f"[P{n % 5}]", title=f"Item {n % 4}") for n in range(30)]
    first = site_of(*files).related
    shuffled = files[:]
    random.Random(7).shuffle(shuffled)
    assert site_of(*shuffled).related == first


def test_related_items_over_workers_equal_those_made_in_one_process() -> None:
    # Enough items for the forked workers to be used (parallel.MIN_ITEMS).
    files = [item(f"i{n:03d}", f"2022-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
                  topics=f"[T{n % 7}, T{n % 11}]", people=f"[P{n % 13}, P{n % 5}]",
                  title=f"Item {n % 9}") for n in range(450)]
    site = site_of(*files)
    one = related_items(site, 5, jobs=1)
    assert related_items(site, 5, jobs=2) == one
    assert all(0 < len(v) <= 5 and k not in v for k, v in one.items())


def test_a_site_assembled_over_workers_equals_one_assembled_in_one_process() -> None:
    """Related items and entity links are found in one pass over the workers."""
    files = [item(f"i{n:03d}", f"2022-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
                  topics=f"[T{n % 7}]", people=f"[P{n % 13}]",
                  body=f"P{(n + 1) % 13} met P{n % 13} about T{n % 7}.") for n in range(450)]
    links: list[LinkCache] = [{}, {}]
    one, two = (site_of(*files, jobs=jobs, links=links[jobs - 1]) for jobs in (1, 2))
    assert one.related == two.related and one.stats == two.stats
    assert links[0] == links[1] and len(links[0]) == 450
    assert sum(bool(edits) for _, _, edits in links[0].values()) == 450


# --- the chart ---------------------------------------------------------------------------------

def test_describe_says_what_the_chart_shows() -> None:
    months = (MonthCount(2021, 12, 2), MonthCount(2022, 1, 0), MonthCount(2022, 2, 5))
    assert describe(months) == ("7 items from December 2021 to February 2022; the busiest month "
                                "was February 2022 with 5.")


def test_describe_one_item_in_one_month() -> None:
    assert describe((MonthCount(2022, 1, 1),)) == \
        "1 item from January 2022; the busiest month was January 2022 with 1."


def test_describe_a_tie_names_the_earliest_busiest_month() -> None:
    months = (MonthCount(2022, 1, 3), MonthCount(2022, 2, 1), MonthCount(2022, 3, 3))
    assert describe(months).endswith("the busiest month was January 2022 with 3.")


def test_describe_nothing_and_another_noun() -> None:
    assert describe(()) == "No items yet."
    assert describe((), noun="mention") == "No mentions yet."
    assert describe((MonthCount(2022, 1, 2),), noun="mention").startswith("2 mentions from January 2022")


def test_month_name() -> None:
    assert month_name(MonthCount(2022, 9, 4)) == "September 2022"


def test_timeline_svg_is_accessible_with_a_bar_per_month() -> None:
    months = (MonthCount(2022, 1, 2), MonthCount(2022, 2, 0), MonthCount(2022, 3, 1))
    svg = timeline_svg(months, "timeline-nato")
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert 'aria-labelledby="timeline-nato-t timeline-nato-d"' in svg
    assert '<title id="timeline-nato-t">Items per month</title>' in svg
    assert f'<desc id="timeline-nato-d">{describe(months)}</desc>' in svg
    assert svg.count("<rect ") == 3
    assert "<title>February 2022: 0</title>" in svg
    assert 'height="0.0"' in svg  # the empty month has no bar


def test_timeline_bars_are_placed_and_sized_exactly() -> None:
    months = (MonthCount(2022, 1, 2), MonthCount(2022, 2, 0), MonthCount(2022, 3, 1))
    assert re.findall(r"<rect [^>]*>", timeline_svg(months, "t")) == [
        '<rect x="0" y="2.0" width="39" height="118.0">',
        '<rect x="40" y="120.0" width="39" height="0.0">',
        '<rect x="80" y="61.0" width="39" height="59.0">',
    ]


@pytest.mark.parametrize("count", [2, 3, 14, 15, 16, 97, 240, 601])
def test_timeline_bars_are_the_numbers_the_chart_formula_gives(count: int) -> None:
    """Bars are printed from remembered columns and heights: each must still be
    the number its formula gives, rounded to two places, for any chart length."""
    months = tuple(MonthCount(2000 + i // 12, i % 12 + 1, (i * 7919) % 23) for i in range(count))
    top = max(m.count for m in months) or 1
    bar = min(600 / count, 40)
    expected = []
    for i, m in enumerate(months):
        h = round(m.count / top * 118, 2)
        expected.append(f'<rect x="{round(i * bar, 2)}" y="{round(120 - h, 2)}" '
                        f'width="{round(max(bar - 1, 0.5), 2)}" height="{h}">')
    assert re.findall(r"<rect [^>]*>", timeline_svg(months, "t")) == expected


def test_timeline_svg_of_no_months_is_empty() -> None:
    assert timeline_svg((), "x") == ""


def test_a_chart_of_one_bar_is_left_out() -> None:
    """One bar says nothing the sentence beside it does not."""
    assert timeline_svg((MonthCount(2022, 1, 5),), "x") == ""


@pytest.mark.parametrize("count", [2, 7, 240])
def test_timeline_bars_fit_the_chart(count: int) -> None:
    months = tuple(MonthCount(2000 + i // 12, i % 12 + 1, i % 5 + 1) for i in range(count))
    svg = timeline_svg(months, "t")
    bars = [tuple(map(float, b)) for b in
            re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)">', svg)]
    assert len(bars) == count
    assert max(h for _, _, _, h in bars) == 118.0  # the busiest month fills the chart
    assert all(x + w <= 600 and y + h == pytest.approx(120) for x, y, w, h in bars)
    assert [x for x, _, _, _ in bars] == sorted(x for x, _, _, _ in bars)  # oldest month first


def test_a_plan_made_over_workers_equals_one_made_in_one_process() -> None:
    # Enough terms for their facts to be made by forked workers (parallel.MIN_ITEMS).
    from briefgen.build.incremental import page_key
    from briefgen.render.plan import plan_site
    from briefgen.render.routes import Routes

    files = [item(f"i{n:03d}", f"2022-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
                  topics=f"[T{n}, T{n % 9}]", people=f"[P{n % 13}]") for n in range(420)]
    site = site_of(*files)
    routes = Routes(site.config)
    one, two = plan_site(site, routes, jobs=1), plan_site(site, routes, jobs=2)
    assert [j.path for j in one.jobs] == [j.path for j in two.jobs]
    assert ([page_key(j.template, j.context) for j in one.jobs]
            == [page_key(j.template, j.context) for j in two.jobs])
