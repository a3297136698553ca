"""Where an output folder may be, and the marker file that makes one briefgen's.

Kept apart from output.py, which writes and swaps output trees, so that a
build with nothing to do (noop.py) checks its output folder without
importing what writing one needs (ctypes for the atomic swap, subprocess
and shutil for removing the old tree).
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import OutputError
from ..core.paths import CONTENT, TEMPLATES

MARKER = ".briefgen-output"
MARKER_TEXT = "This folder is written by briefgen and replaced on every build.\n"


def check_output(out: Path) -> None:
    """Refuse a non-empty folder that briefgen did not create."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError(f"output {out} exists and is not a folder; refusing to replace it")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputError(
            f"output folder {out} is not empty and was not made by briefgen (no {MARKER} file); "
            "refusing to replace it: choose another folder with -o, or empty it"
        )


def check_output_place(root: Path, out: Path) -> None:
    """Refuse an output folder that is or holds the site, or lies in a folder briefgen reads.

    Output inside content/ or templates/ is read back by the next build:
    content/media/** and templates/static/** are copied into the output, so
    each build would copy the last one into itself, one level deeper every
    time. Paths are compared resolved, so `..` and symlinks cannot hide it.
    """
    site, target = root.resolve(), out.resolve()
    if site.is_relative_to(target):
        what = "the site folder" if site == target else f"a folder holding the site {root}"
        raise OutputError(f"output folder {out} is {what}; refusing to write there: "
                          "choose another folder with -o or output_dir (default: public)")
    for name in (CONTENT, TEMPLATES):
        folder = (root / name).resolve()
        if target.is_relative_to(folder) or folder.is_relative_to(target):
            raise OutputError(
                f"output folder {out} {_relation(target, folder)} the site's {name}/ folder, "
                f"which briefgen reads; refusing to write there: "
                f"choose a folder outside {CONTENT}/ and {TEMPLATES}/ (default: public)")


def _relation(target: Path, folder: Path) -> str:
    """How an output folder overlaps a source folder, in words."""
    if target == folder:
        return "is"
    return "is inside" if target.is_relative_to(folder) else "holds"
