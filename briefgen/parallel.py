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
import signal
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

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


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(span: tuple[int, int]) -> list[Any]:
    assert _task is not None
    gc.enable()  # the inherited heap is frozen: collections see only this worker's garbage
    return [_task(item) for item in _items[span[0]:span[1]]]


class Pending(Generic[R]):
    """Results of start_map: the workers run while this process does other work."""

    def __init__(self, pool: Any = None, async_result: Any = None,
                 ready: list[R] | None = None) -> None:
        self._pool, self._async, self._ready = pool, async_result, ready

    def results(self) -> list[R]:
        """The results in the order of the items, once every worker is done."""
        if self._ready is None:
            try:
                parts = self._async.get()
            finally:
                self.cancel()
            self._ready = [result for part in parts for result in part]
        return self._ready

    def cancel(self) -> None:
        """Stop the workers now, their results unwanted (the build failed meanwhile)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = self._async = None

    def __del__(self) -> None:
        """Stop the workers if the results were never asked for (an error or
        Ctrl-C in this process in the meantime)."""
        if self._pool is not None:
            self._pool.terminate()


def start_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> Pending[R]:
    """parallel_map, but return as soon as the workers are started.

    The workers see the program's state as it is now (they are forked), so
    this process may go on building other things while they work, as long
    as `func` needs none of them. Small or single-job maps run at once here.
    """
    global _task, _items
    if jobs <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return Pending(ready=[func(item) for item in items])
    # Spans of at most MAX_SPAN items: at the end of a long run no worker waits
    # for another to finish a large last span.
    size = max(16, min(len(items) // (jobs * 8), MAX_SPAN))
    spans = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    _task, _items = func, items
    gc.freeze()  # workers then neither scan nor copy-on-write the inherited objects for GC
    try:
        # Workers ignore Ctrl-C: this process gets it too, stops them and reports once,
        # instead of every worker printing its own KeyboardInterrupt traceback.
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupts)
        return Pending(pool, pool.map_async(_run, spans, chunksize=1))
    finally:
        gc.unfreeze()
        _task, _items = None, ()


def parallel_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[func(x) for x in items], in order, over up to `jobs` forked workers."""
    return start_map(func, items, jobs).results()
