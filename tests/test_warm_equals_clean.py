"""A warm build writes what a clean build writes, after edits randomised testing found.

Each test is a minimal edit sequence (a media file turned into a folder, a
file saved while a build finishes) after which a warm build once differed from
a clean build, kept as a regression test once fixed. A new finding is added as
xfail(strict=True) until its fix, which then removes the mark. The preview's
incremental rebuilds are held to the same rule in test_incremental.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from briefgen.build.pipeline import build_site
from tests.conftest import article, tree_bytes, write_site


def warm_equals_clean(root: Path, tmp: Path) -> None:
    """A warm build into tmp/out succeeds and writes what a clean build writes."""
    build_site(root, output=tmp / "out")
    clean = tmp / "clean"
    if clean.exists():
        shutil.rmtree(clean)
    build_site(root, output=clean, use_cache=False)
    assert tree_bytes(tmp / "out") == tree_bytes(clean)


def site_with_media(root: Path, media: str) -> Path:
    return write_site(root, {"site.yaml": "title: T\nsearch: false\n",
                             "content/articles/a.md": article("A"), media: "media"})


def test_a_media_file_replaced_by_a_folder_of_the_same_name(tmp_path: Path) -> None:
    root = site_with_media(tmp_path / "site", "content/media/x")
    build_site(root, output=tmp_path / "out")
    (root / "content/media/x").unlink()
    (root / "content/media/x").mkdir()
    (root / "content/media/x/y.txt").write_text("now a folder", encoding="utf-8")
    warm_equals_clean(root, tmp_path)


def test_a_media_folder_replaced_by_a_file_of_the_same_name(tmp_path: Path) -> None:
    root = site_with_media(tmp_path / "site", "content/media/x/y.txt")
    build_site(root, output=tmp_path / "out")
    shutil.rmtree(root / "content/media/x")
    (root / "content/media/x").write_text("now a file", encoding="utf-8")
    warm_equals_clean(root, tmp_path)


@pytest.mark.slow
def test_media_saved_while_a_build_finishes_is_copied_by_the_next_warm_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefgen.build.pipeline

    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/a.md": article("A"),
        "content/media/m.txt": "version 1",
    })
    build_site(root, output=tmp_path / "out")
    (root / "content/articles/a.md").write_text(article("A", body="Edited."), encoding="utf-8")
    (root / "content/media/m.txt").write_text("version 2", encoding="utf-8")
    index = briefgen.build.pipeline._index

    def index_while_the_editor_saves(*args: Any, **kwargs: Any) -> int:
        (root / "content/media/m.txt").write_text("version 3", encoding="utf-8")
        return index(*args, **kwargs)

    monkeypatch.setattr(briefgen.build.pipeline, "_index", index_while_the_editor_saves)
    build_site(root, output=tmp_path / "out")  # copies version 2; version 3 is saved meanwhile
    monkeypatch.setattr(briefgen.build.pipeline, "_index", index)
    warm_equals_clean(root, tmp_path)  # nothing changed since: the output must catch up
