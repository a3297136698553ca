"""The one place that decides every output path and URL.

Paths here are site-relative POSIX strings without a leading slash: '' is the
home page, 'people/lavrov/' a term, 'feed.xml' a file. `url()` adds the base
path; `output_file()` says where on disk a path is written.
"""

from __future__ import annotations

from datetime import date

from .config import SiteConfig
from .model import Article, Page, Term

# The longest file or folder name, in bytes, that ext4, XFS, Btrfs and APFS
# take (NTFS: 255 UTF-16 units, never fewer than 255 UTF-8 bytes). A longer
# name fails only when the output is written, so it is checked where the
# name is decided, at the line that decided it.
NAME_MAX = 255


def article_path(pattern: str, day: date, slug: str) -> str:
    """The site path of an item dated DAY (in the site's zone) with SLUG."""
    return pattern.format(year=f"{day.year:04d}", month=f"{day.month:02d}", day=f"{day.day:02d}",
                          slug=slug).lstrip("/")


def name_too_long(path: str) -> str | None:
    """What is wrong when a file or folder name of site path PATH (its
    index.html included) is too long to be written, else None."""
    for name in output_file(path).split("/"):
        size = len(name.encode("utf-8"))
        if size > NAME_MAX:
            return (f"too long: it makes an output file or folder name of {size} bytes "
                    f"({name[:24]!r}...); at most {NAME_MAX} fit")
    return None


class Routes:
    """Paths and links for one configured site."""

    def __init__(self, config: SiteConfig) -> None:
        self.base_path = config.base_path
        self.host = config.absolute_base
        self.permalink = config.article_permalink

    def article(self, article: Article) -> str:
        return article_path(self.permalink, article.local_date, article.slug)

    @staticmethod
    def paged(first: str, number: int) -> str:
        """Page N of a list whose first page is at `first`."""
        return first if number <= 1 else f"{first}page/{number}/"

    def home(self, number: int = 1) -> str:
        return self.paged("", number)

    @staticmethod
    def taxonomy(name: str) -> str:
        return f"{name}/"

    def term(self, term: Term, number: int = 1) -> str:
        return self.paged(f"{term.taxonomy}/{term.slug}/", number)

    @staticmethod
    def term_feed(term: Term) -> str:
        return f"{term.taxonomy}/{term.slug}/feed.xml"

    @staticmethod
    def edition(day: date) -> str:
        return f"{day.year:04d}/{day.month:02d}/{day.day:02d}/"

    @staticmethod
    def page(page: Page) -> str:
        return f"{page.slug}/"

    ARCHIVE = "archive/"
    FEED = "feed.xml"
    SITEMAP = "sitemap.xml"
    NOT_FOUND = "404.html"
    STATIC = "static/"
    MEDIA = "media/"
    SEARCH = "search/"
    REDIRECTS = "_redirects"
    PAGEFIND = "pagefind/"  # the search bundle Pagefind writes after the build

    def url(self, path: str) -> str:
        """The link to a site path, honouring the base path."""
        return self.base_path + path

    def absolute(self, path: str) -> str:
        """The full URL of a site path (just the link if base_url has no host)."""
        return self.host + self.base_path + path


def output_file(path: str) -> str:
    """The file a site path is written to: pretty URLs end in index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path
