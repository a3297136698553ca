"""Each imported item (and page) read back by briefgen's own reader before
it is written, so the imported site builds: a kept field whose value briefgen
refuses (a `toc: maybe`, a near miss of a field name such as `sumary`) is
renamed `imported_<key>`, kept for templates, and reported."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..core import paths
from ..core.errors import BriefgenError, Problem, SiteErrors
from ..source.config import load_config
from ..source.content import parse_article, parse_page
from ..source.frontmatter import Mapping
from ..source.markdown import make_markdown
from .report import Report
from .writer import item_text

# briefgen's own pages, which no old URL may take (an old site's search page
# at /search/, its home page at /index.html); other paths under briefgen's
# folders may be old URLs, checked against the pages when the site is built.
_OWN_PAGES = frozenset({"", "index.html", "index.htm", paths.NOT_FOUND, paths.FEED, paths.SITEMAP,
                        *(folder.strip("/") + tail for folder in (paths.SEARCH, paths.ARCHIVE)
                          for tail in ("", "/index.html"))})
_OWN_PAGED = re.compile(rf"{re.escape(paths.PAGED)}\d+(?:/index\.html)?")  # the home page's page 2...

# Fields the importer itself sets: a problem with them is reported, never renamed.
OWN = frozenset({"title", "date", "slug"})


class ItemCheck:
    """Reads items as the imported site's build will, with its site.yaml."""

    def __init__(self, site: Path) -> None:
        self.config = load_config(site)
        self.md = make_markdown(self.config.markdown_html)
        self.aliases: dict[str, str] = {}  # each old URL taken, without its slashes or case -> by whom
        # The imported pages' and items' own URLs, the same way, -> the file: no alias may take one.
        self.new_urls: dict[str, str] = {}

    def fixed(self, front: dict[str, Any], body: str, source: Mapping, report: Report,
              page: bool = False) -> dict[str, Any]:
        """FRONT with each key briefgen refuses renamed, and no old URL an earlier
        item took; SOURCE, the post's own front matter, places each note at its
        file and line."""
        rel = source.path
        self._own_aliases(front, rel, report)
        for _ in range(len(front) + 1):
            problems = self._problems(front, body, page)
            renamed = False
            for problem in problems:
                key = problem.message.split(":", 1)[0].split(".", 1)[0].strip()
                if key in front and key not in OWN:
                    front[f"imported_{key}"] = front.pop(key)
                    line = source.line_of(key) if key in source else 0
                    report.note(f"{problem.message}; kept as imported_{key}", rel, line)
                    renamed = True
            if not renamed:
                for problem in problems:
                    report.note(f"the item will not build as it is: {problem.message}", rel)
                return front
        return front

    def _own_aliases(self, front: dict[str, Any], rel: str, report: Report) -> None:
        """Drop the aliases of FRONT an earlier item took: two posts of a site may
        name one old URL (one written twice under two names), and briefgen
        cannot publish two pages there; the first keeps it."""
        aliases = front.get("aliases")
        if not isinstance(aliases, list):
            return
        kept: list[str] = []
        seen: set[str] = set()
        for alias in aliases:
            key = str(alias).strip("/").casefold()
            if key in seen:  # the same URL in another letter case: one page serves both,
                if str(alias) == str(alias).lower():  # at the lower-case one, the likelier
                    kept = [str(alias) if str(k).strip("/").casefold() == key else k for k in kept]
                continue
            seen.add(key)
            if key in _OWN_PAGES or _OWN_PAGED.fullmatch(key) or key.startswith("pagefind/"):
                report.note(f"old URL {alias} is where briefgen writes a page of its own (the "
                            "home, search or 404 page, the feed...); not kept as an alias", rel, 1)
                continue
            if self.new_urls.get(key, rel) != rel:  # its own is no alias, and the build skips it
                report.note(f"old URL {alias} is the new URL of {self.new_urls[key]}; not kept "
                            "as an alias", rel, 1)
                continue
            owner = self.aliases.setdefault(key, rel)
            if owner == rel:
                kept.append(str(alias))
            else:
                report.note(f"old URL {alias} is also {owner}'s; only that item keeps it", rel, 1)
        if kept:
            front["aliases"] = kept
        else:
            del front["aliases"]

    def _problems(self, front: dict[str, Any], body: str, page: bool) -> list[Problem]:
        parse = parse_page if page else parse_article
        try:
            parse(item_text(front, body), "item.md", self.config, self.md)
        except SiteErrors as exc:
            return exc.problems
        except BriefgenError as exc:
            return [exc.problem]
        return []
