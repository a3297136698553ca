"""Embargoes and expiry: which items a build publishes, at the time it runs.

An item is released at its `publish_date`, or at its `date` when it has no
`publish_date`; before that it is *scheduled*. From its `expiry_date` on it
is *expired*. A build leaves both kinds out, as it leaves drafts out, before
the site is assembled: so no page, list, feed, edition, term, count, related
item or search index can show them. `--future` and `--expired` keep them in.

The time is a value (`Schedule.now`), never read here: commands read the
clock once (core/clock.py). The moment the next held item is released or
the next item expires (`next_change`) is recorded with the build, so a build
with no file changed is still redone once that moment has passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from ..core.dates import date_text
from ..core.errors import Problem
from .records import Article

SCHEDULED = "scheduled"
EXPIRED = "expired"


@dataclass(frozen=True)
class Schedule:
    """When a build runs (aware), and which held items it publishes anyway."""

    now: datetime
    future: bool = False  # --future: scheduled items too
    expired: bool = False  # --expired: expired items too

    def includes(self, held: Held) -> bool:
        return self.future if held.state == SCHEDULED else self.expired


@dataclass(frozen=True)
class Held:
    """An item that is not (or no longer) public at the build's time, and why."""

    key: str  # the item's source path
    line: int  # of the front matter key that decides
    state: str  # SCHEDULED or EXPIRED
    at: datetime  # when it is released, or when it expired
    field: str  # that key: publish_date, date or expiry_date
    shown: bool = False  # published anyway (--future, --expired)

    def when(self, tz: tzinfo) -> str:
        """'8 December 2026, 09:00 (Europe/Moscow)': the moment on the site's clock."""
        local = self.at.astimezone(tz)
        return f"{date_text(local.date())}, {local:%H:%M} ({tz})"

    def describe(self, tz: tzinfo) -> str:
        """What `check` says of the item, and the preview's banner."""
        if self.state == SCHEDULED:
            return f"scheduled for {self.when(tz)} by its {self.field}"
        return f"expired on {self.when(tz)} by its {self.field}"

    def problem(self, tz: tzinfo) -> Problem:
        """The item's line in `check`'s list, at the key that decides."""
        if self.shown:
            rest = "published in this build (--future)" if self.state == SCHEDULED \
                else "published in this build (--expired)"
        else:
            rest = "not published yet" if self.state == SCHEDULED else "no longer published"
        return Problem(f"{self.describe(tz)}; {rest}", self.key, self.line)


def release(article: Article) -> datetime:
    """When ARTICLE goes public: its publish_date, else its date."""
    return article.publish_date or article.date


def held(article: Article, now: datetime) -> Held | None:
    """Why ARTICLE is not public at NOW (scheduled or expired), or None."""
    publish_line, expiry_line = article.schedule_lines
    if release(article) > now:
        field = "publish_date" if article.publish_date is not None else "date"
        return Held(article.key, publish_line, SCHEDULED, release(article), field)
    if article.expiry_date is not None and article.expiry_date <= now:
        return Held(article.key, expiry_line, EXPIRED, article.expiry_date, "expiry_date")
    return None


def sort_out(articles: Iterable[Article], schedule: Schedule,
             ) -> tuple[tuple[Article, ...], tuple[Held, ...], datetime | None]:
    """The ARTICLES the build publishes, every held one (`shown` when published
    anyway), and the next moment after `now` at which that answer changes."""
    now = schedule.now
    kept, found = [], []
    moments = []
    for article in articles:
        expiry = article.expiry_date
        if (article.publish_date or article.date) <= now and expiry is None:
            kept.append(article)  # most items: public for good, nothing to work out
            continue
        reason = held(article, now)
        if reason is not None and schedule.includes(reason):
            reason = Held(reason.key, reason.line, reason.state, reason.at, reason.field, True)
        if reason is None or reason.shown:
            kept.append(article)
        if reason is not None:
            found.append(reason)
        moments += [m for m in (release(article), expiry) if m is not None and m > now]
    return tuple(kept), tuple(found), min(moments, default=None)


def summary(held_items: Iterable[Held]) -> str:
    """The build's line about what it left out: '2 items scheduled, 1 expired (not published)'."""
    out = [h for h in held_items if not h.shown]
    scheduled = sum(1 for h in out if h.state == SCHEDULED)
    expired = len(out) - scheduled
    if not out:
        return ""
    parts = []
    if scheduled:
        parts.append(f"{scheduled} item{'s' if scheduled != 1 else ''} scheduled")
    if expired:
        noun = "" if scheduled else f" item{'s' if expired != 1 else ''}"
        parts.append(f"{expired}{noun} expired")
    return f"{', '.join(parts)} (not published); run briefgen check for which"
