"""What a failed, interrupted, disk-full or tampered-with build leaves behind.

The guarantee: the output folder is either the last complete build or the new
complete one, never a mix; the cache is never trusted unless it verifies; and
nothing is written outside the output folder and the site's own cache.

Some of these need root (a small tmpfs for a full disk) or a way to make
permissions bite for root (setpriv drops the capabilities that let root
ignore them). They skip where that cannot be had, and fail instead under
BRIEFGEN_REQUIRE_TOOLS=1, as in CI, which runs as root.
"""

from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.build.cache import CACHE
from briefgen.build.pagefind_bin import executable, search_available
from briefgen.build.pipeline import build_site
from briefgen.build.search import BUNDLE, Indexed
from briefgen.build.search_bundle import check_bundle
from briefgen.core.errors import BriefgenError, OutputError
from tests.conftest import article, run_cli, write_site
from tests.test_warm import clean, files, mtimes

REQUIRED = os.environ.get("BRIEFGEN_REQUIRE_TOOLS") == "1"
NO_PERMISSIONS = ["--bounding-set=-dac_override,-dac_read_search,-fowner"]


def need(condition: bool, reason: str) -> None:
    """Skip for a missing tool or privilege, or fail when CI requires them all."""
    if not condition:
        if REQUIRED:
            pytest.fail(f"{reason} (BRIEFGEN_REQUIRE_TOOLS=1)")
        pytest.skip(reason)


def a_site(root: Path, items: int = 40, search: bool = True) -> Path:
    """A site with enough pages that a build takes a while, search on when possible."""
    config = "title: Briefing\n" + ("" if search and search_available() else "search: false\n")
    site: dict[str, str | bytes] = {"site.yaml": config}
    for i in range(items):
        site[f"content/articles/2022/01/item-{i}.md"] = article(
            f"Item {i}", date=f"2022-01-{10 + i % 9:02d}",
            body=f"Body {i}, about talks in Geneva. " * 20,
            people=f"[Sergei Lavrov, Person {i % 7}]", topics="[NATO, Ukraine]", source="TASS")
    return write_site(root, site)


def edit(root: Path, n: int, text: str) -> None:
    """Change item N's body (a new mtime, so the change is seen even within a second)."""
    path = root / f"content/articles/2022/01/item-{n}.md"
    path.write_text(article(f"Item {n}", date="2022-01-10", body=text,
                            people="[Sergei Lavrov]", topics="[NATO]"), encoding="utf-8")
    stamp = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def strays(out: Path) -> list[str]:
    """briefgen's temporary files and folders inside or beside OUT, once the old
    output that a build removes in the background is gone (it must go within
    ten seconds)."""
    deadline = time.monotonic() + 10
    while any(out.parent.glob(f".{out.name}.briefgen-trash-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    inside = [p.name for p in out.rglob("*") if "briefgen-tmp" in p.name or "briefgen-old" in p.name]
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.briefgen")]
    return inside + beside


def cli_build(root: Path, *extra: str, prefix: tuple[str, ...] = ()) -> subprocess.Popen[str]:
    return subprocess.Popen([*prefix, sys.executable, "-m", "briefgen", "build", str(root), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# --- interrupted and failed warm builds --------------------------------------------------------


@pytest.mark.slow
def test_a_warm_build_killed_at_any_moment_leaves_the_old_output_or_the_new(tmp_path: Path) -> None:
    """SIGKILL or Ctrl-C at random moments of a warm build, Pagefind's run
    included: the output is always one complete build, and the next build
    cleans up and completes."""
    root = a_site(tmp_path / "site")
    out = build_site(root).output
    states = [files(out)]
    edit(root, 3, "The second version of this item.")
    states.append(clean(root, tmp_path))
    edit(root, 3, "Back to a first version.")
    build_site(root)
    states[0] = files(out)
    started = time.perf_counter()
    edit(root, 3, "The second version of this item.")
    build_site(root)
    took = time.perf_counter() - started
    assert files(out) == states[1]

    rng = random.Random(16)
    texts = ["Back to a first version.", "The second version of this item."]
    for trial in range(8):
        current = states.index(files(out))  # the build aims at the other state
        edit(root, 3, texts[1 - current])
        proc = cli_build(root)
        time.sleep(rng.uniform(0.05, took + 0.5))  # python starts, then the build takes `took`
        proc.send_signal(signal.SIGKILL if trial % 3 else signal.SIGINT)
        proc.communicate()
        assert files(out) in states, f"trial {trial}: a mix of two builds"
        assert not [p for p in out.rglob("*") if ".briefgen-tmp" in p.name], f"trial {trial}"
        finished = cli_build(root)
        assert finished.wait() == 0, finished.communicate()
        assert files(out) == states[1 - current], f"trial {trial}: the next build completes it"
        assert strays(out) == [], f"trial {trial}: leftovers are removed"


def test_a_failing_search_index_leaves_the_old_output(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind runs on the new tree before the swap: its failure changes nothing."""
    root = a_site(tmp_path / "site", items=6)
    (root / "site.yaml").write_text("title: Briefing\n", encoding="utf-8")
    monkeypatch.setattr("briefgen.build.setup.search_available", lambda: True)
    out = tmp_path / "out"

    def fake_index(folder: Path, previous: Path | None = None, *rest: object, **named: object) -> object:
        if fail:
            raise BriefgenError("search: Pagefind failed (exit status 1): boom")
        (folder / BUNDLE).mkdir()
        (folder / BUNDLE / "pagefind.js").write_text("export{};", encoding="utf-8")
        return Indexed(pages=1, files=1, written=1, seconds=0.0, log="")

    monkeypatch.setattr("briefgen.build.search.index_site", fake_index)  # every page in one run
    monkeypatch.setattr("briefgen.build.search.index_items", fake_index)  # the items, in shards
    fail = False
    build_site(root, output=out)
    before = files(out), mtimes(out)
    edit(root, 2, "A change that needs a new index.")
    fail = True
    with pytest.raises(BriefgenError):
        build_site(root, output=out)
    assert (files(out), mtimes(out)) == before
    assert strays(out) == []


# --- a full disk ---------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MiB tmpfs at tmp_path/disk (needs root)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)], capture_output=True).returncode == 0
    need(mounted, "cannot mount a small tmpfs (needs root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill DISK with a file until LEAVE bytes are free."""
    (disk / "fill").unlink(missing_ok=True)
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    with (disk / "fill").open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


def same_site(out: Path, expected: dict[str, bytes]) -> bool:
    """Whether OUT holds exactly the EXPECTED files, search bundle included, and the
    bundle is whole. OUT is on tmpfs and EXPECTED was built on disk: Pagefind
    numbers pages in the order the file system lists them, which briefgen
    replaces by an order of its own, so the two are the same bytes."""
    check_bundle(out / BUNDLE, executable() or Path("pagefind"))
    return files(out) == expected


def test_a_full_disk_never_publishes_a_broken_search_bundle(tmp_path: Path, small_disk: Path) -> None:
    """Pagefind exits 0 when its writes fail; briefgen checks what it wrote.
    Whatever the free space, a build either succeeds with a whole output or
    fails saying so, the old output untouched."""
    need(search_available(), "Pagefind is not installed")
    root = a_site(tmp_path / "site", items=12)
    out = small_disk / "public"
    build_site(root, output=out)
    bundle = sum(p.stat().st_size for p in (out / BUNDLE).rglob("*") if p.is_file())
    outcomes = []
    for step, share in enumerate([1.5, 1.0, 0.8, 0.6, 0.4, 0.2, 0.05, 0.0]):
        before = files(out)
        fill(small_disk, int(bundle * share))
        edit(root, step % 4, f"Edited on a nearly full disk, step {step}.")
        run = run_cli("build", str(root), "-o", str(out))
        outcomes.append(run.code)
        assert not [p for p in out.rglob("*") if p.is_file() and p.stat().st_size == 0], step
        if run.code == 0:
            assert same_site(out, clean(root, tmp_path)), step
        else:
            assert files(out) == before, step
            assert ("is the disk full?" in run.err or "No space left on device" in run.err), run.err
            assert "Traceback" not in run.err
        assert not [p for p in out.rglob("*") if "briefgen-tmp" in p.name]
    assert 1 in outcomes, "the disk never filled up: the test proves nothing"
    (small_disk / "fill").unlink()
    assert run_cli("build", str(root), "-o", str(out)).code == 0  # room again: it goes through
    assert same_site(out, clean(root, tmp_path))


def test_a_full_disk_in_a_first_build_says_so_and_writes_nothing(tmp_path: Path,
                                                                 small_disk: Path) -> None:
    root = a_site(tmp_path / "site", items=12, search=False)
    fill(small_disk, 20_000)
    run = run_cli("build", str(root), "-o", str(small_disk / "public"))
    assert run.code == 1
    assert run.err_lines[-1] == (f"briefgen: cannot write the output {small_disk / 'public'}: "
                                 "No space left on device; it was left as it was")
    assert sorted(p.name for p in small_disk.iterdir()) == ["fill"]


# --- the cache -----------------------------------------------------------------------------------


def cache_files(root: Path, suffix: str, output: str = "public") -> list[Path]:
    """The cache files of the site's output folders named OUTPUT."""
    return sorted((root / CACHE).glob(f"{output}-*{suffix}"))


@pytest.mark.slow
def test_a_garbled_cache_is_never_trusted(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A changed byte anywhere in the cache means a clean rebuild: a title
    garbled in place is never published, and bit flips never drop a person."""
    root = a_site(tmp_path / "site", items=8, search=False)
    out = build_site(root).output
    rng = random.Random(4)
    for trial in range(12):
        data = cache_files(root, ".data")[0]
        body = bytearray(data.read_bytes())
        if trial == 0:
            at = body.find(b"Item 5")
            assert at >= 0
            body[at:at + 6] = b"Item X"  # same length: a garble a pickle would accept
        else:
            for _ in range(3):
                at = rng.randrange(len(body))
                body[at] ^= 1 << rng.randrange(8)
        data.write_bytes(bytes(body))
        edit(root, trial % 4, f"Edit {trial}.")
        caplog.clear()
        build_site(root)
        assert files(out) == clean(root, tmp_path), f"trial {trial}"
        assert b"Item X" not in b"".join(files(out).values())
        assert "failed its integrity check" in caplog.text, f"trial {trial}"


def test_a_cache_file_someone_else_wrote_is_never_unpickled(tmp_path: Path) -> None:
    """Unpickling runs code: a cache file that briefgen did not write (it has no
    valid MAC) is not loaded at all."""
    root = a_site(tmp_path / "site", items=3, search=False)
    out = build_site(root).output
    pwned = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {pwned}",))

    evil = pickle.dumps(Payload())
    for file in [*cache_files(root, ".meta"), *cache_files(root, ".data")]:
        file.write_bytes(evil)
    meta = cache_files(root, ".meta")[0]
    meta.write_bytes(b"\0" * 32 + evil)  # with a MAC-sized prefix too
    edit(root, 1, "An edit.")
    build_site(root)
    assert not pwned.exists()
    assert files(out) == clean(root, tmp_path)


def test_a_cache_others_can_write_is_not_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = a_site(tmp_path / "site", items=3, search=False)
    out = build_site(root).output
    (root / CACHE).chmod(0o777)
    edit(root, 1, "An edit.")
    assert build_site(root).pages > 0
    assert "can be written by other users" in caplog.text
    assert files(out) == clean(root, tmp_path)


def test_the_cache_lives_in_the_site_and_never_beside_a_served_output(tmp_path: Path) -> None:
    """`-o webroot/briefing` writes nothing else into webroot: the cache, which
    holds draft bodies, is the site's."""
    root = a_site(tmp_path / "site", items=3, search=False)
    (root / "content/articles/draft.md").write_text(
        article("Secret", body="An unpublished scoop.", draft="true"), encoding="utf-8")
    webroot = tmp_path / "webroot"
    webroot.mkdir()
    for drafts in ([], ["--drafts"]):
        assert run_cli("build", str(root), "-o", str(webroot / "briefing"), *drafts).code == 0
    assert strays(webroot / "briefing") == []  # the old output, removed in the background, is gone
    assert sorted(p.name for p in webroot.iterdir()) == ["briefing"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "webroot"]
    assert (root / CACHE).is_dir()
    assert oct((root / CACHE / "key").stat().st_mode & 0o777) == "0o600"


@pytest.mark.slow
def test_two_outputs_of_the_same_name_have_their_own_caches(tmp_path: Path) -> None:
    root = a_site(tmp_path / "site", items=3, search=False)
    a, b = tmp_path / "a/public", tmp_path / "b/public"
    build_site(root, output=a)
    build_site(root, output=b)
    edit(root, 1, "Only the first output sees this edit at first.")
    build_site(root, output=a)
    build_site(root, output=b)
    assert files(a) == files(b) == clean(root, tmp_path)
    assert len(cache_files(root, ".meta")) == 2


# --- permissions ---------------------------------------------------------------------------------


def unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions apply, even to root."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    need(setpriv is not None, "setpriv (util-linux) is needed to drop root's capabilities")
    assert setpriv is not None
    return (setpriv, *NO_PERMISSIONS)


@pytest.mark.slow
def test_a_read_only_output_folder_is_replaced_and_later_builds_work(tmp_path: Path) -> None:
    """`chmod -R a-w public`: the new tree is swapped in, the old one (made
    writable again: it is briefgen's own) removed; no leftover breaks the next
    build."""
    prefix = unprivileged()
    root = a_site(tmp_path / "site", items=4, search=False)
    out = build_site(root).output
    for folder in [out, *(p for p in out.rglob("*") if p.is_dir())]:
        folder.chmod(0o555)
    for n in range(2):
        edit(root, n, f"Edit {n} over a read-only output.")
        proc = cli_build(root, prefix=prefix)
        _, err = proc.communicate()
        assert proc.returncode == 0, err
        assert files(out) == clean(root, tmp_path)
        assert strays(out) == []


def test_an_old_output_left_by_a_stopped_removal_is_removed_by_the_next_build(tmp_path: Path) -> None:
    """The old output is removed in the background after the swap. Trash that
    a removal left (it was killed) goes with the next build; a young one,
    whose removal may still be running, is left to it."""
    root = a_site(tmp_path / "site", items=3, search=False)
    out = build_site(root).output
    now = time.time_ns()
    stale = out.parent / f".public.briefgen-trash-{now - 3_600_000_000_000}-1"
    young = out.parent / f".public.briefgen-trash-{now}-1"
    for trash in (stale, young):
        shutil.copytree(out, trash)
    (stale / "index.html").chmod(0o444)
    edit(root, 1, "An edit after a removal was stopped.")
    build_site(root)
    assert not stale.exists()
    assert young.is_dir()
    shutil.rmtree(young)
    assert strays(out) == []
    assert files(out) == clean(root, tmp_path)


@pytest.mark.slow
def test_a_folder_where_the_new_tree_cannot_be_made_fails_cleanly(tmp_path: Path) -> None:
    prefix = unprivileged()
    root = a_site(tmp_path / "site", items=4, search=False)
    parent = tmp_path / "served"
    out = build_site(root, output=parent / "public").output
    before = files(out), mtimes(out)
    parent.chmod(0o555)
    try:
        edit(root, 1, "An edit that cannot be published.")
        proc = cli_build(root, "-o", str(out), prefix=prefix)
        _, err = proc.communicate()
        assert proc.returncode == 1 and "Traceback" not in err
        assert "Permission denied" in err
        assert (files(out), mtimes(out)) == before
    finally:
        parent.chmod(0o755)
    assert cli_build(root, "-o", str(out)).wait() == 0
    assert files(out) == clean(root, tmp_path)


@pytest.mark.slow
def test_a_read_only_site_builds_without_a_cache(tmp_path: Path) -> None:
    """A site folder briefgen cannot write (a mounted checkout) still builds
    into a writable output; the cache is skipped, with a warning."""
    prefix = unprivileged()
    root = a_site(tmp_path / "site", items=3, search=False)
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        folder.chmod(0o555)
    try:
        for _ in range(2):
            proc = cli_build(root, "-o", str(tmp_path / "out"), prefix=prefix)
            _, err = proc.communicate()
            assert proc.returncode == 0, err
            assert "cannot keep a cache in" in err and "building without one" in err
        assert not (root / CACHE).exists()
    finally:
        for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
    assert files(tmp_path / "out") == clean(root, tmp_path)


def test_a_refused_output_is_an_output_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "public").mkdir()
    (tmp_path / "public/thesis.tex").write_text("years of work", encoding="utf-8")
    root = a_site(tmp_path / "site", items=1, search=False)
    with pytest.raises(OutputError):
        build_site(root, output=tmp_path / "public")
    assert (tmp_path / "public/thesis.tex").read_text(encoding="utf-8") == "years of work"
