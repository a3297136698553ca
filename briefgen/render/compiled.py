"""Compiled templates kept between runs, as Python keeps its own bytecode.

Compiling the theme's two dozen templates costs about as much as rendering
a hundred pages, and every build of every site compiles the same theme
again. Jinja's bytecode cache keeps each compiled template (as marshalled
code) under a key of its name and file, checked against a digest of its
source, so a changed template is compiled afresh and never served stale.

Where: a folder `briefgen/templates-<tag>` in the user's cache folder
(`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS,
`%LOCALAPPDATA%` on Windows), or under `$BRIEFGEN_CACHE_DIR` when set; the
tag digests everything that changes the code a template compiles to
(briefgen's and Jinja's versions, Python's, this package's code generator,
whether the Jinja accelerator is on), so two installs never share files.
Marshalled code is run when loaded, so the folder is used only when it
belongs to this user and no one else can write it (the same trust Python
gives its `__pycache__`); otherwise templates are compiled each run, as
they are with `BRIEFGEN_CACHE_DIR=off` and on the reference paths
(`BRIEFGEN_REFERENCE=compiled`, core/accel.py). A folder that cannot be
written is no error: the build only compiles again.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import jinja2

from .. import __version__
from ..core import accel
from ..core.hashing import digest

ENV = "BRIEFGEN_CACHE_DIR"
OFF = "off"


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache in FOLDER, one file per template, each written whole."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with open(self.folder / bucket.key, "rb") as fh:
                bucket.load_bytecode(fh)  # Jinja checks its magic and the source's digest
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        target = self.folder / bucket.key
        tmp = target.with_name(f".{bucket.key}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                bucket.write_bytecode(fh)
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)


def compiled_templates(code_generator: str) -> CompiledTemplates | None:
    """The cache for this briefgen, Jinja and Python, and CODE_GENERATOR (the
    source of the generator in use), or None where none may be used."""
    base = cache_home()
    if base is None or not accel.ON.compiled:
        return None
    tag = digest(repr((__version__, jinja2.__version__, sys.version, accel.ON.jinja,
                       code_generator)))[:16]
    folder = base / "briefgen" / f"templates-{tag}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return CompiledTemplates(folder) if _private(folder) and _private(folder.parent) else None


def cache_home() -> Path | None:
    """The user's cache folder ($BRIEFGEN_CACHE_DIR first), or None when turned off."""
    named = os.environ.get(ENV)
    if named is not None:
        return None if named in ("", OFF) else Path(named)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    if os.name == "nt":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) if local else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"


def _private(path: Path) -> bool:
    """Whether PATH is a folder of this user's that no other user can write."""
    try:
        st = path.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if os.name == "nt":
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
