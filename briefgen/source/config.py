"""site.yaml: the typed, frozen site settings and their validation.

Every key is declared here; an unknown key is an error that names it, so a
typo such as `per_pgae` is never silently ignored.
"""

from __future__ import annotations

import difflib
import functools
import re
import string
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..core.errors import BriefgenError, Problem, SiteErrors, raise_if
from ..core.urls import is_http_url, may_name_another_host
from .fields import Reader
from .frontmatter import Mapping, decode, parse_mapping
from .inputs import cannot_read

CONFIG_FILE = "site.yaml"
PERMALINK_FIELDS = ("year", "month", "day", "slug")
# Top-level output paths a taxonomy or page may not take.
RESERVED_PATHS = frozenset({"articles", "page", "archive", "static", "media", "feed.xml",
                            "sitemap.xml", "404.html", "search", "pagefind"})
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Files in the zone folder that ZoneInfo loads but that name no place.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# What a permalink pattern may contain besides its placeholders: the
# characters of a slug, and '/' between path parts.
_PERMALINK_CHARS = frozenset(string.ascii_letters + string.digits + "-_./")


@dataclass(frozen=True)
class TaxonomyConfig:
    """One front matter list that becomes index pages (people, topics...)."""

    name: str
    field: str
    title: str


DEFAULT_TAXONOMIES = (
    TaxonomyConfig("people", "people", "People"),
    TaxonomyConfig("topics", "topics", "Topics"),
    TaxonomyConfig("sources", "source", "Sources"),
    TaxonomyConfig("series", "series", "Series"),
)
EDITION_GROUPS = ("series", "topics", "none")


@dataclass(frozen=True)
class SiteConfig:
    """Settings from site.yaml, with SPEC's defaults."""

    title: str
    base_url: str = "/"
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    per_page: int = 20
    output_dir: str = "public"
    article_permalink: str = "/articles/{slug}/"
    taxonomies: tuple[TaxonomyConfig, ...] = DEFAULT_TAXONOMIES
    markdown_html: bool = False
    feed_limit: int = 50
    term_feeds: bool = True  # a feed per person, topic, source and series, beside the site feed
    autolink: bool = True  # link the first mention of a known person or topic in bodies
    edition_group_by: str = "series"  # how a daily edition groups its items
    related_limit: int = 5  # related items on an item page
    search: bool = True  # index the built site with Pagefind (see briefgen/search.py)
    preview: bool = False  # set by `briefgen serve`, never by site.yaml: Pagefind does not run there

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/'."""
        path = urlsplit(self.base_url).path if is_http_url(self.base_url) else self.base_url
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @property
    def absolute_base(self) -> str:
        """scheme://host of base_url, or '' when base_url is only a path."""
        if not is_http_url(self.base_url):
            return ""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def with_base_url(self, base_url: str) -> SiteConfig:
        """A copy hosted elsewhere (for --base-url and the preview server)."""
        problem = base_url_problem(base_url)
        if problem is not None:
            raise BriefgenError(f"--base-url: {problem}")
        return replace(self, base_url=normalise_base_url(base_url))

    def taxonomy(self, name: str) -> TaxonomyConfig:
        return next(t for t in self.taxonomies if t.name == name)


TOP_KEYS = frozenset({"title", "base_url", "description", "language", "timezone", "per_page",
                      "output_dir", "permalinks", "taxonomies", "markdown", "feed", "autolink",
                      "editions", "related", "search"})
SECTION_KEYS = {"permalinks": {"article"}, "markdown": {"html"}, "feed": {"limit", "terms"},
                "editions": {"group_by"}, "related": {"limit"}}


def base_url_problem(url: str) -> str | None:
    """What is wrong with a base_url (from site.yaml or --base-url), or None.

    An http(s) URL or a path starting with one '/', without white space, '..',
    a query or a fragment. A backslash or control character is refused with
    its own reason: browsers read '/\\host/' as '//host/', so the stylesheet
    and search script of every page would load from that host.
    """
    if any(c.isspace() for c in url) or may_name_another_host(url):
        return ("must not contain a backslash, a control character or white space "
                f"(browsers read '\\' as '/'), got {url!r}")
    if "/../" in url + "/" or "?" in url or "#" in url or not (
            (url.startswith("/") and not url.startswith("//")) or is_http_url(url)):
        return f"expected an http(s) URL or a path starting with '/', got {url!r}"
    return None


def _is_zone_name(name: str) -> bool:
    """True for an IANA zone name this machine can load, spelt exactly.

    ZoneInfo alone also loads 'localtime' (the build machine's own zone),
    'posixrules', 'Factory', the posix/ and right/ copies, and on a
    case-insensitive file system 'utc': none names a place, and the first
    would make the output depend on the machine that builds it.
    """
    if name == "UTC":
        return True  # the default: no need to list every zone
    zones = _zone_names()
    if name in _NOT_ZONES or (zones and name not in zones):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


# Process-wide on purpose: the system's zones, not the site's; one set.
@functools.cache
def _zone_names() -> frozenset[str]:
    """Every zone name available here (about 13 ms to list, so once a process);
    empty where the system has no zone files and tzdata is missing."""
    return frozenset(available_timezones())


def normalise_base_url(url: str) -> str:
    """Give base_url exactly one trailing slash."""
    return url.rstrip("/") + "/"


def parse_config(text: str, path: str = CONFIG_FILE) -> SiteConfig:
    """Parse site.yaml text; raise SiteErrors listing every problem found."""
    mapping = _settings_mapping(text, path)
    problems: list[Problem] = list(mapping.duplicates)
    _unknown_keys(mapping, TOP_KEYS, "", problems)
    r = Reader(mapping, problems)
    title = r.text("title", required=True)
    base_url = r.text("base_url", default="/")
    problem = base_url_problem(base_url)
    if problem is not None:
        r.fail("base_url", problem)
        base_url = "/"
    language = r.text("language", default="en")
    if not _LANG.match(language):
        r.fail("language", f"not a language tag such as 'en' or 'de-CH': {language!r}")
        language = "en"
    timezone = r.text("timezone", default="UTC")
    if not _is_zone_name(timezone):
        r.fail("timezone", f"unknown time zone {timezone!r} (use a name such as 'Europe/Moscow')")
        timezone = "UTC"
    output_dir = _output_dir(r)
    sections = {}
    for name, keys in SECTION_KEYS.items():
        sub = r.mapping(name)
        if sub is not None:
            _unknown_keys(sub, keys, name + ".", problems)
        sections[name] = Reader(sub or Mapping(path, 1, {}), problems, prefix=name + ".")
    permalink = sections["permalinks"].text("article", default="/articles/{slug}/")
    permalink = _check_permalink(permalink, sections["permalinks"])
    taxonomies = _taxonomies(r, problems)
    config = SiteConfig(
        title=title,
        base_url=normalise_base_url(base_url),
        description=r.text("description"),
        language=language,
        timezone=timezone,
        per_page=r.integer("per_page", 20),
        output_dir=output_dir,
        article_permalink=permalink,
        taxonomies=taxonomies,
        markdown_html=sections["markdown"].boolean("html", False),
        feed_limit=sections["feed"].integer("limit", 50),
        term_feeds=sections["feed"].boolean("terms", True),
        autolink=r.boolean("autolink", True),
        edition_group_by=_edition_group_by(sections["editions"], taxonomies),
        related_limit=sections["related"].integer("limit", 5, minimum=0),
        search=r.boolean("search", True),
    )
    raise_if(problems)
    return config


def config_file(root: Path) -> Path:
    """ROOT/site.yaml; an error when there is none, since ROOT is then no site at all."""
    file = root / CONFIG_FILE
    if not file.is_file():
        raise BriefgenError(
            f"no {CONFIG_FILE} in {root}: a briefgen site has a {CONFIG_FILE} with at least a title"
        )
    return file


def load_config(root: Path) -> SiteConfig:
    """Read and parse ROOT/site.yaml."""
    try:
        data = config_file(root).read_bytes()
    except OSError as exc:  # reported as content files are, by its path in the site
        raise SiteErrors([cannot_read(CONFIG_FILE, exc)]) from None
    try:
        text = decode(data, CONFIG_FILE)
    except BriefgenError as exc:  # not UTF-8: reported like every other site.yaml error
        raise SiteErrors([exc.problem]) from None
    return parse_config(text, CONFIG_FILE)


def _settings_mapping(text: str, path: str) -> Mapping:
    """site.yaml's top-level mapping; a file that is not one is a SiteErrors, as
    every other site.yaml error is, so the CLI reports them all the same way."""
    try:
        return parse_mapping(text, path, 1, f"{path} must be a mapping of settings "
                                            "(key: value lines such as 'title: My Briefing')")
    except BriefgenError as exc:
        raise SiteErrors([exc.problem]) from None


def _unknown_keys(mapping: Mapping, known: frozenset[str] | set[str], prefix: str,
                  problems: list[Problem]) -> None:
    for key in mapping:
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"did you mean '{prefix}{close[0]}'?" if close else \
                "known keys: " + ", ".join(sorted(known))
            problems.append(Problem(f"unknown key '{prefix}{key}' ({hint})",
                                    mapping.path, mapping.line_of(key)))


# Site folders briefgen reads: an output folder there would be read into the next build.
_READ_FOLDERS = ("content", "templates")


def _output_dir(r: Reader) -> str:
    """output_dir, a folder inside the site but outside the folders briefgen reads.

    The build refuses such a folder too (also one given with -o), but only
    site.yaml knows the line to point at, so its mistakes are reported here
    with the file's others.
    """
    output_dir = r.text("output_dir", default="public")
    parts = Path(output_dir).parts
    if Path(output_dir).is_absolute() or ".." in parts or output_dir in ("", "."):
        r.fail("output_dir", f"must be a folder inside the site, got {output_dir!r}")
        return "public"
    if parts and parts[0] in _READ_FOLDERS:
        r.fail("output_dir", "must not be or lie in content/ or templates/, which briefgen "
                             f"reads, got {output_dir!r}")
        return "public"
    return output_dir


def _choice(r: Reader, key: str, choices: tuple[str, ...]) -> str:
    value = r.text(key, default=choices[0])
    if value not in choices:
        r.fail(key, f"expected one of {', '.join(choices)}, got {value!r}")
        return choices[0]
    return value


def _edition_group_by(r: Reader, taxonomies: tuple[TaxonomyConfig, ...]) -> str:
    """editions.group_by, which must name a configured taxonomy when it is given.

    The default, series, quietly means no grouping on a site without a
    series taxonomy; a value the user wrote that names no taxonomy would
    silently do nothing, so it is an error.
    """
    item = r.m.get("group_by")
    given = item is not None and item.value not in (None, "")
    found = len(r.problems)
    by = _choice(r, "group_by", EDITION_GROUPS)
    names = [t.name for t in taxonomies]
    if by == "none" or by in names:
        return by
    if given and len(r.problems) == found:  # not when the value itself was refused
        known = f"the taxonomies are {', '.join(names)}" if names else "there are no taxonomies"
        r.fail("group_by", f"no taxonomy is named {by!r} ({known}); "
                           "add it under taxonomies or use none")
    return "none"


def _check_permalink(pattern: str, r: Reader) -> str:
    """The pattern if it makes a safe path for every item, else the default.

    Only the placeholders are filled in (with ASCII slugs and digits), so the
    literal text decides whether the URL could hold a query, a fragment, an
    escape or a '..' that leaves the output folder.
    """
    problem = _permalink_problem(pattern)
    if problem is None:
        return pattern
    r.fail("article", problem)
    return "/articles/{slug}/"


def _permalink_problem(pattern: str) -> str | None:
    """What is wrong with an article permalink pattern, or None."""
    fields = re.findall(r"\{([^}]*)\}", pattern)
    bad = [f for f in fields if f not in PERMALINK_FIELDS]
    if bad:
        return f"unknown placeholder {{{bad[0]}}} (use {{year}} {{month}} {{day}} {{slug}})"
    if "slug" not in fields:
        return "must contain {slug} so every item gets its own URL"
    if not pattern.startswith("/") or not pattern.endswith("/"):
        return f"must start and end with '/', got {pattern!r}"
    literal = re.sub(r"\{[^}]*\}", "", pattern)
    unsafe = next((c for c in literal if c not in _PERMALINK_CHARS), None)
    if unsafe is not None:
        return (f"character {unsafe!r} is not allowed (outside placeholders use only ASCII letters, "
                f"digits, '-', '_', '.' and '/'), got {pattern!r}")
    segments = pattern[1:-1].split("/")
    if any(s in ("", ".", "..") for s in segments):
        return f"must not have an empty, '.' or '..' part between slashes, got {pattern!r}"
    return None


def _taxonomies(r: Reader, problems: list[Problem]) -> tuple[TaxonomyConfig, ...]:
    item = r.m.get("taxonomies")
    if item is None or item.value is None:
        return DEFAULT_TAXONOMIES
    sub = r.mapping("taxonomies")
    if sub is None:
        return ()
    out = []
    for name in sub:
        line = sub.line_of(name)
        if not _NAME.match(name) or name in RESERVED_PATHS:
            problems.append(Problem(f"taxonomies: {name!r} cannot be a taxonomy name "
                                    "(lowercase letters, digits, '-' or '_'; not a reserved path)",
                                    r.m.path, line))
            continue
        settings = (Reader(sub, problems, prefix="taxonomies.").mapping(name)
                    if sub.items[name].value is not None else None)
        fieldname, title = name, name.replace("_", " ").replace("-", " ").capitalize()
        if settings is not None:
            _unknown_keys(settings, {"field", "title"}, f"taxonomies.{name}.", problems)
            sr = Reader(settings, problems, prefix=f"taxonomies.{name}.")
            fieldname = sr.text("field", default=name)
            title = sr.text("title", default=title)
        out.append(TaxonomyConfig(name, fieldname, title))
    return tuple(out)
