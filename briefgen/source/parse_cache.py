"""Parsed content files, kept while each file is unchanged.

An unchanged file (by its signature) is never read or parsed again: the
preview server keeps this between rebuilds, the build cache between runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.errors import Problem
from ..core.signature import Signature


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
