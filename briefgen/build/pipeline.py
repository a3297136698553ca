"""The build from the command line: from a site folder to its output folder.

`build_site` lists the steps: read the config, then (output locked) either
nothing changed, or an incremental update, or a fresh build; each writes a
new output tree, indexes it for search, swaps it in, and saves the cache.
The steps before writing (read, parse, assemble, plan, render) are the
in-memory build's (builder.py); what to redo is incremental.py's; how pages
are spread over processes is executor.py's.
"""

from __future__ import annotations

import errno
import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..core.errors import OutputError
from ..core.paths import output_file
from ..core.progress import SILENT, Progress
from ..core.signature import Signature, signature
from ..render.routes import Routes
from ..source.listing import ContentFiles, content_files
from ..source.schedule import Schedule
from .builder import Builder
from .cache import Meta, StateStore, static_signatures
from .executor import gc_paused
from .incremental import Entries, Previous
from .noop import trusted, unchanged_since
from .output import MARKER, OutputTree, check_output_place
from .result import Build, Options
from .setup import portable_stamp

log = logging.getLogger(__name__)


def build_site(root: Path, *, output: Path | None = None, drafts: bool = False,
               base_url: str | None = None, write: bool = True, jobs: int = 1,
               use_cache: bool = True, progress: Progress = SILENT,
               schedule: Schedule | None = None, files: ContentFiles | None = None) -> Build:
    """Build the site at ROOT into its output folder (or only check it).

    With a cache from the last build into the same folder, only changed files
    are parsed, only pages whose inputs changed are rendered, and only files
    whose bytes changed are replaced; with nothing changed nothing is written.
    Without one, the whole site is written into a new folder that replaces
    the output only when complete. PROGRESS is told each stage as it starts,
    and how far it got. SCHEDULE: the build's time and whether it publishes
    scheduled or expired items anyway (the clock, and neither, by default).
    FILES: the content listing, when the caller has just made it (the check
    for a build with nothing to do, noop.py, lists every file too).
    """
    options = Options(drafts=drafts, base_url=base_url, output=output, jobs=jobs)
    if schedule is not None:
        options = replace(options, now=schedule.now, future=schedule.future, expired=schedule.expired)
    builder = Builder(root, options, progress)
    with gc_paused():
        if not write:
            return builder.run()
        started = time.perf_counter()
        builder.setup()
        if builder.search_note:
            log.log(logging.WARNING if builder.search_note.startswith("warning") else logging.INFO,
                    "%s", builder.search_note)
        out = builder.output()
        check_output_place(builder.root, out)
        store = StateStore(builder.root, out)
        with store.locked():
            try:
                result = _build_into(builder, store, out, use_cache, files)
            except OSError as exc:
                if exc.errno in _NO_ROOM:
                    raise OutputError(f"cannot write the output {out}: {exc.strerror}; "
                                      "it was left as it was") from exc
                raise
        result.seconds = time.perf_counter() - started
        return result


def _build_into(builder: Builder, store: StateStore, out: Path, use_cache: bool,
                files: ContentFiles | None = None) -> Build:
    """Update OUT from its cache when it can, else write it afresh (output locked)."""
    meta = store.load_meta() if use_cache else None
    if meta is not None and trusted(meta, builder.stamp, out):
        assert builder.config is not None
        if files is None:
            files = content_files(builder.root, builder.config)  # listed once for both steps
        result = unchanged_since(meta, builder.root, builder.config, out, files, builder.options.now)
        data = store.load_data(meta) if result is None else None
        if data is not None:
            result = _update(builder, store, meta, data, out, files)
        if result is not None:
            return result
    return _fresh(builder, store, out)


def _fresh(builder: Builder, store: StateStore, out: Path) -> Build:
    """Write every file into a new tree beside the output, then swap it in."""
    store.forget()
    tree = OutputTree(out)
    try:
        # The cache's bulk (parsed files, links) is written while the last pages render.
        build = builder.run(sink=tree.write, meanwhile=lambda: store.stage(_cache_bulk(builder)))
        start = time.perf_counter()
        signed = static_signatures(build.static)  # before copying: see _finish
        pages_written = tree.new_files(list(build.rendered))
        _complete(builder, build, tree, out, reindex=True)
    except BaseException:
        tree.abort()
        store.unstage()
        raise
    build.written += pages_written
    try:
        _finish(builder, store, build, out, start, signed)
    finally:
        tree.wait()
    return build


def _update(builder: Builder, store: StateStore, meta: Meta, data: dict[str, Any],
            out: Path, files: ContentFiles, loaded: Entries | None = None,
            bodies: bool = True) -> Build:
    """Render only what changed, then swap in a new tree that links the rest.

    The new tree is written beside the output and swapped in as a first
    build's is, search index included, so an interrupted or failed update
    leaves the output exactly as it was. Unchanged files are hard links to
    the old output's, which keeps their dates and costs no copy.

    After edits to item bodies alone (BODIES: when allowed), only the pages
    that show them are planned, and every other page is taken from the old
    output as it is; should one of those be gone (deleted by hand), the
    update starts again with the whole plan, which writes it anew. LOADED:
    the parse entries as the cache had them (the cache's own dict is updated
    in place by the run), taken on the first try and kept for the second.
    """
    builder.parse_cache.entries = data["parse"]
    builder.digests = data["digests"]
    builder.links = data.get("links", {})
    if loaded is None:
        loaded = dict(data["parse"])
    if bodies and (meta.next_change is None or builder.options.now < meta.next_change):
        # An edit to item bodies alone plans only their pages.
        builder.previous = Previous(loaded, meta.held)
    build = builder.run(have=lambda rel: (out / rel).is_file(), files=files)
    start = time.perf_counter()
    signed = static_signatures(build.static)  # before copying: see _finish
    changed_static = {rel for rel, sig in signed.items() if meta.static.get(rel) != sig}
    if not (build.rendered or build.removed or changed_static or set(meta.static) - set(signed)):
        build.timings["write"] = time.perf_counter() - start
        if (build.held, build.next_change) != (meta.held, meta.next_change):
            # so the next build can be a no-op
            _finish(builder, store, build, out, start, signed, (meta.data_mac, loaded))
        return build
    store.forget()  # an interrupted update must not be trusted next time
    tree = _pages_tree(build, out)
    if tree is None:
        return _update(builder, store, meta, data, out, files, loaded, bodies=False)
    try:
        build.written = len(tree.written)
        html = any(rel.endswith(".html") for rel in (*build.rendered, *build.removed))
        _complete(builder, build, tree, out, html, changed_static)
    except BaseException:
        tree.abort()
        raise
    try:
        _finish(builder, store, build, out, start, signed, (meta.data_mac, loaded))
    finally:
        tree.wait()
    return build


def _pages_tree(build: Build, out: Path) -> OutputTree | None:
    """A new tree beside OUT holding BUILD's rendered pages, every other page
    linked from the old output; None (and no tree left) when one of those is
    gone from the old output of a build that planned only some pages: only
    the whole plan can write it again."""
    tree = OutputTree(out)
    try:
        for rel in build.digests:
            page = build.rendered.get(rel)
            if page is None:
                tree.keep(rel)
            else:
                tree.write(rel, page)
    except FileNotFoundError:
        tree.abort()
        if not build.partial:
            raise
        return None
    except BaseException:
        tree.abort()
        raise
    return tree


def _complete(builder: Builder, build: Build, tree: OutputTree, out: Path, reindex: bool,
              changed_static: set[str] | None = None) -> None:
    """Copy the static files into TREE, index it for search, and swap it in.

    CHANGED_STATIC: the static files whose source changed since the last
    build (an update knows them from its cache); the others are kept as the
    old output has them. Without it (a fresh build) each file is compared
    with the old copy. Pagefind indexes the new tree before the swap, so a
    failure keeps the old output; without REINDEX (no page changed) the old
    bundle is kept. Adds the static and search files written to build.written.
    """
    before = len(tree.written)
    builder.progress.stage("write")
    for rel, source in build.static.items():
        if changed_static is not None and rel in changed_static:
            tree.copy_anew(rel, source)
        else:
            tree.copy(rel, source)  # kept when the old copy is current (or was deleted: copied)
    assert builder.config is not None
    indexed = 0
    if reindex:
        indexed = _index(builder, build, tree.tmp, out)
    elif builder.config.search:
        from .search import BUNDLE

        if (out / BUNDLE).is_dir():
            tree.keep_folder(BUNDLE)
    tree.commit()
    build.written += len(tree.written) - before + indexed


def _index(builder: Builder, build: Build, folder: Path, previous: Path) -> int:
    """Index FOLDER with Pagefind when the site has search on; the files it wrote.

    The pages Pagefind indexes are indexed in shards kept in the cache
    (build/search_shards.py); every page in one run when none is marked for it."""
    assert builder.config is not None
    if not builder.config.search:
        return 0
    # Imported here: a site with search off never loads the indexer (some 20 ms of start-up).
    from .search import BUNDLE, SEARCH_RECORDS, index_items, index_site
    from .search_pages import marked_pages, shard_order

    store = StateStore(builder.root, previous)
    cache = store.folder / SEARCH_RECORDS if store.key() is not None else None
    if cache is not None:
        cache.mkdir(mode=0o700, exist_ok=True)
    # Keyed by bytes, not signatures: found again by a fresh checkout whose
    # .briefgen-cache/ was restored (a CI runner's cache), where the build
    # stamp, made of signatures, never matches.
    stamp = portable_stamp(builder.root, builder.options)
    pages = marked_pages(build.digests, lambda rel: (folder / rel).read_bytes(), cache, stamp)
    builder.progress.stage("search", None if pages is None else len(pages))
    if pages is None:
        indexed = index_site(folder, previous)
    else:
        routes, site = Routes(builder.config), build.site
        days = {output_file(routes.article(a)): str(a.local_date)
                for a in (site.articles if site else ())}
        indexed = index_items(folder, previous, shard_order(pages, days), build.digests,
                              stamp, cache, done=builder.progress.advance)
    build.timings["search"] = indexed.seconds
    log.debug("search: Pagefind indexed %d pages into %s/ (%d files written; %d of %d shards "
              "run) in %.2f s", indexed.pages, BUNDLE, indexed.written, indexed.ran,
              indexed.shards, indexed.seconds)
    return indexed.written


def _finish(builder: Builder, store: StateStore, build: Build, out: Path, start: float,
            static: dict[str, Signature], base: tuple[bytes, Entries] | None = None) -> None:
    """Record timings and save what the next build needs to skip work.

    STATIC: the static files' signatures taken before they were copied. Taken
    after, a file saved in between (while Pagefind indexes, say) would be
    recorded as copied, and no later build would copy it again. BASE, for an
    update: the MAC of the data file it loaded and the parse entries as
    loaded; when few of them changed, only those are saved (a delta file,
    see cache.py), not every parsed file again.
    """
    assert builder.config is not None
    # Search has its own line: "write" is the rest (static files, the swap, the cache).
    build.timings["write"] = time.perf_counter() - start - build.timings.get("search", 0.0)
    builder.last, builder.views, build.site = None, {}, None  # a one-shot build needs them no more
    meta = Meta(stamp=builder.stamp, files=builder.parse_cache.signatures(),
                static=static,
                marker=signature(str(out / MARKER)), pages=build.pages,
                articles=build.articles, terms=build.terms, bundled=build.bundled,
                held=build.held, next_change=build.next_change)
    try:
        delta = _delta(builder, store, base[1]) if base is not None else None
        if base is not None and delta is not None:
            store.save_delta(meta, base[0], *delta, {"digests": builder.digests, "links": builder.links})
        else:
            store.save(meta, {**_cache_bulk(builder), "digests": builder.digests})
    except OSError as exc:  # the output is in place: the next build is only slower
        store.unstage()
        log.warning("warning: could not save the cache in %s (%s); the next build starts afresh",
                    store.folder, exc.strerror or exc)


_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})  # a write failed for want of space


def _delta(builder: Builder, store: StateStore, loaded: Entries) -> tuple[Entries, set[str]] | None:
    """The parse entries made anew since LOADED were loaded, and the paths gone
    since; None when they are so many (with those a delta file holds already)
    that the whole data file is better written again."""
    entries = builder.parse_cache.entries
    changed = {path: entry for path, entry in entries.items() if loaded.get(path) is not entry}
    gone = loaded.keys() - entries.keys()
    if len(changed) + len(gone) + len(store.delta_parse) > max(_DELTA_MIN, len(entries) // 50):
        return None
    return changed, set(gone)


_DELTA_MIN = 200  # files a delta file may hold on any site (else 2% of the site's files)


def _cache_bulk(builder: Builder) -> dict[str, Any]:
    """What the cache keeps that is known before pages render: parsed files, links."""
    return {"parse": builder.parse_cache.entries, "links": builder.links}
