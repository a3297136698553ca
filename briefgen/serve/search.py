"""Search in the preview: the preview's pages indexed in the background.

After the first build and after each rebuild that changed a page Pagefind
indexes, a worker thread indexes the preview's pages as `briefgen build`
does (build/search_shards.py): only the shards whose pages changed run
Pagefind again, their pages written from the preview's memory into a
scratch folder this preview owns, and the bundle is merged there and served
at /pagefind/. Rebuilds and page loads never wait for it; a newer rebuild
supersedes an index under way (it stops before its next shard). Until the
first index is ready, /pagefind/ files are not found and the search page
shows no results.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..build.cache import StateStore
from ..build.pagefind_bin import search_available
from ..build.search import BUNDLE, SEARCH_RECORDS, index_items
from ..build.search_pages import marked_pages, shard_order
from ..build.search_shards import Superseded, plan_shards
from ..core.errors import BriefgenError
from ..core.paths import output_file
from ..render.routes import Routes
from ..site.model import Site
from ..source.config import SiteConfig

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pages:
    """What one index needs of a preview build."""

    number: int  # the snapshot's build number
    keys: dict[str, bytes]  # output file -> page key, every page
    read: Callable[[str], bytes]  # a page's bytes
    days: dict[str, str]  # item page -> its day
    stamp: str  # the build's stamp (templates, options, Pagefind)


class PreviewSearch:
    """The preview's search index: kept current by a worker thread, served from
    a scratch folder removed when the preview stops."""

    def __init__(self, root: Path, output: Path, stopping: threading.Event,
                 ready: Callable[[int], None]) -> None:
        """STOPPING: set when the preview stops (the worker then removes the
        scratch folder); READY: called with a build's number once its index is
        served."""
        store = StateStore(root, output)
        with contextlib.suppress(OSError):  # then no records are kept (key() says so)
            store.folder.mkdir(mode=0o700, exist_ok=True)  # as a build makes it
        self.cache = store.folder / SEARCH_RECORDS if store.key() is not None else None
        if self.cache is not None:
            self.cache.mkdir(mode=0o700, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="briefgen-preview-search-"))
        self.names: frozenset[str] = frozenset()  # the bundle's files, as served
        self.indexed = 0  # the build number of the bundle served
        self.error = ""  # why the last index failed, if it did
        self.last: tuple[int, int, float] = (0, 0, 0.0)  # the last index: shards run, of, seconds
        self._wanted: Pages | None = None
        self._cond = threading.Condition()
        self._stopping = False
        self._stop_event = stopping
        self._ready = ready
        self._shards: tuple[str, ...] = ()  # the shard keys of the bundle served
        atexit.register(shutil.rmtree, self.folder, True)
        self._thread = threading.Thread(target=self._work, name="preview-search", daemon=True)
        self._thread.start()

    def request(self, pages: Pages) -> None:
        """Index PAGES as soon as the worker can, superseding any older request."""
        with self._cond:
            self._wanted = pages
            self._cond.notify_all()

    def file(self, rel: str) -> bytes | None:
        """The bundle file REL (a path under /pagefind/), or None."""
        if rel not in self.names:  # only names the index wrote: nothing else is reachable
            return None
        try:
            return (self.folder / "site" / BUNDLE / rel).read_bytes()
        except OSError:  # replaced meanwhile: the newer bundle's entry file names others
            return None

    def wait(self, number: int, timeout: float) -> bool:
        """Wait until the bundle of build NUMBER (or a later one) is served."""
        with self._cond:
            return self._cond.wait_for(lambda: self.indexed >= number or self._stopping, timeout)

    def close(self) -> None:
        """Stop the worker and remove the scratch folder."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _superseded(self, number: int) -> bool:
        wanted = self._wanted
        return self._stopped() or (wanted is not None and wanted.number != number)

    def _stopped(self) -> bool:
        return self._stopping or self._stop_event.is_set()

    def _work(self) -> None:
        try:
            self._serve_requests()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _serve_requests(self) -> None:
        while True:
            with self._cond:
                while self._wanted is None and not self._stopped():
                    self._cond.wait(timeout=0.5)  # the preview's stop event is polled
                if self._stopped():
                    return
                pages = self._wanted
            assert pages is not None
            try:
                self._index(pages)
            except Superseded:
                continue
            except (BriefgenError, OSError) as exc:
                self.error = str(exc)
                if not self._stopped():
                    log.warning("warning: the preview's search index was not updated: %s", exc)
            with self._cond:
                if self._wanted is pages:
                    self._wanted = None
                self._cond.notify_all()

    def _index(self, pages: Pages) -> None:
        site = self.folder / "site"
        site.mkdir(exist_ok=True)
        marked = marked_pages(pages.keys, pages.read, self.cache, pages.stamp)
        if marked is None:
            raise BriefgenError("search: no page carries data-pagefind-body, and the preview "
                                "indexes only those")

        def place(rel: str, dest: Path) -> None:
            dest.write_bytes(pages.read(rel))

        order = shard_order(marked, pages.days)
        shards = tuple(s.key for s in plan_shards(order, pages.keys, pages.stamp))
        if shards == self._shards:  # no page Pagefind reads changed
            self._served(pages.number, self.names)
            return
        indexed = index_items(site, None, order, pages.keys, pages.stamp, self.cache, place,
                              stop=lambda: self._superseded(pages.number))
        bundle = site / BUNDLE
        self._shards = shards
        self.last = (indexed.ran, indexed.shards, indexed.seconds)
        self._served(pages.number, frozenset(
            p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()))
        # A preview that has stopped says nothing more: its worker may outlive
        # close() on a loaded machine, and its words would land in whatever
        # runs next in the process (another preview's output, or a test's).
        if not self._stopped():
            log.info("search: the preview's index has %d pages (%d of %d shards run, %.1f s)",
                     indexed.pages, indexed.ran, indexed.shards, indexed.seconds)


    def _served(self, number: int, names: frozenset[str]) -> None:
        with self._cond:
            self.names = names
            self.indexed = number
            self.error = ""
            self._cond.notify_all()
        self._ready(number)


class Pageful(Protocol):
    """What search_pages needs of the preview's snapshot."""

    @property
    def build(self) -> int: ...

    def page(self, rel: str) -> bytes: ...


class Built(Protocol):
    """What search_pages needs of a build's result (build's Build)."""

    @property
    def config(self) -> SiteConfig: ...
    @property
    def site(self) -> Site | None: ...
    @property
    def digests(self) -> dict[str, bytes]: ...
    @property
    def output(self) -> Path: ...


def search_pages(snapshot: Pageful, result: Built, stamp: str) -> Pages:
    """The pages of SNAPSHOT, which RESULT (a build with STAMP) published."""
    routes = Routes(result.config)
    days = {output_file(routes.article(a)): str(a.local_date)
            for a in (result.site.articles if result.site else ())}
    return Pages(snapshot.build, dict(result.digests), snapshot.page, days, stamp)


def searchable() -> bool:
    """Whether the preview can index (Pagefind is installed)."""
    return search_available()
