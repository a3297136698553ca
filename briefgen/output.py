"""Write the output folder atomically and only ever over briefgen's own.

A build writes a complete new tree beside the output folder, hard-linking
files whose bytes did not change (so their mtimes stay), then swaps it in. A
failed build never touches the output; a folder without briefgen's marker
file is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from .content import CONTENT
from .errors import OutputError
from .render import TEMPLATES

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


class OutputTree:
    """A new output tree being written beside the old one."""

    def __init__(self, out: Path) -> None:
        check_output(out)
        self.out = out
        self.tmp = out.parent / f".{out.name}.briefgen-tmp"
        self.old = out.parent / f".{out.name}.briefgen-old"
        for leftover in (self.tmp, self.old):
            if leftover.is_dir():
                shutil.rmtree(leftover)  # our own leftovers from an interrupted build
        self.tmp.mkdir(parents=True)
        self.written: list[str] = []
        self._root = str(self.tmp)
        self._dirs: set[str] = {self._root}
        self._old = str(out) if out.is_dir() else ""  # nothing to link from on a first build

    def _file(self, rel: str) -> str:
        """The file's path in the new tree, its folder made. Plain strings, not Path
        objects: a large site writes tens of thousands of files."""
        target = os.path.join(self._root, rel)
        folder = os.path.dirname(target)
        if folder not in self._dirs:
            try:
                os.mkdir(folder)  # most pages have a folder of their own, under a made one
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        return target

    def write(self, rel: str, data: bytes) -> None:
        """Write a file, or link the old one if its bytes are the same."""
        target = self._file(rel)
        if self._old:
            old = os.path.join(self._old, rel)
            if has_bytes(old, data):
                try:
                    os.link(old, target)
                    return
                except OSError:
                    pass
        write_new(target, data)
        self.written.append(rel)

    def copy(self, rel: str, source: Path) -> None:
        """Copy a file verbatim, or link the old copy if it is still current."""
        target = self._file(rel)
        old = self.out / rel
        try:
            if is_current_copy(old.stat(), source.stat()):
                os.link(old, target)
                return
        except OSError:
            pass
        shutil.copy2(source, target)
        self.written.append(rel)

    def new_files(self, rels: list[str]) -> int:
        """How many of RELS were written rather than linked from the old output.

        Workers write pages through `write` in their own processes, so their
        `written` lists never reach this one; a linked file has a second link
        (the old output's) until `commit`."""
        if not self._old:
            return len(rels)
        return sum(1 for rel in rels if os.stat(os.path.join(self._root, rel)).st_nlink == 1)

    def write_marker(self) -> None:
        (self.tmp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")

    def commit(self) -> None:
        """Swap the new tree in; the old one is removed only after the swap."""
        self.write_marker()
        check_output(self.out)
        if self.out.exists():
            self.out.rename(self.old)
        self.tmp.rename(self.out)
        if self.old.exists():
            shutil.rmtree(self.old)

    def abort(self) -> None:
        """Throw the new tree away; the output folder was never touched."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def is_current_copy(copy: os.stat_result, source: os.stat_result) -> bool:
    """Whether COPY (made by copy2, so with SOURCE's mtime) still has SOURCE's bytes.

    Size and mtime alone miss a same-size edit whose mtime was set back
    (`touch -r`, `cp -p`, `rsync -t`). The source's ctime moves on every
    write and cannot be set back, so a source changed after the copy was
    made has a later ctime than the copy.
    """
    return (copy.st_size == source.st_size and copy.st_mtime_ns == source.st_mtime_ns
            and source.st_ctime_ns < copy.st_ctime_ns)


def has_bytes(path: str, data: bytes) -> bool:
    """Whether the file at PATH holds exactly DATA (False if it cannot be read)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


def write_new(path: str, data: bytes) -> None:
    """Write a file with plain system calls: no buffered file object for
    bytes written at once, tens of thousands of times per build."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def needs_new_tree(out: Path, rels: list[str]) -> bool:
    """Whether writing RELS into OUT turns a file into a folder or back: one of
    them is a folder in OUT, or lies under a file there. OutputUpdate stages
    each file beside its target, which cannot do that; a new tree can."""
    for rel in rels:
        target = os.path.join(out, rel)
        if os.path.isdir(target):
            return True
        folder = os.path.dirname(target)
        while len(folder) > len(str(out)) and not os.path.isdir(folder):
            if os.path.lexists(folder):
                return True
            folder = os.path.dirname(folder)
    return False


class OutputUpdate:
    """Changes to an existing output, staged beside their targets and put in
    place together, so that a build failing halfway (an unreadable media
    file, a full disk, Ctrl-C) leaves the output as it was."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staged: list[tuple[Path, Path]] = []  # (temporary file, its target)
        self.made: list[Path] = []  # folders made for new files, to remove on abort

    def write(self, rel: str, data: bytes) -> bool:
        """Stage a file unless the output already has these bytes; True if staged."""
        target = self.out / rel
        if has_bytes(str(target), data):
            return False
        write_new(str(self._tmp(target)), data)
        return True

    def copy(self, rel: str, source: Path) -> None:
        """Stage a copy of SOURCE."""
        shutil.copy2(source, self._tmp(self.out / rel))

    def _tmp(self, target: Path) -> Path:
        missing = []
        folder = target.parent
        while not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for folder in reversed(missing):
            folder.mkdir()
            self.made.append(folder)
        tmp = target.with_name(f".{target.name}.briefgen-tmp")
        self.staged.append((tmp, target))
        return tmp

    def commit(self) -> None:
        """Put every staged file in place: one rename each."""
        for tmp, target in self.staged:
            os.replace(tmp, target)
        self.staged, self.made = [], []

    def abort(self) -> None:
        """Remove what was staged and the folders made for it."""
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):  # not empty: something else put a file there
                folder.rmdir()
        self.staged, self.made = [], []


def remove_file(out: Path, rel: str) -> None:
    """Delete one output file and the folders it leaves empty (all inside OUT)."""
    target = out / rel
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent
