"""What a briefing reader wants to know about a person or topic, and which
items belong together: co-occurrence, activity by month, first and last
seen, covering sources, related items. Pure functions of the Site.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import chain
from operator import sub
from typing import TypeVar

from ..core.parallel import start_map
from ..source.config import AUTHORS
from ..source.records import Article
from .model import Site, Term

A = TypeVar("A")

TOP = 10  # co-occurring terms and sources shown per term
WINDOW = 15  # related items: neighbours in time considered within each shared term
SINGLE_FIELDS = frozenset({"source", "series"})  # one value per item, on its own line: not co-occurrence


@dataclass(frozen=True, slots=True)
class MonthCount:
    year: int
    month: int
    count: int


@dataclass(frozen=True, slots=True)
class Bin:
    """One bar of an activity chart: the items of the day, week or month from START."""

    start: date
    count: int


# Activity charts count by day up to a month of data, by week up to half a
# year, by month beyond: some ten to thirty bars, whatever the span.
DAYS_UP_TO, WEEKS_UP_TO = 31, 183


@dataclass(frozen=True, slots=True)
class TermStats:
    """Facts about one term, shown on its page."""

    first_seen: date | None
    last_seen: date | None
    months: tuple[MonthCount, ...]  # every month from first to last seen, zeros included
    together: tuple[tuple[Term, int], ...]  # co-occurring terms, most often first
    sources: tuple[tuple[str, int], ...]  # sources that covered it, most often first
    unit: str = "month"  # what a bar of `activity` counts: "day", "week" or "month"
    activity: tuple[Bin, ...] = ()  # every unit from first to last seen, zeros included


def linked_taxonomies(site: Site) -> list[str]:
    """Taxonomies whose terms are lists of names the news is about (people,
    topics): not a single field, and not the writers (`authors`), whose names
    are no mention, no company kept and no reason two items are related."""
    return [name for name, t in site.taxonomies.items()
            if t.config.field not in SINGLE_FIELDS and t.config.field != AUTHORS]


def author_taxonomy(site: Site) -> str:
    """The taxonomy made from items' `authors` field ("authors" by default), or ""."""
    return next((n for n, t in site.taxonomies.items() if t.config.field == AUTHORS), "")


def source_taxonomy(site: Site) -> str:
    """The taxonomy made from items' `source` field ("sources" by default), or ""."""
    return next((n for n, t in site.taxonomies.items() if t.config.field == "source"), "")


def _source_names(site: Site) -> Callable[[Article], str]:
    """An item's source as its source term is named: 'TASS' and 'tass' are one
    source to briefgen (one term, one page), so they are counted as one."""
    name = source_taxonomy(site)
    if not name:
        return lambda a: a.source

    def source(a: Article) -> str:
        terms = site.article_terms[a.key].get(name, ())
        return terms[0].name if terms else a.source

    return source


def term_stats(site: Site) -> dict[tuple[str, str], TermStats]:
    """Stats for every term, keyed by (taxonomy, term key)."""
    together = co_mentions(site)
    stats = {}
    by_key = site.by_key
    source_of = _source_names(site)
    for name, taxonomy in site.taxonomies.items():
        for term in taxonomy.terms:
            items = [by_key[k] for k in term.articles]
            days = [a.local_date for a in items]
            sources = Counter([source_of(a) for a in items if a.source]
                              if taxonomy.config.field != "source" else [])
            unit, activity = _activity(days)
            stats[(name, term.key)] = TermStats(
                first_seen=min(days, default=None),
                last_seen=max(days, default=None),
                months=_months(days),
                together=together.get((name, term.key), ()),
                sources=tuple(heapq.nsmallest(TOP, sources.items(), key=lambda kv: (-kv[1], kv[0]))),
                unit=unit,
                activity=activity,
            )
    return stats


def co_mentions(site: Site, top: int = TOP) -> dict[tuple[str, str], tuple[tuple[Term, int], ...]]:
    """For each person and topic, the `top` terms named on most of the same
    items, with how many: most first, ties by taxonomy, then term key.

    Counted one term at a time over its own items, and forgotten once its
    `top` are chosen: the pairs are never all held at once. Holding them, as
    this once did, took memory in the square of an item's names (a million
    pairs for one item naming 1,000 people). A term named by one item only,
    as most names of a long list are, shares exactly one item with each
    partner, so its top are that item's first names in tie order, read off
    the item's sorted list. Other terms count their items' names: time in
    the square of the names of an item whose names recur elsewhere, bounded
    by the limit on names per item (fields.MAX_NAMES) and spent in C: terms
    are numbered in the order of their ties, and a partner's rank is one
    integer, number - count * total, sorted as such.
    """
    names = linked_taxonomies(site)
    ordered = sorted((name, term.key) for name in names for term in site.taxonomies[name].terms)
    total = len(ordered)
    number = {k: i for i, k in enumerate(ordered)}
    terms = [site.taxonomies[name].by_key[key] for name, key in ordered]
    # Each item's people and topics as numbers, made once for all its terms.
    named: dict[str, list[int]] = {}
    first: dict[str, list[int]] = {}  # each item's top + 1 lowest numbers: a lone term's partners
    for article in site.articles:
        groups = site.article_terms[article.key]
        named[article.key] = [number[(name, t.key)] for name in names for t in groups.get(name, ())]
        first[article.key] = sorted(named[article.key])[:top + 1]
    out: dict[tuple[str, str], tuple[tuple[Term, int], ...]] = {}
    for me, (name, key) in enumerate(ordered):
        items = terms[me].articles
        if len(items) == 1:
            out[(name, key)] = tuple([(terms[n], 1) for n in first[items[0]] if n != me][:top])
            continue
        counts = Counter(chain.from_iterable([named[k] for k in items]))
        counts.pop(me, None)
        ranks = sorted(map(sub, counts.keys(), map(total.__mul__, counts.values())))[:top]
        out[(name, key)] = tuple([(terms[r % total], (r % total - r) // total) for r in ranks])
    return out


def _months(days: list[date]) -> tuple[MonthCount, ...]:
    """Items per month from the first month to the last, zeros included.

    Months are numbered year * 12 + month - 1 and counted in C; the records
    come from _month_count, which keeps one per (month, count): most months of
    most terms count 0, 1 or 2, and a 10k site has some 90,000 of them."""
    if not days:
        return ()
    counts = Counter([d.year * 12 + d.month - 1 for d in days])
    return tuple([_month_count(i, counts.get(i, 0)) for i in range(min(counts), max(counts) + 1)])


def _activity(days: list[date]) -> tuple[str, tuple[Bin, ...]]:
    """`unit` and `activity` for items on DAYS: by day, week (from Monday) or
    month, chosen from the span from first to last, zeros included."""
    if not days:
        return "month", ()
    first, last = min(days), max(days)
    span = (last - first).days + 1
    if span > WEEKS_UP_TO:
        return "month", tuple([Bin(date(m.year, m.month, 1), m.count) for m in _months(days)])
    step = 1 if span <= DAYS_UP_TO else 7
    start = first - timedelta(days=first.weekday() if step == 7 else 0)
    counts = Counter([(d - start).days // step for d in days])
    return ("day" if step == 1 else "week",
            tuple([Bin(start + timedelta(days=i * step), counts.get(i, 0))
                   for i in range(max(counts) + 1)]))


# Process-wide on purpose: one small record per (month, count), the same for
# any site and holding no site's text; maxsize bounds it (a few MB at most).
@lru_cache(maxsize=65536)
def _month_count(index: int, count: int) -> MonthCount:
    return MonthCount(index // 12, index % 12 + 1, count)


def related_items(site: Site, limit: int, jobs: int = 1) -> dict[str, tuple[str, ...]]:
    """For each item, the items sharing most people and topics with it.

    Within each shared term only the WINDOW nearest items in time are
    considered, so a topic named by thousands of items costs no more than a
    rare one; ties go to the more recent item, then title and slug. Items are
    ranked over `jobs` workers, which send back positions, not keys.
    """
    return start_related(site, limit, jobs)()[0]


def start_related(site: Site, limit: int, jobs: int = 1,
                  also: Callable[[Article], A] | None = None,
                  only: Callable[[Article], bool] | None = None,
                  ) -> Callable[[], tuple[dict[str, tuple[str, ...]], list[A | None]]]:
    """Start ranking related items over the workers; call the result for them.

    `also`, if given, runs on each item in the same pass (its results come
    back in site order), so other per-item work shares the workers' start-up.
    With `only`, just the items it accepts are ranked and given to `also`
    (the others have no related items, and None from `also`): a build that
    shows the pages of a few items needs theirs alone.
    Until the call, this process is free to build what the workers do not need.
    """
    articles = site.articles  # newest first
    rank = _ranker(site, limit) if limit > 0 else None

    def task(me: int) -> tuple[list[int], A | None]:
        return (rank(me) if rank else []), (also(articles[me]) if also else None)

    chosen: Sequence[int] = range(0)  # neither ranked nor given to `also`: no work at all
    if rank or also:
        chosen = [i for i, a in enumerate(articles) if only(a)] if only is not None else range(len(articles))
    pending = start_map(task, chosen, jobs)

    def finish() -> tuple[dict[str, tuple[str, ...]], list[A | None]]:
        done: list[tuple[list[int], A | None]] = [([], None)] * len(articles)
        for me, result in zip(chosen, pending.results(), strict=True):
            done[me] = result
        related = ({articles[me].key: tuple([articles[p].key for p in done[me][0]]) for me in chosen}
                   if rank else {})
        return related, [extra for _, extra in done] if also else []

    return finish


def _ranker(site: Site, limit: int) -> Callable[[int], list[int]]:
    """rank(position) -> the positions of the item's related items, best first."""
    articles = site.articles
    n = len(articles)
    position = {a.key: i for i, a in enumerate(articles)}
    names = linked_taxonomies(site)
    # Per term: its items as positions in `articles`, and where each item sits in it.
    spots: dict[tuple[str, str], tuple[list[int], dict[str, int]]] = {}
    for name in names:
        for term in site.taxonomies[name].terms:
            spots[(name, term.key)] = ([position[k] for k in term.articles],
                                       {k: i for i, k in enumerate(term.articles)})

    def rank(me: int) -> list[int]:
        key = articles[me].key
        near: list[int] = []
        for name in names:
            for term in site.article_terms[key].get(name, ()):
                positions, where = spots[(name, term.key)]
                i = where[key]
                near += positions[max(0, i - WINDOW): i + WINDOW + 1]
        scores = Counter(near)  # counted in C
        scores.pop(me, None)
        # Best score first, then the lower position: position - score * n sorts
        # so as plain integers, in C, without a pair or a key function each.
        return [k % n for k in sorted([p - score * n for p, score in scores.items()])[:limit]]

    return rank
