"""Which Pagefind binary a build would run, found without importing the indexer.

A build with nothing to do still asks whether search is available and which
Pagefind a build would use (its stamp is part of the build's): these answers
live here, apart from build/search.py, so that the no-op path does not import
the shard planner, the merger and the route table only to ask them.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
from pathlib import Path

from ..core.signature import signature

INSTALL_HINT = "pip install 'briefgen[search]'"


def executable() -> Path | None:
    """Pagefind's binary, found the way the `pagefind` package finds it, or None.

    That is: $PAGEFIND_BINARY_PATH, then the pagefind_bin_extended or
    pagefind_bin package, then `pagefind_extended` or `pagefind` on PATH.
    The order is pagefind.service.get_executable's, without importing it:
    it brings asyncio, a quarter of a no-op build's start-up.
    """
    env = os.getenv("PAGEFIND_BINARY_PATH")
    found = Path(env) if env is not None else _packaged_binary()
    if found is None:
        which = shutil.which("pagefind_extended") or shutil.which("pagefind")
        found = Path(which) if which else None
    if found is None or not found.is_file() or not os.access(found, os.X_OK):
        return None
    return found.absolute()


def _packaged_binary() -> Path | None:
    """The binary of the first Pagefind binary package installed, or None."""
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        try:
            return Path(module.get_executable())
        except OSError:  # a binary package without its binary
            return None
    return None


def search_available() -> bool:
    """True when Pagefind can be run here."""
    return executable() is not None


def why_unavailable() -> str:
    """Why `executable` finds no Pagefind, for a message."""
    named = os.getenv("PAGEFIND_BINARY_PATH")
    if named is not None:
        return f"PAGEFIND_BINARY_PATH is {named!r}, which is not an executable file"
    return f"Pagefind is not installed ({INSTALL_HINT})"


def search_stamp() -> str:
    """Which Pagefind a build would use: changes when it is installed, removed or
    upgraded, so a cached build is not trusted across such a change."""
    found = executable()
    return "" if found is None else f"{found}:{signature(str(found))}"


_IDENTITIES: dict[tuple[str, object], str] = {}  # by path and signature: read once a process


def search_identity() -> str:
    """Which Pagefind a build would use, by the bytes of its binary: the same for
    a fresh install of the same release at another path (a CI runner's), where
    `search_stamp` (path and signature) changes. For what is kept across
    machines: the search index's records."""
    found = executable()
    if found is None:
        return ""
    key = (str(found), signature(str(found)))
    if key not in _IDENTITIES:
        _IDENTITIES[key] = hashlib.blake2b(found.read_bytes(), digest_size=16).hexdigest()
    return _IDENTITIES[key]

