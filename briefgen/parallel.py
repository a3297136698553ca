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
# (map, start, end) index triples travel to workers, never the items themselves.
_work: Sequence[tuple[Callable[[Any], Any], Sequence[Any]]] = ()


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(span: tuple[int, int, int]) -> list[Any]:
    func, items = _work[span[0]]
    gc.enable()  # the inherited heap is frozen: collections see only this worker's garbage
    return [func(item) for item in items[span[1]:span[2]]]


class _Pass:
    """One pool of workers running one or more maps, and their results so far.

    Spans come back in order, so the first map's results are whole as soon
    as its last span is: its caller need not wait for the maps after it.
    """

    def __init__(self, pool: Any, spans: list[tuple[int, int, int]]) -> None:
        self.pool: Any = pool
        self.results = pool.imap(_run, spans, chunksize=1)
        self.done: list[list[Any]] = []

    def upto(self, end: int) -> list[list[Any]]:
        """The results of the first END spans, waiting for those not back yet."""
        try:
            while len(self.done) < end:
                self.done.append(next(self.results))
        except BaseException:
            self.stop()
            raise
        return self.done

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


class Pending(Generic[R]):
    """Results of start_map: the workers run while this process does other work."""

    def __init__(self, run: _Pass | None = None, spans: tuple[int, int] = (0, 0),
                 last: bool = True, ready: list[R] | None = None) -> None:
        self._pass, self._spans, self._last, self._ready = run, spans, last, ready

    @property
    def _pool(self) -> Any:
        return self._pass.pool if self._pass is not None else None

    def results(self) -> list[R]:
        """The results in the order of the items, once the workers made them all."""
        if self._ready is None:
            assert self._pass is not None
            start, end = self._spans
            parts = self._pass.upto(end)[start:end]
            self._ready = [result for part in parts for result in part]
            if self._last:  # every span is back: the workers have nothing left to do
                self._pass.stop()
        return self._ready

    def cancel(self) -> None:
        """Stop the workers now, their results unwanted (the build failed meanwhile)."""
        if self._pass is not None:
            self._pass.stop()

    def __del__(self) -> None:
        """Stop the workers if the results were never asked for (an error or
        Ctrl-C in this process in the meantime)."""
        if self._pass is not None and self._pass.pool is not None and self._ready is None:
            self._pass.pool.terminate()


def start_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> Pending[R]:
    """parallel_map, but return as soon as the workers are started.

    The workers see the program's state as it is now (they are forked), so
    this process may go on building other things while they work, as long
    as `func` needs none of them. Small or single-job maps run at once here.
    """
    return start_maps([(func, items)], jobs)[0]


def start_maps(work: Sequence[tuple[Callable[[Any], Any], Sequence[Any]]],
               jobs: int) -> list[Pending[Any]]:
    """start_map for several maps, run one after the other by one set of workers.

    Each map's results are there as soon as its own items are done, so this
    process can wait for the first map's while the workers go on with the
    next, and the maps share the cost of starting workers.
    """
    global _work
    total = sum(len(items) for _, items in work)
    if jobs <= 1 or total < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [Pending(ready=[func(item) for item in items]) for func, items in work]
    # Spans of at most MAX_SPAN items: at the end of a long run no worker waits
    # for another to finish a large last span.
    spans: list[tuple[int, int, int]] = []
    bounds: list[tuple[int, int]] = []
    for which, (_, items) in enumerate(work):
        size = max(16, min(len(items) // (jobs * 8), MAX_SPAN))
        first = len(spans)
        spans += [(which, i, min(i + size, len(items))) for i in range(0, len(items), size)]
        bounds.append((first, len(spans)))
    _work = work
    gc.freeze()  # workers then neither scan nor copy-on-write the inherited objects for GC
    try:
        # Workers ignore Ctrl-C: this process gets it too, stops them and reports once,
        # instead of every worker printing its own KeyboardInterrupt traceback.
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupts)
        run = _Pass(pool, spans)
    finally:
        gc.unfreeze()
        _work = ()
    return [Pending(run, b, last=b[1] == len(spans)) for b in bounds]


def parallel_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[func(x) for x in items], in order, over up to `jobs` forked workers."""
    return start_map(func, items, jobs).results()
