"""The records parsed from content files: items, profiles, pages, images, roles.

They are frozen and pickled compactly (see pickled_by_fields): workers parse
them and send them back, and the build cache keeps them between runs. The
site model (site/model.py) is assembled from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.errors import Problem
from .refs import Ref

if TYPE_CHECKING:
    from .shortcodes import Shortcode

R = TypeVar("R")
Day = date  # for annotations inside Article, where `date` names its field


# Process-wide on purpose: one attrgetter per record class, a few classes in all.
@cache
def field_values(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving a record's field values as a tuple, in order, read in C
    (an attrgetter made once per class): for pickling records and for page keys."""
    names = tuple(f.name for f in fields(cls))
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda record: (get(record),)
    return lambda record: ()


def pickled_by_fields(cls: type[R]) -> type[R]:
    """Pickle a record as its class and its field values, in order.

    Parsed records cross a pipe from the workers that parse them and go into
    the build cache, ten thousand at a time. The __getstate__ and
    __setstate__ that dataclasses give a slots class list the fields anew
    for every record (Python code per object); field_values reads them in
    C: an item is pickled in 8 us instead of 13, read back in 5 instead of 8.
    """
    klass: type = cls  # as `type`: mypy 2 finds no __hash__ on type[R]
    values = field_values(klass)

    def __reduce__(self: R) -> tuple[type[R], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Image:
    """An image with its source URL (site path or http(s)) and alt text."""

    src: str
    alt: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Article:
    """One briefing item."""

    key: str  # source path relative to the site root, POSIX
    slug: str
    title: str
    date: datetime
    local_date: Day  # the day of its edition, in the site's time zone
    updated: datetime | None
    source: str
    source_url: str
    series: str
    summary: str  # plain text: `summary` from front matter, else the excerpt of the body
    lead: str  # `summary` as front matter gives it, else "": the item page shows only this
    # The body's HTML in UTF-8: a str holding one curly quote or dash, as most
    # bodies do, takes two bytes a character (an emoji, four), UTF-8 about one;
    # bodies are most of what a large site holds in memory.
    body: bytes
    image: Image | None
    also_appeared_at: tuple[str, ...]
    draft: bool
    names: dict[str, tuple[str, ...]]  # taxonomy -> names as written
    # (level, id, text) of the body's headings when it shows a table of contents
    # (front matter or site.yaml `toc`), else empty: headings.py
    toc: tuple[tuple[int, str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    line: int = 1  # of the slug (or title), for errors about the item's URL
    image_line: int = 1  # of `image`, for the warning when it names no published file
    # Relative hrefs and srcs in the body, rewritten when rendered, and site
    # paths, checked: source/refs.py
    refs: tuple[Ref, ...] = ()
    aliases: tuple[tuple[str, int], ...] = ()  # old URLs that redirect here, as written, and lines
    url_fields: tuple[tuple[str, str], ...] = ()  # permalink placeholders from front matter, slugified
    autolink: bool = True  # front matter `autolink: false` keeps this body unlinked
    fp: str = ""  # digest of the file's path and text: equal digests, equal records
    card_fp: str = ""  # digest of what lists show: front matter and the default summary
    notices: tuple[tuple[str, Problem], ...] = ()  # (kind, warning) about the body: leftovers.py
    shortcodes: tuple[Shortcode, ...] = ()  # the body's, each a token in it until rendered: shortcodes.py
    # Embargo and expiry (source/schedule.py): when the item goes public, if
    # not at its date, and when it is taken down; the lines of the keys that
    # decide (publish_date, else date; expiry_date), for `check`'s list.
    publish_date: datetime | None = None
    expiry_date: datetime | None = None
    schedule_lines: tuple[int, int] = (1, 1)

    @property
    def body_html(self) -> str:
        return self.body.decode()

    def sort_key(self) -> tuple[float, str, str]:
        """Newest first, ties broken by title then slug."""
        return (-self.date.timestamp(), self.title, self.slug)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Role:
    """A role held from `start` to `end` (either may be open)."""

    title: str
    start: date | None = None
    end: date | None = None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Profile:
    """A person or topic profile from content/<taxonomy>/*.md."""

    key: str
    taxonomy: str
    name: str
    aliases: tuple[str, ...]
    role: str  # the current role: the one still held, else the latest
    image: Image | None
    body_html: str
    slug: str  # '' unless set in front matter
    extra: dict[str, Any] = field(default_factory=dict)
    image_line: int = 1  # of `image`, for the warning when it names no published file
    name_lines: dict[str, int] = field(default_factory=dict)  # name or alias -> line
    roles: tuple[Role, ...] = ()  # dated roles, oldest first; empty for a plain `role`
    former_names: tuple[str, ...] = ()  # old names whose pages now redirect here
    slug_line: int = 1  # of `slug`, for errors about it
    refs: tuple[Ref, ...] = ()  # relative and site-path hrefs and srcs: source/refs.py
    notices: tuple[tuple[str, Problem], ...] = ()  # (kind, warning) about the body: leftovers.py
    shortcodes: tuple[Shortcode, ...] = ()  # the body's, each a token in it until rendered: shortcodes.py
    sort_name: str = ""  # where indexes sort the name ("Xi Jinping"), or '': site/names.py
    lang: str = ""  # the language of the name as written ("ru"), or '': site/names.py

    def role_on(self, day: date) -> str:
        """The role held on a day, for showing a person as they were then."""
        if not self.roles:
            return self.role
        held = [r for r in self.roles if r.holds_on(day)]
        return held[-1].title if held else ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Page:
    """A standalone page from content/pages, served at /<slug>/."""

    key: str
    slug: str
    title: str
    body_html: str
    weight: int
    draft: bool
    line: int  # of the slug (or title) in the file, for errors about its URL
    extra: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[tuple[str, int], ...] = ()  # old URLs that redirect here, as written, and lines
    footer: bool = True  # linked in every page's footer (`footer: false`: reached by links alone)
    refs: tuple[Ref, ...] = ()  # relative and site-path hrefs and srcs: source/refs.py
    notices: tuple[tuple[str, Problem], ...] = ()  # (kind, warning) about the body: leftovers.py
    shortcodes: tuple[Shortcode, ...] = ()  # the body's, each a token in it until rendered: shortcodes.py
