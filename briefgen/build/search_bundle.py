"""Check that a search bundle Pagefind wrote is whole before it is published.

Pagefind exits with status 0 even when its writes fail: on a full disk it
leaves empty or cut-off files, and a site published with them has a search
page that does not work. Every file it writes is one of a few kinds whose
completeness can be checked from the bytes alone:

- index data (`*.pf_*`, `wasm.*.pagefind`): gzip streams, whose trailer holds
  a CRC and the length, so a cut-off file fails to decompress;
- `pagefind-entry.json`: JSON, which a cut-off file is not; it also names
  each language's metadata and WebAssembly files, which must be there;
- scripts and stylesheets: most are copied verbatim out of the Pagefind
  program, so they must occur in it byte for byte; the few it generates must
  at least end where a script or stylesheet ends.

Those checks cannot see a script cut short at a point where a shorter one
could end, so the disk must also still have room left (MIN_FREE): Pagefind
loses writes only when the disk is full.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import zlib
from pathlib import Path

from ..core.errors import BriefgenError

MIN_FREE = 1 << 20  # bytes the disk must still have free once Pagefind has written


def check_bundle(bundle: Path, program: Path, fragments: dict[str, bytes] | None = None) -> None:
    """Raise BriefgenError naming the first file of BUNDLE that is not whole.

    PROGRAM is the Pagefind executable that wrote it (see _in_program).
    FRAGMENTS, when given, receives each page fragment unzipped, by file name,
    so that the caller need not unzip them again. First
    of all, the disk must still have MIN_FREE bytes free: a write Pagefind
    lost for want of space leaves the disk (nearly) full, and a file it cut
    short may still look whole (a script cut after a `}`, or the start of a
    file embedded in the program).
    """
    try:
        st = os.statvfs(bundle)
    except (OSError, AttributeError):  # no statvfs (not POSIX): the file checks alone
        st = None
    if st is not None and st.f_bavail * st.f_frsize < MIN_FREE:
        raise BriefgenError(
            f"search: the disk holding {bundle.parent} has {st.f_bavail * st.f_frsize // 1024} KiB "
            "free after Pagefind wrote the search index, so its files may be cut off; is the disk "
            "full? The search index was not published and the output was left as it was")
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    if not any(f.name == "pagefind.js" for f in files):
        _incomplete(bundle, "pagefind.js", "missing")
    for file in files:
        rel = file.relative_to(bundle).as_posix()
        data = file.read_bytes()
        if not data:
            _incomplete(bundle, rel, "empty")
        keep = fragments is not None and file.suffix == ".pf_fragment"
        why = _why_not_whole(file.name, data, program, fragments if keep else None)
        if why:
            _incomplete(bundle, rel, why)
    _check_entry(bundle)


def _why_not_whole(name: str, data: bytes, program: Path,
                   unzipped: dict[str, bytes] | None = None) -> str:
    """Why DATA, the bytes of the bundle file NAME, is not whole; "" if it is.
    UNZIPPED receives a gzipped file's contents."""
    if data[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return "cut off (its compressed data ends early or fails its check)"
        if unzipped is not None:
            unzipped[name] = raw
        return ""
    if name.endswith(".json"):
        try:
            json.loads(data)
        except ValueError:
            return "cut off (not valid JSON)"
        return ""
    if name.endswith((".js", ".css")):
        if _in_program(program, data):
            return ""
        text = data.rstrip()
        ends = (b"}",) if name.endswith(".css") else (b"}", b";", b")", b"*/")
        if not text.endswith(ends):
            return "cut off (it does not end as a script or stylesheet does)"
    return ""


def _check_entry(bundle: Path) -> None:
    """Every language the entry file lists has its metadata and WebAssembly files."""
    entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
    languages = entry.get("languages", {}) if isinstance(entry, dict) else {}
    for lang, info in languages.items():
        wanted = [f"wasm.{info.get('wasm') or 'unknown'}.pagefind",
                  f"pagefind.{info.get('hash')}.pf_meta"]
        for rel in wanted:
            if not (bundle / rel).is_file():
                _incomplete(bundle, rel, f"missing (the index of language {lang!r} needs it)")


class _Program:
    """The Pagefind executable's bytes, and which scripts were found in them: each
    shard's run writes the same scripts, which need finding once."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.found: dict[bytes, bool] = {}

    def contains(self, data: bytes) -> bool:
        key = hashlib.blake2b(data, digest_size=16).digest()
        if key not in self.found:
            self.found[key] = self.data.find(data) >= 0
        return self.found[key]


# The executable may be replaced meanwhile: emptied as each build starts (build/memo.py).
@functools.cache
def _program_bytes(program: Path) -> _Program:
    try:
        return _Program(program.read_bytes())
    except OSError:
        return _Program(b"")


def _in_program(program: Path, data: bytes) -> bool:
    """Whether DATA occurs verbatim in the Pagefind executable: the scripts and
    stylesheets it ships are embedded in it as they are written out."""
    return _program_bytes(program).contains(data)


def _incomplete(bundle: Path, rel: str, why: str) -> None:
    raise BriefgenError(
        f"search: Pagefind's file {bundle.name}/{rel} is {why}; is the disk full? "
        "The search index was not published and the output was left as it was")
