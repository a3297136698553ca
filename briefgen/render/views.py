"""What templates see: small records with URLs resolved and text formatted.

Templates never compute URLs or reach into the model; docs/templates.md lists
every field here.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from ..core.dates import date_text
from ..core.hashing import digest
from ..site.autolink import Edits, apply_edits
from ..site.insights import source_taxonomy
from ..site.model import Site, Term
from ..site.names import name_lang
from ..site.taxonomy import normalise
from ..source.config import AUTHORS
from ..source.headings import TocEntry, table_of_contents
from ..source.records import Article, Image, Page
from .charts import activity_svg, describe_activity
from .relative import relative_edits, resolved_html
from .routes import Routes


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class ImageView:
    src: str
    alt: str


@dataclass(frozen=True, slots=True)
class TermRef:
    """A link to a term from an item: no count, so an item's page does not
    change when another item naming the same person is added."""

    name: str
    url: str
    role: str = ""  # a person's role on the item's date, from their profile
    lang: str = ""  # the name's language when its script is not the site's: site/names.py
    aliases: tuple[str, ...] = ()  # a profile's other names, for search to find the item by


@dataclass(frozen=True, slots=True)
class TermLink:
    """A name with the number of items naming it and its page's URL ('' when it
    has none): a term in an index, a source, a term often mentioned with another."""

    name: str
    url: str
    count: int
    role: str = ""  # a person's current role, from their profile
    lang: str = ""  # the name's language when its script is not the site's


@dataclass(frozen=True, slots=True)
class Name:
    """A name as written, with its language when its script is not the site's."""

    text: str
    lang: str = ""


# Names of one taxonomy a card or feed entry shows; the item's page shows all.
# A card is repeated on the page of every term it names, so an item naming N
# people would put N names on each of N pages: lists show the first CARD_NAMES
# and "and N more", which keeps each page's size independent of the item's.
CARD_NAMES = 10
# The taxonomies an item shows elsewhere than in its lists of names.
_NOT_LISTED = ("sources", "series")


@dataclass(frozen=True, slots=True)
class TermGroup:
    """One taxonomy's terms on an item page: people, topics..."""

    name: str
    title: str
    terms: tuple[TermRef, ...]
    byline: bool = False  # the writers (`authors`): shown as a byline, not in the term lists

    @property
    def shown(self) -> tuple[TermRef, ...]:
        """The terms a card or feed entry lists: the first CARD_NAMES."""
        return self.terms[:CARD_NAMES]

    @property
    def more(self) -> int:
        """How many terms a card or feed entry leaves out ("and 3 more")."""
        return max(0, len(self.terms) - CARD_NAMES)

    @property
    def with_roles(self) -> bool:
        """Whether a term of the group has a role to show beside its name."""
        return any(t.role for t in self.terms)


# Process-wide on purpose: one tuple per view class, a few classes in all.
@cache
def field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, in order, read once per class (fields() is slow)."""
    return tuple(f.name for f in fields(cls))  # type: ignore[arg-type, unused-ignore]


class Fingerprinted:
    """A view that carries a digest of its own fields, computed once.

    Page digests are made from these, so deciding whether a page changed
    costs a few string joins instead of re-rendering it.
    """

    __slots__ = ("fp",)
    fp: str

    def __post_init__(self) -> None:
        source = getattr(self, "source_fp", "")
        if source:  # derived from its inputs' digest: no need to serialise the fields
            object.__setattr__(self, "fp", digest(type(self).__name__ + source))
            return
        cls: type = type(self)  # as `type`: mypy 2 finds no __hash__ on type[Fingerprinted]
        values = pickle.dumps([getattr(self, n) for n in field_names(cls)], protocol=5)
        object.__setattr__(self, "fp", hashlib.blake2b(values, digest_size=12).hexdigest())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the digest too (views made in a worker travel back to the main
        process); the generated slots pickling would drop it, as a base-class slot."""
        cls: type = type(self)
        names = field_names(cls)
        return (_restore, (cls, names, tuple(getattr(self, n) for n in names), self.fp))


def _restore(cls: type, names: tuple[str, ...], values: tuple[Any, ...], fp: str) -> Any:
    view: Any = object.__new__(cls)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(view, name, value)
    object.__setattr__(view, "fp", fp)
    return view




@dataclass(frozen=True, slots=True)
class ItemCard(Fingerprinted):
    """An item as lists show it (home, terms, editions): everything but the body.

    Lists get cards, not full views, so editing an item's body re-renders its
    page and the feeds, not every list that names it.
    """

    key: str
    source_fp: str  # digest of the item's file and its terms: all a card or view derives from
    title: str
    url: str
    absolute_url: str
    atom_id: str
    date: datetime
    date_iso: str
    date_text: str
    time_text: str  # "14:30" in the site's time zone; "" for an item dated by day only
    zone_text: str  # that zone's name for the time, "UTC", "MSK" (or "+05"); "" without a time
    updated_iso: str
    updated_text: str
    source: str
    source_url: str
    series: str
    summary: str
    image: ImageView | None
    also_appeared_at: tuple[str, ...]
    edition: Link
    terms: tuple[TermGroup, ...]
    authors: tuple[TermRef, ...]  # the writers, from the byline group of `terms`
    extra: dict[str, Any]

    @property
    def source_label(self) -> str:
        """The source's name, else the host of `source_url` ("dw.com"), else ''."""
        return self.source or host_name(self.source_url)

    @property
    def also_links(self) -> tuple[Link, ...]:
        """`also_appeared_at` as links titled by their host ("ft.com")."""
        return tuple(Link(host_name(url), url) for url in self.also_appeared_at)

    # What the theme's pages ask of every card and item page. Jinja's filter
    # chains (`terms|rejectattr(...)|list`) cost some fifty times as much as
    # these loops: a tenth of rendering a large briefing's pages.

    def group(self, name: str) -> TermGroup | None:
        """The group of taxonomy NAME among `terms`, or none."""
        return next((g for g in self.terms if g.name == name), None)

    @property
    def listed(self) -> tuple[TermGroup, ...]:
        """The groups a card or item page lists as names: not the writers (a
        byline), the sources ("Read at") or the series (the kicker)."""
        return tuple(g for g in self.terms if not g.byline and g.name not in _NOT_LISTED)

    @property
    def aliases(self) -> tuple[str, ...]:
        """The other names of the terms it names, the writers' aside, each once
        whatever its case (the first kept), as Jinja's `unique` filter keeps them."""
        found: dict[str, str] = {}
        for group in self.terms:
            if not group.byline:
                for term in group.terms:
                    for alias in term.aliases:
                        found.setdefault(alias.lower(), alias)
        return tuple(found.values())


@dataclass(frozen=True, slots=True)
class ArticleView(ItemCard):
    """An item with its rendered body, for its own page and for feeds.

    The body is kept as the item's own HTML plus the entity links to splice
    into it, and spliced each time a page shows it: a linked copy of every
    body held for the whole build would double the memory bodies take.
    """

    body_source: bytes  # the item's HTML as parsed, UTF-8, shared with the Article
    body_links: Edits  # entity links to splice in (autolink.Linker.edits)

    card_fp: str  # the card's source digest: a body edit leaves it unchanged
    # `summary` as front matter gives it, else "": the item page shows it as
    # a lead only then, as a summary taken from the body would repeat it.
    lead: str
    toc: tuple[TocEntry, ...]  # the table of contents, when the item shows one: headings.py

    @property
    def body_html(self) -> str:
        """The body as pages show it, entity links in place."""
        return apply_edits(self.body_source.decode(), self.body_links)

    def card(self) -> ItemCard:
        values = {name: getattr(self, name) for name in field_names(ItemCard)}
        return ItemCard(**{**values, "source_fp": self.card_fp})


@dataclass(frozen=True, slots=True)
class TermView(Fingerprinted):
    taxonomy: str
    taxonomy_title: str
    taxonomy_url: str  # the taxonomy's index, /people/
    name: str
    slug: str
    url: str
    feed_url: str
    count: int
    role: str
    image: ImageView | None
    bio_html: str
    aliases: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)
    lang: str = ""  # the name's language when its script is not the site's
    alias_names: tuple[Name, ...] = ()  # `aliases`, each with its language


@dataclass(frozen=True, slots=True)
class Pagination:
    number: int
    total: int
    prev_url: str
    next_url: str
    pages: tuple[Link, ...]  # nearby pages, first and last; a gap is Link("…", "")


@dataclass(frozen=True, slots=True)
class PageInfo:
    """Facts about the page being rendered, for <head> and navigation."""

    title: str
    path: str
    url: str
    canonical: str
    kind: str
    description: str = ""
    feed_url: str = ""
    feed_title: str = ""
    noindex: bool = False


@dataclass(frozen=True, slots=True)
class SiteView(Fingerprinted):
    title: str
    description: str
    language: str
    url: str  # link to home
    absolute_url: str
    feed_url: str
    nav: tuple[Link, ...]
    pages: tuple[Link, ...]
    static_url: str
    archive_url: str
    search_url: str = ""  # the search page, or "" when the site has search off
    image: ImageView | None = None  # site.yaml `image`: shared for pages without their own (meta.html)


def atom_id(routes: Routes, path: str) -> str:
    """A feed or entry id: its URL, or a stable URN when base_url has no host."""
    return _atom_id(routes, routes.absolute(path))


def _atom_id(routes: Routes, absolute: str) -> str:
    return absolute if routes.host else url_uuid(absolute)


# uuid.NAMESPACE_URL (RFC 4122), written out: importing uuid costs every command
# a few ms (it imports platform), for one constant.
_URL_NAMESPACE = bytes.fromhex("6ba7b8119dad11d180b400c04fd430c8")


def url_uuid(url: str) -> str:
    """"urn:uuid:" and str(uuid.uuid5(uuid.NAMESPACE_URL, url)), made directly from
    the SHA-1 digest: a third of the cost, for an id per item and per feed."""
    raw = bytearray(hashlib.sha1(_URL_NAMESPACE + url.encode("utf-8")).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def image_view(image: Image | None, routes: Routes) -> ImageView | None:
    if image is None:
        return None
    src = image.src if "://" in image.src else routes.url(image.src.lstrip("/"))
    return ImageView(src, image.alt)


def site_view(site: Site, routes: Routes) -> SiteView:
    nav = [Link("Home", routes.url(routes.home()))]
    # A taxonomy with no term yet (no item names a source, say) is left out of
    # the menu: its page would only say "None yet".
    nav += [Link(t.config.title, routes.url(routes.taxonomy(name)))
            for name, t in site.taxonomies.items() if t.terms]
    nav.append(Link("Archive", routes.url(routes.ARCHIVE)))
    pages = sorted((p for p in site.pages if p.footer), key=lambda p: (p.weight, p.title, p.slug))
    return SiteView(
        title=site.config.title,
        description=site.config.description,
        language=site.config.language,
        url=routes.url(""),
        absolute_url=routes.absolute(""),
        feed_url=routes.url(routes.FEED),
        nav=tuple(nav),
        pages=tuple(Link(p.title, routes.url(routes.page(p))) for p in pages),
        static_url=routes.url(routes.STATIC),
        archive_url=routes.url(routes.ARCHIVE),
        search_url=routes.url(routes.SEARCH) if site.config.search else "",
        image=image_view(site.config.image, routes),
    )


TermRefs = dict[tuple[str, str, str], TermRef]  # (taxonomy, term key, role) -> the one TermRef


def term_groups(site: Site, article: Article, routes: Routes,
                refs: TermRefs | None = None) -> tuple[TermGroup, ...]:
    """An item's people, topics and other terms, linked, with roles as of its date.

    `refs` shares one TermRef per term and role between all items that name
    it, instead of one per mention (half a million at 100,000 items).
    """
    refs = {} if refs is None else refs
    groups = []
    for name, terms in site.article_terms[article.key].items():
        if terms:
            made = []
            for t in terms:
                role = t.profile.role_on(article.local_date) if t.profile else ""
                ref = refs.get((name, t.key, role))
                if ref is None:
                    ref = refs[(name, t.key, role)] = TermRef(
                        t.name, routes.url(routes.term(t)), role, term_lang(site, t),
                        t.profile.aliases if t.profile else ())
                made.append(ref)
            config = site.taxonomies[name].config
            groups.append(TermGroup(name, config.title, tuple(made), config.field == AUTHORS))
    return tuple(groups)


LinkCache = dict[str, tuple[str, str, Edits]]  # article key -> (article fp, linker fp, links)


def _cached_links(site: Site, article: Article, cache: LinkCache | None) -> Edits | None:
    """The body's links from the cache while neither the item nor the names changed."""
    hit = cache.get(article.key) if cache is not None else None
    if hit is not None and site.linker is not None and hit[:2] == (article.fp, site.linker.fp):
        return hit[2]
    return None


def needs_links(site: Site, article: Article, cache: LinkCache) -> bool:
    """True when the item's body links are to be found: autolink on, none cached."""
    return (site.linker is not None and article.autolink
            and _cached_links(site, article, cache) is None)


def store_links(site: Site, cache: LinkCache, found: Iterable[tuple[Article, Edits]]) -> None:
    """Remember the links found in each item's body."""
    assert site.linker is not None
    for article, edits in found:
        cache[article.key] = (article.fp, site.linker.fp, edits)


def body_links(site: Site, article: Article, cache: LinkCache | None = None,
               routes: Routes | None = None) -> Edits:
    """The links that first mentions of known people and topics get (none when
    turned off), and with ROUTES the URLs relative links and images mean
    (render/relative.py), in the order of the body."""
    edits = _entity_links(site, article, cache)
    relative = relative_edits(site, article, routes) if routes is not None else ()
    if relative:
        edits = tuple(sorted(edits + relative))
    return edits


def _entity_links(site: Site, article: Article, cache: LinkCache | None) -> Edits:
    """The links that first mentions of known people and topics get, from CACHE when there."""
    if site.linker is None or not article.autolink:
        return ()
    edits = _cached_links(site, article, cache)
    if edits is None:
        edits = site.linker.edits(article.body_html)
        if cache is not None:
            cache[article.key] = (article.fp, site.linker.fp, edits)
    return edits


def article_view(site: Site, article: Article, routes: Routes,
                 groups: tuple[TermGroup, ...] | None = None, links: Edits | None = None,
                 ) -> ArticleView:
    """The full view of an item; `groups` and `links` when the caller has them already."""
    return article_view_and_card(site, article, routes, groups, links)[0]


def article_view_and_card(site: Site, article: Article, routes: Routes,
                          groups: tuple[TermGroup, ...] | None = None,
                          links: Edits | None = None) -> tuple[ArticleView, ItemCard]:
    """An item's view and its card, made from the same values (see ArticleView.card)."""
    card = item_card(site, article, routes,
                     term_groups(site, article, routes) if groups is None else groups)
    if links is None:
        links = body_links(site, article, routes=routes)
    return view_of_card(card, article, links), card


def item_card(site: Site, article: Article, routes: Routes,
              groups: tuple[TermGroup, ...]) -> ItemCard:
    """An item's card: all its view shows but the body, so it can be made
    before the bodies' entity links are found (see view_of_card)."""
    path = routes.article(article)
    updated = article.updated
    refs = repr([(g.name, [(t.name, t.url, t.role, t.lang, t.aliases) for t in g.terms])
                 for g in groups])
    absolute = routes.absolute(path)
    return ItemCard(
        key=article.key,
        source_fp=digest(article.card_fp + refs),
        title=article.title,
        url=routes.url(path),
        absolute_url=absolute,
        atom_id=_atom_id(routes, absolute),
        date=article.date,
        date_iso=article.date.isoformat(),
        date_text=date_text(article.local_date),
        time_text=time_text(article.date, site),
        zone_text=zone_text(article.date, site),
        updated_iso=updated.isoformat() if updated else "",
        updated_text=date_text(updated.astimezone(site.config.tz).date()) if updated else "",
        source=article.source,
        source_url=article.source_url,
        series=article.series,
        summary=article.summary,
        image=image_view(article.image, routes),
        also_appeared_at=article.also_appeared_at,
        edition=Link(date_text(article.local_date), routes.url(routes.edition(article.local_date))),
        terms=groups,
        authors=next((g.terms for g in groups if g.byline), ()),
        extra=article.extra,
    )


def view_of_card(card: ItemCard, article: Article, links: Edits) -> ArticleView:
    """The item's full view: its card's values, its body and the body's links.

    Its digest covers the whole file (article.fp), the terms as the card
    shows them (the card's) and the links.
    """
    values = {name: getattr(card, name) for name in field_names(ItemCard)}
    values["source_fp"] = digest(article.fp + card.source_fp + repr(links))
    return ArticleView(**values, card_fp=card.source_fp, lead=article.lead, body_source=article.body,
                       body_links=links, toc=table_of_contents(article.toc))


def term_view(site: Site, term: Term, routes: Routes) -> TermView:
    profile = term.profile
    aliases = tuple(a for a in (profile.aliases if profile else term.spellings) if a != term.name)
    return TermView(
        taxonomy=term.taxonomy,
        taxonomy_title=site.taxonomies[term.taxonomy].config.title,
        taxonomy_url=routes.url(routes.taxonomy(term.taxonomy)),
        name=term.name,
        slug=term.slug,
        url=routes.url(routes.term(term)),
        feed_url=routes.url(routes.term_feed(term)) if site.config.term_feeds else "",
        count=len(term.articles),
        role=profile.role if profile else "",
        image=image_view(profile.image if profile else None, routes),
        bio_html=resolved_html(site, profile, routes) if profile else "",
        aliases=aliases,
        extra=profile.extra if profile else {},
        lang=term_lang(site, term),
        alias_names=tuple(Name(a, name_lang(a, profile.lang if profile else "", site.config.language))
                          for a in aliases),
    )


def term_lang(site: Site, term: Term) -> str:
    """The `lang` of a term's name: its profile's, else as its script suggests."""
    return name_lang(term.name, term.profile.lang if term.profile else "", site.config.language)


def zone_text(moment: datetime, site: Site) -> str:
    """The site zone's abbreviation at MOMENT ('MSK', 'CET', 'UTC', or '+05'
    where the zone has none), shown after the time on the item's page: a
    reader of an item sent at 15:00 in Moscow sees 14:00 in a Berlin site and
    would take it for Moscow's time. '' when the item has no time of day."""
    return moment.astimezone(site.config.tz).tzname() or "" if time_text(moment, site) else ""


def time_text(moment: datetime, site: Site) -> str:
    """'14:30' in the site's time zone, where the item's day is counted; ''
    at midnight, which is how an item dated by day only ('2022-01-18') is read."""
    local = moment.astimezone(site.config.tz)
    return "" if (local.hour, local.minute) == (0, 0) else f"{local.hour:02}:{local.minute:02}"


def host_name(url: str) -> str:
    """'ft.com' for 'https://www.ft.com/content/x'; '' for ''."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


@dataclass(frozen=True, slots=True)
class DayGroup:
    """The items of one edition day in a list (the home page groups its items so)."""

    date: date
    iso: str  # 2022-01-18
    date_text: str  # 18 January 2022
    weekday: str  # Tuesday
    url: str  # the day's edition
    items: tuple[ItemCard, ...]


# In English whatever the machine's locale, as core/dates.py writes months.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_groups(items: Sequence[ItemCard], day_of: Callable[[ItemCard], date],
               ) -> tuple[DayGroup, ...]:
    """ITEMS (newest first) grouped by their edition day (DAY_OF), in the same order."""
    groups: list[tuple[ItemCard, list[ItemCard]]] = []
    for item in items:
        if groups and groups[-1][0].edition.url == item.edition.url:
            groups[-1][1].append(item)
        else:
            groups.append((item, [item]))
    out = []
    for first, members in groups:
        day = day_of(first)
        out.append(DayGroup(day, day.isoformat(), first.edition.title, WEEKDAYS[day.weekday()],
                            first.edition.url, tuple(members)))
    return tuple(out)


def pagination(first: str, number: int, total: int, routes: Routes) -> Pagination:
    def link(n: int) -> str:
        return routes.url(routes.paged(first, n))

    return Pagination(
        number=number,
        total=total,
        prev_url=link(number - 1) if number > 1 else "",
        next_url=link(number + 1) if number < total else "",
        pages=tuple(Link(str(n), link(n)) if n else Link("…", "")
                    for n in page_window(number, total)),
    )


def page_window(number: int, total: int, around: int = 2) -> list[int]:
    """Page numbers to link: first, last and those near the current; 0 marks a gap."""
    wanted = sorted({1, total} | set(range(max(1, number - around),
                                           min(total, number + around) + 1)))
    out: list[int] = []
    for n in wanted:
        if out and n - out[-1] == 2:
            out.append(n - 1)  # a gap would hide just one page: show it instead
        elif out and n - out[-1] > 2:
            out.append(0)
        out.append(n)
    return out


def page_view(page: Page, site: Site, routes: Routes) -> dict[str, Any]:
    """A standalone page as page.html sees it, relative links resolved (relative.py)."""
    return {"title": page.title, "body_html": resolved_html(site, page, routes), "extra": page.extra}


@dataclass(frozen=True, slots=True)
class CountGroup:
    title: str
    links: tuple[TermLink, ...]


@dataclass(frozen=True, slots=True)
class RoleView:
    title: str
    period: str  # "since 9 March 2004", "1994 to 2004"


@dataclass(frozen=True, slots=True)
class TermStatsView(Fingerprinted):
    """A term page's facts: first and last seen, activity, company, sources, roles."""

    first_seen_iso: str
    first_seen_text: str
    last_seen_iso: str
    last_seen_text: str
    timeline_svg: str  # inline <svg>, already escaped
    timeline_text: str  # what the chart shows, in words
    together: tuple[CountGroup, ...]
    sources: tuple[TermLink, ...]
    roles: tuple[RoleView, ...]
    # What a bar counts, "Items per week": by day up to a month of data, by week
    # up to half a year, else by month (site/insights.py); no chart for one bar.
    timeline_caption: str = ""


def term_stats_view(site: Site, term: Term, routes: Routes) -> TermStatsView:
    stats = site.stats.get((term.taxonomy, term.key))
    if stats is None:
        return TermStatsView("", "", "", "", "", "", (), (), _roles(term))
    groups: dict[str, list[TermLink]] = {}
    for other, count in stats.together:
        groups.setdefault(other.taxonomy, []).append(
            TermLink(other.name, routes.url(routes.term(other)), count,
                     other.profile.role if other.profile else "", term_lang(site, other)))
    sources = site.taxonomies.get(source_taxonomy(site))
    return TermStatsView(
        first_seen_iso=stats.first_seen.isoformat() if stats.first_seen else "",
        first_seen_text=date_text(stats.first_seen) if stats.first_seen else "",
        last_seen_iso=stats.last_seen.isoformat() if stats.last_seen else "",
        last_seen_text=date_text(stats.last_seen) if stats.last_seen else "",
        timeline_svg=activity_svg(stats.unit, stats.activity, f"timeline-{term.slug}"),
        timeline_text=describe_activity(stats.unit, stats.activity),
        together=tuple(CountGroup(site.taxonomies[t].config.title, tuple(links))
                       for t, links in groups.items()),
        sources=tuple(TermLink(name, _source_url(sources, name, routes), n)
                      for name, n in stats.sources),
        roles=_roles(term),
        timeline_caption=f"Items per {stats.unit}",
    )


def _source_url(sources: Any, name: str, routes: Routes) -> str:
    if sources is None:
        return ""
    term = sources.by_key.get(normalise(name))
    return routes.url(routes.term(term)) if term else ""


def _roles(term: Term) -> tuple[RoleView, ...]:
    if term.profile is None:
        return ()
    out = []
    for role in reversed(term.profile.roles):
        if role.start and role.end:
            period = f"{date_text(role.start)} to {date_text(role.end)}"
        elif role.start:
            period = f"since {date_text(role.start)}"
        elif role.end:
            period = f"until {date_text(role.end)}"
        else:
            period = ""
        out.append(RoleView(role.title, period))
    return tuple(out)
