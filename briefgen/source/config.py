"""site.yaml: the typed, frozen site settings, each declared once, and their validation.

Every key is declared once, on the SiteConfig field that holds it: the
field gives its type and default, its `Setting` the site.yaml key and a
one-line meaning. parse_config, the unknown-key error with its suggestion
and the table of keys in docs/configuration.md are all made from these
declarations, so a new key is one field here (and a test fails until the
docs' table is regenerated). An unknown key is an error that names it, so a
typo such as `per_pgae` is never silently ignored.
"""

from __future__ import annotations

import functools
import re
import shlex
import string
from collections.abc import Callable, Collection
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..core.errors import BriefgenError, Problem, SiteErrors, raise_if
from ..core.paths import CONFIG_FILE
from ..core.urls import is_http_url, may_name_another_host
from .fields import Reader
from .frontmatter import Mapping, decode, parse_mapping
from .inputs import cannot_read
from .records import Image

# A permalink placeholder: year, month, day, slug, or a front matter field of the item.
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
TAXONOMY_KEYS = frozenset({"field", "title"})  # what one taxonomy's settings may hold
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Files in the zone folder that ZoneInfo loads but that name no place.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# What a permalink pattern may contain besides its placeholders: the
# characters of a slug, and '/' between path parts.
_PERMALINK_CHARS = frozenset(string.ascii_letters + string.digits + "-_./")
# Site folders briefgen reads: an output folder there would be read into the next build.
_READ_FOLDERS = ("content", "templates")
_SETTING = "setting"  # the metadata key of a SiteConfig field read from site.yaml


@dataclass(frozen=True)
class TaxonomyConfig:
    """One front matter list that becomes index pages (people, topics...)."""

    name: str
    field: str
    title: str
    # Left out of the site (no index page, no navigation link) while no item
    # or profile names a term: the built-in `authors`, which most briefings
    # without bylines never use.
    optional: bool = False


AUTHORS = "authors"  # the front matter field of an item's writers (bylines): not what it is about
DEFAULT_TAXONOMIES = (
    TaxonomyConfig("people", "people", "People"),
    TaxonomyConfig("topics", "topics", "Topics"),
    TaxonomyConfig("sources", "source", "Sources"),
    TaxonomyConfig("series", "series", "Series"),
    TaxonomyConfig(AUTHORS, AUTHORS, "Authors", optional=True),
)
EDITION_GROUPS = ("series", "topics", "none")


@dataclass
class Parsing:
    """What the settings of one site.yaml share while it is read."""

    values: dict[str, Any]  # the SiteConfig fields read so far, by name
    reserved: Collection[str]  # top-level output paths a taxonomy may not take


Check = Callable[[str], "str | None"]  # what is wrong with a text value, or None
Read = Callable[[Reader, "Setting", Parsing], Any]  # for a setting that is more than one value


@dataclass(frozen=True)
class Setting:
    """One site.yaml key, declared on the SiteConfig field that holds it.

    The field gives the type and the default (no default: required); this
    gives what the field cannot: where site.yaml writes the key, what the
    docs say of it, and how it is checked. `attribute`, `default` and
    `required` are filled in from the field (see SETTINGS).
    """

    key: str  # as site.yaml spells it; 'feed.limit' is `limit` in the `feed` mapping
    doc: str  # one line of Markdown for the docs' table
    kind: str = ""  # the type as the docs name it; numbers, booleans and choices say it themselves
    check: Check | None = None  # text: what is wrong with a value (the default is taken then)
    minimum: int = 1  # whole numbers: the least allowed
    choices: tuple[str, ...] = ()  # text: the only values allowed
    shown: str = ""  # the default as the docs show it, where its value does not say it well
    read: Read | None = None  # how to read it, where its default's type does not say
    attribute: str = ""
    default: Any = None
    required: bool = False

    @property
    def section(self) -> str:
        """The mapping the key is in, '' for the top level."""
        return self.key.rpartition(".")[0]

    @property
    def name(self) -> str:
        """The key inside its mapping."""
        return self.key.rpartition(".")[2]

    @property
    def meta(self) -> dict[str, Setting]:
        """This setting as a field's metadata."""
        return {_SETTING: self}


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


def base_url_warning(root: Path, base_url: str, given: bool) -> Problem | None:
    """The warning `build` and `check` give when base_url is only a path, or None.

    A path builds a site that works in a browser, but the URLs meant to be
    read away from the page cannot be resolved: the canonical link, og:url,
    the feeds' links and ids, and the sitemap, which must list absolute URLs.
    GIVEN: it came from --base-url, which the fix then names instead of site.yaml.
    """
    if is_http_url(base_url):
        return None
    fix = ("pass the address the site will be served from, such as --base-url "
           "https://briefing.example.org/" if given else
           "set the address the site will be served from, such as base_url: "
           "https://briefing.example.org/ in site.yaml, or pass --base-url")
    message = (f"base_url {base_url!r} has no scheme and host, so canonical links, og:url, "
               "feed links and sitemap URLs are paths, which search engines, feed readers and "
               f"link previews cannot resolve (a sitemap must list full URLs); {fix}")
    if given:
        return Problem("--base-url: " + message)
    return Problem(message, CONFIG_FILE, _key_line(root / CONFIG_FILE, "base_url"))


def _key_line(file: Path, key: str) -> int:
    """The line of a top-level KEY in a YAML file, or 0 when it is not there (its default)."""
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return 0
    return next((n for n, line in enumerate(lines, 1) if re.match(rf"{key}\s*:", line)), 0)


def normalise_base_url(url: str) -> str:
    """Give base_url exactly one trailing slash."""
    return url.rstrip("/") + "/"


def _language_problem(language: str) -> str | None:
    if _LANG.match(language):
        return None
    return f"not a language tag such as 'en' or 'de-CH': {language!r}"


def _timezone_problem(timezone: str) -> str | None:
    if is_zone_name(timezone):
        return None
    return f"unknown time zone {timezone!r} (use a name such as 'Europe/Moscow')"


def is_zone_name(name: str) -> bool:
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


def _output_dir_problem(output_dir: str) -> str | None:
    """What is wrong with output_dir, a folder inside the site but outside the
    folders briefgen reads, or None.

    The build refuses such a folder too (also one given with -o), but only
    site.yaml knows the line to point at, so its mistakes are reported here
    with the file's others.
    """
    parts = Path(output_dir).parts
    if Path(output_dir).is_absolute() or ".." in parts or output_dir in ("", "."):
        return f"must be a folder inside the site, got {output_dir!r}"
    if parts and parts[0] in _READ_FOLDERS:
        return ("must not be or lie in content/ or templates/, which briefgen "
                f"reads, got {output_dir!r}")
    return None


def _permalink_problem(pattern: str) -> str | None:
    """What is wrong with an article permalink pattern, or None.

    Only the placeholders are filled in (with ASCII slugs and digits), so the
    literal text decides whether the URL could hold a query, a fragment, an
    escape or a '..' that leaves the output folder.
    """
    fields = re.findall(r"\{([^}]*)\}", pattern)
    bad = [f for f in fields if not _FIELD.fullmatch(f)]
    if bad:
        return (f"placeholder {{{bad[0]}}} is not a field name (use {{year}} {{month}} {{day}} "
                "{slug}, or a front matter field of the item such as {section})")
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


def _read_base_url(r: Reader, setting: Setting, parsing: Parsing) -> str:
    """base_url, checked, with exactly one trailing slash."""
    return normalise_base_url(_read_text(r, setting))


def _read_taxonomies(r: Reader, setting: Setting, parsing: Parsing) -> tuple[TaxonomyConfig, ...]:
    """The taxonomies mapping; missing or without a value, the default four."""
    item = r.m.get(setting.name)
    if item is None or item.value is None:
        return DEFAULT_TAXONOMIES
    sub = r.mapping(setting.name)
    if sub is None:
        return ()
    out = []
    for name in sub:
        if not _NAME.match(name) or name in parsing.reserved:
            r.problems.append(Problem(f"taxonomies: {name!r} cannot be a taxonomy name "
                                      "(lowercase letters, digits, '-' or '_'; not a reserved path)",
                                      r.m.path, sub.line_of(name)))
            continue
        settings = (Reader(sub, r.problems, prefix="taxonomies.").mapping(name)
                    if sub.items[name].value is not None else None)
        fieldname, title = name, name.replace("_", " ").replace("-", " ").capitalize()
        if settings is not None:
            _unknown_keys(settings, TAXONOMY_KEYS, f"taxonomies.{name}.", r.problems)
            sr = Reader(settings, r.problems, prefix=f"taxonomies.{name}.")
            fieldname = sr.text("field", default=name)
            title = sr.text("title", default=title)
        out.append(TaxonomyConfig(name, fieldname, title))
    return tuple(out)


def _read_group_by(r: Reader, setting: Setting, parsing: Parsing) -> str:
    """editions.group_by, which must name a configured taxonomy when it is given.

    The default, series, quietly means no grouping on a site without a
    series taxonomy; a value the user wrote that names no taxonomy would
    silently do nothing, so it is an error.
    """
    item = r.m.get(setting.name)
    given = item is not None and item.value not in (None, "")
    found = len(r.problems)
    by = _read_text(r, setting)
    names = [t.name for t in parsing.values["taxonomies"]]
    if by == "none" or by in names:
        return by
    if given and len(r.problems) == found:  # not when the value itself was refused
        known = f"the taxonomies are {', '.join(names)}" if names else "there are no taxonomies"
        r.fail(setting.name, f"no taxonomy is named {by!r} ({known}); "
                             "add it under taxonomies or use none")
    return "none"


def _read_image(r: Reader, setting: Setting, parsing: Parsing) -> Image | None:
    """The site's picture for sharing: a path or URL, or `{src, alt}` as an item's image."""
    return r.image(setting.name)


# What a key that holds a secret is called: site.yaml is kept with the site's
# source (often in a public repository), so such a key is refused by name.
_CREDENTIAL = re.compile(r"secret|password|passwd|token|credential|access_?key|key_?id|api_?key",
                         re.IGNORECASE)
# Where `briefgen deploy` finds credentials instead (boto3's own chain).
_CREDENTIALS_HINT = ("give them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in "
                     "the environment, or in ~/.aws/credentials")
_BUCKET = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]")


def _bucket_problem(bucket: str) -> str | None:
    """A bucket name alone: 's3://name' or 'name/folder' is a common slip, and
    would reach the service as a name it refuses with a less helpful message."""
    if bucket == "" or _BUCKET.fullmatch(bucket):
        return None
    hint = " (only the name: the folder goes in deploy.prefix)" if "/" in bucket else ""
    return f"expected a bucket name such as 'briefing-example-org'{hint}, got {bucket!r}"


def _prefix_problem(prefix: str) -> str | None:
    """A folder in the bucket: '/'-separated names, without '.', '..' or empty parts."""
    parts = prefix.strip("/").split("/")
    if prefix.strip("/") == "":
        return None
    if any(p in ("", ".", "..") for p in parts) or any(c.isspace() or c == "\\" for c in prefix):
        return ("expected a folder in the bucket such as 'briefings/' (names separated by '/', "
                f"no '.', '..', spaces or backslashes), got {prefix!r}")
    return None


def _read_prefix(r: Reader, setting: Setting, parsing: Parsing) -> str:
    """deploy.prefix, checked, as '' or 'folder/' (one slash at the end, none at the start)."""
    prefix = _read_text(r, setting).strip("/")
    return prefix + "/" if prefix else ""


def _region_problem(region: str) -> str | None:
    if region == "" or re.fullmatch(r"[a-z0-9][a-z0-9-]*", region):
        return None
    return f"expected a region name such as 'eu-central-1', got {region!r}"


def _endpoint_problem(url: str) -> str | None:
    """An http(s) URL of an S3-compatible service, without a user or password in it."""
    if url == "":
        return None
    if "@" in urlsplit(url).netloc:
        return f"must not hold a user name or password; {_CREDENTIALS_HINT}"
    if not is_http_url(url):
        return f"expected the service's http(s) URL such as 'https://s3.example.net', got {url!r}"
    return None


# Schemes an unsubscribe link may have; anything else with a scheme (javascript:) is refused.
_UNSUBSCRIBE_SCHEMES = ("http://", "https://", "mailto:")


def _unsubscribe_problem(value: str) -> str | None:
    """An http(s) or mailto: URL, or a mail tool's placeholder such as {{unsubscribe_url}}."""
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value)
    if value and scheme and not value.lower().startswith(_UNSUBSCRIBE_SCHEMES):
        return (f"expected an http(s) or mailto: URL, or your mail tool's placeholder such as "
                f"{{{{unsubscribe_url}}}} or *|UNSUB|*, got {value!r}")
    return None


@dataclass(frozen=True)
class SiteConfig:
    """Settings from site.yaml, with their defaults: the one declaration of every key.

    Fields are read in this order (editions.group_by needs the taxonomies),
    and the docs' table lists them in it.
    """

    title: str = field(metadata=Setting(
        "title", "The site title: page titles, header, feed title and author.", kind="text").meta)
    base_url: str = field(default="/", metadata=Setting(
        "base_url", "Where the site is hosted.", kind="URL or path", check=base_url_problem,
        read=_read_base_url).meta)
    description: str = field(default="", metadata=Setting(
        "description", "Shown in the footer, as the home and term pages' meta description, "
        "and as the feed subtitle.", kind="text").meta)
    language: str = field(default="en", metadata=Setting(
        "language", "`<html lang>` and the feeds' `xml:lang`.", kind="language tag",
        check=_language_problem).meta)
    timezone: str = field(default="UTC", metadata=Setting(
        "timezone", "The zone of dates written without an offset, and of daily editions.",
        kind="time zone name", check=_timezone_problem).meta)
    per_page: int = field(default=20, metadata=Setting(
        "per_page", "Items per page on the home page and on term pages.").meta)
    output_dir: str = field(default="public", metadata=Setting(
        "output_dir", "Where `build` writes, relative to the site folder.", kind="folder",
        check=_output_dir_problem).meta)
    article_permalink: str = field(default="/articles/{slug}/", metadata=Setting(
        "permalinks.article", "The URL of each item.", kind="pattern",
        check=_permalink_problem).meta)
    taxonomies: tuple[TaxonomyConfig, ...] = field(default=DEFAULT_TAXONOMIES, metadata=Setting(
        "taxonomies", "Which front matter fields become index pages.", kind="mapping",
        shown="`people`, `topics`, `sources` (field `source`), `series` (field `series`), "
              "`authors` (only once an item or profile names one)",
        read=_read_taxonomies).meta)
    markdown_html: bool = field(default=False, metadata=Setting(
        "markdown.html", "Allow raw HTML in Markdown bodies.").meta)
    feed_limit: int = field(default=50, metadata=Setting(
        "feed.limit", "Most recent items in each Atom feed.").meta)
    term_feeds: bool = field(default=True, metadata=Setting(
        "feed.terms", "Write an Atom feed for every person, topic, source and series, besides "
        "the site feed; see [feed.terms](#feedterms).").meta)
    autolink: bool = field(default=True, metadata=Setting(
        "autolink", "Link the first mention of each known person or topic in item bodies "
        "([briefing.md](briefing.md)).").meta)
    toc: bool = field(default=False, metadata=Setting(
        "toc", "Show a table of contents (the body's h2 to h4 headings) at the top of every "
        "item page; an item's own `toc:` overrides it ([content.md](content.md#headings)).").meta)
    edition_group_by: str = field(default=EDITION_GROUPS[0], metadata=Setting(
        "editions.group_by", "How a daily edition groups its items, with an \"In this edition\" "
        "list; see [editions.group_by](#editionsgroup_by).", choices=EDITION_GROUPS,
        read=_read_group_by).meta)
    related_limit: int = field(default=5, metadata=Setting(
        "related.limit", "Related items shown on an item page; `0` hides the section.",
        minimum=0).meta)
    search: bool = field(default=True, metadata=Setting(
        "search", "Index the built site with Pagefind for the search page at `/search/` "
        "([search.md](search.md)).").meta)
    image: Image | None = field(default=None, metadata=Setting(
        "image", "The picture shared for a page that has none of its own (`og:image`, JSON-LD "
        "`image`): a site path or http(s) URL, or `{src, alt}`; see [image](#image).",
        kind="path, URL or mapping", shown="none", read=_read_image).meta)
    digest_sender: str = field(default="", metadata=Setting(
        "digest.sender", "Who sends the email digest, named in its footer "
        "([digest.md](digest.md#the-footer)).", kind="text", shown="the site's `title`").meta)
    digest_address: str = field(default="", metadata=Setting(
        "digest.address", "The sender's postal address, in the digest's footer.", kind="text").meta)
    digest_unsubscribe: str = field(default="", metadata=Setting(
        "digest.unsubscribe", "The digest footer's unsubscribe link: your mail tool's "
        "placeholder (`{{unsubscribe_url}}`, `*\\|UNSUB\\|*`) or a URL.", kind="placeholder or URL",
        check=_unsubscribe_problem).meta)
    deploy_bucket: str = field(default="", metadata=Setting(
        "deploy.bucket", "The S3 or S3-compatible bucket `briefgen deploy` uploads the output to "
        "([hosting.md](hosting.md#amazon-s3-and-a-cdn-briefgen-deploy)); credentials never go in site.yaml.",
        kind="bucket name", check=_bucket_problem).meta)
    deploy_prefix: str = field(default="", metadata=Setting(
        "deploy.prefix", "The folder in the bucket that holds the site; empty: the whole bucket.",
        kind="folder", check=_prefix_problem, read=_read_prefix).meta)
    deploy_region: str = field(default="", metadata=Setting(
        "deploy.region", "The bucket's region; empty: the AWS configuration's (`AWS_REGION`).",
        kind="region name", check=_region_problem).meta)
    deploy_endpoint_url: str = field(default="", metadata=Setting(
        "deploy.endpoint_url", "The address of an S3-compatible service (Cloudflare R2, MinIO, "
        "Backblaze B2); empty: Amazon S3.", kind="URL", check=_endpoint_problem).meta)

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


def _declared() -> tuple[Setting, ...]:
    """Every SiteConfig field's Setting, completed with the field's name and default."""
    return tuple(replace(f.metadata[_SETTING], attribute=f.name, required=f.default is MISSING,
                         default="" if f.default is MISSING else f.default)
                 for f in fields(SiteConfig) if _SETTING in f.metadata)


SETTINGS = _declared()  # in SiteConfig's order
TOP_KEYS = frozenset(s.key.partition(".")[0] for s in SETTINGS)
SECTION_KEYS = {section: frozenset(s.name for s in SETTINGS if s.section == section)
                for section in dict.fromkeys(s.section for s in SETTINGS if s.section)}


def parse_config(text: str, path: str = CONFIG_FILE, *,
                 reserved: Collection[str] = ()) -> SiteConfig:
    """Parse site.yaml text; raise SiteErrors listing every problem found.

    RESERVED: the top-level output paths of briefgen's own pages, which no
    taxonomy may take. Routes decides them (Routes.RESERVED); this stage
    knows nothing of pages, so its caller passes them in.
    """
    mapping = _settings_mapping(text, path)
    problems: list[Problem] = list(mapping.duplicates)
    _unknown_keys(mapping, TOP_KEYS, "", problems)
    top = Reader(mapping, problems)
    readers = {"": top}
    for name, keys in SECTION_KEYS.items():
        sub = top.mapping(name)
        if sub is not None:
            _unknown_keys(sub, keys, name + ".", problems)
        readers[name] = Reader(sub or Mapping(path, 1, {}), problems, prefix=name + ".")
    parsing = Parsing({}, reserved)
    for setting in SETTINGS:
        read = setting.read or _read_value
        parsing.values[setting.attribute] = read(readers[setting.section], setting, parsing)
    raise_if(problems)
    return SiteConfig(**parsing.values)


def _read_value(r: Reader, setting: Setting, parsing: Parsing) -> Any:
    """A setting read by its default's type: true or false, a whole number, or text."""
    if isinstance(setting.default, bool):
        return r.boolean(setting.name, setting.default)
    if isinstance(setting.default, int):
        return r.integer(setting.name, setting.default, minimum=setting.minimum)
    return _read_text(r, setting)


def _read_text(r: Reader, setting: Setting) -> str:
    """A text setting; a value its choices or check refuse is an error, and the default."""
    value = r.text(setting.name, required=setting.required, default=setting.default)
    if setting.choices and value not in setting.choices:
        problem: str | None = f"expected one of {', '.join(setting.choices)}, got {value!r}"
    else:
        problem = setting.check(value) if setting.check is not None else None
    if problem is not None:
        r.fail(setting.name, problem)
        return str(setting.default)
    return value


def config_file(root: Path) -> Path:
    """ROOT/site.yaml; an error when there is none, since ROOT is then no site at all.

    Every verb says it in these words, with the folder's full path (`.` says
    nothing about where the command looked) and the command that starts a site.
    """
    file = root / CONFIG_FILE
    if not file.is_file():
        where = str(root.absolute())
        raise BriefgenError(
            f"no {CONFIG_FILE} in {where}: a briefgen site has a {CONFIG_FILE} with at least "
            f"a title; to start one there: briefgen init {shlex.quote(where)}"
        )
    return file


def load_config(root: Path, *, reserved: Collection[str] = ()) -> SiteConfig:
    """Read and parse ROOT/site.yaml (RESERVED as for parse_config)."""
    try:
        data = config_file(root).read_bytes()
    except OSError as exc:  # reported as content files are, by its path in the site
        raise SiteErrors([cannot_read(CONFIG_FILE, exc)]) from None
    try:
        text = decode(data, CONFIG_FILE)
    except BriefgenError as exc:  # not UTF-8: reported like every other site.yaml error
        raise SiteErrors([exc.problem]) from None
    return parse_config(text, CONFIG_FILE, reserved=reserved)


def _settings_mapping(text: str, path: str) -> Mapping:
    """site.yaml's top-level mapping; a file that is not one is a SiteErrors, as
    every other site.yaml error is, so the CLI reports them all the same way."""
    try:
        return parse_mapping(text, path, 1, f"{path} must be a mapping of settings "
                                            "(key: value lines such as 'title: My Briefing')")
    except BriefgenError as exc:
        raise SiteErrors([exc.problem]) from None


def _unknown_keys(mapping: Mapping, known: Collection[str], prefix: str,
                  problems: list[Problem]) -> None:
    """An error for each key of MAPPING not in KNOWN, with the closest known key
    as a suggestion, or else the list of known keys."""
    for key in mapping:
        if key not in known and _CREDENTIAL.search(key):
            problems.append(Problem(f"'{prefix}{key}': credentials do not belong in site.yaml, "
                                    "which is kept with the site's source; remove it and "
                                    + _CREDENTIALS_HINT, mapping.path, mapping.line_of(key)))
        elif key not in known:
            import difflib  # here: only a misspelt key needs it, not every command

            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"did you mean '{prefix}{close[0]}'?" if close else \
                "known keys: " + ", ".join(sorted(known))
            problems.append(Problem(f"unknown key '{prefix}{key}' ({hint})",
                                    mapping.path, mapping.line_of(key)))


def settings_table() -> str:
    """The table of keys in docs/configuration.md, made from SETTINGS."""
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    rows += [f"| `{s.key}` | {_kind_shown(s)} | {_default_shown(s)} | {s.doc} |" for s in SETTINGS]
    return "\n".join(rows) + "\n"


def _kind_shown(setting: Setting) -> str:
    """The type column: the declared kind, or what the default and choices say."""
    if setting.kind:
        return setting.kind
    if setting.choices:
        *first, last = (f"`{c}`" for c in setting.choices)
        return f"{', '.join(first)} or {last}"
    if isinstance(setting.default, bool):
        return "true/false"
    return f"whole number ≥ {setting.minimum}"


def _default_shown(setting: Setting) -> str:
    """The default column, as YAML would spell the default."""
    if setting.required:
        return "(required)"
    if setting.shown:
        return setting.shown
    if isinstance(setting.default, bool):
        return f"`{str(setting.default).lower()}`"
    return f"`{setting.default}`" if setting.default != "" else '`""`'
