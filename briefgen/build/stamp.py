"""Whether a build may trust what the last one left: the stamp, and "nothing changed".

- The stamp (`build_stamp`): a digest of everything that can change every
  page (briefgen's own code, site.yaml, the templates, the build options);
  when it changes, nothing remembered is used.
- Nothing changed (`unchanged`): every content and static file has the
  signature the last build saw.

Kept apart from incremental.py (which decides what to redo when something
did change) so that a build with nothing to do (build/noop.py) imports
neither the renderer nor the site model.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import __version__
from ..core.hashing import digest
from ..core.signature import Signature, signature

CODE = sorted(Path(__file__).parent.parent.rglob("*.py"))  # briefgen's own modules


def build_stamp(files: Iterable[Path], options: tuple[object, ...]) -> str:
    """A digest of everything that can change every page: briefgen itself
    (its version and its code files, so a changed checkout or reinstall never
    reads a cache the old code wrote), FILES (site.yaml, the templates, the
    theme) and the build OPTIONS."""
    signed = [(str(p), signature(str(p))) for p in (*files, *CODE)]
    return digest(repr((__version__, signed, options)))


def unchanged(seen: dict[str, Signature], now: dict[str, Signature],
              static_seen: dict[str, Signature], static_now: dict[str, Signature]) -> bool:
    """Whether every content and static file is as the last build saw it."""
    return now == seen and static_now == static_seen
