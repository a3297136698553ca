"""How the preview keeps built pages in memory: packed (an accelerator) or as they are.

The preview holds every page of the site between rebuilds. `Packer`
compresses them, which a large site's editor notices in its memory; its
reference, `KeepBytes`, keeps each page as bytes, and is what the preview
uses on the reference paths (BRIEFGEN_REFERENCE, core/accel.py). Either one
is a pack function for `Builder.run(pack=...)` with an `unpack` beside it;
the pages served are the same (tests/unit/test_packer.py).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import Protocol

from ..core import accel


class PageStore(Protocol):
    """What the preview needs of a packer: pack a page, and unpack it again."""

    def __call__(self, page: bytes) -> bytes: ...

    def unpack(self, data: bytes) -> bytes: ...


class Packer:
    """How the preview keeps pages in memory: zlib at its fastest level, with a
    dictionary made from the site's own pages.

    Pages compress about four to one alone. With the start of a page of each
    kind (its head, navigation and the markup every page repeats) as zlib's
    preset dictionary, about five to one: a 10,000-item site's 290 MB of pages
    then take 53 MB instead of 71 MB of the editor's memory. Packing costs
    about 7 ms per MB, once (only changed pages are packed again); unpacking
    a page to serve it, some 20 us.
    """

    SAMPLE = 8000  # bytes from the start of each sample page
    WINDOW = 32768  # the most of a dictionary zlib uses

    def __init__(self) -> None:
        self.zdict = b""

    def prime(self, samples: Callable[[], Sequence[bytes]]) -> None:
        """Make the dictionary from sample pages, the most common kind last (the
        end of a dictionary is the cheapest to refer to). Only the first call
        asks for them: pages packed since need the dictionary they were
        packed with."""
        if not self.zdict:
            self.zdict = b"".join(page[:self.SAMPLE] for page in samples())[-self.WINDOW:]

    def __call__(self, page: bytes) -> bytes:
        packer = zlib.compressobj(1, zdict=self.zdict)  # an empty one: plain zlib
        return packer.compress(page) + packer.flush()

    def unpack(self, data: bytes) -> bytes:
        unpacker = zlib.decompressobj(zdict=self.zdict)
        return unpacker.decompress(data) + unpacker.flush()


class KeepBytes:
    """The reference for Packer: pages kept as the bytes they are. No `prime`
    method, so the build renders no sample pages for it either."""

    def __call__(self, page: bytes) -> bytes:
        return page

    def unpack(self, data: bytes) -> bytes:
        return data


def make_packer(accelerate: bool = accel.ON.packer) -> PageStore:
    """The preview's page store: a Packer, or KeepBytes on the reference paths."""
    return Packer() if accelerate else KeepBytes()
