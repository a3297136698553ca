"""Write the output folder atomically and only ever over briefgen's own.

A build writes a complete new tree beside the output folder, hard-linking
files whose bytes did not change (so their mtimes stay), then swaps it in. A
failed build never touches the output; a folder without briefgen's marker
file is never replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import glob
import logging
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .place import MARKER, MARKER_TEXT, check_output, check_output_place

log = logging.getLogger(__name__)
__all__ = ["MARKER", "MARKER_TEXT", "OutputTree", "check_output", "check_output_place"]


class OutputTree:
    """A new output tree being written beside the old one.

    Fresh and incremental builds alike write a whole new tree: an
    incremental one links every file it did not change from the old output,
    so it costs a link per file, not a copy. Only `commit` touches the
    output, with one atomic exchange where the system has one, so an
    interrupt at any moment leaves either the old output or the new one.

    Unchanged files are linked after the pages are rendered, not in a thread
    or a child process meanwhile: the build forks its workers (a thread at a
    fork can leave a lock held in the child), and a child forked from the
    build makes every page the build then writes a copy-on-write fault, which
    measured slower than the links themselves.
    """

    def __init__(self, out: Path) -> None:
        check_output(out)
        self.out = out
        self.tmp = out.parent / f".{out.name}.briefgen-tmp"
        self.old = out.parent / f".{out.name}.briefgen-old"
        recover(out)
        for leftover in (self.tmp, self.old):
            remove_tree(leftover)  # our own leftovers from an interrupted build
        clear_trash(out)
        self.tmp.mkdir(parents=True)
        self.written: list[str] = []
        self._root = str(self.tmp)
        self._dirs: set[str] = {self._root}
        self._old = str(out) if out.is_dir() else ""  # nothing to link from on a first build
        self._removal: threading.Thread | None = None
        self._gone: Path | None = None

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

    def keep(self, rel: str) -> None:
        """Take the old output's file REL into the new tree unchanged: a hard link
        where the file system allows one, else a copy."""
        target = self._file(rel)
        old = os.path.join(self._old, rel)
        try:
            os.link(old, target)
        except OSError:
            shutil.copy2(old, target)

    def keep_folder(self, rel: str) -> int:
        """Keep every file under the old output's folder REL (see keep); how many."""
        kept = 0
        folder = os.path.join(self._old, rel)
        for path, _, names in os.walk(folder):
            for name in names:
                self.keep(os.path.relpath(os.path.join(path, name), self._old))
                kept += 1
        return kept

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
        self.copy_anew(rel, source)

    def copy_anew(self, rel: str, source: Path) -> None:
        """Copy SOURCE, whose bytes changed since the old output's copy was made
        (an update knows that from its cache: a link made to the old copy moved
        its ctime, so is_current_copy cannot tell)."""
        shutil.copy2(source, self._file(rel))
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
        """Mark the tree as briefgen's with a file of its own (never linked): its
        signature, which the cache records, then names this build's output."""
        write_new(self._file(MARKER), MARKER_TEXT.encode("utf-8"))

    def commit(self) -> None:
        """Swap the new tree in, then start removing the old one (see wait).

        The swap is one atomic exchange of the two folders where the system
        has it (Linux), else two renames that `recover` completes should the
        process die between them. Once the new tree is in place the build has
        succeeded: the old tree is removed in the background (`_discard`),
        and one that cannot be removed (a read-only folder in it) is left
        for the next build to remove, with a warning.
        """
        self.write_marker()
        check_output(self.out)
        if self.out.exists():
            if exchange(self.tmp, self.out):
                self._gone = self.tmp  # the old output now lies where the new tree was
            else:
                self.out.rename(self.old)
                self.tmp.rename(self.out)
                self._gone = self.old
            self._discard()
        else:
            self.tmp.rename(self.out)

    def _discard(self) -> None:
        """Remove the old tree without making the build wait for it.

        Removing tens of thousands of files takes seconds on a disk, longer
        than the rest of a one-edit build. The tree is renamed to a trash
        name of its own (one rename), and `rm -rf` removes it in the
        background, in a session of its own, so it finishes after briefgen
        has returned. Where there is no `rm` (not POSIX), a thread removes it
        and `wait` waits. A trash folder left by a removal that could not
        finish is removed by the next build (`clear_trash`).
        """
        assert self._gone is not None
        rm = shutil.which("rm") if os.name == "posix" else None
        if rm is not None:
            trash = self.out.parent / f"{_trash_prefix(self.out)}{time.time_ns()}-{os.getpid()}"
            try:
                self._gone.rename(trash)
                subprocess.run(["/bin/sh", "-c", _REMOVE_IN_BACKGROUND, rm, str(trash)],
                               check=True, start_new_session=True)
                self._gone = None
                return
            except (OSError, subprocess.CalledProcessError) as exc:
                log.debug("cannot remove %s in the background: %s", self._gone, exc)
                self._gone = trash if trash.exists() else self._gone
        self._removal = threading.Thread(target=remove_tree, args=(self._gone,), name="remove-old")
        self._removal.start()

    def wait(self) -> None:
        """Wait until the old tree is removed, where a thread removes it; warn if
        it could not be."""
        if self._removal is not None:
            self._removal.join()
            self._removal = None
            if self._gone is not None and self._gone.exists():
                log.warning("warning: could not remove the previous output, kept in %s; "
                            "the next build removes it", self._gone)

    def abort(self) -> None:
        """Throw the new tree away; the output folder was never touched."""
        remove_tree(self.tmp)


# $0 is rm, $1 the trash folder. A folder the user made read-only stops rm;
# as its owner, briefgen makes the tree writable again and tries once more.
_REMOVE_IN_BACKGROUND = ('{ "$0" -rf -- "$1" || { chmod -R u+rwx -- "$1"; "$0" -rf -- "$1"; }; } '
                         '</dev/null >/dev/null 2>&1 &')
# A trash folder older than this is not being removed any more (its `rm` was
# killed, or could not remove a folder made read-only): the next build removes it.
TRASH_AGE = 60.0


def _trash_prefix(out: Path) -> str:
    """The name an old output takes beside OUT while it is removed (see _discard)."""
    return f".{out.name}.briefgen-trash-"


def clear_trash(out: Path) -> None:
    """Remove old outputs that a background removal left beside OUT.

    One younger than TRASH_AGE seconds (by the time in its name) may still be
    under way and is left to it; an older one is removed here, with a warning
    if even that fails.
    """
    prefix = _trash_prefix(out)
    now = time.time_ns()
    for trash in out.parent.glob(f"{glob.escape(prefix)}*"):
        stamp = trash.name[len(prefix):].split("-", 1)[0]
        if stamp.isdigit() and now - int(stamp) < TRASH_AGE * 1e9:
            continue
        if not remove_tree(trash):
            log.warning("warning: could not remove a previous output, kept in %s", trash)


def recover(out: Path) -> None:
    """Put back an output that a build died swapping out.

    Without an atomic exchange, `commit` renames the output aside and the new
    tree into its place; a process killed between the two leaves no output
    and the old one aside. It is briefgen's own tree (it has the marker), so
    the next build moves it back before anything else.
    """
    old = out.parent / f".{out.name}.briefgen-old"
    if not out.exists() and not out.is_symlink() and (old / MARKER).is_file():
        old.rename(out)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where the
    system or the file system cannot, and nothing was changed."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # not supported here: the caller renames twice
    raise OSError(err, os.strerror(err), str(b))


# Process-wide on purpose: the process's C library; one handle.
@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, for renameat2; None where it cannot be loaded."""
    if EXCHANGE_DISABLED:
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


EXCHANGE_DISABLED = os.environ.get("BRIEFGEN_NO_EXCHANGE") == "1"  # tests: the two-rename path


def remove_tree(path: Path) -> bool:
    """Remove a tree of briefgen's own (a leftover or an old output); True when gone.

    A folder the user made read-only (chmod -w) cannot have its entries
    removed: as its owner, briefgen makes it writable again first. Anything
    that still cannot be removed is left, and False returned.
    """
    if not path.exists() and not path.is_symlink():
        return True

    def writable_again(function: Any, name: str, exc: BaseException) -> None:
        folder = os.path.dirname(name)
        try:
            os.chmod(folder, os.stat(folder).st_mode | stat.S_IRWXU)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, os.stat(name).st_mode | stat.S_IRWXU)
            function(name)
        except FileNotFoundError:
            pass

    with contextlib.suppress(OSError):
        os.chmod(path, os.stat(path).st_mode | stat.S_IRWXU)
    try:
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=writable_again)
        else:
            shutil.rmtree(path, onerror=lambda f, n, e: writable_again(f, n, e[1]))
    except OSError as exc:
        log.debug("cannot remove %s: %s", path, exc)
    return not path.exists()


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
