"""The output folder: written whole, swapped in, and only ever briefgen's own."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefgen.build.output import MARKER, OutputTree, check_output, check_output_place
from briefgen.core.errors import OutputError


def siblings(folder: Path) -> list[str]:
    """FOLDER's entries once the old output a commit left to `rm` is gone
    (it must go within ten seconds)."""
    deadline = time.monotonic() + 10
    while any(".briefgen-trash-" in p.name for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return sorted(p.name for p in folder.iterdir())


def test_a_missing_or_empty_folder_is_fine(tmp_path: Path) -> None:
    check_output(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    check_output(tmp_path / "empty")


def test_a_folder_briefgen_made_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / MARKER).write_text("x")
    (out / "index.html").write_text("old")
    check_output(out)


def test_a_non_empty_folder_without_the_marker_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError) as info:
        check_output(out)
    assert str(out) in str(info.value) and MARKER in str(info.value)


def test_a_file_or_symlink_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError):
        check_output(tmp_path / "file")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(OutputError):
        check_output(tmp_path / "link")


def test_commit_swaps_in_a_complete_tree_with_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "public"
    tree = OutputTree(out)
    tree.write("index.html", b"home")
    tree.write("people/x/index.html", b"x")
    assert not out.exists()  # nothing visible before the commit
    tree.commit()
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [MARKER, "index.html", "people/x/index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # no temporary folders left


def test_a_rebuild_replaces_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = OutputTree(out)
    first.write("old/index.html", b"gone soon")
    first.commit()
    second = OutputTree(out)
    second.write("index.html", b"new")
    second.commit()
    assert not (out / "old").exists()
    assert (out / "index.html").read_bytes() == b"new"


def test_unchanged_bytes_keep_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = OutputTree(out)
    first.write("same.html", b"same")
    first.write("changed.html", b"v1")
    first.commit()
    os.utime(out / "same.html", ns=(1_000_000_000, 1_000_000_000))
    second = OutputTree(out)
    second.write("same.html", b"same")
    second.write("changed.html", b"v2")
    second.commit()
    assert second.written == ["changed.html"]
    assert (out / "same.html").stat().st_mtime_ns == 1_000_000_000


def test_abort_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = OutputTree(out)
    first.write("index.html", b"good")
    first.commit()
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    second = OutputTree(out)
    second.write("index.html", b"half-written")
    second.abort()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_copy_copies_bytes_verbatim(tmp_path: Path) -> None:
    src = tmp_path / "logo.png"
    src.write_bytes(bytes(range(256)))
    out = tmp_path / "public"
    tree = OutputTree(out)
    tree.copy("media/logo.png", src)
    tree.commit()
    assert (out / "media/logo.png").read_bytes() == bytes(range(256))


def test_files_of_any_size_are_written_whole_in_new_and_nested_folders(tmp_path: Path) -> None:
    tree = OutputTree(tmp_path / "public")
    files = {"index.html": b"", "a/b/c/d/index.html": b"<p>deep</p>",
             "a/b/index.html": os.urandom(3 * 1024 * 1024), "a/feed.xml": b"x" * 70_001}
    for rel, data in files.items():
        tree.write(rel, data)
    tree.commit()
    assert {rel: (tmp_path / "public" / rel).read_bytes() for rel in files} == files
    mode = (tmp_path / "public" / "a/feed.xml").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask  # as open() would make it


@pytest.mark.parametrize("out", ["public", "site-output", "contentx", "public/content"])
def test_an_output_folder_beside_content_and_templates_is_fine(tmp_path: Path, out: str) -> None:
    check_output_place(tmp_path / "site", tmp_path / "site" / out)
    check_output_place(tmp_path / "site", tmp_path / "elsewhere" / out)


@pytest.mark.parametrize(("out", "words"), [
    ("content", "is the site's content/ folder"),
    ("content/media/out", "is inside the site's content/ folder"),
    ("content/articles/../media", "is inside the site's content/ folder"),
    ("templates", "is the site's templates/ folder"),
    ("templates/static/out", "is inside the site's templates/ folder"),
    (".", "is the site folder"),
    ("..", "is a folder holding the site"),
])
def test_an_output_folder_that_briefgen_reads_is_refused(tmp_path: Path, out: str,
                                                        words: str) -> None:
    root = tmp_path / "site"
    (root / "content/media").mkdir(parents=True)
    with pytest.raises(OutputError) as info:
        check_output_place(root, root / out)
    message = str(info.value)
    assert words in message and str(root / out) in message and "\n" not in message


def test_symlinks_do_not_hide_an_output_folder_inside_content(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content/media").mkdir(parents=True)
    (root / "media-link").symlink_to(root / "content/media")
    with pytest.raises(OutputError, match="inside the site's content/"):
        check_output_place(root, root / "media-link/out")
    data = tmp_path / "data"
    (data / "templates").mkdir(parents=True)
    (root / "templates").symlink_to(data / "templates")
    with pytest.raises(OutputError, match="holds the site's templates/"):
        check_output_place(root, data)


def test_an_update_tree_links_what_it_keeps_and_never_writes_through(tmp_path: Path) -> None:
    """An update keeps unchanged files as links to the old output's; a changed
    page and a changed static file must leave the old files as they were, and
    the swapped-in tree holds exactly the new build's files."""
    out = tmp_path / "public"
    first = OutputTree(out)
    for rel, data in {"index.html": b"home", "a/index.html": b"a", "gone/index.html": b"g",
                      "media/x.txt": b"x"}.items():
        first.write(rel, data)
    first.commit()
    first.wait()
    old = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    source = tmp_path / "x.txt"
    source.write_bytes(b"new x")
    tree = OutputTree(out)
    tree.keep("a/index.html")
    tree.write("index.html", b"new home")
    tree.copy_anew("media/x.txt", source)
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == old
    assert os.path.samefile(out / "a/index.html", tree.tmp / "a/index.html")  # kept: a link
    tree.commit()
    tree.wait()
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name != MARKER} == {
        "index.html": b"new home", "a/index.html": b"a", "media/x.txt": b"new x"}
    assert not (out / "gone").exists()
    assert siblings(tmp_path) == ["public", "x.txt"]  # the old tree, removed in the background
