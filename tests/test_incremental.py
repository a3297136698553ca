"""Incremental rebuilds equal clean builds, byte for byte, after any edit.

The preview server keeps one Builder and re-renders only pages whose digest
changed; after each step of a scripted editing session its in-memory site
must be exactly what a clean `briefgen build` writes.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.build.output import MARKER
from briefgen.build.pipeline import build_site
from briefgen.serve.packer import Packer
from briefgen.serve.server import Preview
from tests.conftest import article, write_site

PROFILE = "---\nname: Sergei Lavrov\naliases: [Lavrov, Сергей Лавров]\nrole: Foreign Minister\n---\nBio.\n"


def start_site(root: Path) -> Path:
    files = {
        "site.yaml": "title: Briefing\nper_page: 2\nbase_url: https://example.org/briefings/\n",
        "content/people/lavrov.md": PROFILE,
        "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
        "content/media/a.txt": "media",
    }
    for i in range(6):
        files[f"content/articles/2022/01/item-{i}.md"] = article(
            f"Item {i}", date=f"2022-01-{10 + i % 3:02d}", body=f"Body {i}.",
            people="[Lavrov, Jens Stoltenberg]" if i % 2 else "[Сергей Лавров]",
            topics="[NATO]", source="TASS", summary=f"Summary {i}.")
    return write_site(root, files)


def clean_build(root: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "clean"
    if out.exists():
        shutil.rmtree(out)
    build_site(root, output=out, base_url="https://example.org/")
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != MARKER}


def served(preview: Preview) -> dict[str, bytes]:
    snap = preview.snapshot
    files = snap.pages()
    files.update({rel: src.read_bytes() for rel, src in snap.static.items()})
    return dict(sorted(files.items()))


def touch_write(path: Path, text: str) -> None:
    """Write and move mtime forward, as a real save some time later would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


# The preview does not run Pagefind, and its search page says so: those differ by design.
NOT_PREVIEWED = ("pagefind/", "search/index.html")


def assert_same(preview: Preview, root: Path, tmp: Path, step: str) -> None:
    assert preview.rebuild() == [], step
    got, want = ({k: v for k, v in files.items() if not k.startswith(NOT_PREVIEWED)}
                 for files in (served(preview), clean_build(root, tmp)))
    assert sorted(got) == sorted(want), f"{step}: different files"
    for name in want:
        assert got[name] == want[name], f"{step}: {name} differs from a clean build"


@pytest.mark.slow
def test_scripted_edits_equal_clean_builds(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    items = root / "content/articles/2022/01"
    preview = Preview(root, drafts=False)
    assert_same(preview, root, tmp_path, "first build")

    steps: list[tuple[str, Callable[[], object]]] = [
        ("edit a body", lambda: touch_write(items / "item-1.md", article(
            "Item 1", date="2022-01-11", body="A new body.", people="[Lavrov]", topics="[NATO]"))),
        ("retitle (slug changes)", lambda: touch_write(items / "item-2.md", article(
            "Item two renamed", date="2022-01-12", people="[Lavrov]"))),
        ("move to another day", lambda: touch_write(items / "item-3.md", article(
            "Item 3", date="2022-01-20", people="[Jens Stoltenberg]"))),
        ("add an item", lambda: touch_write(items / "item-new.md", article(
            "New item", date="2022-01-25", people="[Annalena Baerbock]", topics="[Ukraine]"))),
        ("delete an item", lambda: (items / "item-0.md").unlink()),
        ("rename a file", lambda: (items / "item-4.md").rename(items / "item-4b.md")),
        ("edit a profile", lambda: touch_write(root / "content/people/lavrov.md",
                                               PROFILE.replace("Bio.", "A longer biography."))),
        ("add a profile", lambda: touch_write(root / "content/people/stoltenberg.md",
                                              "---\nname: Jens Stoltenberg\nrole: NATO\n---\nBio.\n")),
        ("delete a profile", lambda: (root / "content/people/lavrov.md").unlink()),
        ("override a template", lambda: touch_write(root / "templates/page.html",
                                                    "{% extends 'base.html' %}{% block main %}"
                                                    "<p>custom {{ standalone.title }}</p>"
                                                    "{% endblock %}")),
        ("remove the override", lambda: (root / "templates/page.html").unlink()),
        ("add media", lambda: touch_write(root / "content/media/b.txt", "more media")),
        ("delete media", lambda: (root / "content/media/a.txt").unlink()),
        ("edit site.yaml", lambda: touch_write(root / "site.yaml",
                                               "title: Renamed\nper_page: 3\n"
                                               "base_url: https://example.org/briefings/\n")),
        ("make an item a draft", lambda: touch_write(items / "item-5.md", article(
            "Item 5", date="2022-01-12", draft="true"))),
        ("turn term feeds off", lambda: touch_write(root / "site.yaml",
                                                    "title: Renamed\nper_page: 3\nfeed: {terms: false}\n"
                                                    "base_url: https://example.org/briefings/\n")),
        ("edit a body without term feeds", lambda: touch_write(items / "item-1.md", article(
            "Item 1", date="2022-01-11", body="Another body.", people="[Lavrov]", topics="[NATO]"))),
    ]
    for name, change in steps:
        change()
        assert_same(preview, root, tmp_path, name)


@pytest.mark.slow
def test_a_preview_first_built_over_workers_equals_clean_builds(tmp_path: Path) -> None:
    """`briefgen serve` builds the first time over worker processes (enough items
    here for them to be used), then in its own process: both must match."""
    files = {"site.yaml": "title: Briefing\nbase_url: https://example.org/\n"}
    for i in range(420):
        files[f"content/articles/2022/{i % 12 + 1:02d}/item-{i}.md"] = article(
            f"Item {i}", date=f"2022-{i % 12 + 1:02d}-{i % 27 + 1:02d}", body=f"Body {i} names NATO.",
            people=f"[Person {i % 17}]", topics=f"[NATO, Topic {i % 450}]")
    root = write_site(tmp_path / "site", files)
    preview = Preview(root, drafts=False, first_jobs=2)
    assert_same(preview, root, tmp_path, "first build, over workers")
    assert preview.builder.options.jobs == 1
    item = root / "content/articles/2022/01/item-0.md"
    touch_write(item, item.read_text(encoding="utf-8").replace("Body 0", "Body zero"))
    assert_same(preview, root, tmp_path, "a body edit, in process")


def test_broken_edit_keeps_last_good_site_and_recovers(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    item = root / "content/articles/2022/01/item-1.md"
    preview = Preview(root, drafts=False)
    assert preview.rebuild() == []
    good = served(preview)
    build_number = preview.snapshot.build

    touch_write(item, "---\ntitle: Broken\ndate: 2022-02-30\n---\nx\n")
    errors = preview.rebuild()
    assert errors == ["content/articles/2022/01/item-1.md:3: date: not a date: '2022-02-30'"]
    assert served(preview) == good
    assert preview.snapshot.build == build_number
    assert preview.snapshot.errors == tuple(errors)

    touch_write(item, article("Fixed", date="2022-01-11"))
    assert preview.rebuild() == []
    assert preview.snapshot.errors == ()
    assert preview.snapshot.build == build_number + 1
    assert b"Fixed" in served(preview)["articles/fixed/index.html"]


def test_one_edit_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    preview = Preview(root, drafts=False)
    preview.rebuild()
    item = root / "content/articles/2022/01/item-1.md"
    touch_write(item, item.read_text(encoding="utf-8").replace("Body 1.", "Body one, edited."))
    result = preview.builder.run(have=preview.snapshot.files.__contains__)
    # The item's own page and the feeds carrying its body change; lists show
    # only title and summary (set in front matter), which did not change.
    assert set(result.rendered) == {
        "articles/item-1/index.html", "feed.xml", "people/sergei-lavrov/feed.xml",
        "people/jens-stoltenberg/feed.xml", "topics/nato/feed.xml", "sources/tass/feed.xml",
    }


@pytest.mark.parametrize("edit", ["nothing", "touch only"])
def test_rebuild_without_changes_renders_nothing(tmp_path: Path, edit: str) -> None:
    root = start_site(tmp_path / "site")
    preview = Preview(root, drafts=False)
    preview.rebuild()
    if edit == "touch only":
        item = root / "content/articles/2022/01/item-1.md"
        touch_write(item, item.read_text(encoding="utf-8"))
    time.sleep(0.01)
    result = preview.builder.run(have=preview.snapshot.files.__contains__)
    assert result.rendered == {}


@pytest.mark.slow
def test_body_only_edits_equal_clean_builds(tmp_path: Path) -> None:
    """Body edits take the fast path (only item pages and feeds are planned again)."""
    root = start_site(tmp_path / "site")
    touch_write(root / "site.yaml", "title: Briefing\nper_page: 2\nfeed:\n  limit: 2\n"
                "base_url: https://example.org/briefings/\n")
    items = root / "content/articles/2022/01"
    preview = Preview(root, drafts=False)
    assert_same(preview, root, tmp_path, "first build")
    for i in (0, 3, 5, 0):
        item = items / f"item-{i}.md"
        text = item.read_text(encoding="utf-8")
        touch_write(item, text.replace(f"Body {i}.", f"Body {i}, edited {len(text)}."))
        assert_same(preview, root, tmp_path, f"body of item {i}")
    # A body edit that changes the default summary is not body-only.
    touch_write(items / "item-1.md", article("Item 1", date="2022-01-11", body="New first para."))
    assert_same(preview, root, tmp_path, "default summary")
    touch_write(items / "item-1.md", article("Item 1", date="2022-01-11", body="Newer first para."))
    assert_same(preview, root, tmp_path, "default summary again")


def test_saving_again_and_again_does_not_grow_the_previews_memory(tmp_path: Path) -> None:
    """The preview freezes its heap after each rebuild instead of collecting it:
    a rebuild must leave no reference cycles behind, or every save would keep
    its garbage (the content listing, at first) for the rest of the session."""
    import gc

    # search: false: the preview's background indexing allocates on its own
    # schedule, and a freeze would count its objects some saves and not others
    files = {"site.yaml": "title: T\nsearch: false\n"}
    for i in range(150):
        files[f"content/articles/2022/{i % 12 + 1:02d}/item-{i}.md"] = article(
            f"Item {i}", date=f"2022-{i % 12 + 1:02d}-{i % 27 + 1:02d}", body=f"Body {i}.")
    root = write_site(tmp_path / "site", files)
    preview = Preview(root, drafts=False)
    preview.rebuild()
    item = root / "content/articles/2022/01/item-0.md"
    counts = []
    for n in range(5):
        touch_write(item, article("Item 0", date="2022-01-01", body=f"Body 0, edit {n}."))
        assert preview.rebuild() == []
        counts.append(gc.get_freeze_count())
    assert b"edit 4" in preview.snapshot.page("articles/item-0/index.html")
    assert counts[-1] - counts[1] < 150, counts  # a leaked listing adds 300 a save


def test_the_preview_learns_its_compression_dictionary_from_its_first_pages(
        tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    preview = Preview(root, drafts=False)
    packer = preview.packer
    if not isinstance(packer, Packer):
        pytest.skip("pages are kept unpacked on the reference paths (BRIEFGEN_REFERENCE)")
    assert packer.zdict == b""
    preview.rebuild()
    zdict = packer.zdict
    assert b'<html lang="en">' in zdict and b"<feed" in zdict and len(zdict) <= 32768
    item = root / "content/articles/2022/01/item-2.md"
    touch_write(item, item.read_text(encoding="utf-8").replace("Body 2.", "Body two."))
    assert preview.rebuild() == [] and packer.zdict == zdict  # learnt once
    assert b"Body two." in preview.snapshot.page("articles/item-2/index.html")


def test_the_time_reported_after_a_save_is_that_rebuilds(tmp_path: Path) -> None:
    """A save that changes no page still reports how long its own rebuild took,
    not the last one that changed something (a first build over a big site)."""
    root = start_site(tmp_path / "site")
    preview = Preview(root, drafts=False)
    preview.rebuild()
    preview.last_seconds = 99.0  # as if the first build had taken that long
    item = root / "content/articles/2022/01/item-1.md"
    touch_write(item, item.read_text(encoding="utf-8"))  # saved again unchanged
    assert preview.rebuild() == []
    assert preview.snapshot.build == 1  # nothing new to show
    assert preview.last_seconds < 10
