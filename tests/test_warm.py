"""Warm `briefgen build`s with the persistent cache: skip, patch, never trust blindly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.build.cache import StateStore
from briefgen.build.output import MARKER
from briefgen.build.pagefind_bin import search_available
from briefgen.build.pipeline import build_site
from briefgen.core.errors import SiteErrors
from tests.conftest import article, write_site
from tests.test_incremental import start_site, touch_write


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != MARKER}


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns
            for p in sorted(out.rglob("*")) if p.is_file()}


def clean(root: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "clean"
    shutil.rmtree(out, ignore_errors=True)
    build_site(root, output=out, use_cache=False)
    return files(out)


def test_nothing_changed_writes_no_file(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    first = build_site(root)
    out = first.output
    before = mtimes(out)
    again = build_site(root)
    assert again.written == 0 and again.pages == first.pages and again.articles == first.articles
    assert mtimes(out) == before


@pytest.mark.slow
def test_one_edit_rewrites_only_the_files_that_show_it(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    before = mtimes(out)
    item = root / "content/articles/2022/01/item-1.md"
    touch_write(item, item.read_text(encoding="utf-8").replace("Body 1.", "Body one, edited."))
    result = build_site(root)
    after = mtimes(out)
    # The marker is written anew by every build: its signature names the output the cache vouches for.
    changed = {f for f in after if after[f] != before.get(f) and f != MARKER}
    pages = {f for f in changed if not f.startswith("pagefind/")}  # the search index: see below
    assert pages == {"articles/item-1/index.html", "feed.xml", "people/sergei-lavrov/feed.xml",
                     "people/jens-stoltenberg/feed.xml", "topics/nato/feed.xml",
                     "sources/tass/feed.xml"}
    if search_available():  # the item's entry in the index, the word index and what names them
        assert {f.split("/")[1] if "/" in f[9:] else f[9:].split(".")[0]
                for f in changed - pages} == {"fragment", "index", "pagefind", "pagefind-entry"}
    assert result.written == len(changed)
    assert files(out) == clean(root, tmp_path)


@pytest.mark.slow
def test_warm_builds_after_body_edits_equal_clean_builds(tmp_path: Path) -> None:
    """After edits to item bodies alone, `briefgen build` plans only the pages
    that show bodies (the items' own and the feeds that carry them); whatever
    else changes with them takes the whole plan. Each build equals a clean one."""
    root = start_site(tmp_path / "site")
    touch_write(root / "site.yaml", "title: Briefing\nper_page: 2\nsearch: false\nfeed:\n  limit: 2\n"
                "base_url: https://example.org/briefings/\n")
    items = root / "content/articles/2022/01"
    out = build_site(root).output

    def body(i: int, text: str) -> None:
        item = items / f"item-{i}.md"
        touch_write(item, item.read_text(encoding="utf-8").replace(f"Body {i}.", text))

    edits = [
        lambda: body(2, "Body 2, in the feeds."),  # among the newest: the site and term feeds
        lambda: body(0, "Body 0, in no feed."),
        lambda: (body(1, "Body 1, one of two."), body(3, "Body 3, [a link](../about.md).")),
        lambda: body(4, "Body 4, mentioning Lavrov and NATO."),
        # Not body-only: a new default summary, a new file beside a body edit, a profile.
        lambda: touch_write(items / "item-5.md", article("Item 5", date="2022-01-12",
                                                         body="A new first paragraph.")),
        lambda: (body(2, "Body 2 again."), touch_write(items / "new.md", article("New"))),
        lambda: touch_write(root / "content/people/lavrov.md",
                            "---\nname: Sergei Lavrov\naliases: [Lavrov]\n---\nA new bio.\n"),
        lambda: touch_write(items / "draft.md", article("Draft", draft="true")),
        lambda: touch_write(items / "draft.md", article("Draft", draft="true", body="Edited draft.")),
    ]
    for i, edit in enumerate(edits):
        edit()
        build_site(root)
        assert files(out) == clean(root, tmp_path), f"edit {i}"


def test_a_body_only_edit_plans_no_list_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The body-only path is taken from the cache alone, in a new process as a
    user runs it: no list, term or edition page is planned again."""
    import briefgen.build.builder

    root = start_site(tmp_path / "site")
    build_site(root)
    planned: list[int] = []
    whole = briefgen.build.builder.plan_site
    monkeypatch.setattr(briefgen.build.builder, "plan_site",
                        lambda *a, **k: planned.append(1) or whole(*a, **k))
    item = root / "content/articles/2022/01/item-1.md"
    touch_write(item, item.read_text(encoding="utf-8").replace("Body 1.", "Body one, edited."))
    result = build_site(root)
    assert "articles/item-1/index.html" in result.rendered
    assert planned == []
    touch_write(item, item.read_text(encoding="utf-8").replace("Item 1", "Item one"))  # the title
    build_site(root)
    assert planned == [1]


@pytest.mark.slow
def test_page_keys_hold_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    """The cache is written by one build process and read by the next, each
    with its own hash seed: unchanged pages must not be rendered again."""
    root = start_site(tmp_path / "site")
    script = ("import sys; from pathlib import Path; from briefgen.build.pipeline import build_site; "
              "print(' '.join(sorted(build_site(Path(sys.argv[1])).rendered)))")

    def rendered(seed: str) -> set[str]:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script, str(root)], check=True, env=env,
                             capture_output=True, text=True)
        return set(run.stdout.split())

    assert "articles/item-3/index.html" in rendered("1")
    item = root / "content/articles/2022/01/item-3.md"
    touch_write(item, item.read_text(encoding="utf-8").replace("Body 3.", "Body three."))
    again = rendered("2")
    assert "articles/item-3/index.html" in again
    assert {f for f in again if f.endswith(".html")} == {"articles/item-3/index.html"}


@pytest.mark.slow
def test_warm_builds_after_edits_equal_clean_builds(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    items = root / "content/articles/2022/01"
    out = build_site(root).output
    edits = [
        lambda: touch_write(items / "item-2.md", article("Retitled", date="2022-01-12",
                                                          people="[Lavrov]")),
        lambda: touch_write(items / "new.md", article("Added", date="2022-01-30",
                                                       topics="[Ukraine]")),
        lambda: (items / "item-0.md").unlink(),
        lambda: (items / "item-4.md").rename(items / "item-4-moved.md"),
        lambda: touch_write(root / "content/people/lavrov.md",
                            "---\nname: Sergei Lavrov\naliases: [Lavrov]\n---\nNew bio.\n"),
        lambda: touch_write(root / "templates/page.html", "{% extends 'base.html' %}"
                            "{% block main %}<p>{{ standalone.title }}!</p>{% endblock %}"),
        lambda: touch_write(root / "content/media/new.txt", "new media"),
        lambda: (root / "content/media/a.txt").unlink(),
        lambda: touch_write(root / "site.yaml", "title: Renamed\nper_page: 4\n"),
    ]
    for i, edit in enumerate(edits):
        edit()
        build_site(root)
        assert files(out) == clean(root, tmp_path), f"edit {i}"


def test_deleting_the_cache_is_safe(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    shutil.rmtree(out.parent / ".briefgen-cache")
    touch_write(root / "content/articles/2022/01/item-1.md", article("Changed", date="2022-01-11"))
    build_site(root)
    assert files(out) == clean(root, tmp_path)


@pytest.mark.slow
def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    damaged = [f for f in (out.parent / ".briefgen-cache").rglob("*") if f.is_file()]
    assert any(f.parent.name == "search" for f in damaged)  # the search records too
    for f in damaged:
        f.write_bytes(b"not a pickle")
    touch_write(root / "content/articles/2022/01/item-1.md", article("Changed", date="2022-01-11"))
    build_site(root)
    assert files(out) == clean(root, tmp_path)


def test_an_update_saves_only_what_it_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an edit to one file, the cache's data file (every parsed file) is
    kept and a small delta file holds what changed; the builds that read them
    equal clean builds; a damaged delta file is not trusted; too many changes
    write the data file again, without a delta."""
    import briefgen.build.pipeline

    root = start_site(tmp_path / "site")
    touch_write(root / "site.yaml", "title: Briefing\nper_page: 2\nsearch: false\n"
                "base_url: https://example.org/briefings/\n")
    out = build_site(root).output
    cache = root / ".briefgen-cache"
    (data,) = cache.glob("*.data")
    kept = data.read_bytes()
    items = root / "content/articles/2022/01"
    for i, edit in enumerate([
        lambda: touch_write(items / "item-1.md", article("Item 1", body="A new body.", summary="S.")),
        lambda: touch_write(items / "item-2.md", article("Item two", date="2022-01-12")),
        lambda: (items / "item-3.md").unlink(),
    ]):
        edit()
        build_site(root)
        assert data.read_bytes() == kept, f"edit {i}"
        assert len(list(cache.glob("*.delta"))) == 1
        assert files(out) == clean(root, tmp_path), f"edit {i}"
    assert build_site(root).rendered == {}  # the delta vouched for: nothing changed

    (delta,) = cache.glob("*.delta")
    delta.write_bytes(delta.read_bytes()[:-1] + b"x")
    touch_write(items / "item-4.md", article("Item 4", body="Edited again."))
    build_site(root)  # afresh, and says so
    assert files(out) == clean(root, tmp_path)
    assert not list(cache.glob("*.delta"))  # a fresh build writes the data file whole

    monkeypatch.setattr(briefgen.build.pipeline, "_DELTA_MIN", 0)  # 2% of a few files: none
    kept = data.read_bytes()
    touch_write(items / "item-5.md", article("Item 5", body="Edited."))
    build_site(root)
    assert data.read_bytes() != kept and not list(cache.glob("*.delta"))
    assert files(out) == clean(root, tmp_path)


@pytest.mark.slow
def test_output_rebuilt_elsewhere_is_not_trusted(tmp_path: Path) -> None:
    """Another build replaced the output (new marker): the cache no longer vouches for it."""
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    build_site(root, use_cache=False)
    (out / "index.html").write_text("tampered", encoding="utf-8")
    build_site(root, use_cache=False)
    build_site(root)
    assert files(out) == clean(root, tmp_path)


def test_a_page_deleted_by_hand_comes_back(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    (out / "archive/index.html").unlink()
    touch_write(root / "content/articles/2022/01/item-1.md", article("Changed", date="2022-01-11"))
    build_site(root)
    assert (out / "archive/index.html").is_file()


def test_a_page_deleted_by_hand_comes_back_after_a_body_edit(tmp_path: Path) -> None:
    """A body-only edit takes every other page from the old output; one that is
    gone from it is written again (by the whole plan) rather than lost."""
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    (out / "archive/index.html").unlink()
    item = root / "content/articles/2022/01/item-1.md"
    touch_write(item, item.read_text(encoding="utf-8").replace("Body 1.", "Body one, edited."))
    build_site(root)
    assert (out / "archive/index.html").is_file()
    assert "Body one, edited." in (out / "articles/item-1/index.html").read_text("utf-8")
    assert files(out) == clean(root, tmp_path)


@pytest.mark.slow
def test_a_failed_warm_build_changes_nothing(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/articles/a.md": article("A")})
    out = build_site(root).output
    before, stamp = files(out), mtimes(out)
    touch_write(root / "content/articles/a.md", "---\ntitle: A\ndate: 2022-02-30\n---\n")
    with pytest.raises(SiteErrors):
        build_site(root)
    assert files(out) == before and mtimes(out) == stamp
    touch_write(root / "content/articles/a.md", article("A again"))
    build_site(root)
    assert files(out) == clean(root, tmp_path)
    assert not any(p.name.endswith("briefgen-tmp") for p in out.rglob("*"))
    assert os.listdir(out.parent).count(".briefgen-cache") == 1


@pytest.mark.slow
def test_a_first_build_failing_in_its_last_pages_leaves_no_cache_behind(tmp_path: Path) -> None:
    """The cache's bulk is written while the last pages render; when one of them
    fails, no part of it stays, and the next build starts afresh."""
    root = start_site(tmp_path / "site")
    (root / "templates").mkdir()
    (root / "templates/term.html").write_text("{{ no_such_value.name }}\n", encoding="utf-8")
    with pytest.raises(SiteErrors):
        build_site(root)
    assert not (root / ".briefgen-cache").exists()
    (root / "templates/term.html").unlink()
    out = build_site(root).output
    assert sorted(p.suffix or p.name for p in (root / ".briefgen-cache").iterdir()) == [
        ".data", ".lock", ".meta", "key", "search"]
    touch_write(root / "content/articles/2022/01/item-1.md", article("Changed", date="2022-01-11"))
    build_site(root)  # a warm build from that cache
    assert files(out) == clean(root, tmp_path)


@pytest.mark.slow
def test_a_warm_build_failing_halfway_leaves_the_output_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm build replaces changed files in place; a failure while writing them
    (here: a media file that cannot be copied) must not leave some replaced."""
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    before = files(out), mtimes(out), sorted(p.name for p in out.rglob("*"))
    item = next((root / "content/articles").rglob("*.md"))
    touch_write(item, item.read_text(encoding="utf-8") + "\nA new closing sentence.\n")
    (root / "content/media").mkdir(exist_ok=True)
    (root / "content/media/map.svg").write_text("<svg/>", encoding="utf-8")

    def unreadable(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("briefgen.build.output.shutil.copy2", unreadable)
    with pytest.raises(PermissionError):
        build_site(root)
    assert (files(out), mtimes(out), sorted(p.name for p in out.rglob("*"))) == before
    monkeypatch.undo()
    assert "A new closing sentence." in "".join(  # and the next build goes through
        data.decode("utf-8", "replace") for data in files(build_site(root).output).values())


@pytest.mark.slow
def test_a_second_build_into_the_same_output_stops_while_the_first_runs(tmp_path: Path) -> None:
    root = start_site(tmp_path / "site")
    out = build_site(root).output
    before = mtimes(out)
    with StateStore(root, out).locked():  # a build in progress
        proc = subprocess.run([sys.executable, "-m", "briefgen", "build", str(root)],
                              capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr == (f"briefgen: another briefgen build is writing {out}; "
                           "run this one when it has ended\n")
    assert mtimes(out) == before
