"""Spread independent work (parsing files, rendering pages) over processes.

Workers are forked, so they inherit the parsed site, the Jinja environment
and the Markdown renderer instead of receiving them pickled; only small task
descriptions go out and results come back in order, so output never depends
on which worker finished first. Where fork is unavailable, or the work is
small, everything runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # below this, starting workers costs more than it saves
MAX_SPAN = 2048  # items per task sent to a worker, at most
# Set just before forking and read by the workers, which inherit them: only
# (start, end) index pairs travel to workers, never the items themselves.
_task: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _run(span: tuple[int, int]) -> list[Any]:
    assert _task is not None
    gc.enable()  # the inherited heap is frozen: collections see only this worker's garbage
    return [_task(item) for item in _items[span[0]:span[1]]]


def parallel_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[func(x) for x in items], in order, over up to `jobs` forked workers."""
    global _task, _items
    if jobs <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    # Spans of at most MAX_SPAN items: at the end of a long run no worker waits
    # for another to finish a large last span.
    size = max(16, min(len(items) // (jobs * 8), MAX_SPAN))
    spans = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    _task, _items = func, items
    gc.freeze()  # workers then neither scan nor copy-on-write the inherited objects for GC
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results: list[R] = []
            for part in pool.imap(_run, spans):
                results.extend(part)
            return results
    finally:
        gc.unfreeze()
        _task, _items = None, ()
