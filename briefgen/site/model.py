"""The site model: frozen records built once from content, read by every page.

Terms hold the keys of their articles, never the articles themselves, so the
model stays a plain tree that is cheap to compare, cache and send to workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..source.config import SiteConfig, TaxonomyConfig
from ..source.records import Article, Page, Profile
from ..source.schedule import Held
from .autolink import Linker


@dataclass(frozen=True, slots=True)
class Term:
    """One person, topic or other term, with its articles newest first."""

    taxonomy: str
    key: str  # normalised name
    name: str
    slug: str
    spellings: tuple[str, ...]  # every way articles wrote it, most used first
    profile: Profile | None
    articles: tuple[str, ...]  # article keys, newest first


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The terms of one taxonomy, ordered by name."""

    config: TaxonomyConfig
    terms: tuple[Term, ...]
    by_key: dict[str, Term]
    redirects: dict[str, Term] = field(default_factory=dict)  # old slug -> the term it became


@dataclass(frozen=True, slots=True)
class Site:
    """Everything a build renders, derived from the config and content."""

    config: SiteConfig
    articles: tuple[Article, ...]  # newest first
    by_key: dict[str, Article]
    taxonomies: dict[str, Taxonomy]
    pages: tuple[Page, ...]
    article_terms: dict[str, dict[str, tuple[Term, ...]]]  # article key -> taxonomy -> terms
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # article key -> keys
    stats: dict[tuple[str, str], Any] = field(default_factory=dict)  # (taxonomy, term key) -> TermStats
    linker: Linker | None = None  # over every person's and topic's names; None until assembled
    # Items scheduled or expired at the build's time, by key (source/schedule.py):
    # those not in `articles` are left out, and links to them are no links.
    held: dict[str, Held] = field(default_factory=dict)
