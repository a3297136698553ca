"""Page bundles: an item that is a folder, its Markdown in index.md beside its files.

Posts kept beside their images (Hugo's leaf bundles) lose them when only
Markdown files are read. A folder under content/articles/ that holds an
`index.md` (or `index.markdown`) is one item; every other file under that
folder, in any subfolder, is one of its files, published next to its page.
Markdown files in a bundle other than its index are neither items nor
published (Hugo reads them as the page's resources, never as pages), and
neither is a nested folder's index.md: the outermost bundle holds it all.
The rules are pure functions of site paths, so the listing (content.py),
the parser (the bundle's slug) and the renderer (resolving relative links)
share them.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable

from .inputs import OUTSIDE, Listing

INDEX_NAMES = ("index.md", "index.markdown")  # the file that makes a folder an item
_INDEX_ENDINGS = tuple("/" + name for name in INDEX_NAMES)
ARTICLES = "content/articles"  # a bundle is a folder below this one, never this one


def bundle_folder(key: str) -> str | None:
    """The folder of item KEY when it is a bundle's index, else None."""
    folder, name = posixpath.split(key)
    return folder if name in INDEX_NAMES and folder.startswith(ARTICLES + "/") else None


def split_listing(listing: Listing, markdown: tuple[str, ...], root: str) -> tuple[Listing, Listing]:
    """LISTING of every file under content/articles, split into the Markdown
    files that are items and the files of bundles.

    Problems are kept for what is read or published: a Markdown file, a
    bundle's file, or a folder (a link out of the site to a stray `notes.txt`
    that no build reads was never an error, and is not one now).
    """
    folders = _bundle_folders(path for path, _ in listing.files)
    items, bundled = Listing(), Listing()
    for path, entry in listing.files:
        holder = _holder(path, folders)
        if holder is None:
            if path.endswith(markdown):
                items.files.append((path, entry))
        elif posixpath.dirname(path) == holder and posixpath.basename(path) in INDEX_NAMES:
            items.files.append((path, entry))
        elif not path.endswith(markdown):
            bundled.files.append((path, entry))
    for path, problem in listing.problems.items():
        holder = _holder(path, folders)
        if holder is not None and not path.endswith(markdown):
            bundled.problems[path] = problem
        elif (path.endswith(markdown) or problem.message != OUTSIDE
              or os.path.isdir(os.path.join(root, path))):
            items.problems[path] = problem
    return items, bundled


def _bundle_folders(paths: Iterable[str]) -> set[str]:
    """The folders that are bundles: each holds an index.md below content/articles.
    (Only names that end like an index are split: a build lists every item this way.)"""
    return {folder for path in paths
            if path.endswith(_INDEX_ENDINGS) and (folder := bundle_folder(path)) is not None}


def _holder(path: str, folders: set[str]) -> str | None:
    """The outermost bundle folder PATH lies in (as its index or one of its files), else None."""
    if not folders:
        return None
    found = None
    folder = posixpath.dirname(path)
    while folder.startswith(ARTICLES + "/"):
        if folder in folders:
            found = folder
        folder = posixpath.dirname(folder)
    return found
