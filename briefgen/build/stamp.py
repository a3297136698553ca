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

import hashlib
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


def content_stamp(root: Path, files: Iterable[Path], options: tuple[object, ...]) -> str:
    """build_stamp by the files' bytes rather than their signatures.

    A fresh checkout of the same site with briefgen installed afresh, as on a
    CI runner that restores `.briefgen-cache/` from its own cache, has new
    signatures everywhere but the same bytes, so what is kept under this
    stamp (the search index's records, each worth a Pagefind run) is found
    again there. Every file is read (about 200 small ones), so only work that
    costs far more than that is keyed by it. Paths are named relative to the
    site or to briefgen's package, since both move from machine to machine.
    """
    package, site = Path(__file__).parent.parent.absolute(), root.absolute()
    named = []
    for path in (*files, *CODE):
        path = path.absolute()
        base = site if path.is_relative_to(site) else package
        name = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
        try:
            data = path.read_bytes()
        except OSError:  # a path the listing refused: that it is there is what counts
            data = b""
        named.append((name, hashlib.blake2b(data, digest_size=16).hexdigest()))
    return digest(repr((__version__, named, options)))


def unchanged(seen: dict[str, Signature], now: dict[str, Signature],
              static_seen: dict[str, Signature], static_now: dict[str, Signature]) -> bool:
    """Whether every content and static file is as the last build saw it."""
    return now == seen and static_now == static_seen
