"""Work spread over forked workers: results in order, from the state at the start."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from briefgen.parallel import MIN_ITEMS, parallel_map, start_map, start_maps


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


def test_maps_sharing_workers_each_return_their_own_results_in_order() -> None:
    squares, halves = start_maps([(lambda n: n * n, range(MIN_ITEMS)),
                                  (lambda n: n / 2, range(MIN_ITEMS * 2))], jobs=2)
    assert halves.results() == [n / 2 for n in range(MIN_ITEMS * 2)]  # asked first: no matter
    assert squares.results() == [n * n for n in range(MIN_ITEMS)]


def test_the_first_maps_results_come_before_the_workers_finish_the_next(tmp_path: Path) -> None:
    """The build waits for the terms' facts, then plans pages while the same
    workers go on rendering: the second map's items only finish once this
    process has had the first map's results (or after ten seconds)."""
    flag = tmp_path / "first-map-done"
    deadline = time.monotonic() + 10  # one for all items: the workers share this clock

    def wait_for_flag(_: int) -> bool:
        while not flag.exists():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    first, second = start_maps([(lambda n: -n, range(MIN_ITEMS)),
                                (wait_for_flag, range(MIN_ITEMS))], jobs=2)
    assert first.results() == [-n for n in range(MIN_ITEMS)]
    flag.touch()
    assert all(second.results())


def test_an_error_in_the_first_map_stops_the_workers_of_both() -> None:
    def fail(n: int) -> int:
        if n == 3:
            raise ValueError("in the first map")
        return n

    first, second = start_maps([(fail, range(MIN_ITEMS)),
                                (lambda n: time.sleep(0.01) or n, range(MIN_ITEMS * 4))], jobs=2)
    workers = list(second._pool._pool)
    with pytest.raises(ValueError, match="in the first map"):
        first.results()
    for process in workers:
        process.join(timeout=2)
    assert not any(p.is_alive() for p in workers)
