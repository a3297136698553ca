"""What an incremental build remembers between runs.

Parsed files are kept by (mtime, size) so an unchanged file is never read
again; page digests say what each page showed, so a page whose digest did not
change is not rendered again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import BriefgenError, Problem
from .views import Fingerprinted, digest

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

    def get(self, path: str, sig: Signature, parse: Callable[[str], Any],
            ) -> tuple[Any, tuple[Problem, ...]]:
        """The parsed record (or None) and its problems, parsing only when needed."""
        entry = self.entries.get(path)
        if entry is not None and entry[0] == sig:
            return entry[1], entry[2]
        self.parsed += 1
        try:
            value, problems = parse(path), ()
        except BriefgenError as exc:
            value, problems = None, tuple(getattr(exc, "problems", [exc.problem]))
        self.entries[path] = (sig, value, problems)
        return value, problems

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that no longer exist."""
        for gone in set(self.entries) - paths:
            del self.entries[gone]


def fingerprint(value: Any) -> str:
    """A text that changes whenever what a template could show changes."""
    if isinstance(value, Fingerprinted):
        return value.fp
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, Fingerprinted) for v in value):
            return "[" + ",".join([v.fp for v in value]) + "]"
        return "[" + ",".join([fingerprint(v) for v in value]) + "]"
    if isinstance(value, dict):
        return "{" + ",".join([f"{k}:{fingerprint(v)}" for k, v in value.items()]) + "}"
    return repr(value)


def page_digest(template: str, context: dict[str, Any]) -> str:
    """The digest of a page: its template name and its context."""
    return digest(template + "|" + fingerprint(context))
