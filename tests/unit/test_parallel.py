"""Work spread over forked workers: results in order, from the state at the start."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

import pytest

from briefgen.core import parallel
from briefgen.core.parallel import MIN_ITEMS, WorkerLost, parallel_map, start_map


@pytest.fixture(autouse=True)
def forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are of the workers: on, even on the reference paths (BRIEFGEN_REFERENCE)."""
    monkeypatch.setattr(parallel, "_FORK", hasattr(os, "fork"))


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _slow_pid_and_square(n: int) -> tuple[int, int]:
    """Slow enough that a forked worker starts before this process has taken every item."""
    time.sleep(0.0005)
    return _pid_and_square(n)


def test_results_come_back_in_order_from_other_processes() -> None:
    items = list(range(MIN_ITEMS * 3))
    results = parallel_map(_slow_pid_and_square, items, jobs=2)
    assert [r for _, r in results] == [n * n for n in items]
    assert {pid for pid, _ in results} - {os.getpid()}  # the workers did the work


def _after(seconds: float, n: int) -> int:
    """N, after sleeping SECONDS: work that takes some time."""
    time.sleep(seconds)
    return n


def _pid_and_factor(table: dict[str, int]) -> Callable[[int], tuple[int, int]]:
    def pid_and_product(n: int) -> tuple[int, int]:
        time.sleep(0.0005)
        return os.getpid(), n * table["factor"]
    return pid_and_product


def test_workers_see_the_state_as_it_was_when_they_started() -> None:
    """Workers are forked when the map starts; this process takes its share of
    the items only when it asks for the results, with the state as it is then."""
    table = {"factor": 2}
    pending = start_map(_pid_and_factor(table), range(MIN_ITEMS * 4), jobs=2)
    table["factor"] = 1000  # this process goes on with other work meanwhile
    results = pending.results()
    workers = [(n, r) for n, (pid, r) in enumerate(results) if pid != os.getpid()]
    assert workers and all(r == n * 2 for n, r in workers)
    assert all(r == n * 1000 for n, (pid, r) in enumerate(results) if pid == os.getpid())
    assert pending.results() is results  # asked twice, same list


def test_this_process_takes_its_share_when_it_asks() -> None:
    """With two jobs, one worker is forked and this process is the other."""
    pids = {pid for pid, _ in parallel_map(_slow_pid_and_square, range(MIN_ITEMS * 4), jobs=2)}
    assert os.getpid() in pids and len(pids) == 2


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


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_workers_whose_results_are_never_asked_for_are_stopped() -> None:
    import gc

    # Some eight seconds of work, which the workers must not go on doing.
    pending = start_map(lambda n: _after(0.01, n), range(MIN_ITEMS * 4), jobs=2)
    workers = list(pending._pass.pids)  # type: ignore[union-attr]
    assert workers
    del pending  # as when an error leaves it unasked
    gc.collect()
    assert all(_gone(pid) for pid in workers)  # stopped and reaped, not left as zombies


def _interrupts_ignored(_: int) -> tuple[int, bool]:
    time.sleep(0.0005)
    return os.getpid(), signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_workers_leave_ctrl_c_to_the_main_process() -> None:
    """Ctrl-C reaches every process of the group; the workers ignore it, so only
    the main process stops (and reports once), with no traceback per worker."""
    results = parallel_map(_interrupts_ignored, range(MIN_ITEMS * 4), 2)
    from_workers = [ignored for pid, ignored in results if pid != os.getpid()]
    assert from_workers and all(from_workers)
    assert not _interrupts_ignored(0)[1]  # this process still stops on Ctrl-C


def test_an_error_stops_the_other_workers() -> None:
    """The error reaches the caller at once, and the workers busy with the rest
    of the items are stopped and reaped."""
    def fail(n: int) -> int:
        if n == 3:  # in the first span: most likely a worker's
            raise ValueError("in a worker")
        return _after(0.01, n)

    pending = start_map(fail, range(MIN_ITEMS * 4), jobs=3)
    workers = list(pending._pass.pids)  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="in a worker"):
        pending.results()
    assert all(_gone(pid) for pid in workers)


@pytest.mark.slow
def test_a_worker_killed_by_the_system_is_reported_not_waited_for() -> None:
    """The system's out-of-memory killer ends a process with SIGKILL: the build
    then stops with a message that says so, instead of waiting for ever."""
    here = os.getpid()

    def die_in_worker(n: int) -> int:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return _after(0.0005, n)

    with pytest.raises(WorkerLost, match=r"killed by signal SIGKILL, as the system does when memory"):
        parallel_map(die_in_worker, range(MIN_ITEMS * 4), jobs=2)


class _NeedsTwo(Exception):
    def __init__(self, what: str, where: str) -> None:
        super().__init__(f"{what} at {where}")


def test_a_workers_error_comes_back_with_its_traceback() -> None:
    """Pickle rebuilds an exception by calling its class with its args: one
    whose constructor differs comes back as a RuntimeError that names it, and
    every error from a worker has the worker's traceback as its cause."""
    here = os.getpid()

    def fail_in_worker(n: int) -> int:
        if os.getpid() != here and n % 100 == 7:
            raise _NeedsTwo("bad", "x.md")
        return _after(0.0005, n)

    with pytest.raises(RuntimeError, match=r"_NeedsTwo: bad at x\.md") as caught:
        parallel_map(fail_in_worker, range(MIN_ITEMS * 4), jobs=2)
    assert "raise _NeedsTwo" in str(caught.value.__cause__)


def test_a_fork_the_system_refuses_leaves_the_work_to_the_others(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_fork, forks = os.fork, []

    def fork_once() -> int:
        forks.append(1)
        if len(forks) > 1:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", fork_once)
    fds = _open_fds()
    results = parallel_map(_slow_pid_and_square, range(MIN_ITEMS * 2), jobs=4)
    assert [r for _, r in results] == [n * n for n in range(MIN_ITEMS * 2)]
    assert len(forks) == 2  # one worker started, the next refused, no third tried
    assert _open_fds() == fds  # the refused fork's pipe is closed too


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def _big(n: int) -> str:
    """A result larger than a pipe holds, so it comes over in many reads."""
    return str(n) * (100_000 + n)


@pytest.mark.slow
def test_results_larger_than_a_pipe_come_back_whole() -> None:
    """A worker writes what the pipe takes and keeps the rest for later; this
    process puts the messages together again from whatever each read gets."""
    items = list(range(MIN_ITEMS * 2))
    pending = start_map(_big, items, jobs=2)
    time.sleep(0.2)  # the worker fills the pipe and keeps going meanwhile
    assert pending.results() == [_big(n) for n in items]
