"""Index item pages for search in shards, each kept in the build cache.

Pagefind holds all its pages in memory (about 100 KB each on a briefing
site) and re-reads every page on each run. So briefgen runs it over shards
of at most MOST_PAGES item pages, each in a scratch folder of its own pages,
turns each run's output into a record (search_records.py) and merges the
records into one bundle (search_merge.py). Memory is bounded by a shard's,
not the site's, and a build re-runs Pagefind only for shards whose pages
changed: the others' records come from `.briefgen-cache/search/`, keyed by
their pages' page keys (which decide a page's bytes) and the build's stamp.

Shard boundaries depend only on the pages next to them: pages are ordered
by day then URL, and a shard ends after a page whose URL hashes to 0 modulo
MEAN_PAGES (or at MOST_PAGES). Adding, removing or editing an item changes
its own shard alone, unless that shard was cut at MOST_PAGES.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BriefgenError
from .search_bundle import check_bundle
from .search_records import read_run

log = logging.getLogger(__name__)

MEAN_PAGES = 400  # pages a shard holds on average (boundaries are content-defined)
MOST_PAGES = 1200  # pages a shard holds at most: bounds Pagefind's memory (~100 KB a page)
WORKERS = 2  # Pagefind runs at a time (each uses one core for most of its run)
FORMAT = "1"  # of the records kept in the cache: a change makes every record a miss
ASSETS = "assets"  # Pagefind's scripts and styles, the same for every shard
STAMP = "stamp"
STALE = 3600.0  # seconds after which a record still being written was left by a build that died

Place = Callable[[str, Path], None]  # put the output file REL at a path (link, copy or write)


class Superseded(Exception):
    """A newer build made this indexing pointless (the preview's, see serve/search.py)."""


@dataclass(frozen=True)
class Shard:
    pages: tuple[str, ...]  # output files (item pages), in order
    key: str  # what the record is cached under


def plan_shards(pages: list[str], keys: dict[str, bytes], stamp: str) -> list[Shard]:
    """PAGES (output files, in order) cut into shards (see the module's docstring)."""
    shards: list[Shard] = []
    current: list[str] = []
    for rel in pages:
        current.append(rel)
        cut = int.from_bytes(hashlib.blake2b(rel.encode(), digest_size=8).digest()) % MEAN_PAGES == 0
        if cut or len(current) >= MOST_PAGES:
            shards.append(_shard(current, keys, stamp))
            current = []
    if current:
        shards.append(_shard(current, keys, stamp))
    return shards


def _shard(pages: list[str], keys: dict[str, bytes], stamp: str) -> Shard:
    digest = hashlib.blake2b(f"{FORMAT}\0{stamp}".encode(), digest_size=20)
    for rel in pages:
        digest.update(rel.encode() + b"\0" + keys.get(rel, b"?") + b"\0")
    return Shard(tuple(pages), digest.hexdigest())


class RecordStore:
    """The records of shards indexed before, in FOLDER (or none kept: None)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        record = self.folder / key
        if not record.is_dir():
            return None
        os.utime(record)  # recently used: see prune
        return record

    def new_record(self, scratch: Path) -> Path:
        """Where to write a record before `put` keeps it: in the cache's folder
        (so that keeping it is a rename), else in SCRATCH."""
        base = self.folder if self.folder is not None else scratch
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        return base / f"new.{uuid.uuid4().hex}"

    def put(self, key: str, record: Path) -> Path:
        """Keep RECORD (from `new_record`) under KEY; where it now is."""
        if self.folder is None:
            return record
        dest = self.folder / key
        try:
            os.replace(record, dest)
        except OSError:  # another build kept it first (a folder is not replaced)
            shutil.rmtree(record, ignore_errors=True)
            if not dest.is_dir():
                raise
        return dest

    def assets(self, stamp: str) -> Path | None:
        """Pagefind's scripts kept from a run of this Pagefind, or None."""
        if self.folder is None:
            return None
        folder = self.folder / ASSETS
        try:
            return folder if (folder / STAMP).read_text(encoding="utf-8") == stamp else None
        except OSError:
            return None

    def keep_assets(self, out: Path, stamp: str, scratch: Path) -> Path:
        """Keep the scripts and styles of OUT, one run's bundle; where they are."""
        base = self.folder if self.folder is not None else scratch
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = base / f"{ASSETS}.{uuid.uuid4().hex}"
        tmp.mkdir()
        for file in out.iterdir():
            if file.is_file() and not file.name.endswith((".pf_meta", ".pagefind", ".json")):
                shutil.copyfile(file, tmp / file.name)
        (tmp / STAMP).write_text(stamp, encoding="utf-8")
        dest = base / ASSETS
        try:
            os.replace(tmp, dest)  # none there yet: kept at once
            return dest
        except OSError:
            pass
        if self.assets(stamp) == dest:  # another build (a preview's worker) kept the same ones,
            shutil.rmtree(tmp, ignore_errors=True)  # and may be copying them: left in place
            return dest
        old = base / f"{ASSETS}.old.{uuid.uuid4().hex}"  # another Pagefind's: moved aside whole,
        os.replace(dest, old)  # never emptied in place while another process reads them
        os.replace(tmp, dest)
        shutil.rmtree(old, ignore_errors=True)
        return dest

    def prune(self, used: set[str]) -> None:
        """Remove records but those USED and as many others, the most recently used
        (another output folder, or the preview, may want them)."""
        if self.folder is None or not self.folder.is_dir():
            return
        now = time.time()
        others = []
        for path in self.folder.iterdir():
            if not path.is_dir() or path.name in used or path.name == ASSETS:
                continue
            if path.name.startswith("new."):  # being written, or left by a build that died
                if now - path.stat().st_mtime > STALE:
                    shutil.rmtree(path, ignore_errors=True)
                continue
            others.append(path)
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[len(used):]:
            shutil.rmtree(old, ignore_errors=True)


@dataclass
class Sharded:
    records: list[Path]  # one per shard, in order
    assets: Path
    ran: int  # shards Pagefind indexed (the others' records were kept)
    seconds: float  # spent running Pagefind and reading its output


def index_shards(binary: Path, shards: list[Shard], store: RecordStore, scratch: Path,
                 place: Place, stamp: str, stop: Callable[[], bool] = lambda: False,
                 done: Callable[[int], None] | None = None) -> Sharded:
    """Each shard's record: from STORE, or by running Pagefind over its pages
    (put in SCRATCH by PLACE), WORKERS at a time. STAMP names the Pagefind.
    Raises BriefgenError when Pagefind fails, ValueError when its output is not
    in the forms briefgen knows, Superseded when STOP says so between shards.
    DONE is told how many pages each shard held, as it is ready."""
    report = done if done is not None else (lambda _: None)
    start = time.perf_counter()
    found = {shard.key: store.get(shard.key) for shard in shards}
    assets = store.assets(stamp)
    todo = [s for s in shards if found[s.key] is None]
    if assets is None and not todo and shards:
        todo = shards[:1]  # the scripts come from a run
    scratch.mkdir(parents=True, exist_ok=True)
    running = {id(s) for s in todo}
    report(sum(len(s.pages) for s in shards if id(s) not in running))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures: list[tuple[Shard, Path, Future[Path]]] = []
        for n, shard in enumerate(todo):
            record = store.new_record(scratch)
            futures.append((shard, record, pool.submit(
                _index_one, binary, shard, scratch / f"shard-{n}", record, place, stop)))
        try:
            for shard, record, future in futures:
                out = future.result()
                if assets is None:
                    assets = store.keep_assets(out, stamp, scratch)
                found[shard.key] = store.put(shard.key, record)
                shutil.rmtree(out.parent, ignore_errors=True)
                report(len(shard.pages))
        except BaseException:
            for _, _, future in futures:
                future.cancel()
            pool.shutdown(wait=True)
            for _, record, _ in futures:
                if record.parent != scratch:
                    shutil.rmtree(record, ignore_errors=True)
            raise
    assert assets is not None or not shards
    records = [found[shard.key] for shard in shards]
    return Sharded([r for r in records if r is not None], assets or scratch,
                   len(todo), time.perf_counter() - start)


def _index_one(binary: Path, shard: Shard, work: Path, record: Path, place: Place,
               stop: Callable[[], bool]) -> Path:
    """Run Pagefind over SHARD's pages in WORK/site and read its output into
    RECORD; the output folder (WORK/out), whose scripts the caller may keep."""
    if stop():
        raise Superseded
    shutil.rmtree(work, ignore_errors=True)
    site, out = work / "site", work / "out"
    # Pagefind numbers pages in the order the file system lists them, which on
    # tmpfs is the newest first: made last to first, they are numbered by URL, as
    # briefgen numbers them, and reading its index needs no renumbering.
    for rel in sorted(shard.pages, reverse=True):
        dest = site / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        place(rel, dest)
    fragments: dict[str, bytes] = {}
    run_pagefind(binary, site, out, fragments=fragments)
    shutil.rmtree(site, ignore_errors=True)
    read_run(out, record, fragments)
    return out


def run_pagefind(binary: Path, site: Path, out: Path, glob: str | None = None,
                 fragments: dict[str, bytes] | None = None) -> str:
    """Run Pagefind over SITE into OUT and check what it wrote; its report.
    FRAGMENTS receives the page fragments unzipped (see check_bundle).
    Raises BriefgenError with Pagefind's message when it fails."""
    command = [str(binary), "--site", str(site), "--output-path", str(out)]
    if glob:
        command += ["--glob", glob]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, errors="replace",
                              stdin=subprocess.DEVNULL, check=False)
    except OSError as exc:
        raise BriefgenError(f"search: cannot run Pagefind ({binary}): {exc}") from exc
    if proc.returncode != 0 or not (out / "pagefind.js").is_file():
        raise BriefgenError(f"search: Pagefind failed (exit status {proc.returncode}): "
                            f"{_message(proc.stderr, proc.stdout)}")
    check_bundle(out, binary, fragments)  # Pagefind exits 0 when its writes fail
    return (proc.stdout + proc.stderr).strip()


def _message(stderr: str, stdout: str) -> str:
    """Pagefind's error lines, or the end of what it printed."""
    lines = [line.strip() for line in (stderr + "\n" + stdout).splitlines() if line.strip()]
    errors = list(dict.fromkeys(line for line in lines if line.lower().startswith("error")))
    if errors:
        return " ".join(errors)
    return " ".join(lines[-3:]) or "no output"
