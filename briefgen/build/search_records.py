"""One Pagefind run's index, kept in a form that merges cheaply with others.

Search is indexed in shards (search_shards.py): Pagefind runs over a few
hundred item pages at a time, and the shards' indexes are merged into one
bundle (search_merge.py). Pagefind numbers a run's pages in the order the
file system lists them; `read_run` renumbers them by URL and writes the run
as a *record*, which the build cache keeps so that a later build re-runs
Pagefind only for the shards whose pages changed.

A record is a folder:

- `fragment/`: Pagefind's page fragments, as it wrote them;
- `wasm.*.pagefind`: its WebAssembly, one per language;
- `record`: gzipped CBOR, [version, include_characters, [[language, [wasm,
  pages, filters, meta fields]]...]], pages [[url, fragment hash, word count]...]
  in URL order, filters [[name, [[value, [page...]]...]]...];
- `words.<language>`: the language's word index, sorted by word, as blocks
  (a 4-byte length, then a CBOR list of words), read one block at a
  time so that a merge of hundreds of records holds one block of each.

A word is [word, span, [[form, span]...]] (Pagefind's word entries, see
search.py `_check_meta`) where a span holds a word's pages as CBOR bytes
with only the first page number apart: [count, first page, last page,
first page's locations as CBOR, the other pages as CBOR]. Pagefind delta-
encodes page numbers, so placing a record's pages after others' changes
only the first one's number: a merge copies the rest as they are, without
decoding them. [] is a span with no pages.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import pagefind_data
from .pagefind_data import MAGIC, decode, encode, gzipped, read_data

RECORD = "record"
BLOCK_WORDS = 2000  # words per block of a words file
_LENGTH = struct.Struct(">I")


def read_run(out: Path, record: Path, fragments: dict[str, bytes] | None = None) -> None:
    """Write RECORD (a new folder) from OUT, the bundle one Pagefind run wrote
    (its fragments are moved there). FRAGMENTS: those unzipped already, by name.

    Raises ValueError (or OSError) for anything not in Pagefind 1.5's forms,
    and for sort orders (data-pagefind-sort), which cannot be merged without
    the values they sort by.
    """
    from .search import _check_meta  # the formats are described and checked there

    record.mkdir(parents=True)
    try:
        (out / "fragment").rename(record / "fragment")
    except OSError:  # another file system
        shutil.copytree(out / "fragment", record / "fragment")
    entry = json.loads((out / "pagefind-entry.json").read_bytes())
    languages: dict[str, Any] = {}
    version = None
    for lang, info in sorted(entry["languages"].items()):
        meta = read_data(out / f"pagefind.{info['hash']}.pf_meta")
        _check_meta(meta, f"pagefind.{info['hash']}.pf_meta")
        if any(order for _, order in meta[4]):
            raise ValueError("sort orders (data-pagefind-sort) cannot be merged")
        version = meta[0]
        wasm = f"wasm.{info.get('wasm') or 'unknown'}.pagefind"
        shutil.copyfile(out / wasm, record / wasm)
        pages, number = _pages(record, meta[1], fragments or {})
        filters = [[name, _filter(out / "filter" / f"{stem}.pf_filter", number)]
                   for name, stem in sorted(meta[3])]
        fields = meta[5] if len(meta) > 5 else None
        languages[lang] = [wasm, pages, filters, fields]
        _write_words(record / f"words.{lang}", _words(out, meta[2], number))
    header = [version, entry.get("include_characters"), [[k, v] for k, v in sorted(languages.items())]]
    (record / RECORD).write_bytes(gzipped(encode(header)))


def read_header(record: Path) -> list[Any]:
    """A record's [version, include_characters, {language: [wasm, pages, filters, fields]}]."""
    header = read_data(record / RECORD)
    if not (isinstance(header, list) and len(header) == 3 and isinstance(header[2], list)):
        raise ValueError(f"{record}: not a search record")
    return [header[0], header[1], dict(header[2])]


def _fragment_url(file: Path, unzipped: dict[str, bytes]) -> str:
    raw = unzipped.get(file.name) or gzip.decompress(file.read_bytes())
    if not raw.startswith(MAGIC):
        raise ValueError(f"{file.name} is not a Pagefind data file")
    url = json.loads(raw[len(MAGIC):])["url"]
    if not isinstance(url, str):
        raise ValueError(f"no URL in {file.name}")
    return url


def _pages(out: Path, listed: list[list[Any]], unzipped: dict[str, bytes]
           ) -> tuple[list[list[Any]], list[int]]:
    """The run's pages as [[url, fragment, word count]...] by URL, and each page's
    new number by its old (Pagefind's)."""
    urls = [_fragment_url(out / "fragment" / f"{fragment}.pf_fragment", unzipped)
            for fragment, _ in listed]
    if len(set(urls)) != len(urls):
        raise ValueError("two pages share a URL")
    order = sorted(range(len(listed)), key=lambda n: urls[n])
    number = [0] * len(listed)
    for new, old in enumerate(order):
        number[old] = new
    return [[urls[n], listed[n][0], listed[n][1]] for n in order], number


def _filter(file: Path, number: list[int]) -> list[list[Any]]:
    """A filter file's values, sorted, with pages renumbered: [[value, [page...]]...]."""
    data = read_data(file)
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
        raise ValueError(f"unexpected filter file {file.name}")
    values = []
    for value, pages in data[1]:
        if not isinstance(value, str) or not isinstance(pages, list):
            raise ValueError(f"unexpected filter file {file.name}")
        values.append([value, sorted(number[_page(n, number)] for n in pages)])
    return sorted(values, key=lambda v: v[0])


def _page(n: Any, number: list[int]) -> int:
    if type(n) is not int or not 0 <= n < len(number):
        raise ValueError(f"unexpected page number {n!r}")
    return n


def _words(out: Path, chunks: list[list[Any]], number: list[int]) -> Iterator[list[Any]]:
    """The run's words in order, each as [word, span, [[form, span]...]]."""
    last = None
    for _, _, stem in chunks:
        file = out / "index" / f"{stem}.pf_index"
        words = _chunk_stream(_raw(file), number) if pagefind_data.ACCELERATED else _chunk(
            read_data(file), number)
        for word in words:
            if last is not None and word[0] <= last:
                raise ValueError(f"words out of order in {stem}")
            last = word[0]
            yield word


def _raw(file: Path) -> bytes:
    raw = gzip.decompress(file.read_bytes())
    if not raw.startswith(MAGIC):
        raise ValueError(f"{file.name} is not a Pagefind data file")
    return raw[len(MAGIC):]


def _chunk(chunk: Any, number: list[int]) -> Iterator[list[Any]]:
    """A word index chunk's words (the reference: the chunk decoded whole)."""
    if not (isinstance(chunk, list) and len(chunk) == 1 and isinstance(chunk[0], list)):
        raise ValueError("unexpected index chunk")
    for word in chunk[0]:
        if not (isinstance(word, list) and len(word) == 3 and isinstance(word[0], str)):
            raise ValueError("unexpected word in an index chunk")
        yield [word[0], span(word[1], number), _forms(word[2], number)]


def _forms(forms: Any, number: list[int]) -> list[list[Any]]:
    if not isinstance(forms, list):
        raise ValueError("unexpected forms of a word")
    spans = []
    for form in forms:
        if not (isinstance(form, list) and len(form) == 2 and isinstance(form[0], str)):
            raise ValueError("unexpected form of a word")
        spans.append([form[0], span(form[1], number)])
    return sorted(spans, key=lambda f: f[0])


def _chunk_stream(raw: bytes, number: list[int], in_order: bool | None = None
                  ) -> Iterator[list[Any]]:
    """`_chunk` with cbor2 (the accelerator): each page of a word is decoded on its
    own and its locations are kept as the bytes Pagefind wrote, not encoded anew."""
    fp = io.BytesIO(raw)
    decoder = pagefind_data.stream_decoder(fp)
    if in_order is None:  # False: the general way, which the tests compare with the quick one
        in_order = all(n == old for old, n in enumerate(number))
    if _array(fp) != 1:
        raise ValueError("unexpected index chunk")
    for _ in range(_array(fp)):
        if _array(fp) != 3:
            raise ValueError("unexpected word in an index chunk")
        word = decoder.decode()
        if not isinstance(word, str):
            raise ValueError("unexpected word in an index chunk")
        if in_order:
            yield [word, _span_in_order(raw, fp, decoder, len(number)),
                   _forms(decoder.decode(), number)]
            continue
        entries = []
        at = -1
        count = len(number)
        for _ in range(_array(fp)):
            start = fp.tell()
            delta = decoder.decode()[0]  # [page, locations, meta locations]
            head = _UINT[delta] if 0 <= delta < len(_UINT) else encode(delta)
            if raw[start] != 0x83 or raw[start + 1:start + 1 + len(head)] != head:
                raise ValueError("a page of a word not in CBOR's shortest form")
            if at >= 0 and delta < 1:
                raise ValueError("page numbers of a word out of order")
            at = delta if at < 0 else at + delta
            if not 0 <= at < count:
                raise ValueError(f"unexpected page number {at}")
            entries.append((number[at], raw[start + 1 + len(head):fp.tell()]))
        yield [word, _span_of(entries), _forms(decoder.decode(), number)]


def _span_in_order(raw: bytes, fp: io.BytesIO, decoder: Any, count: int) -> list[Any]:
    """The span of the word's pages next in FP when Pagefind numbered the pages as
    briefgen does (by URL: see search_shards, which lists them so): the pages
    after the first are the very bytes Pagefind wrote, sliced, not re-encoded."""
    start = fp.tell()
    pages = decoder.decode()
    end = fp.tell()
    if not isinstance(pages, list):
        raise ValueError("unexpected pages of a word")
    if not pages:
        return []
    head = len(encode(len(pages)))  # an array's head is as long as its length's
    delta, locations, meta = pages[0]
    first = encode(delta)
    body = encode(locations) + encode(meta)
    at = start + head
    if raw[at] != 0x83 or raw[at + 1:at + 1 + len(first) + len(body)] != first + body:
        raise ValueError("a page of a word not in CBOR's shortest form")
    last = delta
    for page in pages[1:]:
        if page[0] < 1:
            raise ValueError("page numbers of a word out of order")
        last += page[0]
    if not 0 <= delta <= last < count:
        raise ValueError(f"unexpected page number {last}")
    return [len(pages), delta, last, body, raw[at + 1 + len(first) + len(body):end]]


def _array(fp: io.BytesIO) -> int:
    """The length of the CBOR array whose head is next in FP."""
    first = fp.read(1)
    if not first or first[0] >> 5 != 4 or first[0] & 0x1F > 27:
        raise ValueError("a CBOR array expected")
    info = first[0] & 0x1F
    if info < 24:
        return info
    size = 1 << (info - 24)
    return int.from_bytes(fp.read(size), "big")


def _next(at: int, delta: int, number: list[int]) -> int:
    """The page after AT that DELTA (Pagefind's delta encoding) names."""
    if delta < (0 if at < 0 else 1):
        raise ValueError("page numbers of a word out of order")
    at = delta if at < 0 else at + delta
    return _page(at, number)


_UINT = [encode(n) for n in range(4096)]  # CBOR of small unsigned integers, made once


def _span_of(entries: list[tuple[int, bytes]]) -> list[Any]:
    """A span from a word's pages as (new number, locations as CBOR)."""
    if not entries:
        return []
    entries.sort(key=lambda e: e[0])
    parts = []
    previous = entries[0][0]
    for at, body in entries[1:]:
        delta = at - previous
        parts += [b"\x83", _UINT[delta] if delta < len(_UINT) else encode(delta), body]
        previous = at
    return [len(entries), entries[0][0], entries[-1][0], entries[0][1], b"".join(parts)]


def span(pages: Any, number: list[int]) -> list[Any]:
    """A word's pages ([[page, locations, meta locations]...], page numbers
    delta-encoded) renumbered by NUMBER, as a span (see the module's docstring)."""
    if not isinstance(pages, list):
        raise ValueError("unexpected pages of a word")
    entries = []
    at = -1
    for page in pages:
        if not (type(page) is list and len(page) == 3 and type(page[0]) is int
                and type(page[1]) is list and type(page[2]) is list):
            raise ValueError("unexpected page of a word")
        at = _next(at, page[0], number)
        entries.append((number[at], encode(page[1]) + encode(page[2])))
    return _span_of(entries)


def _write_words(file: Path, words: Iterator[list[Any]]) -> None:
    """Write WORDS to FILE as blocks (see the module's docstring)."""
    with file.open("wb") as fh:
        block: list[Any] = []
        for word in words:
            block.append(word)
            if len(block) >= BLOCK_WORDS:
                _write_block(fh.write, block)
                block = []
        if block:
            _write_block(fh.write, block)


def _write_block(write: Any, block: list[Any]) -> None:
    data = encode(block)
    write(_LENGTH.pack(len(data)) + data)


def read_words(file: Path) -> Iterator[list[Any]]:
    """The words of a words file, one block in memory at a time."""
    with file.open("rb") as fh:
        while head := fh.read(_LENGTH.size):
            if len(head) != _LENGTH.size:
                raise ValueError(f"{file.name} is cut off")
            size = _LENGTH.unpack(head)[0]
            data = fh.read(size)
            if len(data) != size:
                raise ValueError(f"{file.name} is cut off")
            block = decode(data)
            if not isinstance(block, list):
                raise ValueError(f"{file.name}: not a block of words")
            yield from block
