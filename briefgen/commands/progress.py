"""The progress line `briefgen build` shows on a terminal while it works.

One line on standard error, rewritten in place (a carriage return, no other
terminal codes): the stage, how many of its files or pages are done out of
how many, and the rate, at most ten times a second. It is written by hand
rather than with a library such as rich: one line needs no layout engine,
and rich would add a dependency and tens of milliseconds of imports to every
build, where a build with nothing to do takes a few hundred in all.

Nothing is shown when standard error is not a terminal (a pipe, a CI log,
a file), nor with -q: there it would only be noise among the messages.
Log messages said meanwhile (a warning about search, say) first wipe the
line, so they print whole and the line comes back under them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from ..core.progress import SILENT, Progress

INTERVAL = 0.1  # seconds between two redraws of the same stage: ten a second at most
UNITS = {"read+parse": "files", "render": "pages", "search": "pages"}


class ProgressLine:
    """A Progress shown as one line on STREAM, redrawn at most every INTERVAL."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.name = ""
        self.total: int | None = None
        self.done = 0
        self.started = self.drawn = 0.0
        self.width = 0  # of the line on screen, to blank it out

    def stage(self, name: str, total: int | None = None) -> None:
        """Show NAME at once: stages are few, and each is news."""
        self.name, self.total, self.done = name, total, 0
        self.started = self.clock()
        self.draw()

    def advance(self, count: int) -> None:
        """Count COUNT more done; redraw if the last redraw is old enough."""
        self.done += count
        if self.clock() - self.drawn >= INTERVAL:
            self.draw()

    def text(self) -> str:
        """The line as it reads now, such as `render 1200/5400 pages, 2350/s`."""
        parts = [self.name]
        unit = UNITS.get(self.name, "")
        if self.total is not None:
            parts.append(f"{self.done}/{self.total} {unit}".rstrip())
        elif self.done:
            parts.append(f"{self.done} {unit}".rstrip())
        elapsed = self.clock() - self.started
        if self.done and elapsed >= 0.2:  # a rate from a few milliseconds says nothing
            parts[-1] += ","
            parts.append(f"{self.done / elapsed:.0f}/s")
        return "building: " + " ".join(parts)

    def draw(self) -> None:
        """Write the line over the last one."""
        line = self.text()
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)
        self.drawn = self.clock()

    def clear(self) -> None:
        """Blank the line and put the cursor back at its start."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0

    def before_log(self, record: logging.LogRecord) -> bool:
        """A logging filter: wipe the line before a message is printed; the next
        redraw puts it back under the message."""
        self.clear()
        return True


@contextmanager
def progress_on(stream: TextIO, quiet: bool) -> Iterator[Progress]:
    """A ProgressLine on STREAM when it is a terminal and not QUIET, else a
    Progress that shows nothing; the line is wiped when the block ends, so
    the summary and any error print on a clean line."""
    if quiet or not _is_terminal(stream):
        yield SILENT
        return
    line = ProgressLine(stream)
    handlers = logging.getLogger("briefgen").handlers
    for handler in handlers:
        handler.addFilter(line.before_log)
    try:
        yield line
    finally:
        line.clear()
        for handler in handlers:
            handler.removeFilter(line.before_log)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed, or no file behind it
        return False
