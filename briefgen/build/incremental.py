"""What decides whether a page must be rendered again: its page key.

A page's key digests its template name and everything its template can show
(see fingerprint); a page whose key did not change since the last build is
not rendered again.
"""

from __future__ import annotations

import hashlib
import marshal
import pickle
from dataclasses import is_dataclass
from datetime import date, datetime, time
from typing import Any

from ..render.views import Fingerprinted
from ..source.records import field_values


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
