"""What a build is asked to do (Options) and what it did (Build).

Kept apart from builder.py so that a build with nothing to do (noop.py) can
answer with a Build without importing the renderer; builder.py, pipeline.py
and the commands use them from here alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.clock import current_time
from ..core.errors import Problem
from ..source.schedule import Held, Schedule

if TYPE_CHECKING:
    from ..site.model import Site
    from ..source.config import SiteConfig


@dataclass(frozen=True)
class Options:
    """How to build: what the command line can change."""

    drafts: bool = False
    base_url: str | None = None
    output: Path | None = None
    local: bool = False  # serve at '/' whatever base_url's path is (the preview server)
    jobs: int = 1  # processes that parse and render, this one among them
    # The build's time, read from the clock when Options are made (at the
    # edge: a command, a preview rebuild), and whether items scheduled for
    # later or expired by then are published anyway (source/schedule.py).
    now: datetime = field(default_factory=current_time)
    future: bool = False
    expired: bool = False

    def schedule(self) -> Schedule:
        return Schedule(self.now, self.future, self.expired)


@dataclass
class Build:
    """One run's result: every output file's digest and the bytes that changed."""

    config: SiteConfig
    output: Path
    digests: dict[str, bytes]  # output file -> page key (see incremental.page_key), every page
    rendered: dict[str, bytes]  # output file -> bytes, only pages rendered this run
    static: dict[str, Path]  # output file -> source file, copied verbatim
    removed: set[str]  # output files the previous run had and this one does not
    articles: int = 0
    terms: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    # (kind, warning) about bodies (source/leftovers.py): `check` shows each,
    # `build` a line per kind with how many files have it.
    notices: list[tuple[str, Problem]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    written: int = 0
    pages_total: int | None = None  # when known without digests (nothing changed)
    site: Site | None = None  # the model this run built, for commands that read it
    bundled: tuple[str, ...] = ()  # those of `static` that are bundles' files (known once parsed)
    # Items scheduled or expired at the build's time (source/schedule.py), and
    # the next moment that changes: a build after it is no build with nothing to do.
    held: tuple[Held, ...] = ()
    next_change: datetime | None = None
    # Only the pages that show edited item bodies were planned (builder.py's
    # _plan_bodies): `digests` holds the others' keys as the last build left them.
    partial: bool = False

    @property
    def pages(self) -> int:
        return self.pages_total if self.pages_total is not None else len(self.digests)
