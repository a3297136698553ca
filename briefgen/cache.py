"""What an incremental build remembers between runs.

Parsed files are kept by (mtime, size) so an unchanged file is never read
again; page digests say what each page showed, so a page whose digest did not
change is not rendered again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem
from .views import Fingerprinted

Signature = tuple[int, int]


def signature(path: str) -> Signature | None:
    """A file's (mtime_ns, size), or None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


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
    """A comparable value that changes whenever what a template could show changes.

    Views carry a digest of themselves (`fp`), so comparing two pages costs a
    tuple comparison of short strings, most of them the very same objects.
    """
    if isinstance(value, Fingerprinted):
        return value.fp
    if isinstance(value, (list, tuple)):
        if not value:
            return ()
        first = value[0]
        if isinstance(first, Fingerprinted):
            return tuple([v.fp if isinstance(v, Fingerprinted) else v for v in value])
        if isinstance(first, (list, tuple, dict)):
            return tuple([fingerprint(v) for v in value])
        return tuple(value)  # plain values compare as they are
    if isinstance(value, dict):
        return tuple([(k, fingerprint(v)) for k, v in value.items()])
    return value


def page_key(template: str, context: dict[str, Any]) -> tuple[Any, ...]:
    """What decides a page's bytes: its template name and its context."""
    return (template, fingerprint(context))
