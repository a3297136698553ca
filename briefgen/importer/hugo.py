"""Hugo sites: posts under content/ (page bundles included), static/ files,
and the URL each post had (its `url`, the section's permalink pattern, or
the section path and slug)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..core.dates import MONTHS, parse_moment
from ..core.slugs import make_slug
from .common import (
    bundle_index,
    content_post,
    date_in,
    first_config,
    is_markdown,
    read_config,
    settings,
    undated,
)
from .convert import moment, one_text
from .post import Post, SourceSite, has_front_matter
from .report import Report
from .writer import walk

CONFIGS = [f"{base}.{ext}" for base in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")]
CONFIG_DIR = "config/_default"


def scan(src: Path, report: Report) -> SourceSite:
    """Find the posts and static files of the Hugo site at SRC."""
    config = _config(src, report)
    title, site_settings = settings(config, ("title",), ("baseurl",), "timezone",
                                    _language_title(config) or src.name)
    if _unsafe(config):
        site_settings["markdown"] = {"html": True}  # cleaned by briefgen, as docs/configuration.md says
    site = SourceSite("hugo", title, site_settings, config=config)
    content = src / str(config.get("contentdir") or "content")
    permalinks: Any = config.get("permalinks")
    permalinks = permalinks if isinstance(permalinks, dict) else {}
    if isinstance(permalinks.get("page"), dict):  # Hugo 0.120's [permalinks.page]
        permalinks = permalinks["page"]
    patterns = {str(k).lower(): str(v) for k, v in permalinks.items() if isinstance(v, str)}
    if content.is_dir():
        _folder(content, content, site, patterns, report)
    else:
        report.note(f"no {content.relative_to(src)}/ folder: no posts found", str(src.name))
    static = src / str(config.get("staticdir") or "static")
    if static.is_dir():
        site.statics += [(f, "/" + f.relative_to(static).as_posix()) for f in walk(static)]
    for folder, why in (("assets", "files for Hugo's asset pipeline"),
                        ("layouts", "templates"), ("themes", "themes")):
        if (src / folder).is_dir():
            report.note(f"skipped: {folder}/ ({why}; briefgen has its own theme and templates/)")
    return site


def _config(src: Path, report: Report) -> dict[str, Any]:
    """The site's config: hugo.toml (or config.*), or the files of
    config/_default/, where `markup.toml` holds the `markup` table and
    `languages.en.toml` the `languages.en` one, as Hugo merges them."""
    config = first_config(src, CONFIGS, report)
    folder = src / CONFIG_DIR
    if config or not folder.is_dir():
        return config
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".toml", ".yaml", ".yml", ".json") or not path.is_file():
            continue
        values = read_config(path, report, f"{CONFIG_DIR}/{path.name}")
        if path.stem in ("hugo", "config"):
            config = {**values, **config}
            continue
        node = config
        for part in path.stem.lower().split(".")[:-1]:
            node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else {}
        node[path.stem.lower().split(".")[-1]] = values
    return config


def _language_title(config: dict[str, Any]) -> str:
    """The title a multilingual site gives its first language."""
    languages = config.get("languages")
    for values in (languages.values() if isinstance(languages, dict) else ()):
        if isinstance(values, dict) and isinstance(values.get("title"), str):
            return str(values["title"])
    return ""


def _folder(folder: Path, content: Path, site: SourceSite, patterns: dict[str, str],
            report: Report) -> None:
    """Posts, bundles and other files in FOLDER, and in its folders in turn."""
    index = bundle_index(folder) if folder != content else None
    if index is not None:
        _post(index, content, site, patterns, report, bundle=folder)
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink():
            continue
        rel = "content/" + path.relative_to(content).as_posix()
        if path.is_dir():
            _folder(path, content, site, patterns, report)
        elif not is_markdown(path) and has_front_matter(path):
            report.skip(f"a {path.suffix} page (briefgen reads Markdown only)", rel)
        elif not is_markdown(path):
            site.statics.append((path, "/" + path.relative_to(content).as_posix()))
        elif path.stem == "_index":
            continue  # a section's list page: briefgen makes its own lists
        else:  # a file at the top of content/ is a page (About), not a post
            _post(path, content, site, patterns, report, page=folder == content)


def _post(path: Path, content: Path, site: SourceSite, patterns: dict[str, str],
          report: Report, bundle: Path | None = None, page: bool = False) -> None:
    """One post (a file, or a bundle's index.md) with its slug and old URL."""
    post = content_post(path, content, report, bundle, page)
    if post is None:
        return
    name = bundle.name if bundle is not None else path.stem
    section_path = (bundle or path).parent.relative_to(content).as_posix()
    post.url = _url(post, section_path, name, patterns)
    post.alias_base = "/" + section_path + "/"
    post.date_hint = date_in(name, post.url)
    site.posts.append(post)


def _url(post: Post, section_path: str, name: str, patterns: dict[str, str]) -> str:
    """The URL Hugo gave POST."""
    written = one_text(post.get("url"))
    if written:
        return written if written.startswith("/") else "/" + written
    section = section_path.split("/")[0]
    pattern = patterns.get(section.lower())
    if pattern is None:
        return f"/{section_path}/{post.slug}/".lower()
    date = moment(one_text(post.get("date", "publishdate"))) or date_in(name)
    return _expand(pattern, post, section_path, name, date)


def _expand(pattern: str, post: Post, section_path: str, name: str, date: str) -> str:
    """A Hugo permalink pattern for POST (unknown tokens are left as written)."""
    day = parse_moment(date) if date else None
    title = one_text(post.get("title"))
    values: dict[str, Any] = {
        "section": section_path.split("/")[0], "sections": section_path,
        "title": make_slug(title) if title else post.slug, "slug": post.slug,
        "filename": undated(name), "slugorfilename": post.slug,
        "contentbasename": name, "slugorcontentbasename": post.slug,
    }
    if day is not None:
        values.update(year=f"{day.year:04d}", month=f"{day.month:02d}", day=f"{day.day:02d}",
                      monthname=MONTHS[day.month - 1].lower(), yearday=str(day.timetuple().tm_yday))
    url = re.sub(r":(\w+)", lambda m: str(values.get(m.group(1).lower(), m.group())), pattern)
    return url if url.startswith("/") else "/" + url


def _unsafe(config: dict[str, Any]) -> bool:
    """Whether the site lets raw HTML through (markup.goldmark.renderer.unsafe)."""
    node: Any = config.get("markup")
    for key in ("goldmark", "renderer", "unsafe"):
        node = node.get(key) if isinstance(node, dict) else None
    return node is True
