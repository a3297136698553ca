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
- `record`: gzipped CBOR, [version, include_characters, {language: [wasm,
  pages, filters, meta fields]}], pages [[url, fragment hash, word count]...]
  in URL order, filters [[name, [[value, [page...]]...]]...];
- `words.<language>`: the language's word index, sorted by word, as blocks
  (a 4-byte length, then zlib of a CBOR list of words), read one block at a
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
import json
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .pagefind_data import MAGIC, encode, gzipped, read_data

RECORD = "record"
BLOCK_WORDS = 2000  # words per block of a words file
_LENGTH = struct.Struct(">I")


def read_run(out: Path, record: Path) -> None:
    """Write RECORD (a new folder) from OUT, the bundle one Pagefind run wrote.

    Raises ValueError (or OSError) for anything not in Pagefind 1.5's forms,
    and for sort orders (data-pagefind-sort), which cannot be merged without
    the values they sort by.
    """
    from .search import _check_meta  # the formats are described and checked there

    record.mkdir(parents=True)
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
        pages, number = _pages(out, meta[1])
        filters = [[name, _filter(out / "filter" / f"{stem}.pf_filter", number)]
                   for name, stem in sorted(meta[3])]
        fields = meta[5] if len(meta) > 5 else None
        languages[lang] = [wasm, pages, filters, fields]
        _write_words(record / f"words.{lang}", _words(out, meta[2], number))
    header = [version, entry.get("include_characters"), languages]
    (record / RECORD).write_bytes(gzipped(encode(header)))


def read_header(record: Path) -> list[Any]:
    """A record's [version, include_characters, {language: [wasm, pages, filters, fields]}]."""
    header = read_data(record / RECORD)
    if not (isinstance(header, list) and len(header) == 3 and isinstance(header[2], dict)):
        raise ValueError(f"{record}: not a search record")
    return header


def _fragment_url(file: Path) -> str:
    raw = gzip.decompress(file.read_bytes())
    if not raw.startswith(MAGIC):
        raise ValueError(f"{file.name} is not a Pagefind data file")
    url = json.loads(raw[len(MAGIC):])["url"]
    if not isinstance(url, str):
        raise ValueError(f"no URL in {file.name}")
    return url


def _pages(out: Path, listed: list[list[Any]]) -> tuple[list[list[Any]], list[int]]:
    """The run's pages as [[url, fragment, word count]...] by URL, and each page's
    new number by its old (Pagefind's)."""
    urls = [_fragment_url(out / "fragment" / f"{fragment}.pf_fragment") for fragment, _ in listed]
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
        chunk = read_data(out / "index" / f"{stem}.pf_index")
        if not (isinstance(chunk, list) and len(chunk) == 1 and isinstance(chunk[0], list)):
            raise ValueError(f"unexpected index chunk {stem}")
        for word in chunk[0]:
            if not (isinstance(word, list) and len(word) == 3 and isinstance(word[0], str)
                    and isinstance(word[2], list)):
                raise ValueError(f"unexpected word in {stem}")
            if last is not None and word[0] <= last:
                raise ValueError(f"words out of order in {stem}")
            last = word[0]
            forms = []
            for form in word[2]:
                if not (isinstance(form, list) and len(form) == 2 and isinstance(form[0], str)):
                    raise ValueError(f"unexpected form in {stem}")
                forms.append([form[0], span(form[1], number)])
            yield [word[0], span(word[1], number), sorted(forms, key=lambda f: f[0])]


def span(pages: Any, number: list[int]) -> list[Any]:
    """A word's pages ([[page, locations, meta locations]...], page numbers
    delta-encoded) renumbered by NUMBER, as a span (see the module's docstring)."""
    if not isinstance(pages, list):
        raise ValueError("unexpected pages of a word")
    entries: list[list[Any]] = []
    at = -1
    for page in pages:
        if not (type(page) is list and len(page) == 3 and type(page[0]) is int
                and type(page[1]) is list and type(page[2]) is list):
            raise ValueError("unexpected page of a word")
        if page[0] < (0 if at < 0 else 1):
            raise ValueError("page numbers of a word out of order")
        at = page[0] if at < 0 else at + page[0]
        entries.append([number[_page(at, number)], page[1], page[2]])
    if not entries:
        return []
    entries.sort(key=lambda e: e[0])
    first, last = entries[0][0], entries[-1][0]
    for n in range(len(entries) - 1, 0, -1):
        entries[n][0] -= entries[n - 1][0]
    rest = encode(entries[1:])
    head = len(encode(len(entries) - 1))  # an array's head is as long as its length's
    return [len(entries), first, last, encode(entries[0][1]) + encode(entries[0][2]), rest[head:]]


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
    data = zlib.compress(encode(block), 1)
    write(_LENGTH.pack(len(data)) + data)


def read_words(file: Path) -> Iterator[list[Any]]:
    """The words of a words file, one block in memory at a time."""
    from .pagefind_data import decode

    with file.open("rb") as fh:
        while head := fh.read(_LENGTH.size):
            if len(head) != _LENGTH.size:
                raise ValueError(f"{file.name} is cut off")
            data = fh.read(_LENGTH.unpack(head)[0])
            block = decode(zlib.decompress(data))
            if not isinstance(block, list):
                raise ValueError(f"{file.name}: not a block of words")
            yield from block
