"""The output folder as a deploy reads it: refused unless briefgen built it, then
every file to upload with the hashes the plan compares.

Reading only: a deploy never builds and never changes the output.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..build.output import MARKER
from ..core.errors import BriefgenError

REDIRECTS = "_redirects"
HEADERS = "_headers"
# Files of the output that are not the site: the marker, and the rules other
# hosts read (a bucket is told its redirects and headers object by object).
NOT_UPLOADED = frozenset({MARKER, REDIRECTS, HEADERS})
_CHUNK = 1 << 20


def check_built(out: Path, shown: str) -> None:
    """Refuse a folder that is missing, empty, or not made by `briefgen build`:
    deploying one would replace the site online with it, and delete the rest."""
    if not out.is_dir():
        raise BriefgenError(f"no output folder {shown}: deploy uploads a built site; "
                            "run briefgen build first (or give the folder with -o)")
    if not (out / MARKER).is_file():
        raise BriefgenError(f"{shown} was not made by briefgen build (it has no {MARKER} file); "
                            "refusing to deploy it: deploy uploads only a folder briefgen built")
    if not any(name not in NOT_UPLOADED for name in os.listdir(out)):
        raise BriefgenError(f"output folder {shown} holds no pages; run briefgen build first")


def output_files(out: Path) -> list[tuple[str, int, str, str]]:
    """(rel, size, md5, sha256) of every file to upload, rel as a POSIX path, sorted.

    Symbolic links are not followed (a build writes none); files whose name
    starts with '.' are not the site's (the marker, or a host's own).
    """
    files = []
    for folder, dirs, names in os.walk(out):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, out).replace(os.sep, "/")
            if name.startswith(".") or rel in NOT_UPLOADED or not os.path.isfile(path) \
                    or os.path.islink(path):
                continue
            files.append((rel, *_hashes(path)))
    return files


def _hashes(path: str) -> tuple[int, str, str]:
    """The size, MD5 and sha256 of a file, read once."""
    md5, sha256, size = hashlib.md5(usedforsecurity=False), hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            md5.update(chunk)
            sha256.update(chunk)
            size += len(chunk)
    return size, md5.hexdigest(), sha256.hexdigest()


def redirects_text(out: Path) -> str:
    """The output's `_redirects`, or '' when the site has no redirects."""
    try:
        return (out / REDIRECTS).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
