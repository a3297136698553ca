"""The listing of a site's content files, each with its signature.

Split from content.py (which parses what is listed) so that a build that
finds nothing changed (build/noop.py) lists and compares the files without
importing the Markdown renderer and the parsers behind it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import Problem
from ..core.paths import CONTENT
from ..core.signature import Signature, stat_signature
from .bundles import split_listing
from .inputs import Listing, SiteFolder

if TYPE_CHECKING:
    from .config import SiteConfig

# Names of content files and folders that are not read: editors' swap and
# backup files, and drafts folders by convention (content/articles/_drafts/).
IGNORED = (".", "_", "#")
# The names Markdown content files end in: `.markdown` is Jekyll's default.
MARKDOWN_SUFFIXES = (".md", ".markdown")
# The kind in ContentFiles of bundles' files (no taxonomy name starts with '_'):
# listed and signed like content, so a changed image is a change, never parsed.
BUNDLED = "_bundled"
__all__ = ["BUNDLED", "CONTENT", "IGNORED", "MARKDOWN_SUFFIXES", "ContentFiles", "content_files"]


class ContentFiles(dict[str, list[tuple[str, Signature]]]):
    """Every source file by kind: [(site-relative path, signature)], sorted.

    Paths the listing refused (see inputs.py: a link out of the site, a
    folder that cannot be read or is a file) are listed too, with their
    problem in `refused`: a build that compares listings to know whether
    anything changed then sees them come and go like any file.
    """

    def __init__(self) -> None:
        super().__init__()
        self.refused: dict[str, Problem] = {}
        self.where: dict[str, tuple[str, int]] = {}  # see places

    def places(self) -> dict[str, tuple[str, int]]:
        """Each listed path's kind and index, made once per listing: the preview
        looks up the few paths a save changed in a listing of tens of thousands."""
        if not self.where:
            self.where = {path: (kind, i) for kind, entries in self.items()
                          for i, (path, _) in enumerate(entries)}
        return self.where

    def add(self, kind: str, listing: Listing, root: Path) -> None:
        """KIND's files from LISTING, and the paths it refused."""
        self.where = {}  # places change
        entries = self.setdefault(kind, [])
        for path, entry in listing.files:
            try:
                entries.append((path, stat_signature(entry.stat())))
            except OSError:
                continue  # gone since it was listed
        for path, problem in listing.problems.items():
            entries.append((path, _link_signature(os.path.join(root, path))))
            self.refused[path] = problem
        entries.sort()


def content_files(root: Path, config: SiteConfig) -> ContentFiles:
    """Every source file by kind: site-relative path and signature, sorted."""
    site = SiteFolder(root)
    files = ContentFiles()
    # content/ itself first: when it is a link out of the site or a file, that is the one problem.
    top = site.list_files(CONTENT, recursive=False, ignore=("",))  # takes no file
    kinds = {"articles": True, "pages": False, **{t.name: False for t in config.taxonomies}}
    for kind, recursive in kinds.items():
        if kind == "articles":  # every file: a bundle's are published (bundles.py)
            items, bundled = split_listing(Listing() if top.problems else site.list_files(
                f"{CONTENT}/{kind}", ignore=IGNORED), MARKDOWN_SUFFIXES, str(root))
            files.add(kind, items, root)
            files.add(BUNDLED, bundled, root)
            continue
        files.add(kind, Listing() if top.problems else site.list_files(
            f"{CONTENT}/{kind}", recursive=recursive, ignore=IGNORED, suffixes=MARKDOWN_SUFFIXES), root)
    if top.problems:
        files.add("articles", top, root)
    return files


def _link_signature(path: str) -> Signature:
    """The signature of a path itself, not of what a link names."""
    try:
        return stat_signature(os.lstat(path))
    except OSError:
        return (0, 0, 0, 0)
