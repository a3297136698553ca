"""Work spread over forked workers: results in order, from the state at the start."""

from __future__ import annotations

import os
import signal

import pytest

from briefgen.parallel import MIN_ITEMS, parallel_map, start_map


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_results_come_back_in_order_from_other_processes() -> None:
    items = list(range(MIN_ITEMS * 3))
    results = parallel_map(_pid_and_square, items, jobs=2)
    assert [r for _, r in results] == [n * n for n in items]
    assert {pid for pid, _ in results} - {os.getpid()}  # the workers did the work


def test_workers_see_the_state_as_it_was_when_they_started() -> None:
    table = {"factor": 2}
    pending = start_map(lambda n: n * table["factor"], range(MIN_ITEMS), jobs=2)
    table["factor"] = 1000  # this process goes on with other work meanwhile
    assert pending.results() == [n * 2 for n in range(MIN_ITEMS)]
    assert pending.results() == [n * 2 for n in range(MIN_ITEMS)]  # asked twice, same list


def test_small_or_single_job_maps_run_here() -> None:
    assert {pid for pid, _ in parallel_map(_pid_and_square, range(5), jobs=2)} == {os.getpid()}
    assert {pid for pid, _ in parallel_map(_pid_and_square, range(MIN_ITEMS), jobs=1)} \
        == {os.getpid()}


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    def fail(n: int) -> int:
        if n == MIN_ITEMS - 1:
            raise ValueError("the last item")
        return n

    with pytest.raises(ValueError, match="the last item"):
        start_map(fail, range(MIN_ITEMS), jobs=2).results()


def test_workers_whose_results_are_never_asked_for_are_stopped() -> None:
    import gc
    import time

    # Some eight seconds of work, which the workers must not go on doing.
    pending = start_map(lambda n: time.sleep(0.01) or n, range(MIN_ITEMS * 4), jobs=2)
    workers = list(pending._pool._pool)  # the pool's worker processes
    del pending  # as when an error leaves it unasked
    gc.collect()
    deadline = time.monotonic() + 2
    for process in workers:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    assert not any(p.is_alive() for p in workers)


def _interrupts_ignored(_: int) -> bool:
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_workers_leave_ctrl_c_to_the_main_process() -> None:
    """Ctrl-C reaches every process of the group; the workers ignore it, so only
    the main process stops (and reports once), with no traceback per worker."""
    assert all(parallel_map(_interrupts_ignored, range(MIN_ITEMS), 2))
    assert not _interrupts_ignored(0)  # this process still stops on Ctrl-C
