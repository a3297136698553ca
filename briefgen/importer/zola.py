"""Zola sites: pages under content/ (sections are folders with an
`_index.md`; a folder with an `index.md` is a page with its assets beside
it), static/ files, and each page's URL from its `path` or its section and
slug."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import BriefgenError
from ..core.slugs import make_slug
from .common import bundle_index, content_post, date_in, first_config, is_markdown, settings
from .convert import one_text
from .post import SourceSite, read_front
from .report import Report
from .writer import walk


def scan(src: Path, report: Report) -> SourceSite:
    """Find the pages and static files of the Zola site at SRC."""
    config = first_config(src, ["config.toml", "zola.toml"], report)
    content = src / "content"
    title, site_settings = settings(config, ("title",), ("base_url",), "", _index_title(content)
                                    or src.name, report, "config.toml")
    site_settings["markdown"] = {"html": True}  # Zola keeps raw HTML; briefgen cleans it
    site = SourceSite("zola", title, site_settings, config=config)
    if content.is_dir():
        _folder(content, content, site, report)
    else:
        report.note("no content/ folder: no posts found", src.name)
    if (src / "static").is_dir():
        site.statics += [(f, "/" + f.relative_to(src / "static").as_posix())
                         for f in walk(src / "static")]
    for folder in ("templates", "themes", "sass"):
        if (src / folder).is_dir():
            report.note(f"skipped: {folder}/ (briefgen has its own theme and templates/)")
    return site


def _folder(folder: Path, content: Path, site: SourceSite, report: Report) -> None:
    """Pages, bundles and other files in FOLDER, and in its folders in turn."""
    index = bundle_index(folder) if folder != content else None
    if index is not None and not (folder / "_index.md").is_file():
        _post(index, content, site, report, bundle=folder)
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink():
            continue
        if path.is_dir():
            _folder(path, content, site, report)
        elif not is_markdown(path):
            site.statics.append((path, "/" + path.relative_to(content).as_posix()))
        elif path.stem != "_index":  # a section's own page: briefgen makes its own lists
            _post(path, content, site, report)


def _post(path: Path, content: Path, site: SourceSite, report: Report,
          bundle: Path | None = None) -> None:
    """One page (a file, or a bundle's index.md) with its slug, date and old URL."""
    post = content_post(path, content, report, bundle)
    if post is None:
        return
    name = bundle.name if bundle is not None else path.stem
    written = one_text(post.get("path"))
    if written:
        post.url = "/" + written.strip("/") + ("/" if "." not in written.rsplit("/", 1)[-1] else "")
    else:
        section = (bundle or path).parent.relative_to(content).as_posix()
        section = "" if section == "." else section + "/"
        post.url = f"/{section}{make_slug(post.slug)}/"
    post.date_hint = date_in(name, post.url)
    site.posts.append(post)


def _index_title(content: Path) -> str:
    """The title of content/_index.md, where many Zola sites name themselves."""
    try:
        front, _, _ = read_front(content / "_index.md", "content/_index.md")
    except (BriefgenError, OSError):
        return ""
    title = front.plain().get("title")
    return title.strip() if isinstance(title, str) else ""
