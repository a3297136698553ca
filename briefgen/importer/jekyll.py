"""Jekyll sites: `_posts/` folders (anywhere: `news/_posts/` gives the
category news), `_drafts/`, the files Jekyll copies as they are, and each
post's URL from its `permalink` or the site's."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..core.dates import parse_moment
from .common import DATED_NAME, first_config, is_markdown, markdown_count, name_date, settings
from .convert import moment, one_text, words
from .post import Post, SourceSite, has_front_matter, read_post
from .report import Report
from .writer import walk

# What Jekyll leaves out of the site by default besides names starting with _ or .
# and the machinery in NOT_CONTENT (node_modules/, vendor/).
DEFAULT_EXCLUDES = {"Gemfile", "Gemfile.lock", "gemfiles"}
# A file at the top of the site is copied only when it is media: the rest
# there (README.md, Gemfile, package.json, CNAME) is the project's, not the site's.
MEDIA_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf")
# Folders that hold the site's machinery or another tool's files, not content.
NOT_CONTENT = {"_site", "_layouts", "_includes", "_sass", "_data", "_plugins", "node_modules",
               "vendor", ".jekyll-cache", ".sass-cache", "_config"}
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def scan(src: Path, report: Report) -> SourceSite:
    """Find the posts, drafts and static files of the Jekyll site at SRC."""
    config = first_config(src, ["_config.yml", "_config.yaml", "_config.toml"], report)
    title, site_settings = settings(config, ("title", "name"), ("url", "baseurl"),
                                   "timezone", src.name, report, "_config.yml")
    site_settings["markdown"] = {"html": True}  # kramdown keeps raw HTML; briefgen cleans it
    site = SourceSite("jekyll", title, site_settings, config=config)
    plugins = [str(p) for key in ("plugins", "gems")
               for p in (config[key] if isinstance(config.get(key), list) else [])]
    site.emoji = "jemoji" in plugins
    collections = config.get("collections")
    posts_config = collections.get("posts") if isinstance(collections, dict) else None
    pattern = str((posts_config or {}).get("permalink") if isinstance(posts_config, dict)
                  and posts_config.get("permalink") else config.get("permalink") or "date")
    defaults = _post_defaults(config, report)
    root = src / str(config.get("source") or ".")  # `source: src` keeps the site in src/
    if not root.is_dir() or not root.resolve().is_relative_to(src.resolve()):
        root = src  # never read outside the source folder
    site.names = {**_handles(config.get("authors")), **_author_names(root)}
    site.language = str(config.get("lang") or "en").lower().replace("_", "-")
    folders = _post_folders(root)
    base = _site_root(folders[0], root) if folders else root
    author = config.get("author")  # the site's: a name, or {name: ...}
    site_author = author.get("name") if isinstance(author, dict) else author
    site_author = site_author.strip() if isinstance(site_author, str) else ""
    includes = base / str(config.get("includes_dir") or "_includes")
    site.includes = includes if includes.is_dir() and includes.resolve().is_relative_to(src.resolve()) \
        else None
    for folder in folders:
        drafts = folder.name == "_drafts"
        categories = list(folder.relative_to(_site_root(folder, root)).parts[:-1])
        for path in walk(folder):
            given = _defaults_for(path.relative_to(root).as_posix(), defaults)
            if site_author and "author" not in given and "authors" not in given:
                given = {**given, "author": site_author}  # jekyll-feed's and jekyll-seo-tag's default
            _post(src, path, pattern, categories, drafts, site, report, given)
    for path in sorted([*base.glob("*"), *base.glob("_pages/*")]):
        if is_markdown(path) and path.stem.lower() not in ("index", "404") \
                and has_front_matter(path):
            _page(src, base, path, site, report)
        elif path.parent.name == "_pages" and path.is_file() and has_front_matter(path):
            _rendered(src, path, report)  # an HTML page (the top's are _folders')
    _folders(src, base, config, site, report)
    _collections(src, base / str(config.get("collections_dir") or "."), collections, report)
    return site


def _collections(src: Path, base: Path, collections: Any, report: Report) -> None:
    """Say what each collection other than posts holds (`_docs/` for
    `collections: [docs]`): its documents are not imported. Made pages,
    a hundred documentation pages would crowd the footer's links; the
    editor decides where they belong."""
    names = list(collections) if isinstance(collections, (dict, list)) else []
    for name in dict.fromkeys(str(n) for n in names if str(n) not in ("posts", "drafts")):
        folder = base / f"_{name}"
        report.left_out(markdown_count(folder), f"the documents of collection '{name}' (briefgen "
                        "imports posts and pages; copy the ones you want into content/pages/)",
                        folder.relative_to(src).as_posix())
        pages = sum(1 for path in walk(folder) if path.suffix.lower() in (".html", ".htm")
                    and has_front_matter(path)) if folder.is_dir() else 0
        if pages and name != "pages":  # _pages/' own are said one by one
            report.skipped += pages
            report.note(f"{pages} HTML document{'s' if pages > 1 else ''} of collection '{name}' "
                        "left out: Jekyll renders them through its templates; briefgen imports "
                        "Markdown", folder.relative_to(src).as_posix())


def _folders(src: Path, base: Path, config: dict[str, Any], site: SourceSite,
             report: Report) -> None:
    """The files Jekyll copies into the site as they are, with their URLs:
    every file without front matter outside `_` and `.` folders, the site's
    `exclude:` list and Jekyll's default excludes (images kept beside posts
    in `resources/` or `uploads/` as well as in `assets/`). A Markdown file
    with front matter in a folder is a page (not a folder's index.md, which
    lists what Jekyll's layouts put there); any other file with front
    matter is one Jekyll renders through its templates: reported."""
    excluded = _excluded(config)
    project = []
    for entry in sorted(base.iterdir()):
        if entry.name.startswith(("_", ".")) or entry.name in NOT_CONTENT | DEFAULT_EXCLUDES \
                or excluded(entry.name) or entry.is_symlink():
            continue
        if entry.is_file() and has_front_matter(entry):
            if not is_markdown(entry):  # Markdown pages at the top are read by scan()
                _rendered(src, entry, report)
        elif entry.is_file():
            if (mimetypes.guess_type(entry.name)[0] or "").startswith(MEDIA_TYPES):
                site.statics.append((entry, "/" + entry.name))
            else:
                project.append(entry.name)
        else:
            for path in walk(entry):
                rel = path.relative_to(base).as_posix()
                if any(part.startswith("_") for part in rel.split("/")) or excluded(rel):
                    continue
                if not has_front_matter(path):
                    site.statics.append((path, "/" + rel))
                elif is_markdown(path) and path.stem.lower() != "index":
                    _page(src, base, path, site, report)
                else:
                    _rendered(src, path, report)
    if project:
        report.note(f"not copied: {len(project)} file{'s' if len(project) > 1 else ''} at the "
                    f"top of the site that {'are' if len(project) > 1 else 'is'} not media "
                    f"({', '.join(project[:5])}{', ...' if len(project) > 5 else ''})")


def _rendered(src: Path, path: Path, report: Report) -> None:
    report.skip("a file Jekyll renders through its templates (it has front matter); briefgen "
                "copies files as they are", path.relative_to(src).as_posix())


def _excluded(config: dict[str, Any]) -> Callable[[str], bool]:
    """Whether a path relative to the site is in the config's `exclude:` list
    (names, folders or glob patterns, as Jekyll matches them)."""
    patterns = [str(p).strip("/") for p in config.get("exclude") or [] if str(p).strip("/")] \
        if isinstance(config.get("exclude"), list) else []
    destination = str(config.get("destination") or "").strip("./")
    if destination:
        patterns.append(destination)

    def excluded(rel: str) -> bool:
        parts = rel.split("/")
        prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
        return any(fnmatch(prefix, pattern) for pattern in patterns for prefix in prefixes)
    return excluded


def _author_names(root: Path) -> dict[str, str]:
    """Author handles and their names from `_data/authors.yml` (or .yaml,
    .json), where themes keep `tk: {name: Tia Kim}`; {} without one."""
    for name in ("authors.yml", "authors.yaml", "authors.json"):
        path = root / "_data" / name
        if not path.is_file():
            continue
        try:
            return _handles(yaml.safe_load(path.read_bytes()))  # JSON is YAML too
        except (OSError, yaml.YAMLError):
            return {}
    return {}


def _handles(data: Any) -> dict[str, str]:
    """Handles and names from a map of authors, `tk: {name: Tia Kim}`, as
    `_data/authors.yml` or the config's `authors:` hold them."""
    if not isinstance(data, dict):
        return {}
    return {str(handle): str(value.get("name") or value.get("display_name"))
            for handle, value in data.items()
            if isinstance(value, dict) and (value.get("name") or value.get("display_name"))}


def _post_defaults(config: dict[str, Any], report: Report) -> list[tuple[str, dict[str, Any]]]:
    """The values of the config's `defaults:` whose scope is posts (its
    `type` posts or unset), with the scope's `path`, in the config's order.

    An `image` there is one picture every post shares, which themes use for
    the social card; made each item's own image it would open every page,
    so it is left out, and said."""
    found = []
    for entry in config.get("defaults") or [] if isinstance(config.get("defaults"), list) else []:
        scope = entry.get("scope") if isinstance(entry, dict) else None
        values = entry.get("values") if isinstance(entry, dict) else None
        scope = scope if isinstance(scope, dict) else {}
        if isinstance(values, dict) and str(scope.get("type") or "posts") == "posts":
            given = {str(key).lower(): value for key, value in values.items()}
            if given.pop("image", None) is not None:
                report.note("defaults: an image every post shares (a theme's social card) is not "
                            "made each item's image; a post's own `image:` still is", "_config.yml")
            found.append((str(scope.get("path") or "").strip("/"), given))
    return found


def _defaults_for(rel: str, defaults: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """What `defaults:` gives the post at REL (relative to the site): every
    scope that holds it, a longer path's values over a shorter's and a later
    scope's over an earlier one of the same path, as Jekyll merges them."""
    merged: dict[str, Any] = {}
    scopes = [(len(path), n, values) for n, (path, values) in enumerate(defaults)
              if not path or rel == path or rel.startswith(path + "/")]
    for _, _, values in sorted(scopes, key=lambda scope: scope[:2]):
        merged.update(values)
    return merged


def _site_root(folder: Path, root: Path) -> Path:
    """The folder the site is built from, as far as FOLDER's categories go: the
    nearest one above it with Jekyll's own folders or config (a site kept in
    src/, built through another tool), else ROOT."""
    for parent in folder.parents:
        if parent == root or not parent.is_relative_to(root):
            break
        if any((parent / name).exists() for name in ("_layouts", "_includes", "_config.yml")):
            return parent
    return root


def _post_folders(src: Path) -> list[Path]:
    """Every `_posts` and `_drafts` folder, outside the site's machinery and output."""
    found = []
    for path in sorted(src.rglob("_posts")) + sorted(src.rglob("_drafts")):
        parts = path.relative_to(src).parts
        if path.is_dir() and not any(p in NOT_CONTENT or p.startswith(".") for p in parts):
            found.append(path)
    return found


def _post(src: Path, path: Path, pattern: str, categories: list[str], drafts: bool,
          site: SourceSite, report: Report, defaults: dict[str, Any]) -> None:
    """One file of a _posts/ or _drafts/ folder, as Jekyll reads it; its
    author handles named from `_data/authors.yml` and its excerpt separator
    (its own or the config's) made `<!--more-->`."""
    names, excerpt = site.names, site.config.get("excerpt_separator")
    rel = path.relative_to(src).as_posix()
    if not is_markdown(path):  # a post in another format (.html, .textile, AsciiDoc's .adoc)
        if path.suffix.lower() in (".html", ".htm", ".textile") or has_front_matter(path):
            report.skip(f"a {path.suffix} post (briefgen reads Markdown bodies)", rel)
        return
    named = DATED_NAME.match(path.stem)
    if named is None and not drafts:
        report.skip("not named YYYY-MM-DD-title (Jekyll does not publish it either)", rel)
        return
    read = read_post(path, rel, report)
    if read is None:
        return
    front, body, body_line = read
    name = named.group(2) if named else path.stem
    hint = name_date(named) if named else _modified(path)
    post = Post(path=path, rel=rel, front=front, body=body, body_line=body_line, dest="",
                slug="", kind="jekyll", date_hint=hint, draft=drafts, topics=list(categories),
                defaults=defaults)
    post.slug = one_text(post.get("slug")) or name
    post.names = names
    post.language = one_text(post.get("lang")).lower().replace("_", "-")
    separator = one_text(post.get("excerpt_separator")) or str(excerpt or "")
    if separator.strip() and separator != "<!--more-->" and separator in post.body:
        post.body = post.body.replace(separator, "<!--more-->", 1)  # where briefgen's excerpt ends
    date = moment(one_text(post.get("date"))) or hint
    post.dest = f"{date[:4]}/{date[5:7]}/{post.slug}.md"
    post.url = _url(one_text(post.get("permalink")) or pattern, post, date,
                    name, _zone(site.config.get("timezone")))
    site.posts.append(post)


def _page(src: Path, base: Path, path: Path, site: SourceSite, report: Report) -> None:
    """A page such as about.md (at the top of the site, or in _pages/): a
    standalone page, named by its permalink's last part or its file name."""
    rel = path.relative_to(src).as_posix()
    read = read_post(path, rel, report)
    if read is None:
        return
    front, body, body_line = read
    post = Post(path=path, rel=rel, front=front, body=body, body_line=body_line, dest="",
                slug="", kind="jekyll", page=True)
    permalink = one_text(post.get("permalink"))
    name = permalink.strip("/").rsplit("/", 1)[-1]
    post.slug = one_text(post.get("slug")) or re.sub(r"\.html?$", "", name) or path.stem
    # Its old URL, for links to it: the permalink, else its path as an .html file.
    post.url = permalink or "/" + path.relative_to(base).with_suffix(".html").as_posix()
    site.posts.append(post)


def _modified(path: Path) -> str:
    """A draft without a date is dated by its file, as Jekyll does with --drafts."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()


def _zone(name: Any) -> tzinfo:
    """The config's `timezone`, in which Jekyll dates its URLs; UTC without
    one (GitHub Pages builds in UTC)."""
    try:
        return ZoneInfo(name) if isinstance(name, str) and name.strip() else UTC
    except (ValueError, ZoneInfoNotFoundError):
        return UTC


def slugify(text: str, pretty: bool = False) -> str:
    """TEXT as Jekyll's Utils.slugify makes it: every run of characters but
    letters and digits (and, PRETTY, `_` and `.~!$&'()+,;=@`, case kept) one
    `-`, none at either end."""
    made = (_PRETTY_RUN if pretty else _DEFAULT_RUN).sub("-", text).strip("-")
    return made if pretty else made.lower()


_DEFAULT_RUN = re.compile(r"(?:\W|_)+")
_PRETTY_RUN = re.compile(r"[^\w.~!$&'()+,;=@]+")  # `_` kept, as Jekyll 4.3 keeps it (cgi-escape_html)


def _url(pattern: str, post: Post, date: str, name: str, zone: tzinfo) -> str:
    """The URL Jekyll gave POST, from a permalink style or pattern: its date
    in the site's ZONE, its slug and file NAME made as Jekyll makes them."""
    pattern = STYLES.get(pattern, pattern)
    day = parse_moment(date)
    if day.tzinfo is not None:  # `09:00 +15:00` is the day before in UTC
        day = day.astimezone(zone)
    categories = [*post.topics, *words(post, "categories", "category")]
    given = one_text(post.get("slug"))
    values = {
        "year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}",
        "i_month": str(day.month), "i_day": str(day.day), "short_year": f"{day.year % 100:02d}",
        "y_day": f"{day.timetuple().tm_yday:03d}", "hour": f"{day.hour:02d}",
        "minute": f"{day.minute:02d}", "second": f"{day.second:02d}",
        "title": slugify(given or name, pretty=True), "slug": slugify(given or name),
        "name": slugify(name), "output_ext": ".html",
        # As written, spaces and all: Jekyll makes no slug of a category.
        "categories": "/".join(c.lower() for c in dict.fromkeys(categories)),
    }
    url = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group()), pattern)
    url = re.sub(r"/{2,}", "/", "/" + url)
    return url
