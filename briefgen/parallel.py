"""Spread independent work (parsing files, rendering pages) over processes.

Workers are forked, so they inherit the parsed site, the Jinja environment
and the Markdown renderer instead of receiving them pickled; only small task
descriptions go out and results come back in order, so output never depends
on which worker finished first. Where fork is unavailable, or the work is
small, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # below this, starting workers costs more than it saves
_task: Callable[[Any], Any] | None = None  # set just before forking; read by workers


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _run(chunk: Sequence[Any]) -> list[Any]:
    assert _task is not None
    return [_task(item) for item in chunk]


def parallel_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[func(x) for x in items], in order, over up to `jobs` forked workers."""
    global _task
    if jobs <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    size = max(16, len(items) // (jobs * 8))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    _task = func
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results: list[R] = []
            for part in pool.imap(_run, chunks):
                results.extend(part)
            return results
    finally:
        _task = None
