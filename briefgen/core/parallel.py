"""Spread independent work (parsing files, rendering pages) over processes.

Workers are forked, so they inherit the parsed site, the Jinja environment
and the Markdown renderer instead of receiving them pickled; only span
numbers go out, and results come back in order, so output never depends on
which process did what. This process is one of the `jobs`: once it asks for
the results it takes spans too, so `jobs` processes share the work while
only `jobs - 1` are forked (each fork costs its copies of the pages it
touches) and this process's share is never pickled. Where fork is
unavailable, or the work is small, everything runs in this process; so it
does on the reference paths (BRIEFGEN_REFERENCE), where the workers, an
accelerator, are off.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import selectors
import signal
import struct
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from . import accel
from .errors import BriefgenError

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # below this, starting workers costs more than it saves
# Forked workers are an accelerator (core/accel.py), and need fork; else every
# map runs in this process. Read once.
_FORK = accel.ON.fork and hasattr(os, "fork")
MAX_SPAN = 2048  # items per span, at most
MAX_SPANS = 1024  # spans per map, at most (see _Pass)
# Spans per process and map, if the items allow (spans of at least 16 items):
# small spans cost a few microseconds each and even out the processes'
# work. A 10,000-item build was 0.3 s faster with 128 than with 8.
SPANS_PER_JOB = 128
_NUMBER = struct.Struct("<I")  # a span's number, as handed out
_HEADER = struct.Struct("<IQ")  # a span's number and the length of its pickled results
_CHUNK = 1 << 16  # bytes read from a pipe at a time: what a pipe holds, by default

Span = tuple[int, int]  # (start, end): items[start:end]


class WorkerLost(BriefgenError):
    """A worker process ended before sending all its results."""

    def __init__(self, how: str) -> None:
        super().__init__(f"a worker process ended before its work was done ({how}); "
                         "build again, with fewer --jobs if it happens again")


def default_jobs() -> int:
    """One process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _compute(func: Callable[[Any], Any], items: Sequence[Any], span: Span) -> list[Any]:
    return [func(item) for item in items[span[0]:span[1]]]


def _flush_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # closed, or gone (None)
            stream.flush()


def _write_all(fd: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class RemoteTraceback(Exception):
    """The traceback of an error raised in a worker, as text: the cause of the
    error the main process raises again, so a report shows where it began."""

    def __str__(self) -> str:
        return f"\n\n{self.args[0]}" if self.args else ""


def _error(exc: BaseException) -> tuple[BaseException, str]:
    """An error to send to the main process, with its traceback: the error itself
    if it can be rebuilt there, else a RuntimeError that names it (pickle
    rebuilds an exception by calling its class with its args, which fails for
    a class whose constructor takes other arguments)."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc, text


def _worker(func: Callable[[Any], Any], items: Sequence[Any], spans: list[Span], claims: int,
            out: int, parent: int) -> None:
    """A forked worker: take spans until none is left, send each span's results.

    Results are written without blocking, as much as the pipe takes after
    each span, and the rest is kept for later: the worker goes on with its
    next span while the main process, busy with its own work, has not read
    them yet. (A sender thread did this before, but while the computing
    thread ran it hardly ever got the interpreter lock: results came at the
    end of a pass, and the main process sat waiting for the second half of
    a message while the worker took every span.) If the main process is
    gone (its end of the pipe closed, or the worker handed to another
    parent), the worker ends at once rather than go on with work no one
    will read.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    gc.enable()  # the inherited heap is frozen: collections see only this worker's garbage
    os.set_blocking(out, False)
    unsent = bytearray()
    while os.getppid() == parent and (number := os.read(claims, _NUMBER.size)):
        (i,) = _NUMBER.unpack(number)
        try:
            result: tuple[bool, Any] = (True, _compute(func, items, spans[i]))
        except BaseException as exc:  # sent to the main process, which raises it
            result = (False, _error(exc))
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # a result that cannot be pickled
            result = (False, _error(exc))
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        unsent += _HEADER.pack(i, len(data))
        unsent += data
        with contextlib.suppress(BlockingIOError):  # the pipe is full: later
            del unsent[:os.write(out, unsent)]
        if not result[0]:
            break
    os.set_blocking(out, True)
    _write_all(out, unsent)  # an OSError here (the main process gone) ends the worker


class _Pass:
    """Forked workers, and this process once it asks for the results, taking
    the spans of one map.

    The spans' numbers wait in a pipe; each process reads the next one when
    it is free, so none waits while another has a long queue. Results are
    kept by span number until they are all in.
    """

    def __init__(self, func: Callable[[Any], Any], items: Sequence[Any], spans: list[Span],
                 workers: int, done: Callable[[int], None] | None = None) -> None:
        self.func, self.items, self.spans = func, items, spans
        self.report = done  # told how many items each span that comes in held
        self.done: dict[int, list[Any]] = {}
        self.pids: list[int] = []
        # The workers' result pipes still open, each with what has come of
        # messages not yet whole.
        self.inbox: dict[int, bytearray] = {}
        self.claims = -1
        self.selector = selectors.DefaultSelector()
        # At most MAX_SPANS numbers (see start_map): 4 KiB, within the smallest
        # buffer a pipe gets, so writing them all before any reader is safe.
        self.claims, write = os.pipe()
        try:
            _write_all(write, b"".join(_NUMBER.pack(i) for i in range(len(spans))))
        finally:
            os.close(write)  # once every number is taken, reads find the end of the pipe
        _flush_stdio()  # so that no worker inherits, and writes again, what is buffered
        try:
            for _ in range(workers):
                if not self._fork():
                    break  # no more processes to be had: the ones there, and this one, do it all
        except BaseException:
            self.stop()
            raise

    def _fork(self) -> bool:
        """Start one more worker; False if the system refuses another process."""
        read, write = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # EAGAIN (a process limit) or ENOMEM
            os.close(read)
            os.close(write)
            return False
        if pid == 0:  # the worker
            code = 1
            try:
                os.close(read)
                for fd in self.inbox:
                    os.close(fd)
                _worker(self.func, self.items, self.spans, self.claims, write, parent)
                code = 0
            finally:
                _flush_stdio()  # what the work printed: os._exit flushes nothing
                os._exit(code)
        os.close(write)
        self.pids.append(pid)
        self.inbox[read] = bytearray()
        self.selector.register(read, selectors.EVENT_READ)
        return True

    def results(self) -> list[Any]:
        """Every span's results, in order, taking spans here too while any is left."""
        try:
            while self.claims >= 0:
                number = os.read(self.claims, _NUMBER.size)
                if not number:
                    os.close(self.claims)
                    self.claims = -1
                    break
                (i,) = _NUMBER.unpack(number)
                self.done[i] = _compute(self.func, self.items, self.spans[i])
                self._reported(i)
                while self._receive(wait=False):  # what came meanwhile, so it is
                    pass                          # not held in the workers' memory
            while len(self.done) < len(self.spans):
                if not self.inbox:
                    raise WorkerLost(self._how_workers_ended())
                self._receive(wait=True)
        except BaseException:
            self.stop(kill=True)
            raise
        self.stop(kill=False)  # every span is in: the workers are ending
        return [result for i in range(len(self.spans)) for result in self.done.pop(i)]

    def _receive(self, wait: bool) -> bool:
        """Read what the workers have sent, if any has sent something (or, with
        WAIT, once one has); False when none had. Never waits for the rest of
        a message: a part of one is kept until the rest comes."""
        ready = self.selector.select(None if wait else 0)
        for key, _ in ready:
            fd = key.fd
            chunk = os.read(fd, _CHUNK)
            if not chunk:  # the worker ended: none of its spans is still missing, or it died
                self.selector.unregister(fd)
                os.close(fd)
                del self.inbox[fd]
                continue
            inbox = self.inbox[fd]
            inbox += chunk
            start = 0
            while len(inbox) - start >= _HEADER.size:
                number, size = _HEADER.unpack_from(inbox, start)
                end = start + _HEADER.size + size
                if len(inbox) < end:
                    break
                with memoryview(inbox) as view, view[start + _HEADER.size:end] as data:
                    ok, value = pickle.loads(data)
                start = end
                if not ok:
                    error, text = value
                    raise error from RemoteTraceback(text)
                self.done[number] = value
                self._reported(number)
            del inbox[:start]
        return bool(ready)

    def _reported(self, span: int) -> None:
        """Tell whoever watches that SPAN's items are done."""
        if self.report is not None:
            start, end = self.spans[span]
            self.report(end - start)

    def _how_workers_ended(self) -> str:
        """Why spans are missing: how the workers (all ended) exited."""
        how = set()
        for pid in self.pids:
            try:
                status = os.waitpid(pid, 0)[1]
            except ChildProcessError:
                continue
            if os.WIFSIGNALED(status):
                number = os.WTERMSIG(status)
                name = signal.Signals(number).name if number in signal.valid_signals() else number
                how.add(f"killed by signal {name}" + (
                    ", as the system does when memory runs out" if number == signal.SIGKILL else ""))
            else:
                how.add(f"exit status {os.waitstatus_to_exitcode(status)}")
        self.pids = []
        return "; ".join(sorted(how)) or "no exit status"

    def __del__(self) -> None:
        """Stop the workers if no one is left to ask for their results (an error
        or Ctrl-C in this process in the meantime)."""
        if self.pids or self.claims >= 0:
            self.stop()

    def stop(self, kill: bool = True) -> None:
        """End the workers and close the pipes; KILL: at once, whatever they are doing
        (else they have no span left, and end by themselves)."""
        for pid in self.pids:
            try:
                if kill:
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.pids = []
        for fd in self.inbox:
            self.selector.unregister(fd)
            os.close(fd)
        self.inbox = {}
        self.selector.close()
        if self.claims >= 0:
            os.close(self.claims)
            self.claims = -1


class Pending(Generic[R]):
    """Results of start_map: the workers run while this process does other work."""

    def __init__(self, run: _Pass | None = None, ready: list[R] | None = None) -> None:
        self._pass, self._ready = run, ready

    def results(self) -> list[R]:
        """The results in the order of the items, once they are all made."""
        if self._ready is None:
            assert self._pass is not None
            self._ready = self._pass.results()
            self._pass = None
        return self._ready

    def cancel(self) -> None:
        """Stop the workers now, their results unwanted (the build failed meanwhile)."""
        if self._pass is not None:
            self._pass.stop()


def start_map(func: Callable[[T], R], items: Sequence[T], jobs: int,
              done: Callable[[int], None] | None = None) -> Pending[R]:
    """parallel_map, but return as soon as the workers are started.

    The workers see the program's state as it is now (they are forked), and
    this process takes its share of the items when it asks for the results:
    it may go on building other things meanwhile, as long as `func` needs
    none of them and nothing `func` reads changes. Small or single-job maps
    run at once here, and so does every map on the reference paths
    (BRIEFGEN_REFERENCE, core/accel.py): the plain implementation, whatever
    `jobs` the caller asked for.

    DONE, if given, is called in this process with how many more items are
    done: after each item when they run here, after each span of the
    workers' as its results come in (so only once results are asked for).
    """
    if not _FORK or jobs <= 1 or len(items) < MIN_ITEMS:
        return Pending(ready=_in_order(func, items, done))
    # Small spans, so that at the end of a pass no process waits long for
    # another to finish its last one; no more than MAX_SPANS of them.
    size = max(16, min(len(items) // (jobs * SPANS_PER_JOB), MAX_SPAN),
               -(-len(items) // MAX_SPANS))
    spans = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    frozen = gc.get_freeze_count() > 0  # the preview freezes its heap for good
    gc.freeze()  # workers then neither scan nor copy-on-write the inherited objects for GC
    try:
        return Pending(_Pass(func, items, spans, min(jobs, len(spans)) - 1, done))
    finally:
        if not frozen:
            gc.unfreeze()


def _in_order(func: Callable[[T], R], items: Sequence[T], done: Callable[[int], None] | None) -> list[R]:
    """[func(x) for x in items], calling DONE after each when given."""
    if done is None:
        return [func(item) for item in items]
    results = []
    for item in items:
        results.append(func(item))
        done(1)
    return results


def parallel_map(func: Callable[[T], R], items: Sequence[T], jobs: int,
                 done: Callable[[int], None] | None = None) -> list[R]:
    """[func(x) for x in items], in order, over `jobs` processes (this one among them);
    DONE as for start_map."""
    return start_map(func, items, jobs, done).results()
