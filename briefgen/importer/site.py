"""`briefgen import hugo|jekyll|zola|pelican`: a source site's posts as a briefgen site.

The steps: find the posts and static files (the format's module), give each
post a unique slug, work out where old links now lead, then write site.yaml,
one item per post (a page bundle stays a folder with its files), and the
static files under content/media/. The report says what could not be mapped.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..core.slugs import is_valid_slug, make_slug
from ..core.urls import is_http_url
from ..render.routes import Routes
from . import hugo, jekyll, pelican, zola
from .body import Links, Rewriter, page_folder
from .check import ItemCheck
from .common import is_markdown
from .convert import item_date, item_front, one_text, page_front, utc_moment
from .post import Post, SourceSite
from .report import Report
from .writer import check_target, copy_file, item_text, safe_part, start_site, write_file

FORMATS: dict[str, Callable[[Path, Report], SourceSite]] = {
    "hugo": hugo.scan, "jekyll": jekyll.scan, "zola": zola.scan, "pelican": pelican.scan,
}
ARTICLES = Path("content/articles")
MEDIA = Path("content/media")
PAGES = Path("content/pages")


def import_site(kind: str, src: Path, dest: Path) -> Report:
    """Import the KIND site at SRC into DEST; return what could not be mapped."""
    check_target(src, dest)
    report = Report()
    site = FORMATS[kind](src, report)
    site.posts = [post for post in _without_translations(site.posts, site.language, report)
                  if not _redirect(post, report) and (post.page or _dated(post, report))]
    _unique_slugs(site.posts, report)
    _unique_dests([post for post in site.posts if not post.page])
    links = _links(site)
    # Tags became topics, and briefgen links the first mention of each topic in
    # every body: a tag such as `on` or `file` would be linked in most posts.
    site.settings.setdefault("autolink", False)
    if any(post.topics or post.get("tags", "categories", "topics", "taxonomies") for post in site.posts):
        report.note("autolink: false in site.yaml: the posts' tags are topics now, and linking the "
                    "first mention of each in every body would link common words; set it to true "
                    "once your topics are names", "site.yaml")
    start_site(dest, site.settings, f"{kind} site {src.resolve()}")
    rewriter = Rewriter(kind, links, report, site.config, site.root)
    rewriter.linkify, rewriter.block_attributes = site.linkify, site.block_attributes
    rewriter.emoji, rewriter.includes, rewriter.src = site.emoji, site.includes, src
    rewriter.id_style = site.id_style
    kramdown = site.config.get("kramdown") if kind == "jekyll" else None
    # Jekyll reads Markdown with kramdown's GFM reader unless told `input: kramdown`.
    rewriter.kramdown_ids = isinstance(kramdown, dict) and \
        str(kramdown.get("input", "GFM")).lower() == "kramdown"
    check = ItemCheck(dest)
    check.new_urls = {(p.slug if p.page else f"articles/{p.slug}").casefold(): p.rel for p in site.posts}
    for post in sorted(site.posts, key=lambda p: p.page):  # items first: an old URL is theirs to keep
        if post.page:
            _write_page(post, dest, rewriter, check, report)
        else:
            _write_post(post, dest, rewriter, check, report)
    for path, url in site.statics:
        copy_file(path, dest / MEDIA / url.lstrip("/"))
        report.files += 1
    if report.expired:
        report.note(f"{report.expired} item{'s' if report.expired > 1 else ''} expired: the "
                    "expiry_date the old site gave them has passed, so briefgen does not publish "
                    "them, as the old site did not (briefgen check lists them; briefgen build "
                    "--expired publishes them)", "")
    return report


def _past(written: str) -> bool:
    """Whether the moment WRITTEN is before now (one without an offset read as UTC)."""
    return utc_moment(written) < datetime.now(UTC).replace(tzinfo=None)


def _without_translations(posts: list[Post], language: str, report: Report) -> list[Post]:
    """POSTS less the translations, as Pelican pairs them and multilingual
    Jekyll sites write them: a post in another LANGUAGE than the site's with
    the slug of one in it (or marked `Translation: true`). A briefgen site has
    one language; a post written only in another is a post like any other."""
    originals = {(post.page, post.slug): post for post in posts if post.language in ("", language)}
    kept = []
    for post in posts:
        # Its original has its slug, or its slug less the language (`newsletter-zh`).
        key = (post.page, post.slug)
        if key not in originals and post.slug.lower().endswith("-" + post.language):
            key = (post.page, post.slug[:-len(post.language) - 1])
        if post.language not in ("", language) and (post.translation or key in originals):
            report.skip_each(f"a translation ({post.language}) of a post in the site's language, "
                             f"{language}: briefgen imports that one", post.rel)
            original = originals.get(key)
            if original is not None:  # its old URL and the links to it lead to the original
                original.translations.append(post)
        else:
            kept.append(post)
    return kept


def _redirect(post: Post, report: Report) -> bool:
    """Whether POST only sends readers elsewhere (`redirect_to:`, as
    jekyll-redirect-from writes it): no page of its own, so left out, said."""
    target = post.get("redirect_to")
    if target is None:
        return False
    report.skip(f"a redirect to {one_text(target) or 'another page'} (redirect_to), not a page "
                "of its own", post.rel, target.line)
    return True


def _dated(post: Post, report: Report) -> bool:
    """Whether POST has a date its item can take (kept in `post.date`); one
    without is reported, and left out before it could take a slug."""
    post.date = item_date(post, report) or ""
    return bool(post.date)


def _unique_slugs(posts: list[Post], report: Report) -> None:
    """Make every slug one briefgen takes, and each its own: two posts from
    different sections may share one, and an item's URL is /articles/<slug>/.
    A page's slug is its URL, /<slug>/, so it may not be one of briefgen's own."""
    items: set[str] = set()
    pages: set[str] = {*Routes.RESERVED, "people", "topics", "sources", "series"}
    for post in posts:
        _unique_slug(post, pages if post.page else items, report)


def _unique_slug(post: Post, taken: set[str], report: Report) -> None:
    """Give POST a slug not in TAKEN (compared without case), and take it."""
    slug = post.slug if is_valid_slug(post.slug) else make_slug(post.slug)
    base, n = slug, 2
    while slug.casefold() in taken:
        slug, n = f"{base}-{n}", n + 1
    if slug != base:
        report.note(f"slug {base!r} is taken; this {'page' if post.page else 'post'} gets "
                    f"{slug!r}", post.rel, 1)
    taken.add(slug.casefold())
    post.slug = slug


def _unique_dests(posts: list[Post]) -> None:
    """Give every item a file of its own: two posts may have shared one (Jekyll's
    2020-01-01-x.md and 2020-01-15-x.md both go to 2020/01/x.md), and the second
    would have overwritten the first. A post whose file is taken is named by its
    own slug, which _unique_slugs made unique (a bundle's folder likewise)."""
    taken: set[str] = set()
    for post in posts:
        dest = post.dest
        if dest.casefold() in taken:
            parts = dest.split("/")
            at = -2 if parts[-1] in ("index.md", "index.markdown") and len(parts) > 1 else -1
            parts[at] = post.slug + ("" if at == -2 else ".md")
            dest, n = "/".join(parts), 2
            while dest.casefold() in taken:  # a file of that name is another post's
                parts[at] = f"{post.slug}-{n}" + ("" if at == -2 else ".md")
                dest, n = "/".join(parts), n + 1
            post.dest = dest
        taken.add(dest.casefold())


def _links(site: SourceSite) -> Links:
    """Old post paths and URLs, and static files' URLs, to their new URLs."""
    links = Links(base=urlsplit(str(site.settings.get("base_url") or "/")).path or "/")
    for post in site.posts:
        new = f"/{post.slug}/" if post.page else f"/articles/{post.slug}/"
        source = post.rel.removeprefix("content/")
        links.by_source[source] = new
        links.by_file[os.path.normpath(post.path.absolute())] = new
        for translation in post.translations:
            links.by_file[os.path.normpath(translation.path.absolute())] = new
            links.by_source.setdefault(translation.rel, new)
            if translation.url:
                links.by_url.setdefault(translation.url, new)
        links.by_source[post.path.name if site.kind == "jekyll" else source] = new
        if site.kind == "jekyll":
            links.by_source[post.path.stem] = new
        if post.source_key:
            links.by_source[post.source_key] = new
        if post.url:
            links.by_url[post.url] = new
        if post.url and post.bundle is not None:  # its files, as the old page's neighbours
            base = page_folder(post.url)
            for path in post.bundle_files:
                if not is_markdown(path):
                    rel = path.relative_to(post.bundle).as_posix()
                    links.by_url[base + rel] = new + rel
    links.by_url.update(site.urls)
    for path, url in site.statics:
        links.by_url[url] = "/media" + url
        links.by_file[os.path.normpath(path.absolute())] = "/media" + url
        if site.root is not None:  # named by its place in the content folder ({static}/a.png)
            links.by_source[path.relative_to(site.root).as_posix()] = "/media" + url
    return links


def _params(post: Post) -> dict[str, Any]:
    """What Hugo's `param` shortcode reads on POST before the site's `params`:
    its front matter, with its `params` table's keys (Hugo 0.123's place for
    them) beside the others; keys in lower case. Its `date` is the one its
    item gets (Jekyll's `page.date` is the file name's where front matter has none)."""
    page = {str(k).lower(): v for k, v in post.front.plain().items()}
    table = page.get("params")
    nested = {str(k).lower(): v for k, v in table.items()} if isinstance(table, dict) else {}
    return {**nested, **page, **({"date": post.date} if post.date else {})}


def _write_page(post: Post, dest: Path, rewriter: Rewriter, check: ItemCheck,
                report: Report) -> None:
    """Write POST as a standalone page in content/pages/."""
    front = page_front(post, post.slug, report)
    body = rewriter.body(post.body, post.rel, post.body_line, post.url, post.path.parent)
    if rewriter.toc:
        front.setdefault("toc", True)
    front = check.fixed(front, body, post.front, report, page=True)
    write_file(dest / PAGES / f"{safe_part(post.slug)}.md", item_text(front, body))
    report.pages += 1


def _write_post(post: Post, dest: Path, rewriter: Rewriter, check: ItemCheck,
                report: Report) -> None:
    """Write POST's item, and its bundle's files beside it."""
    front = item_front(post, post.slug, report)
    image = front.get("image")
    src = image.get("src") if isinstance(image, dict) else image
    if isinstance(src, str) and src.startswith("/"):
        moved = rewriter.links.url(src) or src
        front["image"] = {**image, "src": moved} if isinstance(image, dict) else moved
    elif isinstance(src, str) and not is_http_url(src) and post.bundle is None:
        report.note(f"image: relative path {src!r} has no file beside the item", post.rel)
    body = rewriter.body(post.body, post.rel, post.body_line, post.url, post.path.parent,
                         _params(post))
    if rewriter.toc:
        front.setdefault("toc", True)
    front = check.fixed(front, body, post.front, report)
    expiry = front.get("expiry_date")
    if isinstance(expiry, str) and _past(expiry):
        report.expired += 1
    target = dest / ARTICLES / Path(*(safe_part(p) for p in Path(post.dest).parts))
    write_file(target, item_text(front, body))
    report.items += 1
    report.drafts += bool(front.get("draft"))
    if post.bundle is not None:
        for path in post.bundle_files:
            rel = path.relative_to(post.bundle)
            if is_markdown(path):
                report.skip("a Markdown file inside a page bundle (briefgen would read it as "
                            "an item)", post.rel.rsplit("/", 1)[0] + "/" + rel.as_posix())
                continue
            copy_file(path, target.parent / rel)
            report.files += 1
