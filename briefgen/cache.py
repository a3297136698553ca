"""What an incremental build remembers between runs.

Parsed files are kept by their signature (see `signature`) so an unchanged
file is never read again; page digests say what each page showed, so a page
whose digest did not change is not rendered again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
from dataclasses import dataclass, field, is_dataclass
from datetime import date, datetime, time
from typing import Any

from .errors import Problem
from .model import field_values
from .views import Fingerprinted

Signature = tuple[int, int, int, int]  # (mtime_ns, size, ctime_ns, inode)


def stat_signature(st: os.stat_result) -> Signature:
    """A file's signature from its stat result.

    mtime and size alone miss a same-size edit whose mtime was set back
    (`cp -p`, `rsync -t`, `tar`, `touch -r`, or a save within the file
    system's time granularity). ctime cannot be set by users and moves on
    every write and utime call; the inode tells a file replaced by rename.
    """
    return (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)


def signature(path: str) -> Signature | None:
    """A file's signature (see stat_signature), or None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return stat_signature(st)


@dataclass
class ParseCache:
    """Parsed content by site-relative path, valid while the file is unchanged."""

    entries: dict[str, tuple[Signature, Any, tuple[Problem, ...]]] = field(default_factory=dict)
    parsed: int = 0  # files actually parsed in the last run, for tests and -v

    def lookup(self, path: str, sig: Signature) -> tuple[Any, tuple[Problem, ...]] | None:
        """The remembered (record, problems) while the file is unchanged, else None."""
        entry = self.entries.get(path)
        if entry is not None and entry[0] == sig:
            return entry[1], entry[2]
        return None

    def store(self, path: str, sig: Signature, value: Any, problems: tuple[Problem, ...]) -> None:
        self.entries[path] = (sig, value, problems)
        self.parsed += 1

    def signatures(self) -> dict[str, Signature]:
        """The signature of every file as it was when read: what this build saw."""
        return {path: entry[0] for path, entry in self.entries.items()}

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that no longer exist."""
        for gone in set(self.entries) - paths:
            del self.entries[gone]


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
    cls = type(value)
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
