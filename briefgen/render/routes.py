"""The one place that decides every output path and URL.

Paths here are site-relative POSIX strings without a leading slash: '' is the
home page, 'people/lavrov/' a term, 'feed.xml' a file. `url()` adds the base
path; `output_file()` says where on disk a path is written.
"""

from __future__ import annotations

from datetime import date

from ..core import paths
from ..core.paths import article_path
from ..site.model import Term
from ..source.config import SiteConfig
from ..source.records import Article, Page
from ..source.refs import alias_path


class Routes:
    """Paths and links for one configured site."""

    def __init__(self, config: SiteConfig) -> None:
        self.base_path = config.base_path
        self.host = config.absolute_base
        self.permalink = config.article_permalink

    def article(self, article: Article) -> str:
        return article_path(self.permalink, article.local_date, article.slug, article.url_fields)

    @staticmethod
    def alias(written: str) -> str:
        """The redirect page of an item's old URL, as `aliases` gives it (see refs.alias_path)."""
        return alias_path(written)

    @classmethod
    def paged(cls, first: str, number: int) -> str:
        """Page N of a list whose first page is at `first`."""
        return first if number <= 1 else f"{first}{cls.PAGED}{number}/"

    def home(self, number: int = 1) -> str:
        return self.paged("", number)

    @staticmethod
    def taxonomy(name: str) -> str:
        return f"{name}/"

    def term(self, term: Term, number: int = 1) -> str:
        return self.paged(self.term_slug(term.taxonomy, term.slug), number)

    @staticmethod
    def term_slug(taxonomy: str, slug: str) -> str:
        """A term's first page by its slug, also a slug it had before (a redirect)."""
        return f"{taxonomy}/{slug}/"

    @staticmethod
    def term_feed(term: Term) -> str:
        return f"{term.taxonomy}/{term.slug}/feed.xml"

    @staticmethod
    def edition(day: date) -> str:
        return f"{day.year:04d}/{day.month:02d}/{day.day:02d}/"

    @staticmethod
    def page(page: Page) -> str:
        return f"{page.slug}/"

    PAGED = paths.PAGED
    ARTICLES = paths.ARTICLES
    ARCHIVE = paths.ARCHIVE
    FEED = paths.FEED
    SITEMAP = paths.SITEMAP
    NOT_FOUND = paths.NOT_FOUND
    STATIC = paths.STATIC
    MEDIA = paths.MEDIA
    SEARCH = paths.SEARCH
    REDIRECTS = "_redirects"
    HEADERS = "_headers"
    PAGEFIND = paths.PAGEFIND
    # Folders of the output that hold files briefgen copies or Pagefind writes, not pages.
    OWN_FOLDERS = tuple(p.rstrip("/") for p in (STATIC, MEDIA, PAGEFIND))
    RESERVED = paths.RESERVED  # names no taxonomy or standalone page may take

    def url(self, path: str) -> str:
        """The link to a site path, honouring the base path."""
        return self.base_path + path

    def absolute(self, path: str) -> str:
        """The full URL of a site path (just the link if base_url has no host)."""
        return self.host + self.base_path + path
