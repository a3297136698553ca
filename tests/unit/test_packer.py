"""How the preview keeps pages: compressed with a dictionary learnt from the site's pages,
or, on the reference paths, as they are."""

from __future__ import annotations

import random

from briefgen.serve.packer import KeepBytes, Packer, make_packer


def page(n: int) -> bytes:
    """A page like the theme's: a long shared head, then a little of its own."""
    rng = random.Random(n)
    words = " ".join(rng.choice(["Lavrov", "NATO", "talks", "Geneva", "said", "the"])
                     for _ in range(80))
    head = "".join(f'<link rel="x{i}" href="/static/{i}.css">\n' for i in range(60))
    return (f"<!DOCTYPE html><html><head>{head}<title>Item {n}</title></head>"
            f"<body><nav>Home People Topics Archive</nav><main><p>{words}</p></main>"
            "</body></html>").encode()


def test_pages_come_back_as_they_went_in_before_and_after_priming() -> None:
    packer = Packer()
    before = {n: packer(page(n)) for n in range(5)}
    assert all(packer.unpack(data) == page(n) for n, data in before.items())
    primed = Packer()
    primed.prime(lambda: [page(100), page(101)])
    assert all(primed.unpack(primed(page(n))) == page(n) for n in range(50))
    assert primed.unpack(primed(b"")) == b""


def test_a_primed_packer_packs_pages_smaller() -> None:
    plain, primed = Packer(), Packer()
    primed.prime(lambda: [page(100)])
    assert sum(len(primed(page(n))) for n in range(20)) < \
        0.8 * sum(len(plain(page(n))) for n in range(20))


def test_only_the_first_priming_counts_so_packed_pages_stay_readable() -> None:
    packer = Packer()
    packer.prime(lambda: [page(100)])
    packed = packer(page(1))
    asked: list[bool] = []

    def samples() -> list[bytes]:
        asked.append(True)
        return [page(200)]

    packer.prime(samples)
    assert asked == []  # the samples are not even rendered
    assert packer.unpack(packed) == page(1)


def test_the_reference_keeps_pages_as_they_are_and_learns_nothing() -> None:
    keep = KeepBytes()
    assert all(keep.unpack(keep(page(n))) == page(n) == keep(page(n)) for n in range(5))
    assert not hasattr(keep, "prime")  # the build renders no sample pages for it


def test_make_packer_packs_unless_told_to_keep_bytes() -> None:
    assert isinstance(make_packer(True), Packer)
    assert isinstance(make_packer(False), KeepBytes)
