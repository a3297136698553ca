"""How a build says how far it got, without knowing who is listening.

The build's steps take a `Progress` and tell it when a stage starts and how
many of its units (files parsed, pages rendered, pages indexed) are done;
what is made of that (a line on a terminal, nothing at all) is decided by
the command that started the build. So the steps never write to a terminal,
and a build that nobody watches pays one no-op call per batch of units.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """What a build reports while it runs; every call comes from the main process."""

    def stage(self, name: str, total: int | None = None) -> None:
        """Stage NAME begins, with TOTAL units to do when that is known."""

    def advance(self, count: int) -> None:
        """COUNT more units of the current stage are done."""


class Silent:
    """The Progress of a build that nobody watches: the preview, `check`, tests."""

    def stage(self, name: str, total: int | None = None) -> None:
        """Say nothing."""

    def advance(self, count: int) -> None:
        """Say nothing."""


SILENT = Silent()
