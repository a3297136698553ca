"""The email digest: one day's edition as a self-contained HTML file and plain text.

`digest_context` is pure (a Site, a day and routes in, template values out);
`render_digest` renders the theme's digest.html and digest.txt and moves the
HTML's <style> rules into style attributes with css-inline, so the result can
be pasted into a newsletter tool. Every link is a full URL: an email has no
page to be relative to.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import textwrap
from dataclasses import dataclass, replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2

from ..build.builder import Builder
from ..build.result import Options
from ..core.errors import BriefgenError, Problem, SiteErrors, raise_if
from ..core.urls import safe_href
from ..render.jinja import make_environment, render
from ..render.jsonld import shorten
from ..render.routes import Routes
from ..render.views import ArticleView, article_view, site_view
from ..site.insights import SINGLE_FIELDS
from ..site.model import Site
from ..source.headings import strip_anchors
from ..source.schedule import Schedule

HTML_TEMPLATE = "digest.html"
TEXT_TEMPLATE = "digest.txt"
WIDTH = 72  # columns of the plain-text version
PREVIEW_MAX = 140  # characters of preview text; inboxes show 40 to 140 of them


class AbsoluteRoutes(Routes):
    """Routes whose links are full URLs (path-only when base_url has no host)."""

    def __init__(self, routes: Routes) -> None:
        vars(self).update(vars(routes))

    def url(self, path: str) -> str:
        return self.absolute(path)


@dataclass(frozen=True)
class Digest:
    """A rendered digest: inlined HTML and plain text."""

    html: str
    text: str


def edition_days(site: Site) -> list[date]:
    """Every day that has an edition, oldest first."""
    return sorted({a.local_date for a in site.articles})


def no_edition(day: date, days: list[date]) -> str:
    """Say that DAY has no items, naming the nearest editions before and after it."""
    if not days:
        return f"no items on {day.isoformat()}: the site has no items at all"
    before = [d for d in days if d < day]
    after = [d for d in days if d > day]
    near = []
    if before:
        near.append(f"{before[-1].isoformat()} (before)")
    if after:
        near.append(f"{after[0].isoformat()} (after)")
    which = "editions are" if len(near) == 2 else "edition is"
    return f"no items on {day.isoformat()}; the nearest {which} " + " and ".join(near)


def digest_context(site: Site, day: date, routes: Routes, full: bool = False) -> dict[str, Any]:
    """What digest.html and digest.txt see for DAY's edition; BriefgenError if it has no items."""
    articles = [a for a in site.articles if a.local_date == day]  # newest first, as on the site
    if not articles:
        raise BriefgenError(no_edition(day, edition_days(site)))
    links = AbsoluteRoutes(routes)
    # A taxonomy made from `source` or `series` would repeat the item's own Source and series lines.
    own_line = {t.name for t in site.config.taxonomies if t.field in SINGLE_FIELDS}
    items: list[ArticleView] = []
    for article in articles:
        view = article_view(site, article, links)
        body = absolute_links(strip_anchors(view.body_html), view.absolute_url) if full else ""
        items.append(replace(view, body_source=body.encode(), body_links=(),
                             terms=tuple(g for g in view.terms if g.name not in own_line)))
    edition = items[0].edition  # that day's date text and (absolute) edition URL
    config = site.config
    return {
        "site": site_view(site, links),
        "edition": {"date": day, "iso": day.isoformat(), "date_text": edition.title,
                    "url": edition.url, "preview": preview_text(items)},
        "items": items,
        "full": full,
        "absolute": bool(routes.host),
        "footer": {"sender": config.digest_sender or config.title, "address": config.digest_address,
                   "unsubscribe": config.digest_unsubscribe},
    }


def preview_text(items: list[ArticleView]) -> str:
    """The line inboxes show before the email is opened: the edition's titles, as many as fit."""
    return shorten(" · ".join(item.title for item in items), PREVIEW_MAX)


_URL_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def absolute_links(body_html: str, page_url: str) -> str:
    """Resolve the links and images of a rendered body against its page's URL."""

    def fix(m: re.Match[str]) -> str:
        url = html.unescape(m.group(2))
        if not url or url.startswith("#") or _SCHEME.match(url):
            return m.group(0)
        return m.group(1) + html.escape(urljoin(page_url, url)) + m.group(3)

    return _URL_ATTR.sub(fix, body_html)


def digest_environment(root: Path) -> jinja2.Environment:
    """The site's template environment, plus the functions the digest templates call.

    They are globals, not filters: every build compiles every template, and
    Jinja resolves filters when it compiles but globals only when it renders.
    """
    env = make_environment(root)
    env.globals["html_text"] = html_text
    env.globals["wrap"] = wrap
    return env


def render_digest(env: jinja2.Environment, context: dict[str, Any]) -> Digest:
    """Render both templates and inline the HTML's CSS.

    Both are rendered even when the first fails, so one run reports the
    errors of both, as `path:line:` lines like every other site error.
    """
    rendered: dict[str, str] = {}
    problems: list[Problem] = []
    for name in (HTML_TEMPLATE, TEXT_TEMPLATE):
        try:
            rendered[name] = render(env, name, context).decode("utf-8")
        except BriefgenError as exc:
            problems.append(exc.problem)
    raise_if(problems)
    return Digest(inline_css(rendered[HTML_TEMPLATE]), rendered[TEXT_TEMPLATE])


def inline_css(page: str) -> str:
    """Move <style> rules into style attributes; @media and other at-rules stay in a <style>.

    Nothing is fetched: <link> stylesheets are dropped, not loaded.
    """
    try:
        import css_inline
    except ImportError:  # a broken install: css-inline is a dependency of briefgen
        raise BriefgenError("the digest needs the css-inline package: "
                            "pip install 'css-inline>=0.21.1'") from None
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    try:
        return str(inliner.inline(page))
    except (ValueError, css_inline.InlineError) as exc:
        raise BriefgenError(f"{HTML_TEMPLATE}: cannot inline its CSS: {exc}") from None


def load_site(root: Path, drafts: bool = False, base_url: str | None = None,
              jobs: int = 1, schedule: Schedule | None = None) -> tuple[Site, list[Problem]]:
    """The site's model and warnings: content checked and templates compiled as `build` does.

    SCHEDULE: the time, and whether held items go in anyway, as for `build`
    (source/schedule.py): an item scheduled for later is in no digest before.

    No page is rendered, so an error that shows only while a page renders
    (an undefined variable in home.html) is left to `build`; syntax errors in
    any template are reported, with the content errors, as `build` reports them.
    """
    options = Options(drafts=drafts, base_url=base_url, jobs=jobs)
    if schedule is not None:
        options = replace(options, now=schedule.now, future=schedule.future, expired=schedule.expired)
    builder = Builder(root, options)
    try:
        site, warnings = builder.model()
    except SiteErrors as exc:
        raise SiteErrors(exc.problems + template_problems(builder)) from None
    raise_if(template_problems(builder))
    return site, warnings


def template_problems(builder: Builder) -> list[Problem]:
    """Syntax errors in the site's and theme's templates (none before site.yaml loaded)."""
    return builder.template_problems() if builder.env is not None else []


def output_paths(day: date, html_path: Path | None) -> tuple[Path, Path]:
    """The HTML and text files: digest-DAY.html/.txt here, or FILE and FILE with .txt."""
    if html_path is None:
        html_path = Path(f"digest-{day.isoformat()}.html")
    elif html_path.name in ("", "..") or html_path.is_dir():
        # -o has one meaning, the HTML file; a folder is refused rather than guessed into.
        raise BriefgenError(f"-o {html_path} names a folder; give the HTML file's name, "
                            f"such as -o {html_path / 'mail.html'}")
    return html_path, html_path.with_suffix(".txt")


def write_files(files: dict[Path, str]) -> None:
    """Write every file through a temporary file and a rename; replace none until all are written.

    Targets that cannot be replaced are refused before anything is written, and
    temporary files never outlive the call, whether it succeeds or fails.
    """
    for path in files:
        check_target(path)
    temps: dict[Path, Path] = {}
    try:
        for path, text in files.items():
            temps[path] = path.with_name(f".{path.name}.briefgen-tmp")
            temps[path].write_bytes(text.encode("utf-8"))
        replace_all(temps)
    finally:
        for tmp in temps.values():
            _remove(tmp)


def check_target(path: Path) -> None:
    """Refuse a file that could not be replaced, before any file is written."""
    if not path.parent.is_dir():
        raise BriefgenError(f"cannot write {path}: no folder {path.parent}")
    if path.is_dir():
        raise BriefgenError(f"cannot write {path}: it is a folder; nothing was written")


def replace_all(temps: dict[Path, Path]) -> None:
    """Rename each temporary file onto its target; if a rename fails, undo the ones before it.

    Two renames are not one atomic step: a target may still refuse its rename
    (another user's file in a sticky folder, a bind-mounted file), so each
    target's old bytes are kept beside it until every rename has succeeded.
    """
    olds: dict[Path, Path | None] = {}
    done: list[Path] = []
    try:
        for path in temps:
            olds[path] = keep_old(path)
        for path, tmp in temps.items():
            os.replace(tmp, path)
            done.append(path)
    except OSError:
        for path in reversed(done):
            restore(path, olds[path])
        raise
    finally:
        for old in olds.values():
            if old is not None:
                _remove(old)


def keep_old(path: Path) -> Path | None:
    """A copy of PATH's current bytes beside it, or None when there is no file to keep."""
    if not path.is_file():
        return None
    old = path.with_name(f".{path.name}.briefgen-old")
    shutil.copy2(path, old)
    return old


def restore(path: Path, old: Path | None) -> None:
    """Put back PATH as it was: its old bytes, or no file when there was none."""
    # Best effort: the error being reported is the rename that failed, not this.
    with contextlib.suppress(OSError):
        if old is None:
            path.unlink()
        else:
            os.replace(old, path)


def _remove(path: Path) -> None:
    """Delete a file of ours if it is there; cleaning up never hides the error being raised."""
    with contextlib.suppress(OSError):
        path.unlink()


def wrap(text: str, width: int = WIDTH, indent: str = "", first: str | None = None) -> str:
    """Fill each paragraph of TEXT to WIDTH columns without breaking URLs or words.

    `first` prefixes the first line (default: `indent`), `indent` the others.
    """
    lead = indent if first is None else first
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(
        textwrap.fill(p, width, initial_indent=lead if i == 0 else indent, subsequent_indent=indent,
                      break_long_words=False, break_on_hyphens=False)
        for i, p in enumerate(p for p in paragraphs if p))


def html_text(body_html: str, width: int = WIDTH) -> str:
    """Plain text of a rendered body: paragraphs wrapped, list items dashed, links as `text <url>`."""
    parser = _TextParser()
    parser.feed(body_html)
    parser.close()
    out = []
    for kind, prefix, text in parser.blocks:
        if kind == "pre":
            out.append(textwrap.indent(text.strip("\n"), prefix))
        elif text.strip():
            out.append(wrap(text, width, " " * len(prefix), prefix))
    return "\n\n".join(out)


class _TextParser(HTMLParser):
    BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
                        "tr", "table", "ul", "ol", "hr", "figure", "figcaption", "section", "dl",
                        "dt", "dd", "aside", "details", "summary"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, str]] = []  # (kind, prefix, text)
        self.parts: list[str] = []
        self.prefix = ""
        self.quote = 0
        self.lists: list[list[int]] = []  # a counter per open <ol>, [] per <ul>
        self.links: list[tuple[str, int]] = []  # href and where its text starts in parts
        self.pre = False

    def flush(self) -> None:
        text = "".join(self.parts)
        if text.strip():
            self.blocks.append(("pre" if self.pre else "text", "> " * self.quote + self.prefix, text))
            self.prefix = ""  # kept until used: <li><p>text</p></li> is one dashed paragraph
        self.parts = []
        self.links = [(url, 0) for url, _ in self.links]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.flush()
        if tag == "br":
            self.parts.append("\n" if self.pre else " ")
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre = True
        elif tag in ("ul", "ol"):
            self.lists.append([0] if tag == "ol" else [])
        elif tag == "li":
            marker = "- "
            if self.lists and self.lists[-1]:
                self.lists[-1][0] += 1
                marker = f"{self.lists[-1][0]}. "
            self.prefix = "  " * max(0, len(self.lists) - 1) + marker
        elif tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")
        elif tag == "a":
            self.links.append((safe_href(dict(attrs).get("href") or ""), len(self.parts)))
        elif tag in ("td", "th") and self.parts:
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            url, start = self.links.pop()
            shown = "".join(self.parts[start:]).strip()
            if url and not url.startswith("#") and shown not in (url, url.removeprefix("mailto:")):
                self.parts.append(f" <{url}>")
        if tag in self.BLOCKS:
            self.flush()
        if tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag == "pre":
            self.pre = False
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def close(self) -> None:
        super().close()
        self.flush()
