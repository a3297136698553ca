"""The one place that decides every output path and URL.

Paths here are site-relative POSIX strings without a leading slash: '' is the
home page, 'people/lavrov/' a term, 'feed.xml' a file. `url()` adds the base
path; `output_file()` says where on disk a path is written.
"""

from __future__ import annotations

from datetime import date

from ..core.paths import article_path
from ..site.model import Term
from ..source.config import SiteConfig
from ..source.records import Article, Page


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
