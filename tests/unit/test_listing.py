"""Listing content files: symlinked folders followed once, broken links skipped."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.source.config import parse_config
from briefgen.source.content import content_files
from tests.conftest import article, write_site

CONFIG = parse_config("title: T\n", "site.yaml")


def articles(root: Path) -> list[str]:
    return [path for path, _ in content_files(root, CONFIG)["articles"]]


def test_a_symlink_loop_is_listed_once(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/articles/t/a.md": article("A")})
    (root / "content/articles/t/loop").symlink_to("../t")
    (root / "content/articles/t/up").symlink_to("..")
    assert articles(root) == ["content/articles/t/a.md"]


def test_two_names_of_one_folder_list_its_items_once_by_the_first_name(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/articles/2022/a.md": article("A")})
    (root / "content/articles/latest").symlink_to("2022")
    (root / "content/articles/1999").symlink_to("2022")
    assert articles(root) == ["content/articles/1999/a.md"]  # name order, not the disk's


def test_a_symlinked_folder_elsewhere_is_refused_not_followed(tmp_path: Path) -> None:
    """One rule for every input folder (see briefgen/inputs.py): a link out of the site is an
    error, listed with the files so a build that compares listings sees it."""
    root = write_site(tmp_path / "site", {"content/articles/a.md": article("A")})
    write_site(tmp_path / "shared", {"items/b.md": article("B")})
    (root / "content/articles/shared").symlink_to(tmp_path / "shared/items")
    files = content_files(root, CONFIG)
    assert articles(root) == ["content/articles/a.md", "content/articles/shared"]
    assert [str(p) for p in files.refused.values()] == [
        "content/articles/shared: symlink leads outside the site; not used"]


def test_a_symlinked_folder_elsewhere_in_the_site_is_followed(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/articles/a.md": article("A"),
                                 "shared/items/b.md": article("B")})
    (root / "content/articles/shared").symlink_to(root / "shared/items")
    assert articles(root) == ["content/articles/a.md", "content/articles/shared/b.md"]


def test_broken_and_self_referring_links_are_skipped(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/articles/a.md": article("A")})
    folder = root / "content/articles"
    (folder / "gone.md").symlink_to("missing.md")
    (folder / "self.md").symlink_to("self.md")
    (folder / "self").symlink_to("self")
    assert articles(root) == ["content/articles/a.md"]


def test_signatures_change_when_a_file_is_edited_with_its_times_set_back(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/articles/a.md": article("A", body="Teh.")})
    file = root / "content/articles/a.md"
    before = content_files(root, CONFIG)["articles"]
    st = file.stat()
    file.write_text(article("A", body="The."), encoding="utf-8")
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert content_files(root, CONFIG)["articles"] != before
