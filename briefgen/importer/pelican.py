"""Pelican sites: articles and pages under the content folder (`PATH`),
their metadata in Python-Markdown's `Key: value` block, the static files of
`STATIC_PATHS`, and each post's URL from `ARTICLE_URL` or `PAGE_URL`.

The settings come from pelicanconf.py (or the file the site names), read without running it
(pelican_conf.py). Articles are the Markdown files under `ARTICLE_PATHS`
outside `PAGE_PATHS`; a post's category is its `Category:`, else its
folder's name (`USE_FOLDER_AS_CATEGORY`); its date its `Date:`, else the one
`FILENAME_METADATA` finds in its file name, else `DEFAULT_DATE`.
reStructuredText posts are read with docutils (rst.py), their body the HTML
it writes; HTML posts and notebooks, which Pelican reads with other
readers, are counted and left out.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import yaml
from text_unidecode import unidecode

from ..core.dates import parse_moment
from ..core.errors import BriefgenError
from ..core.slugs import make_slug
from ..source.frontmatter import Located, Mapping
from . import rst
from .common import settings
from .convert import date_text, moment, one_text, texts
from .pelican_conf import FILE, read_settings
from .pelican_meta import read_meta
from .post import Post, SourceSite
from .report import Report
from .writer import walk

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
OTHER_READERS = {".rst": "reStructuredText", ".html": "HTML", ".htm": "HTML",
                 ".ipynb": "Jupyter notebook"}
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
# Python-Markdown's extensions whose work the import or briefgen does: the
# rest are named in the report.
_MARKDOWN_EXTENSIONS = {"codehilite", "extra", "meta", "toc", "fenced_code", "tables", "footnotes",
                        "attr_list", "def_list", "abbr", "sane_lists", "smarty", "md_in_html"}
_TOC = re.compile(r"^ {0,3}\[TOC\][ \t]*$", re.MULTILINE)
# The summary plugin's end marker: where briefgen's excerpt ends too.
_SUMMARY_END = re.compile(r"<!--\s*PELICAN_END_SUMMARY\s*-->")


def scan(src: Path, report: Report) -> SourceSite:
    """Find the articles, pages and static files of the Pelican site at SRC."""
    conf = read_settings(src, report)
    config = {key.lower(): value for key, value in conf.items()}
    title, site_settings = settings(config, ("sitename",), ("siteurl",), "timezone", src.name,
                                    report, conf[FILE])
    site_settings["markdown"] = {"html": True}  # Python-Markdown keeps raw HTML; briefgen cleans it
    language = str(conf["DEFAULT_LANG"] or "").replace("_", "-")
    if language.lower() != "en" and _LANGUAGE.fullmatch(language):
        site_settings["language"] = language
    site = SourceSite("pelican", title, site_settings, config=config)
    content = _content_root(src, conf, report)
    site.root = content
    others: dict[str, int] = {}
    for path in walk(content):
        rel = path.relative_to(content).as_posix()
        if _matches(rel, conf["IGNORE_FILES"]):
            continue
        suffix = path.suffix.lower()
        if (suffix in MARKDOWN or (suffix == ".rst" and rst.available())) \
                and not _under(rel, conf["STATIC_PATHS"]):
            _post_file(src, content, path, rel, conf, site, report)
        elif _under(rel, conf["STATIC_PATHS"]) and not _under(rel, conf["STATIC_EXCLUDES"]):
            site.statics.append((path, "/" + _static_path(rel, conf)))
        elif path.suffix.lower() in OTHER_READERS and _is_content(rel, conf) is not None \
                and (path.suffix.lower() != ".ipynb" or _reads_notebooks(conf)):
            kind = OTHER_READERS[path.suffix.lower()]
            others[kind] = others.get(kind, 0) + 1
    for kind, count in others.items():
        report.skipped += count
        how = "pip install 'briefgen[import]' to read them" if kind == "reStructuredText" else \
            "convert them, to Markdown with pandoc for one"
        report.note(f"{count} {kind} file{'s' if count > 1 else ''} left out: briefgen imports "
                    f"Markdown ({how})",
                    content.relative_to(src).as_posix() + "/" if content != src else "")
    site.language = str(conf["DEFAULT_LANG"] or "en").lower()
    _term_urls(site, conf)
    _notes(conf, report)
    return site


def _term_urls(site: SourceSite, conf: dict[str, Any]) -> None:
    """The old URLs of the tag, category and author pages (TAG_URL and its
    kind: /tag/nato.html), each pointed at its topic's or author's page."""
    def values(post: Post, key: str) -> list[str]:
        found = post.get(key)
        return texts(found.value) if found is not None else []

    for post in site.posts:
        names = [("TAG_URL", "topics", n) for n in values(post, "tags")]
        category = one_text(post.get("category")) or (post.topics[0] if post.topics else "")
        names += [("CATEGORY_URL", "topics", category)] if category else []
        names += [("AUTHOR_URL", "authors", n) for n in values(post, "authors") + values(post, "author")]
        for setting, folder, name in names:
            pattern = conf[setting]
            try:
                old = str(pattern).format(slug=pelican_slug(name)) if pattern else ""
            except (KeyError, IndexError, ValueError):
                continue
            if old.strip("/"):
                site.urls.setdefault("/" + old.lstrip("/"), f"/{folder}/{make_slug(name)}/")


def _reads_notebooks(conf: dict[str, Any]) -> bool:
    """Whether a plugin makes Pelican read .ipynb files as posts (pelican-ipynb
    as a reader; its liquid mode, like liquid_tags' notebook tag, only embeds
    notebooks that posts name)."""
    plugins = conf["PLUGINS"] if isinstance(conf["PLUGINS"], (list, tuple)) else []
    return any("ipynb" in str(p) and "liquid" not in str(p) for p in plugins)


def _content_root(src: Path, conf: dict[str, Any], report: Report) -> Path:
    """The content folder (`PATH`, relative to the settings file), never outside
    SRC. Without one in the settings, content/ when there is one: sites are
    built with `pelican content` (pelican-quickstart's Makefile and tasks do),
    which names it, and their drafts and notes live beside it."""
    if conf["PATH"] is None:
        if (src / "content").is_dir():
            if (src / conf[FILE]).is_file():
                report.note("PATH is not set: content/ is read, the folder `pelican content` "
                            "builds", conf[FILE])
            return src / "content"
        return src
    root = src / str(conf["PATH"] or ".")
    if not root.is_dir() or not root.resolve().is_relative_to(src.resolve()):
        report.note(f"PATH: {conf['PATH']!r} is not a folder inside the site; its top folder "
                    "is read instead", conf[FILE])
        return src
    return root


def _notes(conf: dict[str, Any], report: Report) -> None:
    """What the settings ask that the import cannot do: plugins and the theme."""
    plugins = [str(p) for p in conf["PLUGINS"]] if isinstance(conf["PLUGINS"], (list, tuple)) else []
    if plugins:
        report.note(f"PLUGINS: briefgen runs no Pelican plugins ({', '.join(plugins)}); what "
                    "they add to pages is not imported", conf[FILE])
    if conf["THEME"]:
        report.note("skipped: THEME (briefgen has its own theme and templates/)", conf[FILE])
    markdown = conf["MARKDOWN"] if isinstance(conf["MARKDOWN"], dict) else {}
    named = [*(markdown.get("extension_configs") or {}), *(markdown.get("extensions") or [])]
    others = [n for n in dict.fromkeys(str(e).rsplit(".", 1)[-1] for e in named if isinstance(e, str))
              if n not in _MARKDOWN_EXTENSIONS]
    if others:
        report.note(f"MARKDOWN: briefgen runs no Python-Markdown extension {', '.join(others)}; what "
                    "they would make of posts' text stays as written", conf[FILE])


def _under(rel: str, folders: Any) -> bool:
    """Whether REL is one of FOLDERS (paths relative to the content folder) or inside one."""
    if not isinstance(folders, (list, tuple)):
        return False
    for folder in folders:
        folder = str(folder).strip("/")
        if folder in ("", ".") or rel == folder or rel.startswith(folder + "/"):
            return True
    return False


def _matches(rel: str, patterns: Any) -> bool:
    """Whether REL or one of its parts matches one of IGNORE_FILES' patterns."""
    if not isinstance(patterns, (list, tuple)):
        return False
    parts = rel.split("/")
    return any(fnmatch(rel, str(p)) or any(fnmatch(part, str(p)) for part in parts)
               for p in patterns)


def _is_content(rel: str, conf: dict[str, Any]) -> bool | None:
    """True for a page, False for an article, None for neither (excluded)."""
    if _under(rel, conf["PAGE_PATHS"]):
        return None if _under(rel, conf["PAGE_EXCLUDES"]) else True
    if _under(rel, conf["ARTICLE_PATHS"]) and not _under(rel, conf["ARTICLE_EXCLUDES"]):
        return False
    return None


def _static_path(rel: str, conf: dict[str, Any]) -> str:
    """A static file's URL path: its place in the content folder, or the
    `path` EXTRA_PATH_METADATA gives it (`extra/robots.txt` -> `robots.txt`)."""
    extra = conf["EXTRA_PATH_METADATA"]
    if isinstance(extra, dict) and isinstance(extra.get(rel), dict):
        path = extra[rel].get("path")
        if isinstance(path, str) and path.strip("/"):
            return path.strip("/")
    return rel


def _post_file(src: Path, content: Path, path: Path, rel: str, conf: dict[str, Any],
                site: SourceSite, report: Report) -> None:
    """One Markdown or reStructuredText file: an article, a page, or neither (excluded)."""
    page = _is_content(rel, conf)
    if page is None:
        return
    source = path.relative_to(src).as_posix()
    try:
        if path.suffix.lower() == ".rst":  # its body HTML, whose lines are not the file's: 0
            front, body, said = rst.read_rst(path, source)
            if "summary" not in front and "<!--more-->" not in body:
                body = rst.with_summary_end(body)
            body_line = 0
            for line, message in said:
                report.note(f"reStructuredText {message}", source, line)
        else:
            front, body, body_line = read_meta(path, source)
    except BriefgenError as exc:
        report.skip(exc.problem.message, exc.problem.path, exc.problem.line)
        return
    post = Post(path=path, rel=source, front=front, body=body, body_line=body_line,
                dest=Path(rel).with_suffix(".md").as_posix(), slug="", page=page,
                kind="pelican", source_key=rel, defaults=_defaults(conf))
    title = one_text(post.get("title"))
    if not title:
        report.skip("no Title: (Pelican leaves such a file out too)", source, 1)
        return
    status = one_text(post.get("status")).lower()
    if status == "skip":
        report.skip("Status: skip", source, front.line_of("status"))
        return
    template = one_text(post.get("template"))
    if template and not post.body.strip():  # kept, for the links to it: out of the footer
        post.hidden = True
        report.note(f"Template: {template}, and no text: the page was what the old theme's template "
                    "made of it; imported empty, with footer: false, for you to write",
                    source, front.line_of("template"))
    post.language = one_text(post.get("lang")).lower()
    post.translation = one_text(post.get("translation")).lower() == "true"
    post.front = _mapped(post, conf, report)
    post.slug = one_text(post.get("slug")) or _named(path, conf, "slug") or \
        pelican_slug(path.stem if conf["SLUGIFY_SOURCE"] == "basename" else title)
    post.date_hint = _date_hint(path, rel, conf, report)
    category = one_text(post.get("category"))
    folder = Path(rel).parent.name
    if not category and folder and conf["USE_FOLDER_AS_CATEGORY"] and not page:
        post.topics.append(folder)
    if not post.draft and status != "draft":
        post.url = _old_url(post, conf, category or folder or str(conf["DEFAULT_CATEGORY"]))
    if status == "hidden" and page:
        post.hidden = True  # footer: false
    elif status == "hidden":
        report.note("Status: hidden (Pelican lists it nowhere); briefgen lists it like any other "
                    "item", source, front.line_of("status"))
    site.posts.append(post)


def _mapped(post: Post, conf: dict[str, Any], report: Report) -> Mapping:
    """POST's metadata in the names the shared conversion reads: `Status:
    draft` as `draft`, dates as briefgen writes them, `url` or `save_as` as
    the old URL (`url`), `[TOC]` in the body as `toc`, the summary plugin's
    end marker as `<!--more-->`."""
    items = dict(post.front.items)
    items.pop("status", None)
    status = post.get("status")  # its own, or DEFAULT_METADATA's
    if status is not None and one_text(status).lower() == "draft":
        items["draft"] = Located(True, status.line, status.node)
    for key in ("date", "modified"):
        if key in items and isinstance(items[key].value, (str, datetime)):
            written = str(items[key].value)
            items[key] = Located(date_text(written, month_first=True), items[key].line,
                                 items[key].node)
    if "url" not in items and "save_as" in items:
        items["url"] = items.pop("save_as")
    template = items.get("template")
    if template is not None and post.body.strip():  # one with no text is said in _post_file
        report.note(f"Template: {one_text(template)} is the old theme's; briefgen's own templates "
                    "show the post", post.rel, template.line)
    for key in ("save_as", "template", "lang", "translation"):
        items.pop(key, None)  # the old site's machinery (a translation is left out: site.py)
    if _TOC.search(post.body):
        post.body = _TOC.sub("", post.body, count=1)  # the line stays, blank: lines keep their numbers
        items.setdefault("toc", Located(True, post.body_line, _NO_NODE))
    post.body = _SUMMARY_END.sub("<!--more-->", post.body, count=1)
    return Mapping(post.front.path, post.front.line, items, post.front.duplicates)


_NO_NODE = yaml.ScalarNode("tag:yaml.org,2002:null", "")  # a value no line of the file holds


def _defaults(conf: dict[str, Any]) -> dict[str, Any]:
    """What Pelican gives a post that does not say: DEFAULT_METADATA's values
    (`{'status': 'draft'}` makes every post a draft until it says otherwise),
    and AUTHOR, the author of every post that names none (Post.get gives a
    default author only to a post naming none under `Author:` or `Authors:`)."""
    given = conf["DEFAULT_METADATA"] if isinstance(conf["DEFAULT_METADATA"], dict) else {}
    defaults = {str(k).lower(): v for k, v in given.items()}
    if isinstance(conf["AUTHOR"], str) and conf["AUTHOR"].strip():
        defaults.setdefault("author", conf["AUTHOR"].strip())
    return defaults


def pelican_slug(text: str) -> str:
    """TEXT as Pelican makes a slug of it (its SLUG_REGEX_SUBSTITUTIONS): in
    ASCII, lower case, every character but letters, digits, `_`, `-` and
    spaces dropped (`L'état 0.7` -> `letat-07`), spaces and hyphens one `-`,
    and never cut short; so that a post's old URL is the one Pelican gave it."""
    text = re.sub(r"[^\w\s-]", "", unidecode(text), flags=re.ASCII).strip()
    return re.sub(r"[-\s]+", "-", text).lower() or make_slug(text)


def _named(path: Path, conf: dict[str, Any], group: str) -> str:
    """What FILENAME_METADATA's GROUP finds in PATH's name (without its suffix), or ''."""
    pattern = conf["FILENAME_METADATA"]
    if not isinstance(pattern, str) or not pattern:
        return ""
    try:
        found = re.match(pattern, path.stem)
    except re.error:
        return ""
    return (found.groupdict().get(group) or "") if found else ""


def _date_hint(path: Path, rel: str, conf: dict[str, Any], report: Report) -> str:
    """The date Pelican gives a post without `Date:`: from its file name
    (FILENAME_METADATA), its path (PATH_METADATA), or DEFAULT_DATE."""
    named = _named(path, conf, "date")
    pattern = conf["PATH_METADATA"]
    if not named and isinstance(pattern, str) and pattern:
        try:
            found = re.match(pattern, rel)
        except re.error:
            found = None
        named = (found.groupdict().get("date") or "") if found else ""
    if named:
        return moment(date_text(named, month_first=True)) or ""
    default = conf["DEFAULT_DATE"]
    if default == "fs":
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
    if isinstance(default, (list, tuple)) and len(default) >= 3:
        try:
            year, month, day, hour, minute, second = [*(int(v) for v in default[:6]), 0, 0, 0][:6]
            return datetime(year, month, day, hour, minute, second).isoformat(sep=" ")
        except (TypeError, ValueError):
            report.note("DEFAULT_DATE: not a date; posts without one are left out", conf[FILE])
    if isinstance(default, str):
        return moment(date_text(default)) or ""
    return ""


def _old_url(post: Post, conf: dict[str, Any], category: str) -> str:
    """The URL Pelican gave POST: its `url:`, else ARTICLE_URL (or PAGE_URL,
    or their _LANG_ forms for another language) filled in; '' when the
    pattern names something the post lacks."""
    given = one_text(post.get("url"))
    if given:
        return "/" + given.lstrip("/")
    default = str(conf["DEFAULT_LANG"]).lower()
    lang = post.language or default  # read before `Lang:` left the metadata (_mapped)
    kind = "PAGE" if post.page else "ARTICLE"
    pattern = conf[f"{kind}_LANG_URL" if lang != default else f"{kind}_URL"]
    written = one_text(post.get("date")) or post.date_hint
    author = one_text(post.get("author", "authors"))  # the first named, else AUTHOR (_defaults)
    try:
        date = parse_moment(moment(written) or "").replace(tzinfo=None) if written else None
        url = str(pattern).format(slug=post.slug, date=date, lang=lang,
                                  category=make_slug(category), author=make_slug(author))
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return ""
    return "/" + url.lstrip("/") if url.strip("/") else ""
