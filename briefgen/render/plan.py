"""Plan every page of the site: which path, which template, what context.

Planning is pure: it reads the Site and returns jobs; rendering and writing
happen elsewhere, so jobs can be compared, cached or sent to workers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, NamedTuple

from ..core.dates import date_text
from ..core.errors import Problem
from ..core.parallel import start_map
from ..core.paths import output_file
from ..site.model import Site, Term
from ..site.taxonomy import index_order
from ..source.listing import MARKDOWN_SUFFIXES
from ..source.records import Article
from .routes import Routes
from .views import (
    WEEKDAYS,
    ArticleView,
    ItemCard,
    Link,
    LinkCache,
    PageInfo,
    TermLink,
    TermRefs,
    TermStatsView,
    atom_id,
    body_links,
    day_groups,
    item_card,
    page_view,
    pagination,
    site_view,
    term_groups,
    term_lang,
    term_stats_view,
    term_view,
    view_of_card,
)


@dataclass(frozen=True, slots=True)
class Job:
    """One output file: its site path, template and template context."""

    path: str
    template: str
    context: dict[str, Any]
    source: str  # what asked for it, named in collision errors
    line: int = 1  # where in `source` its URL is decided


@dataclass(frozen=True, slots=True)
class Plan:
    jobs: tuple[Job, ...]
    problems: tuple[Problem, ...]


class CachedItem(NamedTuple):
    """An item's view and card as last made, and the record they were made from."""

    article: Article
    view: ArticleView
    card: ItemCard  # its terms (card.terms) are the item's term groups


ViewCache = dict[str, CachedItem]  # article key -> what was made for it, reused while it matches


def plan_site(site: Site, routes: Routes, cache: ViewCache | None = None,
              links: LinkCache | None = None, jobs: int = 1,
              started: Callable[[list[Job]], None] | None = None,
              cards: Cards | None = None, preview: bool = False) -> Plan:
    """Every page of the site, checked for two pages on one path.

    `cache` keeps item views between runs of one Builder: a view is reused
    while its article record, its terms' names and slugs and its links are
    unchanged. `cards` are item_cards(site, routes, cache), when made already.
    `started`, if given, receives the item pages as soon as they are planned
    (they are the plan's first jobs, the same objects), so that workers can
    render them while this process plans the lists, terms and feeds.
    `preview`: the plan is for `briefgen serve` (a build option, not a
    setting), whose search index is made in the background.
    """
    # assemble() found the bodies' links over the workers; any still missing
    # (a site assembled with another cache) are found item by item below.
    links = {} if links is None else links
    cache = {} if cache is None else cache
    every = [t for taxonomy in site.taxonomies.values() for t in taxonomy.terms]

    # The facts on each term's first page (its timeline chart above all) are
    # made over the workers while this process makes the items' views.
    stats = start_map(lambda t: term_stats_view(site, t, routes), every, jobs)
    if cards is None:
        cards = item_cards(site, routes, cache)
    views = _article_views(site, cards, cache, links, routes)
    base = {"site": site_view(site, routes)}
    items = _with_base(base, _articles(site, views, cards.__getitem__, routes))
    stats_of = {(t.taxonomy, t.key): v for t, v in zip(every, stats.results(), strict=True)}
    if started is not None:
        started(items)
    pages: list[Job] = []
    pages += _listing("", "home.html", site.config.title, "home", "",
                      [cards[a.key] for a in site.articles], site, routes,
                      list_title="Latest items", by_day=True)
    pages += _terms(site, views, cards, routes, stats_of)
    pages += _editions(site, cards, routes)
    pages += _singles(site, views, routes, preview, [cards[a.key] for a in site.articles[:LATEST]])
    pages += _alias_jobs(site, routes)
    pages += _redirects_file(site, routes)
    pages.append(_headers_file(routes))
    pages = items + _with_base(base, pages)
    pages.append(_with_base(base, [_sitemap(pages, routes)])[0])
    return Plan(tuple(pages), tuple(_collisions(pages)))


def _with_base(base: dict[str, Any], jobs: list[Job]) -> list[Job]:
    """JOBS with what every page's context holds (the site) added."""
    return [Job(j.path, j.template, {**base, **j.context}, j.source, j.line) for j in jobs]


def replan_bodies(site: Site, plan: Plan, changed: Sequence[str], routes: Routes,
                  cache: ViewCache, links: LinkCache | None = None) -> tuple[Plan, list[Job]]:
    """The plan after edits that changed only item bodies, and the jobs that changed.

    A body shows on its item's page and in the feeds that carry the item, and
    nowhere else (lists show cards, whose inputs did not change), so only
    those jobs are planned again; every other job is kept as it was.
    """
    base = {"site": plan.jobs[0].context["site"]} if plan.jobs else {}
    views = {}
    for key in changed:
        article = site.by_key[key]
        card = cache[key].card  # the same: only the body changed
        changed_view = view_of_card(card, article, body_links(site, article, links, routes))
        cache[key] = CachedItem(article, changed_view, card)
        views[key] = changed_view

    def view(key: str) -> ArticleView:
        return views.get(key) or cache[key].view

    new = _with_base(base, _body_jobs(site, changed, view, lambda k: cache[k].card, routes))
    by_path = {j.path: j for j in new}
    jobs = tuple(by_path.get(j.path, j) for j in plan.jobs)
    return Plan(jobs, plan.problems), new


def plan_bodies(site: Site, changed: Sequence[str], routes: Routes,
                links: LinkCache | None = None) -> list[Job]:
    """The jobs that edits to the bodies of the items CHANGED (and nothing else)
    change, planned from SITE alone: the items' pages and the feeds that carry
    them, as replan_bodies finds them, but with no last plan to patch (a
    `briefgen build` after such an edit, whose last plan is not kept). The
    cards and views those pages show are made for them alone; every other
    page is as the last build left it.
    """
    refs: TermRefs = {}
    cards: Cards = {}
    views: dict[str, ArticleView] = {}

    def card(key: str) -> ItemCard:
        if key not in cards:
            article = site.by_key[key]
            cards[key] = item_card(site, article, routes, term_groups(site, article, routes, refs))
        return cards[key]

    def view(key: str) -> ArticleView:
        if key not in views:
            article = site.by_key[key]
            views[key] = view_of_card(card(key), article, body_links(site, article, links, routes))
        return views[key]

    return _with_base({"site": site_view(site, routes)}, _body_jobs(site, changed, view, card, routes))


def _body_jobs(site: Site, changed: Sequence[str], view: Callable[[str], ArticleView],
               card: Callable[[str], ItemCard], routes: Routes) -> list[Job]:
    """The pages that show the bodies of the items CHANGED: their own, the site
    feed when one is among its newest, and each term feed that carries one."""
    limit = site.config.feed_limit
    jobs: list[Job] = _articles(site, {k: view(k) for k in changed}, card, routes,
                                [site.by_key[k] for k in changed])
    edited = set(changed)
    if any(a.key in edited for a in site.articles[:limit]):
        jobs.append(_site_feed(site, view, routes))
    feeds = {}
    for key in changed if site.config.term_feeds else ():
        for terms in site.article_terms[key].values():
            for term in terms:
                if key in term.articles[:limit]:
                    feeds[routes.term_feed(term)] = _term_feed(site, term, view, routes)
    return jobs + list(feeds.values())


Cards = dict[str, ItemCard]  # article key -> its card


def item_cards(site: Site, routes: Routes, cache: ViewCache | None = None) -> Cards:
    """Every item's card, reused from CACHE while the item and its terms are unchanged.

    Cards need no entity links, so a build makes them while its workers are
    still finding those links (see assemble's `meanwhile`).
    """
    cache = {} if cache is None else cache
    refs: TermRefs = {}
    cards: Cards = {}
    for article in site.articles:
        groups = term_groups(site, article, routes, refs)
        hit = cache.get(article.key)
        if hit is not None and hit.article is article and hit.card.terms == groups:
            cards[article.key] = hit.card
        else:
            cards[article.key] = item_card(site, article, routes, groups)
    return cards


def _article_views(site: Site, cards: Cards, cache: ViewCache, links: LinkCache | None,
                   routes: Routes) -> dict[str, ArticleView]:
    """Every item's view: its card's values with its body and the body's links."""
    views = {}
    for article in site.articles:
        card = cards[article.key]
        edits = body_links(site, article, links, routes)
        hit = cache.get(article.key)
        if hit is None or hit.card is not card or hit.view.body_links != edits:
            hit = cache[article.key] = CachedItem(article, view_of_card(card, article, edits), card)
        views[article.key] = hit.view
    for gone in set(cache) - set(views):
        del cache[gone]
    return views


def _info(routes: Routes, path: str, title: str, kind: str, **more: Any) -> PageInfo:
    return PageInfo(title=title, path=path, url=routes.url(path),
                    canonical=routes.absolute(path), kind=kind, **more)


def _articles(site: Site, views: dict[str, ArticleView], card: Callable[[str], ItemCard],
              routes: Routes, articles: Sequence[Article] | None = None) -> list[Job]:
    jobs = []
    for article in site.articles if articles is None else articles:
        view = views[article.key]
        path = routes.article(article)
        info = _info(routes, path, article.title, "article", description=article.summary)
        related = tuple(card(k) for k in site.related.get(article.key, ()))
        jobs.append(Job(path, "article.html", {"page": info, "article": view, "related": related},
                        article.key, article.line))
    return jobs


def _listing(first: str, template: str, title: str, kind: str, source: str,
             items: Sequence[ItemCard], site: Site, routes: Routes, list_title: str = "",
             first_page: dict[str, Any] | None = None, source_line: int = 1,
             by_day: bool = False, **context: Any) -> list[Job]:
    """A paginated list of items (home, a term), `per_page` each; BY_DAY adds
    `days`, each page's items grouped by their edition day."""
    per = site.config.per_page
    total = max(1, -(-len(items) // per))
    jobs = []
    for number in range(1, total + 1):
        path = routes.paged(first, number)
        page_title = title if number == 1 else f"{list_title or title} — page {number}"
        info = _info(routes, path, page_title, kind, description=site.config.description,
                     feed_url=context.get("feed_url", routes.url(routes.FEED)),
                     feed_title=context.get("feed_title", site.config.title))
        shown = items[(number - 1) * per: number * per]
        days = {"days": day_groups(shown, lambda c: site.by_key[c.key].local_date)} if by_day else {}
        jobs.append(Job(path, template, {
            "page": info,
            "items": shown,
            **days,
            "pagination": pagination(first, number, total, routes),
            **context,
            **((first_page or {}) if number == 1 else {}),
        }, source or path, source_line))
    return jobs


def _terms(site: Site, views: dict[str, ArticleView], cards: dict[str, ItemCard],
           routes: Routes, stats_of: dict[tuple[str, str], TermStatsView]) -> list[Job]:
    jobs = []
    for name, taxonomy in site.taxonomies.items():
        title = taxonomy.config.title
        links = tuple(TermLink(t.name, routes.url(routes.term(t)), len(t.articles),
                               t.profile.role if t.profile else "", term_lang(site, t))
                      for t in index_order(taxonomy))
        path = routes.taxonomy(name)
        jobs.append(Job(path, "terms.html", {
            "page": _info(routes, path, title, "terms"),
            "taxonomy": Link(title, routes.url(path)),
            "terms": links,
        }, f"taxonomy {name}"))
        for term in taxonomy.terms:
            view = term_view(site, term, routes)
            source = term.profile.key if term.profile else f"{name} {term.name!r}"
            jobs += _listing(routes.term(term), "term.html", term.name, "term", source,
                             [cards[k] for k in term.articles],
                             site, routes, source_line=_slug_line(term), term=view, feed_url=view.feed_url,
                             feed_title=f"{site.config.title}: {term.name}",
                             first_page={"stats": stats_of[(term.taxonomy, term.key)]})
            if site.config.term_feeds:
                jobs.append(_term_feed(site, term, views.__getitem__, routes))
        jobs += _redirect_jobs(name, taxonomy.redirects, routes)
    return jobs


def _redirect_jobs(name: str, redirects: dict[str, Term], routes: Routes) -> list[Job]:
    """Pages at a renamed term's old URL pointing to its new one."""
    jobs = []
    for old, term in sorted(redirects.items()):
        path = routes.term_slug(name, old)
        target = routes.term(term)
        jobs.append(Job(path, "redirect.html", {
            "page": PageInfo(title=f"{term.name} has moved", path=path, url=routes.url(path),
                             canonical=routes.absolute(target), kind="redirect", noindex=True),
            "target": Link(term.name, routes.url(target)),
        }, term.profile.key if term.profile else f"{name} {term.name!r}"))
    return jobs


def _alias_jobs(site: Site, routes: Routes) -> list[Job]:
    """A page at each old URL an item or standalone page lists in `aliases`,
    pointing to its URL (not at its URL itself, where its page is: a site
    brought from another generator may list an item's URL among its aliases)."""
    jobs = []
    moved = [(a.key, a.title, routes.article(a), a.aliases) for a in site.articles]
    moved += [(p.key, p.title, routes.page(p), p.aliases) for p in site.pages if p.aliases]
    for key, title, target, aliases in moved:
        for alias, line in aliases:
            path = routes.alias(alias)
            if path == target:
                continue
            jobs.append(Job(path, "redirect.html", {
                "page": PageInfo(title=f"{title} has moved", path=path, url=routes.url(path),
                                 canonical=routes.absolute(target), kind="redirect", noindex=True),
                "target": Link(title, routes.url(target)),
            }, key, line))
    return jobs


def _redirects_file(site: Site, routes: Routes) -> list[Job]:
    """A _redirects file (Netlify, Cloudflare Pages) for every old term and item URL."""
    rules = [(routes.url(job.path), job.context["target"].url) for job in _alias_jobs(site, routes)]
    for name, taxonomy in site.taxonomies.items():
        for old, term in sorted(taxonomy.redirects.items()):
            source, target = routes.url(routes.term_slug(name, old)), routes.url(routes.term(term))
            rules += [(source, target), (source + "*", target + ":splat")]
    if not rules:
        return []
    return [Job(routes.REDIRECTS, "redirects.txt", {"rules": rules}, "redirects")]


def _headers_file(routes: Routes) -> Job:
    """A _headers file (Netlify, Cloudflare Pages): security headers for every
    page, a Content-Security-Policy the theme's pages keep, and long caching
    for the search index's files, which are named by their bytes."""
    return Job(routes.HEADERS, "headers.txt", {"base": routes.url("")}, "headers")


def _editions(site: Site, cards: dict[str, ItemCard], routes: Routes) -> list[Job]:
    by_day: dict[date, list[Article]] = defaultdict(list)
    for article in site.articles:
        by_day[article.local_date].append(article)
    days = sorted(by_day)
    jobs = []
    for i, day in enumerate(days):
        path = routes.edition(day)
        older = Link(date_text(days[i - 1]), routes.url(routes.edition(days[i - 1]))) if i else None
        newer = (Link(date_text(days[i + 1]), routes.url(routes.edition(days[i + 1])))
                 if i + 1 < len(days) else None)
        jobs.append(Job(path, "edition.html", {
            "page": _info(routes, path, f"Edition of {date_text(day)}", "edition"),
            "edition": {"date": day, "date_text": date_text(day), "iso": day.isoformat(),
                        "weekday": WEEKDAYS[day.weekday()], "previous": older, "next": newer},
            "items": [cards[a.key] for a in by_day[day]],
            "groups": _edition_groups(site, by_day[day], cards),
        }, path))
    months: dict[tuple[int, int], list[tuple[date, int]]] = defaultdict(list)
    for day in reversed(days):
        months[(day.year, day.month)].append((day, len(by_day[day])))
    archive = [{"title": f"{date_text(entries[0][0]).split(' ', 1)[1]}",
                "days": [{"date_text": date_text(d), "url": routes.url(routes.edition(d)),
                          "count": n, "iso": d.isoformat()} for d, n in entries]}
               for entries in months.values()]
    jobs.append(Job(routes.ARCHIVE, "archive.html", {
        "page": _info(routes, routes.ARCHIVE, "Archive", "archive"),
        "months": archive,
    }, "archive"))
    return jobs


@dataclass(frozen=True, slots=True)
class EditionGroup:
    """Items of one series (or topic) in a daily edition."""

    title: str
    anchor: str
    items: tuple[ItemCard, ...]


def _edition_groups(site: Site, articles: list[Article],
                    cards: dict[str, ItemCard]) -> tuple[EditionGroup, ...]:
    """A day's items grouped by series or first topic (editions.group_by), named groups
    in alphabetical order, then items without one; empty when grouping is off."""
    by = site.config.edition_group_by
    if by == "none":
        return ()
    groups: dict[str, list[ItemCard]] = defaultdict(list)
    names: dict[str, str] = {"": "Other items"}
    for article in articles:
        terms = site.article_terms[article.key].get(by, ())
        key = terms[0].slug if terms else ""
        if terms:
            names[key] = terms[0].name
        groups[key].append(cards[article.key])
    order = sorted(groups, key=lambda k: (k == "", names[k].casefold(), k))
    return tuple(EditionGroup(names[k], f"{by}-{k}" if k else "ungrouped", tuple(groups[k]))
                 for k in order)


def _site_feed(site: Site, view: Callable[[str], ArticleView], routes: Routes) -> Job:
    return _feed(routes.FEED, site.config.title, "",
                 [view(a.key) for a in site.articles[:site.config.feed_limit]], site, routes,
                 "site feed")


def _term_feed(site: Site, term: Term, view: Callable[[str], ArticleView], routes: Routes) -> Job:
    source = term.profile.key if term.profile else f"{term.taxonomy} {term.name!r}"
    job = _feed(routes.term_feed(term), f"{site.config.title}: {term.name}", routes.term(term),
                [view(k) for k in term.articles[:site.config.feed_limit]], site, routes, source)
    return replace(job, line=_slug_line(term))


def _slug_line(term: Term) -> int:
    """The line that decides a term's URL: its profile's `slug` (or `name`) line."""
    return term.profile.slug_line if term.profile else 1


def _feed(path: str, title: str, alternate: str, items: Sequence[ArticleView], site: Site,
          routes: Routes, source: str) -> Job:
    entries = list(items[: site.config.feed_limit])
    # Compare instants, not strings: offsets differ between items.
    updated = max((e.updated_iso or e.date_iso for e in entries),
                  key=datetime.fromisoformat, default="1970-01-01T00:00:00+00:00")
    return Job(path, "feed.xml", {
        "feed": {"title": title, "id": atom_id(routes, path), "self_url": routes.absolute(path),
                 "alternate_url": routes.absolute(alternate), "updated": updated,
                 "subtitle": site.config.description},
        "entries": entries,
    }, source)


# Items the 404 page offers: a reader who followed a broken link likely wants the news.
LATEST = 5


def _singles(site: Site, views: dict[str, ArticleView], routes: Routes,
             preview: bool, latest: list[ItemCard]) -> list[Job]:
    jobs = [Job(routes.page(p), "page.html", {
        "page": _info(routes, routes.page(p), p.title, "page"),
        "standalone": page_view(p, site, routes),
    }, p.key, p.line) for p in site.pages]
    jobs.append(_site_feed(site, views.__getitem__, routes))
    jobs.append(Job(routes.NOT_FOUND, "404.html", {
        "page": _info(routes, routes.NOT_FOUND, "Page not found", "404", noindex=True),
        "items": latest,
    }, "404 page"))
    jobs.append(Job(routes.SEARCH, "search.html", {
        "page": _info(routes, routes.SEARCH, "Search", "search", noindex=True),
        "search": {"on": site.config.search,  # the preview indexes too (serve/search.py)
                   "preview": site.config.search and preview,
                   "bundle_url": routes.url(routes.PAGEFIND), "base_url": routes.url("")},
    }, "search page"))
    return jobs


def _sitemap(jobs: Sequence[Job], routes: Routes) -> Job:
    """Every indexable HTML page's first page, with item dates as lastmod."""
    urls = []
    for job in jobs:
        info = job.context.get("page")
        pag = job.context.get("pagination")
        if info is None or info.noindex or (pag is not None and pag.number > 1):
            continue
        urls.append({"loc": info.canonical, "lastmod": _lastmod(job.context)})
    urls.sort(key=lambda u: u["loc"])
    return Job(routes.SITEMAP, "sitemap.xml", {"urls": urls}, "sitemap")


def _lastmod(context: dict[str, Any]) -> str:
    article = context.get("article")
    if article is None:
        return ""
    iso: str = article.updated_iso or article.date_iso
    return iso[:10]


def _collisions(jobs: list[Job]) -> list[Problem]:
    """Pages that cannot all be written, each an error naming what is in the way:
    two on one path; two whose paths differ only in letter case (on macOS and
    Windows one would overwrite the other); a page whose file is a folder that
    another page's path needs; a page in a folder of briefgen's own files."""
    seen: dict[str, Job] = {}  # case-folded output file -> its job
    problems = []
    for job in jobs:
        file = output_file(job.path)
        other = seen.setdefault(file.casefold(), job)
        if other is not job:
            how = ("is also written" if other.path == job.path
                   else f"differs only in letter case from /{other.path}, written")
            problems.append(_clash(job, other, f"output path /{job.path} {how} for"))
        top = file.split("/", 1)[0]
        if "/" in file and top in Routes.OWN_FOLDERS:
            problems.append(_clash(job, job, f"output path /{job.path} is in /{top}/, a folder "
                                             "reserved for briefgen's own files"))
    for job in jobs:
        folder = output_file(job.path).rpartition("/")[0]
        while folder:
            holder = seen.get(folder.casefold())
            if holder is not None:
                problems.append(_clash(job, holder, f"output path /{job.path} needs a folder "
                                                   f"/{folder}/ where a file is written for"))
                break
            folder = folder.rpartition("/")[0]
    return problems


def _clash(job: Job, other: Job, message: str) -> Problem:
    """MESSAGE, then what OTHER is (unless it is JOB), at the content file's line
    if either page came from one (built-in pages have no file)."""
    mine, theirs = (job, other) if job.source.endswith(MARKDOWN_SUFFIXES) else (other, job)
    path = mine.source if mine.source.endswith(MARKDOWN_SUFFIXES) else ""
    if other is not job:
        message += " " + (theirs.source or "a built-in page")
    return Problem(message, path, mine.line if path else 0)
