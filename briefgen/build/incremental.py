"""Every decision an incremental build makes about what to redo, once something changed.

(Whether anything changed at all, and whether the last build's state may be
trusted, is stamp.py's.)

- Body-only edits (`bodies_only`): the only change since the last good run
  is in item bodies, so the last plan is patched instead of made anew. A
  `briefgen build` keeps no plan between runs; `bodies_only_since` tells the
  same from the parse cache the last build left (`Previous`), and only the
  pages those bodies show are planned (render/plan.py, plan_bodies).
- Page keys (`page_key`, `to_render`): a page's key digests its template name
  and everything its template can show (see fingerprint); a page whose key
  did not change since the last build is not rendered again.
"""

from __future__ import annotations

import hashlib
import marshal
import pickle
from collections.abc import Callable
from dataclasses import dataclass, is_dataclass, replace
from datetime import date, datetime, time
from typing import Any

from ..core.errors import Problem
from ..core.paths import output_file
from ..core.signature import Signature
from ..render.plan import Job, Plan
from ..render.views import Fingerprinted
from ..site.model import Site
from ..source.content import Content
from ..source.records import Article, field_values
from ..source.schedule import Held


@dataclass(frozen=True)
class Last:
    """The last good run, for the fast path of body-only edits."""

    content: Content
    site: Site
    plan: Plan
    warnings: list[Any]


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def bodies_only(last: Last | None, content: Content) -> tuple[Site, list[str]] | None:
    """The new Site and the changed items' keys, when the only change since
    the LAST good run is in item bodies (an editor's most common save)."""
    if last is None or content.problems or last.content.problems:
        return None
    if not (_same(content.profiles, last.content.profiles)
            and _same(content.pages, last.content.pages)
            and len(content.articles) == len(last.site.articles)):
        return None
    old = last.site.by_key
    changed = []
    for article in content.articles:
        before = old.get(article.key)
        if before is None or before.card_fp != article.card_fp or not before.card_fp:
            return None
        if before is not article:
            changed.append(article.key)
    by_key = {a.key: a for a in content.articles}
    site = replace(last.site, articles=tuple(by_key[a.key] for a in last.site.articles),
                   by_key=by_key, held={h.key: h for h in content.held})  # the time moved on
    return site, changed


Entries = dict[str, tuple[Signature, Any, tuple[Problem, ...]]]  # ParseCache.entries


@dataclass(frozen=True)
class Previous:
    """The last good build as a `briefgen build` finds it in its cache: the parse
    cache's entries as that build left them, and the items it held back."""

    entries: Entries
    held: tuple[Held, ...]


def bodies_only_since(previous: Previous | None, entries: Entries, content: Content) -> list[str] | None:
    """The keys of the published items whose files changed, when the only
    change since PREVIOUS is in item bodies; None for any other change.

    ENTRIES are the parse cache's entries now: an unchanged file keeps its
    entry (the same object), a changed one has a new one. Every changed file
    must be an item whose front matter and default summary (its card_fp) are
    as they were; no file may have come or gone, and the same items must be
    held back. A changed draft or held item changes no page, so it is not
    among the keys.
    """
    if previous is None or content.problems or content.held != previous.held:
        return None
    before = previous.entries
    if entries.keys() != before.keys():
        return None
    published = {a.key for a in content.articles}
    changed = []
    for path, entry in entries.items():
        old = before[path]
        if entry is old:
            continue
        was, now = old[1], entry[1]
        if not (isinstance(was, Article) and isinstance(now, Article)
                and was.card_fp and was.card_fp == now.card_fp and not entry[2]):
            return None
        if path in published:
            changed.append(path)
    return changed


def to_render(candidates: list[Job], digests: dict[str, bytes], before: dict[str, bytes],
              have: Callable[[str], bool]) -> list[Job]:
    """The CANDIDATES whose page key differs from BEFORE or whose file HAVE says
    is missing; every candidate's key goes into DIGESTS."""
    todo = []
    for job in candidates:
        file = output_file(job.path)
        digests[file] = page_key(job.template, job.context)
        if digests[file] != before.get(file) or not have(file):
            todo.append(job)
    return todo


def fingerprint(value: Any) -> Any:
    """A comparable value of plain types that changes whenever what a template
    could show changes.

    Views carry a digest of themselves (`fp`), so most of a page's fingerprint
    is a tuple of short strings; other records become tuples of their fields.
    The result holds only what `marshal` can write (str, int, float, bool,
    None, bytes, tuples), so it can be digested quickly.
    """
    if isinstance(value, Fingerprinted):
        return value.fp
    cls: type = type(value)  # as `type`: mypy 2 finds no __hash__ on type[Any]
    if cls in _PLAIN:
        return value
    if cls is list or cls is tuple:
        return tuple([fingerprint(v) for v in value])
    if cls is dict:
        return tuple([(k, fingerprint(v)) for k, v in value.items()])
    if isinstance(value, str):  # Markup and other str subclasses
        return str(value)
    if isinstance(value, (date, datetime, time)):
        return (cls.__name__, value.isoformat())
    if is_dataclass(value):
        return (cls.__name__, *[v if type(v) in _PLAIN else fingerprint(v) for v in field_values(cls)(value)])
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return (cls.__name__, *[fingerprint(v) for v in items])
    if isinstance(value, dict):
        return (cls.__name__, *[(fingerprint(k), fingerprint(v)) for k, v in value.items()])
    return pickle.dumps(value, protocol=5)


_PLAIN = frozenset({str, int, bool, float, type(None)})  # fingerprint(v) is v


def page_key(template: str, context: dict[str, Any]) -> bytes:
    """What decides a page's bytes, digested: its template name and its context.

    Sixteen bytes per page, so the keys of a large site cost little to keep
    in memory and in the cache.
    """
    data = marshal.dumps((template, fingerprint(context)))
    return hashlib.blake2b(data, digest_size=16).digest()
