"""Edits that keep a file's size and mtime are still seen by warm builds.

`cp -p`, `rsync -t`, `tar` and `touch -r` set a file's mtime back to what it
was; a same-size save within the file system's time granularity does the
same. The file's ctime still moves, and that is what the cache must notice.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefgen.build.pipeline import build_site
from briefgen.serve.server import Preview
from tests.conftest import article, write_site
from tests.test_incremental import start_site
from tests.test_warm import clean, files


def edit_keeping_times(path: Path, old: str, new: str) -> None:
    """Replace OLD by NEW (same length) and set atime and mtime back, as `touch -r` does."""
    assert len(old.encode()) == len(new.encode())
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (st.st_size, st.st_mtime_ns)


@pytest.mark.slow
def test_a_warm_build_sees_an_item_edited_with_its_times_set_back(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    edit_keeping_times(root / "content/articles/2022/01/item-1.md", "Body 1.", "Bodi 1.")
    result = build_site(root)
    assert result.written > 0
    assert "Bodi 1." in (out / "articles/item-1/index.html").read_text(encoding="utf-8")
    assert files(out) == clean(root, tmp_path)
    assert build_site(root).written == 0  # and the build after it has nothing to do


def test_a_warm_build_sees_media_edited_with_its_times_set_back(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    edit_keeping_times(root / "content/media/a.txt", "media", "MEDIA")
    assert build_site(root).written == 1
    assert (out / "media/a.txt").read_text(encoding="utf-8") == "MEDIA"


@pytest.mark.slow
def test_a_full_build_over_old_output_does_not_keep_a_stale_media_copy(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    edit_keeping_times(root / "content/media/a.txt", "media", "MEDIA")
    shutil.rmtree(root / ".briefgen-cache")  # no cache: every file is written anew or linked
    build_site(root)
    assert (out / "media/a.txt").read_text(encoding="utf-8") == "MEDIA"


def test_the_preview_sees_an_item_edited_with_its_times_set_back(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "content/articles/a.md": article("A", body="Teh old text.")})
    preview = Preview(root, drafts=False)
    assert preview.rebuild() == []
    edit_keeping_times(root / "content/articles/a.md", "Teh old", "The new")
    assert preview.rebuild() == []
    page = preview.snapshot.pages()["articles/a/index.html"].decode()
    assert "The new text." in page and "Teh old" not in page
