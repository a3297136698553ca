"""Pagefind's data files: gzipped CBOR, read and written for the search step.

briefgen rewrites Pagefind's filter files, word index chunks and metadata
(see search.py: escaping and renumbering), which means decoding and encoding
millions of small CBOR items on a large site. Two codecs do it:

- the reference: a minimal CBOR codec in Python (`reference_decode`,
  `reference_encode`), which knows exactly the forms Pagefind writes;
- the accelerated one: cbor2's C codec, installed with `briefgen[search]`,
  some ten times quicker. It is used when it is installed and the `search`
  accelerator is on (core/accel.py; `BRIEFGEN_REFERENCE=search` turns it off).

The reference reads a file only if it encodes back to the very bytes it was
read from, so a form it does not know (a CBOR tag, an indefinite length) is
refused rather than rewritten; cbor2 knows them all. The tests run both
codecs over bundles Pagefind wrote and compare values and bytes.
"""

from __future__ import annotations

import gzip
import importlib
from pathlib import Path
from typing import Any

from ..core import accel

MAGIC = b"pagefind_dcd"  # what every gzipped Pagefind data file starts with, once unzipped

_cbor2: Any
try:  # optional accelerator: pip install 'briefgen[search]'
    _cbor2 = importlib.import_module("cbor2")
except ImportError:  # pragma: no cover - depends on the environment
    _cbor2 = None
ACCELERATED = accel.ON.search and _cbor2 is not None  # read once, as every accelerator is


def decode(body: bytes) -> Any:
    """BODY (CBOR, without the magic) as Python values: lists, ints, strings, bools."""
    if ACCELERATED:
        return _cbor2.loads(body)
    value, end = reference_decode(body, 0)
    if end != len(body):
        raise ValueError("trailing bytes after CBOR")
    return value


def stream_decoder(fp: Any) -> Any:
    """cbor2's decoder reading one value at a time from FP, a binary file object
    (only when ACCELERATED): it reads no further than the value, so FP.tell()
    says where the next begins."""
    return _cbor2.CBORDecoder(fp)


def encode(value: Any) -> bytes:
    """VALUE as CBOR in the shortest forms, as Pagefind writes it."""
    return _cbor2.dumps(value) if ACCELERATED else reference_encode(value)


def read_data(file: Path) -> Any:
    """A Pagefind data file's value; ValueError if it is not CBOR the codec knows."""
    raw = gzip.decompress(file.read_bytes())
    if not raw.startswith(MAGIC):
        raise ValueError(f"{file.name} is not a Pagefind data file")
    body = raw[len(MAGIC):]
    try:
        value = decode(body)
    except Exception as exc:  # the reference raises ValueError or IndexError, cbor2 its own errors
        raise ValueError(f"{file.name}: {exc}") from exc
    if not ACCELERATED and reference_encode(value) != body:
        # A form the reference codec does not know (it reads only what Pagefind
        # writes today). cbor2 reads all of CBOR: what it decodes, it writes back.
        raise ValueError(f"{file.name} does not round-trip")
    return value


def gzipped(data: bytes) -> bytes:
    """DATA as a Pagefind data file: the magic, gzipped with no time in the header."""
    return gzip.compress(MAGIC + data, compresslevel=6, mtime=0)  # 9: three times the time for 1.5% less


# A minimal CBOR (RFC 8949) codec for Pagefind's data files: integers, byte and
# text strings, arrays, maps, false/true/null, definite lengths only. Anything
# else raises ValueError. Encoding uses the shortest form, as Pagefind does, so
# a decoded file encodes back to the same bytes (checked in `read_data`).

def reference_decode(data: bytes, pos: int) -> tuple[Any, int]:
    """The value at POS in DATA and the position after it."""
    first = data[pos]
    major, info = first >> 5, first & 0x1F
    pos += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info in simple:
            return simple[info], pos
        raise ValueError(f"unsupported CBOR simple value {info}")
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        if pos + size > len(data):
            raise ValueError("truncated CBOR")
        arg = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    else:
        raise ValueError("unsupported CBOR length")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        if pos + arg > len(data):
            raise ValueError("truncated CBOR")
        chunk = data[pos:pos + arg]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = reference_decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, pos = reference_decode(data, pos)
            value, pos = reference_decode(data, pos)
            pairs.append((key, value))
        return _Map(pairs), pos
    raise ValueError(f"unsupported CBOR major type {major}")


class _Map(list[tuple[Any, Any]]):
    """A CBOR map, kept as ordered pairs."""


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def reference_encode(value: Any) -> bytes:
    """VALUE as CBOR in the shortest forms, as Pagefind writes it."""
    if value is False or value is True or value is None:
        return bytes([0xF4 if value is False else 0xF5 if value is True else 0xF6])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(reference_encode(k) + reference_encode(v)
                                                for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(reference_encode(v) for v in value)
    raise ValueError(f"cannot encode {type(value).__name__} as CBOR")
