"""Read briefing items, profiles and pages: parse from text, load from disk.

`parse_*` functions are pure (text in, record or problems out) so they can be
unit-tested on literal strings and cached by content hash.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from markdown_it import MarkdownIt

from ..core.errors import BriefgenError, Problem, raise_if
from ..core.hashing import digest
from ..core.parallel import parallel_map
from ..core.paths import article_path, name_too_long, pattern_fields
from ..core.slugs import is_valid_slug, make_slug
from .bundles import bundle_folder
from .config import SiteConfig
from .excerpt import plain_text, strip_comments
from .fields import Reader, nested, sequence_items
from .frontmatter import Mapping, SplitFile, decode, parse_mapping, split
from .headings import Heading, add_heading_ids
from .highlight import highlight_code
from .inputs import cannot_read
from .keys import misspelt_keys
from .leftovers import find_leftovers, notices
from .listing import BUNDLED, ContentFiles, content_files
from .markdown import render_markdown
from .parse_cache import ParseCache
from .records import Article, Page, Profile, Role
from .refs import Ref, alias_path, alias_problem, url_refs
from .schedule import Held, Schedule, sort_out
from .shortcodes import TOKEN, Shortcode, parse_shortcodes

T = TypeVar("T")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # stands in for a missing date
ARTICLE_KEYS = frozenset({"title", "date", "updated", "slug", "draft", "source", "source_url",
                          "series", "summary", "image", "also_appeared_at", "autolink", "toc",
                          "aliases", "publish_date", "expiry_date"})
PROFILE_KEYS = frozenset({"name", "aliases", "role", "image", "slug", "former_names",
                          "sort_name", "lang"})
# A language tag as `lang` attributes take it: "ru", "uk", "zh-Hant", "sr-Latn".
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
PAGE_KEYS = frozenset({"title", "slug", "weight", "draft", "aliases", "footer"})
# Read on pages only to say they hold for items alone (and to catch `publishDate`).
_ITEM_ONLY = frozenset({"publish_date", "expiry_date"})


@dataclass(frozen=True)
class Parsed:
    """The front matter and rendered body of one file, before typing."""

    front: Mapping
    body_html: str
    excerpt: str  # the summary when front matter gives none: see parse_file
    yaml_text: str
    notices: tuple[tuple[str, Problem], ...] = ()  # warnings about the body (leftovers.py)
    headings: tuple[Heading, ...] = ()  # every h1-h6 of the body, for a table of contents
    shortcodes: tuple[Shortcode, ...] = ()  # each a token in body_html until rendered
    problems: tuple[Problem, ...] = ()  # malformed shortcodes, at their lines


_LINK_DEFINITION = re.compile(r"^ {0,3}\[(?:[^\]\\\n]|\\.)+\]:[ \t]*\S.*$", re.MULTILINE)


def _definitions_after(text: str, at: int) -> str:
    """The link reference and footnote definitions in TEXT after AT (their
    first lines), to add to the text before it: the excerpt before
    `<!--more-->` names links and notes defined at the end of the body
    (`[Cloud Run][]`, `[^1]`), and its plain text shows neither definition."""
    found = _LINK_DEFINITION.findall(text, at)
    return "\n\n" + "\n".join(found) if found else ""


def parse_file(text: str, path: str, md: MarkdownIt, base_path: str) -> Parsed:
    """Split front matter from body and render the body, its HTML comments
    taken out (excerpt.py); the excerpt is the plain text before
    `<!--more-->`, or else the first paragraph."""
    parts: SplitFile = split(text, path)
    if parts.toml:
        from .tomlfront import parse_toml_mapping  # here: most sites have no TOML front matter

        front = parse_toml_mapping(parts.yaml_text, path, parts.yaml_line)
    else:
        front = parse_mapping(parts.yaml_text, path, parts.yaml_line)
    body = strip_comments(parts.body)
    codes = parse_shortcodes(body.text, path, parts.body_line,
                             lambda inner: render_markdown(md, inner, base_path)[0], base_path)
    html, excerpt = render_markdown(md, codes.text, base_path)
    if body.more is not None:  # with the link definitions after it: `[Cloud Run][]` is a link
        before = codes.blank[:body.more] + _definitions_after(codes.blank, body.more)
        excerpt = plain_text(render_markdown(md, before, base_path)[0])
    elif TOKEN.search(excerpt):  # the first paragraph holds a shortcode: take it from the
        excerpt = render_markdown(md, codes.blank, base_path)[1]  # text without them
    found = find_leftovers(codes.blank, bool(md.options.get("html")), html)
    # Passes over the HTML, the same whichever engine rendered it (headings.py, highlight.py).
    html, headings = add_heading_ids(highlight_code(html))
    return Parsed(front, html, excerpt, parts.yaml_text, notices(found, path, parts.body_line),
                  headings, codes.shortcodes, codes.problems)


def parse_article(text: str, path: str, config: SiteConfig, md: MarkdownIt) -> Article:
    """Parse one briefing item; raise SiteErrors with every problem in it."""
    parsed = parse_file(text, path, md, config.base_path)
    taxonomy_fields = {t.field for t in config.taxonomies}
    problems = [*parsed.front.duplicates, *misspelt_keys(parsed.front, ARTICLE_KEYS | taxonomy_fields)]
    r = Reader(parsed.front, problems)
    title = r.text("title", required=True)
    dates = _dates(r, config)
    date = dates.date
    slug = _slug(r, title, path)
    local_date = (date or _EPOCH).astimezone(config.tz).date()
    url_fields = _url_fields(r, config.article_permalink)
    if len(url_fields) == len(pattern_fields(config.article_permalink)):  # else an error already
        _fits_file_name(r, article_path(config.article_permalink, local_date, slug, url_fields), "title")
    names = {t.name: tuple(dict.fromkeys(n for n, _ in r.names(t.field)))
             for t in config.taxonomies}
    lead = r.text("summary")
    summary = lead or parsed.excerpt
    article = Article(
        key=path,
        slug=slug,
        title=title,
        date=date or _EPOCH,
        local_date=local_date,
        updated=dates.updated,
        source=r.text("source"),
        source_url=r.http_url("source_url"),
        series=r.text("series"),
        summary=summary,
        lead=lead,
        body=parsed.body_html.encode(),
        image=r.image("image"),
        image_line=parsed.front.line_of("image"),
        also_appeared_at=tuple(r.http_urls("also_appeared_at")),
        draft=r.boolean("draft"),
        autolink=r.boolean("autolink", True),
        toc=parsed.headings if r.boolean("toc", config.toc) else (),
        names=names,
        extra=_extra(parsed.front, ARTICLE_KEYS | taxonomy_fields),
        line=parsed.front.line_of("slug" if "slug" in parsed.front else "title"),
        refs=_refs(parsed, text, config),
        aliases=_aliases(r),
        url_fields=url_fields,
        fp=digest(path + "\0" + text),
        card_fp=digest(path + "\0" + parsed.yaml_text + "\0" + summary),
        notices=parsed.notices,
        shortcodes=parsed.shortcodes,
        publish_date=dates.publish,
        expiry_date=dates.expiry,
        schedule_lines=dates.lines,
    )
    _raise_if(problems, parsed)
    return article


class _Dates(NamedTuple):
    """An item's moments: its date, correction, release and expiry (schedule.py)."""

    date: datetime | None
    updated: datetime | None
    publish: datetime | None
    expiry: datetime | None
    lines: tuple[int, int]  # of the key that gives the release (publish_date, else date), of expiry_date


def _dates(r: Reader, config: SiteConfig) -> _Dates:
    """`date`, `updated`, `publish_date` and `expiry_date`, read by one rule
    (the site's zone for a value without an offset) and checked against each
    other: an expiry not after the release would never publish the item."""
    date = r.datetime("date", config.tz, required=True)
    updated = r.datetime("updated", config.tz)
    if date and updated and updated < date:
        r.fail("updated", "is earlier than date")
    publish = r.datetime("publish_date", config.tz)
    expiry = r.datetime("expiry_date", config.tz)
    released = publish or date
    if expiry and released and expiry <= released:
        given = "publish_date" if publish else "date"
        r.fail("expiry_date", f"is not after {given} ({released.isoformat()}), so the item "
                              "would never be published")
    m = r.m
    lines = (m.line_of("publish_date" if publish else "date"), m.line_of("expiry_date"))
    return _Dates(date, updated, publish, expiry, lines)


def parse_profile(text: str, path: str, taxonomy: str, config: SiteConfig,
                  md: MarkdownIt) -> Profile:
    """Parse a person or topic profile."""
    parsed = parse_file(text, path, md, config.base_path)
    problems = [*parsed.front.duplicates, *misspelt_keys(parsed.front, PROFILE_KEYS)]
    r = Reader(parsed.front, problems)
    name = r.text("name", required=True)
    aliases = r.names("aliases")
    former = r.names("former_names")
    slug = r.text("slug")
    if slug and not is_valid_slug(slug):
        r.fail("slug", f"use ASCII letters, digits, '.', '_' and '-' only, got {slug!r}")
    elif slug:  # one made from the name is short (see slugs.MAX_LENGTH)
        _fits_file_name(r, f"{taxonomy}/{slug}/", "name")
    roles = _roles(r, config)
    profile = Profile(
        key=path,
        taxonomy=taxonomy,
        name=name,
        aliases=tuple(dict.fromkeys(a for a, _ in aliases + former)),
        role=_current_role(r, roles),
        image=r.image("image"),
        image_line=parsed.front.line_of("image"),
        body_html=parsed.body_html,
        slug=slug,
        extra=_extra(parsed.front, PROFILE_KEYS),
        name_lines={name: parsed.front.line_of("name"),
                    **{a: line for a, line in aliases + former}},
        roles=roles,
        former_names=tuple(dict.fromkeys(f for f, _ in former)),
        # The line that decides the URL: `slug`, or `name` when the slug comes from it.
        slug_line=parsed.front.line_of("slug" if "slug" in parsed.front else "name"),
        refs=_refs(parsed, text, config),
        notices=parsed.notices,
        shortcodes=parsed.shortcodes,
        sort_name=r.text("sort_name"),
        lang=_lang_tag(r),
    )
    _raise_if(problems, parsed)
    return profile


def _lang_tag(r: Reader) -> str:
    """A profile's `lang`, a language tag such as 'ru' or 'zh-Hant'."""
    lang = r.text("lang")
    if lang and not _LANG_TAG.fullmatch(lang):
        r.fail("lang", f"use a language tag such as 'ru', 'uk' or 'zh-Hant', got {lang!r}")
        return ""
    return lang


def parse_page(text: str, path: str, config: SiteConfig, md: MarkdownIt) -> Page:
    """Parse a standalone page such as About."""
    parsed = parse_file(text, path, md, config.base_path)
    problems = [*parsed.front.duplicates, *misspelt_keys(parsed.front, PAGE_KEYS | _ITEM_ONLY)]
    r = Reader(parsed.front, problems)
    for key in sorted(_ITEM_ONLY & set(parsed.front)):  # else kept as extra: published at once
        r.fail(key, "only items are scheduled or expire; keep a page out with draft: true")
    title = r.text("title", required=True)
    slug = _slug(r, title, path)
    _fits_file_name(r, f"{slug}/", "title")
    page = Page(
        key=path,
        slug=slug,
        title=title,
        body_html=parsed.body_html,
        weight=r.integer("weight", 0, minimum=-1_000_000),
        draft=r.boolean("draft"),
        line=parsed.front.line_of("slug" if "slug" in parsed.front else "title"),
        extra=_extra(parsed.front, PAGE_KEYS),
        aliases=_aliases(r),
        footer=r.boolean("footer", True),
        refs=_refs(parsed, text, config),
        notices=parsed.notices,
        shortcodes=parsed.shortcodes,
    )
    _raise_if(problems, parsed)
    return page


def _raise_if(problems: list[Problem], parsed: Parsed) -> None:
    """Raise a file's PROBLEMS, with its unreadable shortcodes when there are any.
    Alone, those travel on the record (shortcodes with an `error`) to be reported
    with the names and arguments the render step checks: all in one run."""
    raise_if([*problems, *parsed.problems] if problems else [])


@dataclass(frozen=True)
class Content:
    """Everything read from content/, with the problems found on the way."""

    articles: tuple[Article, ...]
    profiles: tuple[Profile, ...]
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    bundled: tuple[str, ...] = ()  # the files of every bundle (bundles.py), site paths, sorted
    # Items held back at the build's time, or published anyway (schedule.py), and
    # the next moment that changes; only items that are no draft left out.
    held: tuple[Held, ...] = ()
    next_change: datetime | None = None


def load_content(root: Path, config: SiteConfig, md: MarkdownIt, drafts: bool,
                 cache: ParseCache | None = None, jobs: int = 1,
                 files: ContentFiles | None = None,
                 done: Callable[[int], None] | None = None,
                 schedule: Schedule | None = None) -> Content:
    """Read and parse every content file; unchanged ones come from the cache.

    `files`: the listing from content_files when the caller has just made it.
    `schedule`: the build's time, to leave out the items scheduled or expired
    then (schedule.py); without one, none is.
    `done`: told how many more files are read (those from the cache at once).
    """
    cache = cache if cache is not None else ParseCache()
    files = content_files(root, config) if files is None else files
    cache.keep_only({p for paths in files.values() for p, _ in paths})
    parsers: dict[str, Callable[[str, str], Any]] = {
        "articles": partial(parse_article, config=config, md=md),
        "pages": partial(parse_page, config=config, md=md),
        **{t.name: partial(parse_profile, taxonomy=t.name, config=config, md=md)
           for t in config.taxonomies},
    }

    refused = files.refused

    def parse_one(task: tuple[str, str]) -> tuple[Any, tuple[Problem, ...]]:
        kind, path = task
        if path in refused:
            return None, (refused[path],)
        try:
            return parsers[kind](_read(root, path), path), ()
        except BriefgenError as exc:
            return None, tuple(getattr(exc, "problems", [exc.problem]))
        except OSError as exc:  # unreadable, or gone since it was listed: one problem among all
            return None, (cannot_read(path, exc),)

    for path, sig in files.get(BUNDLED, ()):  # signed, so a build sees it change; never read
        cache.entries[path] = (sig, None, (refused[path],) if path in refused else ())
    todo = [(kind, path, sig) for kind, entries in files.items() for path, sig in entries
            if kind != BUNDLED and cache.lookup(path, sig) is None]
    if done is not None:
        done(sum(len(entries) for kind, entries in files.items() if kind != BUNDLED) - len(todo))
    results = parallel_map(parse_one, [(kind, path) for kind, path, _ in todo], jobs, done)
    for (_, path, sig), (value, found) in zip(todo, results, strict=True):
        cache.store(path, sig, value, found)

    parsed, problems = _collected(files, cache)
    bundled = tuple(path for path, _ in files.get(BUNDLED, ()) if path not in refused)
    parsed.pop(BUNDLED, None)
    articles, held, next_change = _published(parsed.pop("articles"), drafts, schedule)
    return Content(
        articles=articles,
        pages=tuple(p for p in parsed.pop("pages") if drafts or not p.draft),
        profiles=tuple(p for values in parsed.values() for p in values),
        problems=tuple(problems),
        bundled=bundled,
        held=held,
        next_change=next_change,
    )


def _collected(files: ContentFiles, cache: ParseCache) -> tuple[dict[str, list[Any]], list[Problem]]:
    """The records of FILES by kind, as CACHE holds them now, and their problems."""
    problems: list[Problem] = []
    parsed: dict[str, list[Any]] = {}
    for kind, entries in files.items():
        parsed[kind] = []
        for path, sig in entries:
            value, found = cache.lookup(path, sig) or (None, ())
            problems.extend(found)
            if value is not None:
                parsed[kind].append(value)
    return parsed, problems


def _published(articles: list[Article], drafts: bool, schedule: Schedule | None,
               ) -> tuple[tuple[Article, ...], tuple[Held, ...], datetime | None]:
    """The ARTICLES a build publishes (drafts with DRAFTS; held ones as SCHEDULE
    says: schedule.sort_out), the held ones, and when that changes next."""
    kept = tuple(a for a in articles if drafts or not a.draft)
    return sort_out(kept, schedule) if schedule is not None else (kept, (), None)


def _read(root: Path, path: str) -> str:
    """A content file's text. Plain system calls and one read for a file of
    usual size: a briefing has tens of thousands of files, each a few KB."""
    fd = os.open(os.path.join(root, path), os.O_RDONLY)
    try:
        data = os.read(fd, 1 << 16)
        if len(data) == 1 << 16:  # a large file: read the rest
            parts = [data]
            while chunk := os.read(fd, 1 << 20):
                parts.append(chunk)
            data = b"".join(parts)
    finally:
        os.close(fd)
    return decode(data, path)


def _slug(r: Reader, title: str, path: str) -> str:
    slug = r.text("slug")
    if slug:
        if is_valid_slug(slug):
            return slug
        r.fail("slug", f"use ASCII letters, digits, '.', '_' and '-' only, got {slug!r}")
    folder = bundle_folder(path)
    if folder is not None:  # a bundle is named by its folder, as Hugo names it
        return make_slug(posixpath.basename(folder))
    return make_slug(title, os.path.splitext(os.path.basename(path))[0])  # the file name, as Path.stem


def _refs(parsed: Parsed, text: str, config: SiteConfig) -> tuple[Ref, ...]:
    """The body's relative URLs and site paths, with the lines of TEXT, the
    file, they are written on."""
    return url_refs(parsed.body_html, text, text.find(parsed.yaml_text) + len(parsed.yaml_text),
                    config.base_path)


def _url_fields(r: Reader, pattern: str) -> tuple[tuple[str, str], ...]:
    """The pattern's front matter placeholders (`{section}`) and this item's
    values, each made a slug. One the item does not set is an error at its
    title, never a URL with an empty part that another item's could equal."""
    found = []
    for name in pattern_fields(pattern):
        item = r.m.get(name)
        value = None if item is None else item.value
        if isinstance(value, (list, dict)):
            r.fail(name, f"permalinks.article {pattern!r} uses it, so it must be one value, "
                         f"not a {'list' if isinstance(value, list) else 'mapping'}")
        elif value is None or not str(value).strip():
            r.fail(name, f"required by permalinks.article {pattern!r}; set it in this item "
                         "or change the pattern", None if item else r.m.line_of("title"))
        else:
            found.append((name, make_slug(str(value).strip())))
    return tuple(found)


def _aliases(r: Reader) -> tuple[tuple[str, int], ...]:
    """`aliases`: old URLs of the item or page, each a path of this site (refs.alias_problem),
    with its line; one given twice counts once."""
    kept: dict[str, tuple[str, int]] = {}
    for alias, line in r.text_list("aliases"):
        problem = alias_problem(alias)
        if problem is not None:
            r.fail("aliases", problem, line)
        else:
            kept.setdefault(alias_path(alias), (alias, line))
    return tuple(kept.values())


def _fits_file_name(r: Reader, site_path: str, source: str) -> None:
    """An error at the slug's line (or at SOURCE's, the key it was made from)
    when a name in SITE_PATH is too long for a file system: found by `check`
    as by `build`, which would otherwise fail only when it writes the file."""
    problem = name_too_long(site_path)
    if problem is not None:
        r.fail("slug", problem, r.m.line_of("slug" if "slug" in r.m else source))


def _current_role(r: Reader, roles: tuple[Role, ...]) -> str:
    """The role to show now: a plain `role`, else the dated role still held (or the latest)."""
    item = r.m.get("role")
    if item is not None and isinstance(item.value, list):
        current = [x for x in roles if x.end is None] or list(roles[-1:])
        return current[-1].title if current else ""
    return r.text("role")


def _roles(r: Reader, config: SiteConfig) -> tuple[Role, ...]:
    """`role` as a list of {title, from, to}: dated roles, oldest first."""
    item = r.m.get("role")
    if item is None or not isinstance(item.value, list):
        return ()
    roles = []
    for located in sequence_items(item):
        if not isinstance(located.value, dict):
            r.fail("role", "each role in a list is a mapping with title, and optional from and to",
                   located.line)
            continue
        sub = nested(r.m, located)
        sr = Reader(sub, r.problems, prefix="role.")
        for key in sub:
            if key not in ("title", "from", "to"):
                sr.fail(key, "unknown key (use title, from and to)")
        start, end = sr.datetime("from", config.tz), sr.datetime("to", config.tz)
        if start and end and end < start:
            sr.fail("to", "is earlier than from")
        roles.append(Role(sr.text("title", required=True),
                          start.date() if start else None, end.date() if end else None))
    return tuple(sorted(roles, key=lambda x: (x.start or date.min, x.end or date.max)))


def _extra(front: Mapping, known: frozenset[str] | set[str]) -> dict[str, Any]:
    """Free-form keys kept for templates."""
    return {k: v for k, v in front.plain().items() if k not in known}


