"""Merge shard records (search_records.py) into one Pagefind bundle.

The bundle is what one Pagefind run over all the pages would have written,
with pages numbered shard after shard (by URL within a shard): the same
words with the same pages and locations, the same filters and fragments,
and the word index cut into chunks of about CHUNK_BYTES as Pagefind cuts
it, each named by a range of word prefixes. Words are merged as a stream
(heapq.merge over the records' sorted word files), so memory holds one
block of words per record and the chunk being written, whatever the size
of the site.

Filter names and values are made safe to show here, as search.py explains
(`_name_html`, `_text_html`), and every file is named after its contents,
so the same records give the same bytes.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .pagefind_data import decode, encode, gzipped
from .search_records import read_header, read_words

CHUNK_BYTES = 40_000  # about the size of the word index chunks Pagefind writes (CBOR, unzipped)


def merge_records(records: list[Path], assets: Path, bundle: Path) -> int:
    """Write into BUNDLE (a new folder) the merged index of RECORDS, in that order,
    with Pagefind's scripts from ASSETS. Returns the number of pages.

    Raises ValueError when the records cannot be merged: another version of
    Pagefind wrote them.
    """
    from .search import _name_html, _text_html

    headers = [read_header(record) for record in records]
    versions = {h[0] for h in headers if h[0] is not None}
    if len(versions) > 1:
        raise ValueError(f"records of several Pagefind versions: {sorted(versions)}")
    shutil.copytree(assets, bundle)
    for sub in ("fragment", "index", "filter"):
        (bundle / sub).mkdir(exist_ok=True)
    renames = _fragments(records, bundle / "fragment")
    languages: dict[str, Any] = {}
    total = 0
    for lang in sorted({lang for h in headers for lang in h[2]}):
        shards = [(record, h[2][lang]) for record, h in zip(records, headers, strict=True)
                  if lang in h[2]]
        for record, (wasm, *_rest) in shards[:1]:
            shutil.copyfile(record / wasm, bundle / wasm)
        meta, count = _language(bundle, lang, shards, renames, _name_html, _text_html)
        meta.insert(0, next(iter(versions), "") if versions else "")
        data = encode(meta)
        name = _name(lang, data, 10)
        (bundle / f"pagefind.{name}.pf_meta").write_bytes(gzipped(data))
        languages[lang] = {"hash": name, "wasm": shards[0][1][0][len("wasm."):-len(".pagefind")],
                           "page_count": count}
        total += count
    entry: dict[str, Any] = {"version": next(iter(versions), ""), "languages": languages}
    characters = next((h[1] for h in headers if h[1] is not None), None)
    if characters is not None:
        entry["include_characters"] = characters
    (bundle / "pagefind-entry.json").write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return total


Renames = dict[Path, dict[str, str]]  # per record: a fragment's name there -> in the bundle


def _fragments(records: list[Path], folder: Path) -> Renames:
    """Link (or copy) every record's fragments into FOLDER, and return the
    fragments renamed on the way, by record.

    Pagefind names a fragment by a short hash of the page (seven hex digits,
    lengthened within one run when two pages' hashes clash). Across shards
    nothing prevents a clash: among 100,000 pages some twenty are expected.
    A fragment whose name is taken by another page's is given a longer name
    (the hash of its own bytes appended), and the bundle's metadata names it
    so; records are merged in a fixed order, so the names are the same from
    build to build.
    """
    renames: Renames = {}
    for record in records:
        source = os.path.join(record, "fragment")
        renamed: dict[str, str] = {}
        for name in os.listdir(source):
            file = os.path.join(source, name)
            dest = _place(file, folder, name)
            if dest != name:
                renamed[name.removesuffix(".pf_fragment")] = dest.removesuffix(".pf_fragment")
        renames[record] = renamed
    return renames


def _place(file: str, folder: Path, name: str) -> str:
    """Link FILE into FOLDER as NAME, or, where another fragment holds that name,
    under a longer one; the name it is found under."""
    stem = name.removesuffix(".pf_fragment")
    digits: str | None = None
    for length in range(0, 65, 4):
        if length:
            if digits is None:
                with open(file, "rb") as f:
                    digits = hashlib.sha256(f.read()).hexdigest()
            name = f"{stem}{digits[:length]}.pf_fragment"
        dest = os.path.join(folder, name)
        try:
            os.link(file, dest)
            return name
        except FileExistsError:
            with open(dest, "rb") as a, open(file, "rb") as b:
                if a.read() == b.read():  # the same page in two records
                    return name
        except OSError:
            shutil.copyfile(file, dest)
            return name
    raise ValueError(f"fragments of different pages are all named {stem}...")


def _language(bundle: Path, lang: str, shards: list[tuple[Path, list[Any]]], renames: Renames,
              name_html: Any, text_html: Any) -> tuple[list[Any], int]:
    """Merge one language's pages, filters and words; its metadata (without the
    version) and its page count."""
    pages: list[list[Any]] = []
    offsets = []
    fields: set[str] | None = None
    filters: dict[str, dict[str, list[int]]] = {}
    for record, (_, shard_pages, shard_filters, shard_fields) in shards:
        offset = len(pages)
        offsets.append(offset)
        renamed = renames.get(record, {})
        pages.extend([renamed.get(fragment, fragment), words] for _, fragment, words in shard_pages)
        if shard_fields is not None:
            fields = (fields or set()) | set(shard_fields)
        for name, values in shard_filters:
            merged = filters.setdefault(name, {})
            for value, numbers in values:
                merged.setdefault(value, []).extend(offset + n for n in numbers)
    listed = []
    for name in sorted(filters):
        values = [[text_html(value), filters[name][value]] for value in sorted(filters[name])]
        data = encode([name_html(name), values])
        stem = _name(lang, data, 7, bundle / "filter", ".pf_filter")
        (bundle / "filter" / f"{stem}.pf_filter").write_bytes(gzipped(data))
        listed.append([name_html(name), stem])
    order = sorted(fields or ())
    fields_of = [shard[1][3] or [] for shard in shards]
    remaps = [None if names == order else [order.index(name) for name in names] for names in fields_of]
    words = heapq.merge(*(_tagged(record / f"words.{lang}", n) for n, (record, _) in enumerate(shards)))
    chunks = _write_chunks(bundle / "index", lang, _merged_words(words, offsets, remaps))
    meta: list[Any] = [pages, chunks, sorted(listed), []]
    if fields is not None:
        meta.append(sorted(fields))
    return meta, len(pages)


def _tagged(file: Path, shard: int) -> Iterator[tuple[str, int, list[Any]]]:
    for word in read_words(file):
        yield word[0], shard, word


Remaps = list[list[int] | None]  # per shard: each of its metadata fields' number in the bundle's


def _merged_words(words: Iterable[tuple[str, int, list[Any]]], offsets: list[int],
                  remaps: Remaps) -> Iterator[tuple[str, bytes]]:
    """Each word with its entry's CBOR, its shards' pages placed at OFFSETS."""
    group: list[tuple[int, list[Any]]] = []
    current = None
    for word, shard, entry in words:
        if word != current and group:
            yield current or "", _entry(current or "", group, offsets, remaps)
            group = []
        current = word
        group.append((shard, entry))
    if group:
        yield current or "", _entry(current or "", group, offsets, remaps)


def _entry(word: str, group: list[tuple[int, list[Any]]], offsets: list[int],
           remaps: Remaps) -> bytes:
    """[word, pages, [[form, pages]...]] as CBOR, from the shards' entries."""
    forms: dict[str, list[tuple[int, list[Any]]]] = {}
    for shard, (_, _, shard_forms) in group:
        for form, span in shard_forms:
            forms.setdefault(form, []).append((shard, span))
    parts = [b"\x83", encode(word), _pages([(s, e[1]) for s, e in group], offsets, remaps),
             _head(len(forms))]
    for form in sorted(forms):
        parts += [b"\x82", encode(form), _pages(forms[form], offsets, remaps)]
    return b"".join(parts)


def _remapped(span: list[Any], remap: list[int]) -> list[Any]:
    """SPAN with its pages' metadata locations renumbered by REMAP.

    A page's metadata locations are [-(field + 1), position..., -(field + 1), ...]
    with each field numbered in its run's list of metadata fields, which holds
    only the fields its pages have: a shard of pages without images numbers
    `title` 0 where the bundle, whose pages have `image` too, numbers it 2.
    """
    n, first, last, locations, rest = span
    def fixed(meta: list[int]) -> list[int]:
        return [-(remap[-v - 1] + 1) if v < 0 else v for v in meta]
    locs, meta = decode(b"\x82" + locations)
    entries = decode(_head(n - 1) + rest)
    rest = encode([[d, loc, fixed(m)] for d, loc, m in entries])[len(_head(n - 1)):]
    return [n, first, last, encode(locs) + encode(fixed(meta)), rest]


def _pages(spans: list[tuple[int, list[Any]]], offsets: list[int], remaps: Remaps) -> bytes:
    """The pages of a word's spans, shard after shard, as one CBOR list."""
    parts = []
    count = 0
    previous = None
    for shard, span in spans:
        if not span:
            continue
        remap = remaps[shard]
        n, first, last, locations, rest = span if remap is None else _remapped(span, remap)
        at = offsets[shard] + first
        parts += [b"\x83", encode(at if previous is None else at - previous), locations, rest]
        previous = offsets[shard] + last
        count += n
    return _head(count) + b"".join(parts)


def _head(length: int) -> bytes:
    """The head of a CBOR array of LENGTH items: an unsigned integer's, major type 4."""
    head = encode(length)
    return bytes([head[0] | 0x80]) + head[1:]


def _write_chunks(folder: Path, lang: str, words: Iterable[tuple[str, bytes]]) -> list[list[str]]:
    """Write the word index in chunks; their [from, to, name] as the metadata lists them."""
    chunks: list[list[str]] = []
    block: list[bytes] = []
    first = last = ""
    size = 0
    for word, data in words:
        if not block:
            first = word
        block.append(data)
        last = word
        size += len(data)
        if size >= CHUNK_BYTES:
            chunks.append(_write_chunk(folder, lang, block, first, last))
            block, size = [], 0
    if block:
        chunks.append(_write_chunk(folder, lang, block, first, last))
    for before, after in itertools.pairwise(chunks):
        before[1], after[0] = _prefixes(before[1], after[0])
    return chunks


def _write_chunk(folder: Path, lang: str, block: list[bytes], first: str, last: str) -> list[str]:
    data = b"\x81" + _head(len(block)) + b"".join(block)
    name = _name(lang, data, 7, folder, ".pf_index")
    (folder / f"{name}.pf_index").write_bytes(gzipped(data))
    return [first, last, name]


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest prefixes that still tell the last word of a chunk (A) from
    the first of the next (B), as Pagefind names its chunks."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


def _name(lang: str, data: bytes, length: int, folder: Path | None = None, suffix: str = "") -> str:
    """'<language>_<hash of DATA>', as Pagefind names its files; longer when
    FOLDER already holds another file of that name and SUFFIX."""
    digest = hashlib.sha1(data).hexdigest()
    while folder is not None and length < len(digest) and (
            folder / f"{lang}_{digest[:length]}{suffix}").exists():
        length += 1
    return f"{lang}_{digest[:length]}"
