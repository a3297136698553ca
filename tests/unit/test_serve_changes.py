"""The preview's listing updated from the watcher's paths equals a new walk of the site,
or is not used: serve/changes.py against source/content.content_files."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.serve.changes import refreshed
from briefgen.serve.server import Preview
from briefgen.source.config import load_config
from briefgen.source.content import content_files
from tests.conftest import article, write_site


def a_site(root: Path) -> Path:
    files: dict[str, str] = {"site.yaml": "title: Changes\n"}
    for i in range(6):
        files[f"content/articles/2022/01/item-{i}.md"] = article(f"Item {i}", people="[Sergei Lavrov]")
    files["content/people/sergei-lavrov.md"] = "---\nname: Sergei Lavrov\n---\nForeign minister.\n"
    files["content/pages/about.md"] = "---\ntitle: About\n---\nAbout us.\n"
    return write_site(root, files)


def touch_later(path: Path, text: str) -> None:
    """Write TEXT with an mtime a second on, so the change shows in any signature."""
    path.write_text(text, encoding="utf-8")
    stamp = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def listing(root: Path) -> object:
    return content_files(root, load_config(root))


def test_edited_files_are_stat_ed_again_and_the_rest_kept(tmp_path: Path) -> None:
    root = a_site(tmp_path / "site")
    before = listing(root)
    touch_later(root / "content/articles/2022/01/item-2.md", article("Item 2, edited"))
    touch_later(root / "content/people/sergei-lavrov.md", "---\nname: Sergei Lavrov\n---\nMinister.\n")
    changed = {"content/articles/2022/01/item-2.md", "content/people/sergei-lavrov.md",
               "templates/base.html"}
    new = refreshed(before, root, changed)  # type: ignore[arg-type]
    assert new is not None and new == listing(root) and new.refused == {}
    assert new != before  # the signatures moved
    assert refreshed(before, root, set()) is before  # type: ignore[arg-type]


def _add(root: Path) -> str:
    (root / "content/articles/2022/01/new.md").write_text(article("New"), encoding="utf-8")
    return "content/articles/2022/01/new.md"


def _delete(root: Path) -> str:
    (root / "content/articles/2022/01/item-1.md").unlink()
    return "content/articles/2022/01/item-1.md"


def _link(root: Path) -> str:
    path = root / "content/articles/2022/01/item-3.md"
    path.unlink()
    path.symlink_to(root / "content/articles/2022/01/item-4.md")
    return "content/articles/2022/01/item-3.md"


def _folder(root: Path) -> str:
    (root / "content/articles/2022/01").rename(root / "content/articles/2022/02")
    return "content/articles/2022/01"


def _renamed_into_place(root: Path) -> str:
    (root / "content/articles/2022/01/item-0.md.tmp").write_text(article("Saved"), encoding="utf-8")
    return "content/articles/2022/01/item-0.md.tmp"


def _config(root: Path) -> str:
    touch_later(root / "site.yaml", "title: Changes\ntaxonomies:\n  people: {}\n")
    return "site.yaml"


@pytest.mark.parametrize("change", [_add, _delete, _link, _folder, _renamed_into_place, _config])
def test_a_change_that_may_change_what_is_listed_walks_the_site_again(
        tmp_path: Path, change: Callable[[Path], str]) -> None:
    root = a_site(tmp_path / "site")
    before = listing(root)
    assert refreshed(before, root, {change(root)}) is None  # type: ignore[arg-type]


def test_the_preview_shows_an_edit_and_a_new_item_from_the_watcher_s_paths(tmp_path: Path) -> None:
    root = a_site(tmp_path / "site")
    preview = Preview(root, drafts=False)
    assert preview.rebuild() == []
    rel = "content/articles/2022/01/item-5.md"
    touch_later(root / rel, article("Item 5", body="A sentence the watcher reported."))
    assert preview.rebuild({rel}) == []
    assert b"A sentence the watcher reported." in preview.snapshot.page("articles/item-5/index.html")
    new = _add(root)
    assert preview.rebuild({new}) == []
    assert "articles/new/index.html" in preview.snapshot.files
    assert preview.builder.files == listing(root)


def test_editors_temporary_files_start_no_rebuild() -> None:
    """What sed -i, vim, emacs, JetBrains and Kate write beside a saved file is
    not content; a file of the site with a similar name is."""
    from briefgen.serve.server import EDITOR_TEMP

    for temp in ("sedfEg834", "4913", "#kyiv.md#", "kyiv.md___jb_tmp___", "kyiv.md___jb_old___",
                 "kyiv.md.kate-swp"):
        assert EDITOR_TEMP.search(temp), temp
    for kept in ("sedan-talks.md", "4913.md", "map.png", "sed123.md", "notes#1.md"):
        assert not EDITOR_TEMP.search(kept), kept
