"""The rules for site paths as strings: where an item goes, which file a path is
written to, and which names are too long to be written.

Pure functions that routes (which decides every path) and the content reader
(which checks a slug where it is written, at its line) both use.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

# The longest file or folder name, in bytes, that ext4, XFS, Btrfs and APFS
# take (NTFS: 255 UTF-16 units, never fewer than 255 UTF-8 bytes). A longer
# name fails only when the output is written, so it is checked where the
# name is decided, at the line that decided it.
NAME_MAX = 255
# The file that makes a folder a briefgen site. Here, among the leaves, so the
# commands that only scaffold (init, new) can name it without loading YAML.
CONFIG_FILE = "site.yaml"
# The folders a site is read from and the built-in theme, named here for the same
# reason: a build that finds nothing changed (build/noop.py) lists and signs
# them without importing the stages that read them.
CONTENT = "content"
TEMPLATES = "templates"
THEME = Path(__file__).parent.parent / "theme"
# The output's own names (render/routes.py's Routes names them too): the
# folders of copied files (the theme's and site's static files, content/media),
# and briefgen's own pages and files.
STATIC = "static/"
MEDIA = "media/"
PAGED = "page/"  # page N of a list is <list>page/N/, the home page's too
ARTICLES = "articles/"  # the default permalink's folder (see SiteConfig.article_permalink)
ARCHIVE = "archive/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
NOT_FOUND = "404.html"
SEARCH = "search/"
PAGEFIND = "pagefind/"  # the search bundle Pagefind writes after the build
# Top-level names of briefgen's own pages, files and folders, which no taxonomy
# or standalone page may take; `articles` is reserved whatever the permalink.
RESERVED = frozenset(p.partition("/")[0] for p in (
    ARTICLES, PAGED, ARCHIVE, STATIC, MEDIA, FEED, SITEMAP, NOT_FOUND, SEARCH, PAGEFIND))


# The placeholders every item fills; any other is a front matter field of the item.
DATE_AND_SLUG = ("year", "month", "day", "slug")


def article_path(pattern: str, day: date, slug: str,
                 fields: tuple[tuple[str, str], ...] = ()) -> str:
    """The site path of an item dated DAY (in the site's zone) with SLUG, and
    FIELDS: (name, slug) of the pattern's other placeholders, from its front matter."""
    return pattern.format(**dict(fields), year=f"{day.year:04d}", month=f"{day.month:02d}",
                          day=f"{day.day:02d}", slug=slug).lstrip("/")


def pattern_fields(pattern: str) -> tuple[str, ...]:
    """The front matter fields a permalink pattern names (`{section}`), in order."""
    names = re.findall(r"\{([^}]*)\}", pattern)
    return tuple(dict.fromkeys(n for n in names if n not in DATE_AND_SLUG))


def name_too_long(path: str) -> str | None:
    """What is wrong when a file or folder name of site path PATH (its
    index.html included) is too long to be written, else None."""
    for name in output_file(path).split("/"):
        size = len(name.encode("utf-8"))
        if size > NAME_MAX:
            return (f"too long: it makes an output file or folder name of {size} bytes "
                    f"({name[:24]!r}...); at most {NAME_MAX} fit")
    return None


def output_file(path: str) -> str:
    """The file a site path is written to: pretty URLs end in index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path
