"""A file's signature: what tells that a file changed since it was last read.

Used by every step that skips work for unchanged files: the parse cache, the
build cache, the preview's watcher and the search program's stamp.
"""

from __future__ import annotations

import os

Signature = tuple[int, int, int, int]  # (mtime_ns, size, ctime_ns, inode)


def stat_signature(st: os.stat_result) -> Signature:
    """A file's signature from its stat result.

    mtime and size alone miss a same-size edit whose mtime was set back
    (`cp -p`, `rsync -t`, `tar`, `touch -r`, or a save within the file
    system's time granularity). ctime cannot be set by users and moves on
    every write and utime call; the inode tells a file replaced by rename.
    """
    return (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)


def signature(path: str) -> Signature | None:
    """A file's signature (see stat_signature), or None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return stat_signature(st)
