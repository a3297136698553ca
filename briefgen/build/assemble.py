"""The assemble step: the site model from parsed content.

Items sorted, terms indexed, standalone pages checked, then related items,
term statistics and entity links; the parts that take long run over the
workers while this process does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

from ..core.errors import Problem
from ..render.routes import Routes
from ..render.views import LinkCache, needs_links, store_links
from ..site.autolink import Edits, Linker
from ..site.insights import linked_taxonomies, start_related, term_stats
from ..site.model import Site
from ..site.taxonomy import build_terms, names_to_terms
from ..source.config import SiteConfig
from ..source.content import Content
from ..source.records import Article


def assemble(config: SiteConfig, content: Content, jobs: int = 1,
             links: LinkCache | None = None,
             meanwhile: Callable[[Site], None] | None = None,
             stats: bool = True, shown: Collection[str] | None = None,
             ) -> tuple[Site, list[Problem], list[Problem]]:
    """Build the Site model from parsed content: sort, index terms, check pages.

    Related items and the entity links of bodies missing from `links` are
    found in one pass over the workers, while this process counts term stats
    and then calls `meanwhile` with the site as it is so far (terms indexed;
    no related items, stats or links yet), for other work to fill the wait.
    Without STATS, no term statistics are counted: only term pages show them,
    and a build that plans none (builder.py's _plan_bodies) has no use for them.
    SHOWN, for such a build: the keys of the only items whose pages it plans;
    related items are ranked for them alone (bodies' links are still found
    for every item that has none cached).
    """
    articles = tuple(sorted(content.articles, key=lambda a: a.sort_key()))
    terms = build_terms(config.taxonomies, articles, content.profiles)
    problems = list(content.problems) + list(terms.problems)
    pages = []
    for page in content.pages:
        if page.slug in Routes.RESERVED:
            problems.append(Problem(f"slug: {page.slug!r} is reserved for briefgen's own pages",
                                    page.key, page.line))
        else:
            pages.append(page)
    site = Site(
        config=config,
        articles=articles,
        by_key={a.key: a for a in articles},
        taxonomies=terms.taxonomies,
        pages=tuple(sorted(pages, key=lambda p: p.key)),
        article_terms=terms.article_terms,
        held={h.key: h for h in content.held},
    )
    site = replace(site, linker=make_linker(site, Routes(config)))
    links = {} if links is None else links
    linker = site.linker

    def find_links(article: Article) -> Edits | None:
        assert linker is not None  # only passed on when there is a linker
        return linker.edits(article.body_html) if needs_links(site, article, links) else None

    only = None if shown is None else \
        (lambda a: a.key in shown or needs_links(site, a, links))
    pending = start_related(site, config.related_limit, jobs,
                            find_links if linker is not None else None, only)
    if stats:
        site = replace(site, stats=term_stats(site))
    if meanwhile is not None:
        meanwhile(site)
    related, found = pending()
    if found:  # none when autolink is off
        store_links(site, links, ((a, e) for a, e in zip(articles, found, strict=True)
                                  if e is not None))
    return replace(site, related=related), problems, list(terms.warnings)


def make_linker(site: Site, routes: Routes) -> Linker | None:
    """The entity linker over every name and alias of people and topics."""
    if not site.config.autolink:
        return None
    names: dict[str, str] = {}
    for name in linked_taxonomies(site):
        for spelling, term in names_to_terms(site.taxonomies[name]).items():
            names.setdefault(spelling, routes.url(routes.term(term)))  # first taxonomy wins
    return Linker.build(names)
