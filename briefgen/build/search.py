"""Full-text search: run Pagefind over a built output folder.

Pagefind (the PyPI package `pagefind` with its binary from `pagefind_bin`,
installed by `pip install 'briefgen[search]'`) reads the built HTML and writes
a static search bundle to <output>/pagefind/: JavaScript, WebAssembly and
index chunks that the browser fetches, so search works on any static host.
It indexes only the pages that carry `data-pagefind-body` (item pages), and
their `data-pagefind-filter` links become the filters (people, topics...).

Pagefind is run as a subprocess on its command line: nothing is downloaded
at run time, and a failure is reported with Pagefind's own message.

Names shown as text: Pagefind's UI inserts filter names and values into the
page as HTML (a `<label>` per value), and Pagefind stores values decoded from
the page: a person named `<img src=x onerror=...>` would run as script on
/search/. `_canonical` HTML-escapes every filter value in the filter files
(and any `<` or `>` in a filter name), so the UI shows them exactly as the
author wrote them. Titles, other metadata and excerpts need nothing: the UI
shows titles and metadata as text, and Pagefind escapes excerpts itself. A
filter file briefgen cannot read is not published (the build fails), since
its names might run as script.

Same input, same bytes: Pagefind 1.x writes its filter files and the list of
filters in its metadata in hash-map order, which changes from run to run, and
numbers pages in the order it lists the site's folders, which depends on the
file system (tmpfs and ext4 list the same folder differently). `_canonical`
numbers the pages by URL, puts filters and their values in a fixed
order, names the files after their new contents and updates the metadata and
the entry file that point at them. Should a future Pagefind write metadata this does not
recognise, the escaped filter files keep Pagefind's names and the rest of its
bundle is kept as written (it still works; it is only not byte-for-byte
reproducible).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import logging
import os
import re
import shutil
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import BriefgenError
from ..render.routes import Routes
from . import pagefind_bin
from .pagefind_bin import INSTALL_HINT, why_unavailable
from .pagefind_data import MAGIC as _MAGIC
from .pagefind_data import encode as _encode
from .pagefind_data import gzipped as _gzip
from .pagefind_data import read_data as _read_data
from .search_merge import merge_records
from .search_shards import Place, RecordStore, index_shards, plan_shards, run_pagefind

log = logging.getLogger(__name__)

BUNDLE = Routes.PAGEFIND.rstrip("/")  # the bundle's folder inside the output (Routes decides it)
SEARCH_RECORDS = "search"  # the cache's folder of shard records (search_shards.py)
_TMP = ".pagefind.briefgen-tmp"  # where Pagefind writes before the bundle is installed


@dataclass(frozen=True)
class Indexed:
    """One Pagefind run: what it indexed and what it wrote."""

    pages: int  # pages in the index (as Pagefind counts them)
    files: int  # files in the bundle
    written: int  # bundle files whose bytes changed (the others were kept or linked)
    seconds: float
    log: str  # Pagefind's own report
    shards: int = 1  # Pagefind runs the index is merged from
    ran: int = 1  # of which ran in this build (the others were kept in the cache)


def _prepare(folder: Path) -> tuple[Path, Path, Path]:
    """Pagefind's binary, FOLDER made absolute, and its scratch folder, emptied of
    what an interrupted run left. Raises BriefgenError when there is no Pagefind."""
    binary = pagefind_bin.executable()
    if binary is None:
        raise BriefgenError(f"search: {why_unavailable()}")
    folder = folder.absolute()
    scratch = folder / _TMP
    shutil.rmtree(scratch, ignore_errors=True)
    return binary, folder, scratch


def index_site(folder: Path, previous: Path | None = None, glob: str | None = None) -> Indexed:
    """Index the site in FOLDER with Pagefind into FOLDER/pagefind/.

    Pagefind writes into a scratch folder first; its bundle is then made
    reproducible (see `_canonical`) and moved into FOLDER/pagefind/, where it
    replaces the old bundle file by file: a file whose bytes did not change
    stays as it was, one that is gone is removed. With PREVIOUS (the output
    folder a new tree will replace), unchanged files are hard-linked from
    PREVIOUS/pagefind/ so they keep their dates, as unchanged pages do.
    GLOB (Pagefind's --glob) limits the pages Pagefind reads.

    Raises BriefgenError with Pagefind's message when it is not installed or
    fails, or when it writes a filter file briefgen cannot make safe to show
    (see `_canonical`); FOLDER/pagefind/ is then left as it was.
    """
    binary, folder, scratch = _prepare(folder)
    start = time.perf_counter()
    try:
        report = run_pagefind(binary, folder, scratch, glob)
        _canonical(scratch)
        old = (previous.absolute() if previous is not None else folder) / BUNDLE
        files, written = _install(scratch, folder / BUNDLE, old)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    pages = re.search(r"Indexed (\d+) pages?", report)
    return Indexed(pages=int(pages.group(1)) if pages else 0, files=files, written=written,
                   seconds=time.perf_counter() - start, log=report)


def index_items(folder: Path, previous: Path | None, pages: list[str], keys: dict[str, bytes],
                stamp: str, cache: Path | None, place: Place | None = None,
                stop: Callable[[], bool] = lambda: False,
                done: Callable[[int], None] | None = None) -> Indexed:
    """Index the item PAGES (output files in FOLDER, in order) into FOLDER/pagefind/
    in shards (search_shards.py), each kept in CACHE (None: kept nowhere) under
    its pages' KEYS and the build's STAMP, and merged into one bundle.

    PLACE puts a page in a shard's scratch folder (by default a link to FOLDER's
    file). Raises as `index_site` does, and Superseded when STOP says so. When
    Pagefind writes what briefgen cannot merge, the pages are indexed by one
    run instead (`index_site`). DONE is told how many more pages are indexed
    (or found in the cache), shard by shard.
    """
    binary, folder, scratch = _prepare(folder)
    start = time.perf_counter()
    shards = plan_shards(pages, keys, stamp)
    store = RecordStore(cache)
    try:
        try:
            sharded = index_shards(binary, shards, store, scratch / "shards",
                                   place or _linker(folder), pagefind_bin.search_identity(), stop, done)
            count = merge_records(sharded.records, sharded.assets, scratch / "bundle")
        except (ValueError, KeyError, TypeError, IndexError, EOFError, zlib.error) as exc:
            log.warning("warning: search: cannot merge Pagefind's shards (%s); indexing every "
                        "page in one Pagefind run instead, which needs about 100 KB of memory "
                        "a page and runs again in full after any edit", exc)
            shutil.rmtree(scratch, ignore_errors=True)
            return index_site(folder, previous)
        store.prune({shard.key for shard in shards})
        old = (previous.absolute() if previous is not None else folder) / BUNDLE
        files, written = _install(scratch / "bundle", folder / BUNDLE, old)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Indexed(pages=count, files=files, written=written, seconds=time.perf_counter() - start,
                   log=f"{len(shards)} shards, {sharded.ran} indexed by Pagefind",
                   shards=len(shards), ran=sharded.ran)


def _linker(folder: Path) -> Place:
    """Put a page of FOLDER in a shard's folder: a hard link, else a copy."""
    def place(rel: str, dest: Path) -> None:
        try:
            os.link(folder / rel, dest)
        except OSError:
            shutil.copyfile(folder / rel, dest)
    return place


def _files(folder: Path) -> list[str]:
    """Every file under FOLDER, relative, sorted (os.walk: tens of thousands of fragments)."""
    top = str(folder)
    found = []
    for dirpath, _, names in os.walk(top):
        rel = os.path.relpath(dirpath, top)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found += [prefix + name for name in names]
    return sorted(found)


def _same(a: Path, b: Path) -> bool:
    """Whether A and B hold the same bytes: one file linked twice (a fragment kept
    in the cache and linked into both bundles), or equal contents."""
    try:
        sa, sb = a.stat(), b.stat()
        if (sa.st_ino, sa.st_dev) == (sb.st_ino, sb.st_dev):
            return True
        return sa.st_size == sb.st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _linked(a: Path, b: Path) -> bool:
    """Whether A and B are one file (B a hard link to A)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _install(new: Path, target: Path, old: Path) -> tuple[int, int]:
    """Move the bundle in NEW to TARGET, keeping or linking OLD's identical files.

    Returns (files in the bundle, files written).
    """
    if not target.exists() and not old.is_dir():  # a first build: nothing to keep or link
        names = _files(new)
        os.replace(new, target)
        return len(names), len(names)
    names = _files(new)
    written = 0
    # Files named after their contents first, the entry file that points at them last, so a
    # reader of an index being updated in place never follows a name to a missing file.
    for rel in sorted(names, key=lambda rel: (rel == "pagefind-entry.json", rel)):
        source, dest, before = new / rel, target / rel, old / rel
        unchanged = _same(before, source)
        if unchanged and (before == dest or _linked(before, dest)):
            continue  # already the old file (the tree may hold links to the old output)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if unchanged:
            try:
                os.link(before, dest)
                continue
            except OSError:
                pass
        os.replace(source, dest)
        written += 1
    if target.is_dir():
        keep = set(names)
        for rel in _files(target):
            if rel not in keep:
                (target / rel).unlink()
        for sub in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
            if not any(sub.iterdir()):
                sub.rmdir()
    return len(names), written


# --- reproducible output -------------------------------------------------------------------------



def _canonical(bundle: Path) -> None:
    """Make a Pagefind bundle safe to show and the same bytes on every run.

    Safe: every filter value is HTML-escaped (see `_safe_filters`); this
    step cannot be skipped, so a filter file briefgen cannot read raises
    BriefgenError rather than publish names that might run as script.

    Reproducible: pages are numbered in file-system order: number them by
    URL in the metadata, the filter files and the word index chunks
    (see `_plan_canonical`), and rename those after their new contents. Each
    filter file lists a filter's values in arbitrary order:
    sort them by value and rename the file after its new contents. The metadata
    file lists the filters in arbitrary order: sort them by name, point them at
    the renamed files, and rename it after its new contents; the entry file
    points at the renamed metadata. Everything is worked out before anything is
    written; metadata this does not understand leaves the escaped filter files
    under Pagefind's names and the rest of the bundle as Pagefind wrote it.
    """
    filters = _safe_filters(bundle)
    changes: dict[Path, bytes | None]
    try:
        changes = _plan_canonical(bundle, filters)
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError) as exc:
        log.debug("search: Pagefind's bundle is kept as written, not reordered: %s", exc)
        changes = {file: _gzip(_encode(data)) for file, data in filters.items()}  # same names
    for path, data in changes.items():
        if data is None:
            path.unlink()
        else:
            path.write_bytes(data)


def _safe_filters(bundle: Path) -> dict[Path, list[Any]]:
    """Each filter file's [name, values], sorted by value, as HTML without tags.

    Pagefind's UI inserts filter names and values as HTML, and Pagefind stores the
    values as text, decoded from the page: escaping them here makes the UI show the
    text as written (names need less, see `_name_html`). The UI passes the escaped
    value back when a filter is ticked, and the index matches it against these same
    files, so filtering still works.
    Raises BriefgenError for a file it cannot read: it is not safe to publish.
    """
    filters: dict[Path, list[Any]] = {}
    for file in sorted((bundle / "filter").glob("*.pf_filter")):
        try:
            name, values = _read_data(file)
            if not (isinstance(name, str) and isinstance(values, list) and all(
                    isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) for v in values)):
                raise ValueError("not a filter name and a list of values")
        except (OSError, ValueError, TypeError, IndexError, EOFError) as exc:
            raise BriefgenError(
                f"search: cannot read Pagefind's filter file {BUNDLE}/filter/{file.name} ({exc}), "
                "so the filter names in it cannot be made safe to show; the index is not "
                f"published. Install the Pagefind briefgen supports ({INSTALL_HINT}) "
                "or set search: false in site.yaml") from exc
        ordered = sorted(values, key=lambda v: v[0])
        filters[file] = [_name_html(name), [[_text_html(value), pages] for value, pages in ordered]]
    return filters


def _text_html(value: str) -> str:
    """VALUE, plain text, as HTML that shows VALUE.

    Filter values are text: Pagefind decodes them from the page (`&lt;` in the
    HTML is `<` in the index), whether they come from an element's text or
    after the colon of `data-pagefind-filter="name:value"`.
    """
    return html.escape(value, quote=True)


def _name_html(name: str) -> str:
    """NAME, a filter name, as HTML without tags.

    Pagefind keeps a filter name as the attribute's source text, not decoded
    (`data-pagefind-filter="R&amp;D"` is named `R&amp;D`), so it already is HTML
    that shows as the attribute means. Only a `<` or `>` written as such in the
    attribute (it means itself there) could make an element: those are escaped.
    """
    return name.replace("<", "&lt;").replace(">", "&gt;")


def _plan_canonical(bundle: Path, filters: dict[Path, list[Any]]) -> dict[Path, bytes | None]:
    """The writes and deletions that renumber the pages, install FILTERS (see
    `_safe_filters`) and the word index chunks under names after their contents and
    reorder the metadata (see `_canonical`).

    Pagefind numbers pages in file-system listing order; here they are numbered by
    URL (see `_numbering`) in the metadata's page list (meta[1]), the filter files,
    the word index chunks and the sort orders (formats: see `_check_meta`).
    """
    writes: dict[Path, bytes] = {}
    deleted: list[Path] = []
    taken: set[str] = set()
    by_stem = {file.stem: (file, value) for file, value in filters.items()}
    listed_filters: set[str] = set()
    listed_chunks: set[str] = set()
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    languages = entry["languages"]
    metas = {}
    for file in sorted(bundle.glob("pagefind.*.pf_meta")):
        meta = _read_data(file)
        _check_meta(meta, file.name)
        number = _numbering(bundle, meta[1], file.name)  # old page number -> new
        meta[1] = [page for _, page in sorted(zip(number, meta[1], strict=True))]
        renamed: dict[str, str] = {}
        for _, stem in meta[3]:
            if stem not in by_stem or stem in listed_filters:
                raise ValueError(f"unexpected filter list in {file.name}")
            listed_filters.add(stem)
            path, (name, values) = by_stem[stem]
            data = _encode([name, [[value, sorted(_renumbered(numbers, number, path.name))]
                                   for value, numbers in values]])
            renamed[stem] = _renamed(path, data, taken, writes, deleted)
        # The filter's name as its file now has it: the index looks filters up by name.
        meta[3] = sorted(([_name_html(f[0]), renamed[f[1]]] for f in meta[3]), key=lambda f: f[0])
        for chunk in meta[2]:
            if chunk[2] in listed_chunks:
                raise ValueError(f"an index chunk listed twice in {file.name}")
            listed_chunks.add(chunk[2])
            path = bundle / "index" / f"{chunk[2]}.pf_index"
            data = _encode(_renumbered_index(_read_data(path), number, path.name))
            chunk[2] = _renamed(path, data, taken, writes, deleted)
        meta[4] = [[key, _renumbered(order, number, file.name)] for key, order in meta[4]]
        data = _encode(meta)
        old = file.name[len("pagefind."):-len(file.suffix)]
        new = _short_name(old, data, 10, taken)
        metas[old] = new
        deleted.append(file)
        writes[bundle / f"pagefind.{new}{file.suffix}"] = _gzip(data)
    if listed_filters != set(by_stem):
        raise ValueError("a filter file no metadata lists")
    for info in languages.values():
        info["hash"] = metas[info["hash"]]
    entry["languages"] = dict(sorted(languages.items()))
    writes[entry_file] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    # Deletions first, so a new name that happens to be an old one is written, not deleted.
    changes: dict[Path, bytes | None] = {path: None for path in deleted if path not in writes}
    changes.update(writes)
    return changes


def _renamed(path: Path, data: bytes, taken: set[str], writes: dict[Path, bytes],
             deleted: list[Path]) -> str:
    """Plan PATH's replacement by DATA, named after it (see `_short_name`): the new name."""
    new = _short_name(path.stem, data, 7, taken)
    deleted.append(path)
    writes[path.with_name(new + path.suffix)] = _gzip(data)
    return new


def _is_list_of(value: Any, kinds: tuple[type, ...]) -> bool:
    """Whether VALUE is a list of [kinds[0], kinds[1], ...] (not bool for int)."""
    return isinstance(value, list) and all(
        isinstance(item, list) and len(item) == len(kinds) and all(
            isinstance(x, kind) and not (kind is int and isinstance(x, bool))
            for x, kind in zip(item, kinds, strict=True)) for item in value)


def _numbering(bundle: Path, pages: list[list[Any]], name: str) -> list[int]:
    """Each page's new number by its old: its place in PAGES ([fragment hash, word
    count], the metadata's list) sorted by the page's URL, which its fragment file
    holds. By URL rather than by fragment hash, so an edit to a page's text keeps
    every page's number and the filter files stay as they were."""
    urls = []
    for fragment, _ in pages:
        raw = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
        if not raw.startswith(_MAGIC):
            raise ValueError(f"{fragment}.pf_fragment is not a Pagefind data file")
        url = json.loads(raw[len(_MAGIC):])["url"]
        if not isinstance(url, str):
            raise ValueError(f"no URL in {fragment}.pf_fragment")
        urls.append(url)
    if len(set(urls)) != len(urls):
        raise ValueError(f"two pages share a URL in {name}")
    number = [0] * len(pages)
    for new, old in enumerate(sorted(range(len(pages)), key=lambda n: urls[n])):
        number[old] = new
    return number


def _check_meta(meta: Any, name: str) -> None:
    """Raise ValueError unless META is Pagefind 1.5's metadata, so that every page
    number in it is known.

    Pagefind 1.5's formats (CBOR, each read here and anything else refused with
    ValueError): metadata [version, [[fragment hash, word count]...], [[from, to,
    chunk hash]...], [[filter name, filter hash]...], [[sort key, [page...]]...],
    [meta field name...]]; a filter file [name, [[value, [page...]]...]] with
    page numbers as they are; a word index chunk [[[word, pages, [[form, pages]...]]
    ...]], the forms being the words as written when they differ from the indexed
    word (`сергей`, `café` under `сергеи`, `cafe`), and pages [[page, locations,
    meta locations]...] in increasing order of page, page numbers delta-encoded:
    the first is the page number, each next one the difference from the one
    before (so an entry's number alone is not a page unless it is the first).
    """
    if not (isinstance(meta, list) and len(meta) in (5, 6) and isinstance(meta[0], str)
            and _is_list_of(meta[1], (str, int)) and _is_list_of(meta[2], (str, str, str))
            and _is_list_of(meta[3], (str, str)) and _is_list_of(meta[4], (str, list))
            and (len(meta) == 5 or (isinstance(meta[5], list)
                                    and all(isinstance(f, str) for f in meta[5])))):
        raise ValueError(f"unexpected metadata file {name}")


def _renumbered(numbers: Any, number: list[int], name: str) -> list[int]:
    """Page NUMBERS, each as NUMBER has it now."""
    if not isinstance(numbers, list):
        raise ValueError(f"unexpected page list in {name}")
    return [number[_page(n, len(number), name)] for n in numbers]


def _page(n: Any, pages: int, name: str) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < pages:
        raise ValueError(f"unexpected page number {n!r} in {name}")
    return n


def _renumbered_index(chunk: Any, number: list[int], name: str) -> list[Any]:
    """A word index chunk (see `_check_meta`) with its pages renumbered as NUMBER says."""
    if not (isinstance(chunk, list) and len(chunk) == 1 and isinstance(chunk[0], list)):
        raise ValueError(f"unexpected index chunk {name}")
    words = []
    for word in chunk[0]:
        if not (isinstance(word, list) and len(word) == 3 and isinstance(word[0], str)
                and _is_list_of(word[2], (str, list))):
            raise ValueError(f"unexpected word in {name}")
        words.append([word[0], _renumbered_pages(word[1], number, name),
                      [[form, _renumbered_pages(pages, number, name)] for form, pages in word[2]]])
    return [words]


def _renumbered_pages(pages: Any, number: list[int], name: str) -> list[list[Any]]:
    """A word's [[page, locations, meta locations]...], page numbers delta-encoded,
    renumbered as NUMBER says: in increasing order and delta-encoded again."""
    if not isinstance(pages, list):
        raise ValueError(f"unexpected pages of a word in {name}")
    entries: list[tuple[int, list[Any], list[Any]]] = []
    at = -1
    count = len(number)
    for page in pages:
        # The locations are copied as they are: only the page numbers change, and
        # the file read back to its own bytes, so they are CBOR of known forms.
        if not (type(page) is list and len(page) == 3 and type(page[0]) is int
                and type(page[1]) is list and type(page[2]) is list):
            raise ValueError(f"unexpected page of a word in {name}")
        delta = page[0]
        if delta < (0 if at < 0 else 1):
            raise ValueError(f"unexpected page of a word in {name}")
        at = delta if at < 0 else at + delta
        if at >= count:
            raise ValueError(f"unexpected page number {at} in {name}")
        entries.append((number[at], page[1], page[2]))
    entries.sort(key=lambda e: e[0])
    renumbered: list[list[Any]] = []
    previous = 0
    for new, locations, meta_locations in entries:
        renumbered.append([new - previous, locations, meta_locations])
        previous = new
    return renumbered


def _short_name(old: str, data: bytes, length: int, taken: set[str]) -> str:
    """'<language>_<hash of DATA>' like Pagefind's names, unique in TAKEN."""
    prefix = old.rpartition("_")[0]
    digest = hashlib.sha1(data).hexdigest()
    while True:
        name = f"{prefix}_{digest[:length]}" if prefix else digest[:length]
        if name not in taken or length >= len(digest):
            taken.add(name)
            return name
        length += 1

